// What the multi-ip node controller does to the cloud (Terway's pkg/controller/multi-ip/node/
// pool.go allocateFromOptions, createENI, assignIP, handleStatus, syncTaskQueueStatus,
// ensureAsyncTasks): the thin executor behind the deciders.
// - allocate: at most one API operation per reconcile (ECS); a new ENI only while the node has
//   no attach task running. Create picks a vSwitch (the node's policy), creates the ENI
//   (`eni_create`, tags ∪ creator=terway, SourceDestCheck off), records it Attaching and submits
//   its attach; assign adds IPs (`eni_ip_ops`) as Valid. IP shortage blocks the vSwitch;
//   EniPerInstanceLimitExceeded and the count-exceeded codes force a full OpenAPI sync;
// - finished attach tasks: Completed ⇒ InUse with MAC, SGs, primary IP and IPs (event
//   AttachENISucceed); Failed/Timeout ⇒ Deleting (event AttachENIFailed);
// - handleStatus: Deleting/Detaching ENIs are detached, awaited Available and deleted (events
//   DeleteENISucceed/Failed); InUse ENIs unassign up to 10 Deleting IPs per family (1 s apart),
//   await their removal (`wait_eni_ip_removed`) and drop them; in prefix mode they unassign up
//   to 10 Deleting prefixes per family and drop them. Unschedulable ENIs are left alone.
// - prefix mode creates ENIs with the prefix counts prefix/upkeep.ts planned (prefix-ops.ts).

import {
  err, exponentialBackoff, ok, type Context, type Result,
} from '@terway-sim/sim-base';
import { backoffKeys } from '../../backoff/named.js';
import { cloudErrorCodes, codeIs, isIpNotEnough, type ClientFailure } from '../../cloud/errors.js';
import type { NodeCr } from '../../ports/crd.js';
import type { IpPrefix } from '../../prefix/types.js';
import type { VSwitchSelectionPolicy } from '../../config/pool-config.js';
import type { Runtime } from '../runtime.js';
import type { AttachTaskQueue } from './attach-tasks.js';
import { ipBatchSize, type EniOption } from './eni-options.js';
import { mergeIpMap, mergePrefixLists, nicFromApi } from './sync-api.js';
import {
  ipsOf, nicStatus, rdmaKey, sameKey, trunkKey, type IpDraft, type NicDraft, type StatusDraft,
} from './pool-state.js';
import { countWarmUp } from './warm-up.js';

export interface OpsContext {
  readonly runtime: Runtime;
  readonly cr: NodeCr;
  readonly status: StatusDraft;
  readonly tasks: AttachTaskQueue;
  /** Set when an error means the CR may be out of step with the cloud. */
  readonly forceSync: () => void;
  readonly observe: (method: string, startMs: number) => void;
}

const resyncCodes: readonly string[] = [cloudErrorCodes.eniPerInstanceLimitExceeded,
  cloudErrorCodes.ipv4CountExceeded, cloudErrorCodes.ipv6CountExceeded];

function noteFailure(ops: OpsContext, entry: EniOption, failure: ClientFailure,
  vSwitchId: string): string {
  const ipNotEnough = isIpNotEnough(failure);
  if (ipNotEnough) ops.runtime.vSwitchPool.block(vSwitchId);
  if (resyncCodes.some((code) => codeIs(failure, code))) ops.forceSync();
  entry.errors.push({ message: failure.message, ipNotEnough });
  return failure.message;
}

/** allocateFromOptions: runs the first option with work, within the per-reconcile budget. */
export async function allocateFromOptions(ctx: Context, ops: OpsContext,
  options: readonly EniOption[], touched: () => void): Promise<Result<void, string>> {
  const slots = Math.max(0, 1 - ops.tasks.attachingCount(ops.cr.metadata.name));
  for (const entry of options) {
    if (entry.addIpv4 <= 0 && entry.addIpv6 <= 0) continue;
    if (entry.nic === undefined && slots <= 0) continue;
    touched();
    return entry.nic === undefined ? createEni(ctx, ops, entry) : assignIp(ctx, ops, entry);
  }
  return ok(undefined);
}

function policyOf(cr: NodeCr): VSwitchSelectionPolicy {
  return cr.spec.eni.vSwitchSelectPolicy === 'most' ? 'most' : 'random';
}

/** Prefix mode: the counts a new ENI is created with (prefix/upkeep.ts planNewEniPrefixes). */
export interface CreatePrefixes {
  readonly ipv4PrefixCount: number;
  readonly ipv6PrefixCount: number;
}

export async function createEni(ctx: Context, ops: OpsContext, entry: EniOption,
  prefixes?: CreatePrefixes): Promise<Result<void, string>> {
  const { runtime, cr, status } = ops;
  const startMs = runtime.deps.scheduler.nowMs();
  const picked = await runtime.vSwitchPool.getOne(ctx, cr.spec.nodeMetadata.zoneID,
    cr.spec.eni.vSwitchOptions ?? [], { policy: policyOf(cr) });
  if (!picked.ok) {
    entry.errors.push({ message: picked.error.message, ipNotEnough: picked.error.ipNotEnough });
    return err(picked.error.message);
  }
  const vsw = picked.value;
  const created = await runtime.ecs.createNetworkInterface(ctx, { vSwitchId: vsw.id,
    securityGroupIds: cr.spec.eni.securityGroupIDs ?? [],
    ...(cr.spec.eni.resourceGroupID === undefined ? {}
      : { resourceGroupId: cr.spec.eni.resourceGroupID }),
    trunk: sameKey(entry.key, trunkKey), erdma: sameKey(entry.key, rdmaKey),
    ipCount: entry.addIpv4, ipv6Count: entry.addIpv6,
    ...(prefixes === undefined ? {} : { ipv4PrefixCount: prefixes.ipv4PrefixCount,
      ipv6PrefixCount: prefixes.ipv6PrefixCount }),
    tags: { ...cr.spec.eni.tag, creator: 'terway' }, sourceDestCheck: false,
    backoff: runtime.backoffs.get(backoffKeys.eniCreate) });
  ops.observe('createENI', startMs);
  if (!created.ok) {
    const message = noteFailure(ops, entry, created.error, vsw.id);
    runtime.nodeEvent(cr.metadata.name, 'Warning', 'CreateENIFailed',
      `Failed to create ENI type=${entry.key.type} vsw=${vsw.id}: ${message}`);
    return err(message);
  }
  const eni = created.value;
  ops.tasks.submit({ eniId: eni.networkInterfaceId, nodeName: cr.metadata.name,
    instanceId: cr.spec.nodeMetadata.instanceID, requestedIpv4: entry.addIpv4,
    requestedIpv6: entry.addIpv6, requestedIpv4Prefixes: prefixes?.ipv4PrefixCount,
    requestedIpv6Prefixes: prefixes?.ipv6PrefixCount });
  status.networkInterfaces[eni.networkInterfaceId] = { id: eni.networkInterfaceId,
    status: nicStatus.attaching, vSwitchID: vsw.id, ipv4CIDR: vsw.ipv4Cidr,
    ipv6CIDR: vsw.ipv6Cidr, networkInterfaceType: entry.key.type,
    networkInterfaceTrafficMode: entry.key.mode, ipv4: {}, ipv6: {} };
  runtime.nodeEvent(cr.metadata.name, 'Normal', 'CreateENISucceed',
    `ENI ${eni.networkInterfaceId} created (IPv4=${entry.addIpv4} ` +
    `IPv4Prefix=${prefixes?.ipv4PrefixCount ?? 0}), ` +
    'attach in progress');
  return ok(undefined);
}

function addValid(map: Record<string, IpDraft>, addresses: readonly string[]): void {
  for (const ip of addresses) {
    map[ip] ??= { ip, primary: false, status: 'Valid', podID: '', podUID: '' };
  }
}

async function assignIp(ctx: Context, ops: OpsContext, entry: EniOption):
  Promise<Result<void, string>> {
  const { runtime, cr, status } = ops;
  const nic = entry.nic!;
  const startMs = runtime.deps.scheduler.nowMs();
  const backoff = runtime.backoffs.get(backoffKeys.eniIpOps);
  try {
    if (entry.addIpv4 > 0) {
      const added = await runtime.ecs.assignPrivateIpAddresses(ctx, {
        networkInterfaceId: nic.id, ipCount: entry.addIpv4, backoff });
      if (!added.ok) return err(noteFailure(ops, entry, added.error, nic.vSwitchID ?? ''));
      addValid(nic.ipv4, added.value);
      countWarmUp(status, added.value.length);
    }
    if (entry.addIpv6 > 0) {
      const added = await runtime.ecs.assignIpv6Addresses(ctx, {
        networkInterfaceId: nic.id, ipv6Count: entry.addIpv6, backoff });
      if (!added.ok) return err(noteFailure(ops, entry, added.error, nic.vSwitchID ?? ''));
      addValid(nic.ipv6, added.value);
      if (cr.spec.eni.enableIPv4 === false) countWarmUp(status, added.value.length);
    }
    return ok(undefined);
  } finally {
    ops.observe('assignIP', startMs);
  }
}

/** syncTaskQueueStatus: takes finished attach tasks into the CR; returns the task ids used. */
export function takeFinishedTasks(ops: OpsContext): string[] {
  const { runtime, cr, status } = ops;
  const used: string[] = [];
  for (const task of ops.tasks.finished(cr.metadata.name)) {
    const nic = status.networkInterfaces[task.eniId];
    if (nic === undefined) continue;
    if (task.status === 'Completed' && task.eni !== undefined) {
      const remote = nicFromApi(task.eni);
      nic.status = nicStatus.inUse;
      nic.macAddress = remote.macAddress;
      nic.securityGroupIDs = remote.securityGroupIDs;
      nic.primaryIPAddress = remote.primaryIPAddress;
      nic.networkInterfaceTrafficMode = remote.networkInterfaceTrafficMode;
      mergeIpMap(remote.ipv4, nic.ipv4);
      mergeIpMap(remote.ipv6, nic.ipv6);
      mergePrefixLists(task.eni, nic);
      countWarmUp(status, Math.max(Object.keys(nic.ipv4).length,
        Object.keys(nic.ipv6).length));
      runtime.nodeEvent(cr.metadata.name, 'Normal', 'AttachENISucceed',
        `ENI ${task.eniId} is now ready with ${Object.keys(nic.ipv4).length} IPv4, ` +
        `${Object.keys(nic.ipv6).length} IPv6, ${(nic.ipv4Prefix ?? []).length} IPv4Prefixes, ` +
        `${(nic.ipv6Prefix ?? []).length} IPv6Prefixes`);
    } else {
      nic.status = nicStatus.deleting;
      if (task.status !== 'Completed') {
        runtime.nodeEvent(cr.metadata.name, 'Warning', 'AttachENIFailed',
          `ENI ${task.eniId} attach failed: ${task.error ?? 'unknown error'}`);
      }
    }
    used.push(task.eniId);
  }
  return used;
}

/** ensureAsyncTasks: prunes stale tasks, resubmits attaches lost with a restart. */
export function ensureAsyncTasks(ops: OpsContext): void {
  const { cr, status, tasks } = ops;
  tasks.prune(cr.metadata.name, new Set(Object.keys(status.networkInterfaces)));
  for (const id of Object.keys(status.networkInterfaces).sort()) {
    if (status.networkInterfaces[id]!.status !== nicStatus.attaching) continue;
    if (tasks.get(id) !== undefined) continue;
    tasks.submit({ eniId: id, nodeName: cr.metadata.name,
      instanceId: cr.spec.nodeMetadata.instanceID, requestedIpv4: 1, requestedIpv6: 1 });
  }
}

/** handleStatus. */
export async function handleStatus(ctx: Context, ops: OpsContext): Promise<void> {
  const startMs = ops.runtime.deps.scheduler.nowMs();
  for (const id of Object.keys(ops.status.networkInterfaces).sort()) {
    const nic = ops.status.networkInterfaces[id]!;
    if (nic.unschedulable === true) continue;
    if (nic.status === nicStatus.deleting || nic.status === nicStatus.detaching) {
      await removeEni(ctx, ops, nic);
    } else if (nic.status === nicStatus.inUse) {
      await unassignDeleting(ctx, ops, nic);
      await unassignDeletingPrefixes(ctx, ops, nic);
    }
  }
  ops.observe('handleStatus', startMs);
}

async function removeEni(ctx: Context, ops: OpsContext, nic: NicDraft): Promise<void> {
  const { runtime, cr, status } = ops;
  const { ecs, backoffs } = runtime;
  const detached = await ecs.detachNetworkInterface(ctx, nic.id, cr.spec.nodeMetadata.instanceID);
  if (!detached.ok) return;
  const waited = await ecs.waitForNetworkInterface(ctx, nic.id, 'Available',
    backoffs.get(backoffKeys.waitEniStatus), true);
  if (!waited.ok && waited.error.kind !== 'not-found') return;
  const deleted = await ecs.deleteNetworkInterface(ctx, nic.id);
  if (!deleted.ok) {
    runtime.nodeEvent(cr.metadata.name, 'Warning', 'DeleteENIFailed',
      `Failed to delete ENI ${nic.id}: ${deleted.error.message}`);
    return;
  }
  runtime.nodeEvent(cr.metadata.name, 'Normal', 'DeleteENISucceed',
    `Successfully deleted ENI ${nic.id}`);
  delete status.networkInterfaces[nic.id];
}

function deletingOf(map: Record<string, IpDraft>): string[] {
  return ipsOf(map).filter((ip) => ip.status === 'Deleting').slice(0, ipBatchSize)
    .map((ip) => ip.ip);
}

async function unassignDeleting(ctx: Context, ops: OpsContext, nic: NicDraft): Promise<void> {
  const { ecs, deps } = ops.runtime;
  const v4 = deletingOf(nic.ipv4);
  const v6 = deletingOf(nic.ipv6);
  if (v4.length > 0 && !(await ecs.unassignPrivateIpAddresses(ctx, nic.id, v4)).ok) return;
  if (v6.length > 0) {
    if (v4.length > 0) await deps.scheduler.sleep(1_000);
    if (!(await ecs.unassignIpv6Addresses(ctx, nic.id, v6)).ok) return;
  }
  if (v4.length === 0 && v6.length === 0) return;
  const gone = await waitIpGone(ctx, ops, nic.id, [...v4, ...v6]);
  if (!gone) return;
  v4.forEach((ip) => delete nic.ipv4[ip]);
  v6.forEach((ip) => delete nic.ipv6[ip]);
}

/** Prefix mode: up to 10 Deleting prefixes per family unassigned, then dropped from the list. */
async function unassignDeletingPrefixes(ctx: Context, ops: OpsContext, nic: NicDraft):
  Promise<void> {
  const { ecs } = ops.runtime;
  const deleting = (list: readonly IpPrefix[] | undefined): string[] => (list ?? [])
    .filter((prefix) => prefix.status === 'Deleting').slice(0, ipBatchSize)
    .map((prefix) => prefix.prefix);
  const v4 = deleting(nic.ipv4Prefix);
  const v6 = deleting(nic.ipv6Prefix);
  if (v4.length > 0 && (await ecs.unassignIpv4Prefixes(ctx, nic.id, v4)).ok) {
    nic.ipv4Prefix = (nic.ipv4Prefix ?? []).filter((prefix) => !v4.includes(prefix.prefix));
  }
  if (v6.length > 0 && (await ecs.unassignIpv6Prefixes(ctx, nic.id, v6)).ok) {
    nic.ipv6Prefix = (nic.ipv6Prefix ?? []).filter((prefix) => !v6.includes(prefix.prefix));
  }
}

/** waitIPGone: describes the ENI until none of `ips` is on it (`wait_eni_ip_removed`). */
async function waitIpGone(ctx: Context, ops: OpsContext, eniId: string,
  ips: readonly string[]): Promise<boolean> {
  const { ecs, backoffs, waitDeps } = ops.runtime;
  const waited = await exponentialBackoff<string>(waitDeps, ctx,
    backoffs.get(backoffKeys.waitEniIpRemoved), async () => {
      const found = await ecs.describeNetworkInterfaceById(ctx, eniId);
      if (!found.ok) return ok(false);
      const eni = found.value[0];
      if (eni === undefined) return ok(true);
      const left = new Set([...eni.privateIpSets, ...eni.ipv6Set].map((set) => set.ipAddress));
      return ok(ips.every((ip) => !left.has(ip)));
    });
  return waited.ok;
}
