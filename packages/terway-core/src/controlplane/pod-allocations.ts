// Which ENIs a PodENI pod gets (Terway's pkg/controller/pod ReconcilePod.parse and
// ParsePodNetworksFromAnnotation): one allocation per `k8s.aliyun.com/pod-networks` entry, each
// with a vSwitch picked in the node's zone (policy `ordered` unless the entry says random/most)
// and the entry's security groups; without the annotation, the pod's PodNetworking; without
// that, on crd-mode or exclusive-ENI nodes, eni-config's vSwitches and security groups. Each
// allocation is then marked trunk (member ENI) or not: an explicit attach type wins, else trunk
// when the cluster enables trunking and the node is not exclusive.

import { err, ok, type Context, type Result } from '@terway-sim/sim-base';
import { securityGroupIds, vSwitchIds } from '../config/derive.js';
import type { VSwitchSelectionPolicy } from '../config/pool-config.js';
import type { Allocation, AllocationType, CrdRoute } from '../ports/crd.js';
import type { PodObject } from '../ports/kube.js';
import type { VSwitch } from '../vswitch/pool.js';
import { annotationPodNetworking, annotationPodNetworks } from './names.js';
import { defaultInterface, parsePodNetworks, type PodNetworksEntry } from './pod-networks.js';
import type { Runtime } from './runtime.js';

interface AllocationDraft {
  readonly vSwitch: VSwitch;
  readonly securityGroupIds: readonly string[];
  readonly allocationType: AllocationType;
  readonly ifName: string;
  readonly extraRoutes: readonly CrdRoute[];
  readonly trunk?: boolean | undefined;
}

function policyOf(text: string | undefined): VSwitchSelectionPolicy {
  return text === 'random' ? 'random' : text === 'most' ? 'most' : 'ordered';
}

async function pickVSwitch(runtime: Runtime, ctx: Context, zone: string,
  ids: readonly string[], policy: VSwitchSelectionPolicy): Promise<Result<VSwitch, string>> {
  const picked = await runtime.vSwitchPool.getOne(ctx, zone, ids, { policy });
  return picked.ok ? picked : err(picked.error.message);
}

async function fromEntries(runtime: Runtime, ctx: Context, zone: string,
  entries: readonly PodNetworksEntry[]): Promise<Result<AllocationDraft[], string>> {
  const drafts: AllocationDraft[] = [];
  for (const entry of entries) {
    const ids = entry.vSwitchOptions ?? [];
    const groups = entry.securityGroupIDs ?? [];
    if (ids.length === 0 || groups.length === 0) {
      return err('vSwitchOptions or securityGroupIDs is missing');
    }
    const policy = policyOf(entry.vSwitchSelectOptions.vSwitchSelectionPolicy);
    const vSwitch = await pickVSwitch(runtime, ctx, zone, ids, policy);
    if (!vSwitch.ok) return vSwitch;
    const attach = entry.eniOptions.eniType;
    drafts.push({ vSwitch: vSwitch.value, securityGroupIds: groups,
      allocationType: entry.allocationType ?? { type: 'Elastic' },
      ifName: entry.interface === '' ? defaultInterface : entry.interface,
      extraRoutes: entry.extraRoutes ?? [],
      trunk: attach === 'ENI' ? false : attach === 'Trunk' ? true : undefined });
  }
  return ok(drafts);
}

/** Without pod-networks: the PodNetworking named on the pod, or eni-config on crd/exclusive. */
async function fromFallback(runtime: Runtime, ctx: Context, pod: PodObject,
  node: { readonly name: string; readonly zone: string; readonly exclusive: boolean }):
  Promise<Result<AllocationDraft[], string>> {
  const name = pod.metadata?.annotations?.[annotationPodNetworking] ?? '';
  if (name === '') {
    if (runtime.options.ipamType !== 'crd' && !node.exclusive) return err('podNetworking is empty');
    const config = runtime.configFor(node.name);
    const vSwitch = await pickVSwitch(runtime, ctx, node.zone, vSwitchIds(config), 'ordered');
    if (!vSwitch.ok) {
      return err(`can not found available vSwitch for zone ${node.zone}, ${vSwitch.error}`);
    }
    return ok([{ vSwitch: vSwitch.value, securityGroupIds: securityGroupIds(config),
      allocationType: { type: 'Elastic' }, ifName: '', extraRoutes: [] }]);
  }
  const networking = await runtime.deps.crd.get('PodNetworking', { name });
  if (networking === undefined) {
    return err(`error get podNetworking ${name}, podnetworkings.network.alibabacloud.com ` +
      `"${name}" not found`);
  }
  const vSwitch = await pickVSwitch(runtime, ctx, node.zone, networking.spec.vSwitchOptions,
    policyOf(networking.spec.vSwitchSelectOptions.vSwitchSelectionPolicy));
  if (!vSwitch.ok) {
    return err(`can not found available vSwitch for zone ${node.zone}, ${vSwitch.error}`);
  }
  return ok([{ vSwitch: vSwitch.value, securityGroupIds: networking.spec.securityGroupIDs,
    allocationType: networking.spec.allocationType, ifName: '', extraRoutes: [] }]);
}

function toAllocation(draft: AllocationDraft, trunk: boolean): Allocation {
  return {
    allocationType: draft.allocationType,
    eni: { id: '', vpcID: '', mac: '', zone: '', vSwitchID: draft.vSwitch.id, resourceGroupID: '',
      securityGroupIDs: [...draft.securityGroupIds],
      attachmentOptions: { trunk: draft.trunk ?? trunk } },
    ipv4: '', ipv6: '', ipv4CIDR: draft.vSwitch.ipv4Cidr, ipv6CIDR: draft.vSwitch.ipv6Cidr,
    // An entry's defaultRoute is not carried into the allocation (Terway's parse leaves it
    // unset); the daemon then gives the default route to the first interface.
    interface: draft.ifName, defaultRoute: false, extraRoutes: draft.extraRoutes,
    extraConfig: {},
  };
}

/** The allocations to create ENIs for, in annotation order. */
export async function parseAllocations(runtime: Runtime, ctx: Context, pod: PodObject,
  node: { readonly name: string; readonly zone: string; readonly exclusive: boolean }):
  Promise<Result<Allocation[], string>> {
  const parsed = parsePodNetworks(pod.metadata?.annotations, annotationPodNetworks);
  if (!parsed.ok) return err(`error parse pod annotation, ${parsed.error}`);
  let drafts = await fromEntries(runtime, ctx, node.zone, parsed.value.podNetworks);
  if (!drafts.ok) return err(`error parse pod annotation, ${drafts.error}`);
  if (drafts.value.length === 0) drafts = await fromFallback(runtime, ctx, pod, node);
  if (!drafts.ok) return drafts;
  const trunk = runtime.options.enableTrunk && !node.exclusive;
  return ok(drafts.value.map((draft) => toAllocation(draft, trunk)));
}
