// Reconciling the Node CR with what ECS says (Terway's pkg/controller/multi-ip/node/pool.go
// syncWithAPI, eni.go newENIFromAPI, mergeIPMap, clearPendingDelete): `mergeRemote` is the pure
// part over the reconcile's working copy, `syncWithApi` describes and acts.
// - the instance's ENIs (the spec's tag filter applied; Primary ENIs dropped) are merged: a new
//   ENI joins with its vSwitch CIDRs; a known one keeps its bindings, gains IPs only the cloud
//   has (Valid), loses idle IPs only the CR has (in-use ones go Invalid, the primary stays) and
//   takes the cloud's status unless the CR says Deleting or Attaching; its IP prefixes are
//   merged by prefix/upkeep.ts mergeIpPrefixes (eni.go mergeIPPrefixes);
// - an ENI with a block-listed tag, or a HighPerformance ENI while eRDMA is off, is
//   unschedulable, and its pending deletes are cleared;
// - a Secondary ENI of the CR the listing lacks is described by id: Available ⇒ deleted and
//   dropped, InUse (elsewhere) ⇒ dropped, anything else ⇒ kept for the next sync; other ENIs
//   drop;
// - the next sync is due in jitter(30 s, 1) when some ENI is in a middle state, else in
//   jitter(12 h, 1); event SyncOpenAPISuccess, or SyncOpenAPIFailed when the listing fails.

import { err, isoSeconds, ok, type Context, type Result } from '@terway-sim/sim-base';
import {
  eniStatus, type EniIpSet, type EniTag, type NetworkInterface,
} from '../../cloud/network-interface.js';
import type { NodeCr } from '../../ports/crd.js';
import { mergeIpPrefixes } from '../../prefix/upkeep.js';
import type { IpPrefix } from '../../prefix/types.js';
import type { Runtime } from '../runtime.js';
import { nicStatus, type IpDraft, type NicDraft, type StatusDraft } from './pool-state.js';

export const middleSyncPeriodMs = 30_000;
/** `multiIPNodeSyncPeriod` (controlplane default 12 h). */
export const fullSyncPeriodMs = 12 * 3600_000;

/** DefaultENITagBlockList. */
export const defaultTagBlockList: ReadonlyArray<{ readonly key: string; readonly value: string }>
  = [{ key: 'creator', value: 'alibabacloud-erdma-controller' },
    { key: 'terway.alibabacloud.com/excluded', value: 'true' }];

function ipMapOf(sets: readonly EniIpSet[]): Record<string, IpDraft> {
  const out: Record<string, IpDraft> = {};
  for (const set of sets) {
    out[set.ipAddress] = { ip: set.ipAddress, primary: set.primary, status: 'Valid', podID: '',
      podUID: '' };
  }
  return out;
}

/** The described prefixes as Valid entries; nothing when the ENI has none (non-prefix CRs). */
function prefixListsOf(eni: NetworkInterface): Pick<NicDraft, 'ipv4Prefix' | 'ipv6Prefix'> {
  const valid = (list: readonly string[]): IpPrefix[] =>
    list.map((prefix) => ({ prefix, status: 'Valid' }));
  return { ...(eni.ipv4PrefixSets.length === 0 ? {} : { ipv4Prefix: valid(eni.ipv4PrefixSets) }),
    ...(eni.ipv6PrefixSets.length === 0 ? {} : { ipv6Prefix: valid(eni.ipv6PrefixSets) }) };
}

/** mergeIPPrefixes on both families of a known ENI; a list stays absent while both are empty. */
export function mergePrefixLists(remote: NetworkInterface, nic: NicDraft): void {
  if (remote.ipv4PrefixSets.length > 0 || (nic.ipv4Prefix ?? []).length > 0) {
    nic.ipv4Prefix = mergeIpPrefixes(remote.ipv4PrefixSets, nic.ipv4Prefix ?? []);
  }
  if (remote.ipv6PrefixSets.length > 0 || (nic.ipv6Prefix ?? []).length > 0) {
    nic.ipv6Prefix = mergeIpPrefixes(remote.ipv6PrefixSets, nic.ipv6Prefix ?? []);
  }
}

/** newENIFromAPI. */
export function nicFromApi(eni: NetworkInterface): NicDraft {
  return { ...prefixListsOf(eni), id: eni.networkInterfaceId, status: eni.status,
    macAddress: eni.macAddress,
    vSwitchID: eni.vSwitchId, securityGroupIDs: [...eni.securityGroupIds],
    primaryIPAddress: eni.privateIpAddress,
    networkInterfaceTrafficMode: eni.networkInterfaceTrafficMode === 'HighPerformance'
      ? 'HighPerformance' : 'Standard',
    networkInterfaceType: eni.type === 'Trunk' ? 'Trunk' : 'Secondary',
    ipv4: ipMapOf(eni.privateIpSets), ipv6: ipMapOf(eni.ipv6Set) };
}

/** mergeIPMap: the CR's map follows the cloud, keeping bindings. */
export function mergeIpMap(remote: Record<string, IpDraft>, current: Record<string, IpDraft>):
  void {
  for (const [address, ip] of Object.entries(current)) {
    if (address in remote || ip.primary) continue;
    if (ip.podID !== '') ip.status = 'Invalid';
    else delete current[address];
  }
  for (const [address, ip] of Object.entries(remote)) {
    if (!(address in current)) current[address] = ip;
  }
}

/** clearPendingDelete: an ENI Terway may not manage gets its Deleting marks back. */
export function clearPendingDelete(nic: NicDraft, remoteStatus: string): void {
  if (remoteStatus !== eniStatus.inUse) {
    if ([eniStatus.deleting, eniStatus.detaching, eniStatus.attaching]
      .includes(remoteStatus as 'Deleting')) nic.status = remoteStatus;
    return;
  }
  if (nic.status === nicStatus.deleting) nic.status = nicStatus.inUse;
  for (const ip of [...Object.values(nic.ipv4), ...Object.values(nic.ipv6)]) {
    if (ip.status === 'Deleting') ip.status = 'Valid';
  }
}

function blocked(tags: readonly EniTag[]): boolean {
  return defaultTagBlockList.some((rule) => tags.some((tag) => tag.tagKey === rule.key
    && tag.tagValue === rule.value));
}

export interface MergeOptions {
  readonly manageErdma: boolean;
  /** The vSwitch CIDRs of a new ENI. */
  readonly cidrsOf: (vSwitchId: string) => { ipv4: string; ipv6: string };
}

/** The pure part of syncWithAPI; returns whether some ENI is in a middle state. */
export function mergeRemote(status: StatusDraft, remote: readonly NetworkInterface[],
  options: MergeOptions): boolean {
  let middle = false;
  for (const item of remote) {
    if ([eniStatus.attaching, eniStatus.detaching, eniStatus.deleting]
      .includes(item.status as 'Attaching')) middle = true;
    const incoming = nicFromApi(item);
    const known = status.networkInterfaces[item.networkInterfaceId];
    if (known === undefined) {
      const cidrs = options.cidrsOf(item.vSwitchId);
      status.networkInterfaces[item.networkInterfaceId] = { ...incoming, ipv4CIDR: cidrs.ipv4,
        ipv6CIDR: cidrs.ipv6 };
      continue;
    }
    mergeIpMap(incoming.ipv4, known.ipv4);
    mergeIpMap(incoming.ipv6, known.ipv6);
    mergePrefixLists(item, known);
    if (known.status !== nicStatus.deleting && known.status !== nicStatus.attaching) {
      known.status = item.status;
    }
  }
  for (const item of remote) {
    const nic = status.networkInterfaces[item.networkInterfaceId]!;
    nic.unschedulable = blocked(item.tags)
      || (nic.networkInterfaceTrafficMode === 'HighPerformance' && !options.manageErdma);
    if (nic.unschedulable) clearPendingDelete(nic, item.status);
  }
  return middle;
}

export interface SyncContext {
  readonly runtime: Runtime;
  readonly cr: NodeCr;
  readonly status: StatusDraft;
  readonly jitter: (durationMs: number, factor: number) => number;
}

/**
 * syncWithAPI's I/O: list, merge, settle CR ENIs the listing lacks. `ok(true)` when some ENI
 * was in a middle state (the sync is repeated at the next reconcile).
 */
export async function syncWithApi(ctx: Context, sync: SyncContext): Promise<Result<boolean,
  string>> {
  const { runtime, cr, status } = sync;
  const instanceId = cr.spec.nodeMetadata.instanceID;
  const tags = cr.spec.eni.tagFilter;
  const listed = await runtime.ecs.describeNetworkInterfaces(ctx, { instanceId,
    ...(tags === undefined ? {} : { tags }) });
  if (!listed.ok) {
    runtime.nodeEvent(cr.metadata.name, 'Warning', 'SyncOpenAPIFailed',
      `Failed to describe network interfaces: ${listed.error.message}`);
    return err(listed.error.message);
  }
  const enis = listed.value.filter((eni) => eni.type !== 'Primary');
  const cidrs = new Map<string, { ipv4: string; ipv6: string }>();
  for (const id of new Set(enis.filter((eni) => status.networkInterfaces[eni.networkInterfaceId]
    === undefined).map((eni) => eni.vSwitchId))) {
    const vsw = await runtime.vSwitchPool.getById(ctx, id);
    if (!vsw.ok) return err(vsw.error);
    cidrs.set(id, { ipv4: vsw.value.ipv4Cidr, ipv6: vsw.value.ipv6Cidr });
  }
  const middle = mergeRemote(status, enis, { manageErdma: cr.spec.eni.enableERDMA === true,
    cidrsOf: (id) => cidrs.get(id) ?? { ipv4: '', ipv6: '' } });
  await settleMissing(ctx, sync, new Set(enis.map((eni) => eni.networkInterfaceId)));
  const nowMs = runtime.deps.scheduler.wallMs();
  status.nextSyncOpenAPITime = isoSeconds(nowMs
    + sync.jitter(middle ? middleSyncPeriodMs : fullSyncPeriodMs, 1));
  if (middle) return ok(true);
  status.lastSyncOpenAPITime = isoSeconds(nowMs);
  runtime.nodeEvent(cr.metadata.name, 'Normal', 'SyncOpenAPISuccess',
    `Successfully synced ${enis.length} ENIs from OpenAPI`);
  return ok(false);
}

async function settleMissing(ctx: Context, sync: SyncContext,
  listed: ReadonlySet<string>): Promise<void> {
  const { runtime, cr, status } = sync;
  for (const id of Object.keys(status.networkInterfaces).sort()) {
    if (listed.has(id)) continue;
    if (status.networkInterfaces[id]!.networkInterfaceType === 'Secondary') {
      const found = await runtime.ecs.describeNetworkInterfaces(ctx, { networkInterfaceIds: [id],
        instanceId: cr.spec.nodeMetadata.instanceID });
      if (!found.ok) continue;
      const remote = found.value[0];
      if (remote !== undefined && remote.status === eniStatus.available) {
        const deleted = await runtime.ecs.deleteNetworkInterface(ctx, id);
        if (!deleted.ok) continue;
      } else if (remote !== undefined && remote.status !== eniStatus.inUse) continue;
    }
    delete status.networkInterfaces[id];
  }
}
