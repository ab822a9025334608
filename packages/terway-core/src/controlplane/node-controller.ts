// The part of terway-controlplane's node controller (Terway's pkg/controller/node/node.go) that
// trunking and exclusive ENIs need:
// - keep a Node CR per Kubernetes node: metadata from the node (instance id from providerID,
//   region, type, zone), capacity from DescribeInstanceTypes (nodeCap), the flavor (exclusive:
//   adapters − 1 secondary ENIs; trunk enabled: 1 trunk + adapters − 2 secondary), and the node's
//   trunk ENI with its cloud status; labels `name=<node>` and the exclusive mode (`default` /
//   `eniOnly`), which may not change once recorded (a CR without it takes the node's); a CR
//   whose instance type, id, zone or region differ from the node's is brought up to date, with
//   the new type's nodeCap (the flavor stays);
// - skip quietly (no CR, no error) nodes without a region label, ignored, virtual-kubelet and
//   Lingjun nodes; any other failure is a Warning `ConfigError` event on the node;
// - report the extended resource the scheduler counts: `aliyun/eni` = secondary flavor count on
//   exclusive nodes, `aliyun/member-eni` = memberAdapterLimit once the node's trunk ENI (named
//   by `k8s.aliyun.com/trunk-on`) is InUse; written only when it differs;
// - with centralized IPAM in prefix mode (spec.eni.enableIPPrefix), the node's
//   `k8s.aliyun.com/max-available-ip`: (IPv4 per ENI − 1) × 16 × (EniTotalQuantity − 1),
//   65,536 on IPv6-only nodes (capacity/prefix-capacity.ts advertises the same figure). The
//   simulator writes it only in prefix mode: elsewhere the daemon's own figure stands
//   (docs/differences.md).
// The Node CR is deleted with the Kubernetes node.

import {
  err, ok, type Context, type ReconcileError, type ReconcileResult, type Result
} from '@terway-sim/sim-base';
import { exclusiveEniModeLabel } from '../config/daemon-mode.js';
import { maxAvailableIpAnnotation } from '../config/node-resources.js';
import {
  erdmaRes, limitsFromInstanceType, type InstanceTypeInfo,
} from '../limits/instance-limits.js';
import type { Flavor, NodeCap, NodeCr, NodeCrNic } from '../ports/crd.js';
import type { NodeObject } from '../ports/kube.js';
import { eventReason, resourceEni, resourceMemberEni } from './names.js';
import {
  exclusiveModeOf, isExclusiveNode, isProcessedNode, nodeInfoOf, type NodeInfo,
} from './node-info.js';
import type { Runtime } from './runtime.js';

type Outcome = ReconcileResult | ReconcileError;
const done: Outcome = {};

/** The flavor the node's ENI slots are split into (pkg/eni/node_reconcile.go, eRDMA aside). */
export function flavorOf(cap: NodeCap, options: { readonly trunk: boolean }): Flavor[] {
  let secondary = cap.adapters - 1;
  const flavor: Flavor[] = [];
  if (options.trunk) {
    flavor.push({ networkInterfaceType: 'Trunk', networkInterfaceTrafficMode: 'Standard',
      count: 1 });
    secondary--;
  }
  flavor.push({ networkInterfaceType: 'Secondary', networkInterfaceTrafficMode: 'Standard',
    count: secondary });
  return flavor;
}

/** Addresses in one IPv4 /28 prefix; an IPv6-only node advertises one /80's daemon cap. */
const prefixAddresses = 16;
const ipv6OnlyPrefixAdvertised = 65_536;

/** max-available-ip in prefix mode; undefined when the node is not in prefix mode. */
export function prefixMaxAvailableIp(cr: NodeCr): number | undefined {
  const eni = cr.spec.eni;
  if (eni.enableIPPrefix !== true) return undefined;
  if (eni.enableIPv4 === false && eni.enableIPv6 === true) return ipv6OnlyPrefixAdvertised;
  const cap = cr.spec.nodeCap;
  return Math.max(0, cap.ipv4PerAdapter - 1) * prefixAddresses
    * Math.max(0, cap.totalAdapters - 1);
}

/** The extended resource to report, if any. */
export function reportedResource(cr: NodeCr, exclusive: boolean):
  { readonly name: string; readonly count: number } | undefined {
  if (exclusive) {
    const secondary = cr.spec.flavor.find((item) => item.networkInterfaceType === 'Secondary'
      && item.networkInterfaceTrafficMode === 'Standard');
    return { name: resourceEni, count: secondary?.count ?? 0 };
  }
  if (!cr.spec.eni.enableTrunk) return undefined;
  const trunkInUse = Object.values(cr.status.networkInterfaces).some((nic) =>
    nic.networkInterfaceType === 'Trunk' && nic.status === 'InUse');
  return trunkInUse ? { name: resourceMemberEni, count: cr.spec.nodeCap.memberAdapterLimit }
    : undefined;
}

export class NodeController {
  constructor(private readonly runtime: Runtime) {}

  async reconcile(ctx: Context, name: string): Promise<Outcome> {
    const { kube, crd } = this.runtime.deps;
    const node = await kube.getNode(name);
    if (node === undefined) {
      if (await crd.get('Node', { name }) !== undefined) await crd.delete('Node', { name });
      return done;
    }
    if (!isProcessedNode(node)) return done;
    const outcome = await this.sync(ctx, node);
    if ('message' in outcome) {
      this.runtime.nodeEvent(name, 'Warning', eventReason.configError, outcome.message);
    }
    return outcome;
  }

  /** createOrUpdate: the Node CR, its trunk, then the extended resource. */
  private async sync(ctx: Context, node: NodeObject): Promise<Outcome> {
    const name = node.metadata?.name ?? '';
    const info = nodeInfoOf(node);
    if (!info.ok) return { message: info.error };
    const cr = await this.ensureNodeCr(ctx, node, info.value);
    if (!cr.ok) return { message: cr.error };
    const synced = await this.syncTrunk(ctx, cr.value, info.value.trunkEniId);
    if (!synced.ok) return { message: synced.error };
    await this.annotatePrefixCapacity(node, synced.value);
    const report = reportedResource(synced.value, isExclusiveNode(node));
    if (report === undefined) return done;
    const current = node.status?.allocatable?.[report.name];
    if (current === undefined || Number(current) !== report.count) {
      this.runtime.logger.info('report node cap', { node: name, [report.name]: report.count,
        prev: current === undefined ? '' : String(current) });
      await this.runtime.deps.kube.setNodeExtendedResources(name,
        { [report.name]: report.count });
    }
    return done;
  }

  /** Centralized IPAM in prefix mode: max-available-ip, written only when it differs. */
  private async annotatePrefixCapacity(node: NodeObject, cr: NodeCr): Promise<void> {
    if (this.runtime.options.centralizedIpam !== true) return;
    const figure = prefixMaxAvailableIp(cr);
    if (figure === undefined) return;
    if (node.metadata?.annotations?.[maxAvailableIpAnnotation] === String(figure)) return;
    await this.runtime.deps.kube.patchNodeAnnotations(cr.metadata.name,
      { [maxAvailableIpAnnotation]: String(figure) });
  }

  /**
   * The Node CR, labelled `name=<node>` and with the node's exclusive mode (`default` or
   * `eniOnly`). A CR without the mode label (made before, or by hand) takes the node's; a
   * recorded mode that differs from the node's is refused.
   */
  private async ensureNodeCr(ctx: Context, node: NodeObject, info: NodeInfo):
    Promise<Result<NodeCr, string>> {
    const { crd } = this.runtime.deps;
    const mode = exclusiveModeOf(node.metadata?.labels);
    const labels = { name: info.nodeName, [exclusiveEniModeLabel]: mode };
    const existing = await crd.get('Node', { name: info.nodeName });
    if (existing !== undefined) {
      const recorded = existing.metadata.labels?.[exclusiveEniModeLabel] ?? '';
      if (recorded !== '' && recorded !== mode) {
        return err(`node exclusive mode changed to ${mode}, this is not allowd`);
      }
      const current = existing.metadata.labels ?? {};
      const spec = await this.refreshedSpec(ctx, existing, info);
      if (!spec.ok) return spec;
      if (current['name'] === labels.name && recorded === mode && spec.value === existing.spec) {
        return ok(existing);
      }
      const relabelled = await crd.update('Node', { ...existing, metadata: {
        ...existing.metadata, labels: { ...current, ...labels } }, spec: spec.value });
      return relabelled.ok ? relabelled : err(relabelled.error.message);
    }
    const nodeCap = await this.nodeCapOf(ctx, info.instanceType);
    if (!nodeCap.ok) return nodeCap;
    const trunk = this.runtime.options.enableTrunk && !isExclusiveNode(node)
      && nodeCap.value.memberAdapterLimit > 0;
    const created = await crd.create('Node', {
      metadata: { name: info.nodeName, labels },
      spec: { nodeMetadata: { regionID: info.regionId, instanceType: info.instanceType,
        instanceID: info.instanceId, zoneID: info.zoneId }, nodeCap: nodeCap.value,
      flavor: flavorOf(nodeCap.value, { trunk }), eni: { enableTrunk: trunk } },
      status: { networkInterfaces: {} },
    });
    return created.ok ? created : err(created.error.message);
  }

  /**
   * needUpdate: a CR whose instance type, id, zone or region no longer match the node's takes
   * the node's, with the new type's capacity; the same spec object when nothing changed.
   */
  private async refreshedSpec(ctx: Context, existing: NodeCr, info: NodeInfo):
    Promise<Result<NodeCr['spec'], string>> {
    const meta = existing.spec.nodeMetadata;
    if (meta.instanceType === info.instanceType && meta.instanceID === info.instanceId
      && meta.zoneID === info.zoneId && meta.regionID === info.regionId) return ok(existing.spec);
    const nodeCap = await this.nodeCapOf(ctx, info.instanceType);
    if (!nodeCap.ok) return nodeCap;
    return ok({ ...existing.spec, nodeMetadata: { regionID: info.regionId,
      instanceType: info.instanceType, instanceID: info.instanceId, zoneID: info.zoneId },
    nodeCap: nodeCap.value });
  }

  /** The instance type's limits (GetLimitProvider().GetLimit), as nodeCap. */
  private async nodeCapOf(ctx: Context, instanceType: string): Promise<Result<NodeCap, string>> {
    const described = await this.runtime.ecs.describeInstanceTypes(ctx, [instanceType]);
    if (!described.ok) return err(described.error.message);
    const record = described.value.find((entry) => entry['InstanceTypeId'] === instanceType);
    if (record === undefined) return err(`unexpected empty instance type info for ${instanceType}`);
    const limits = limitsFromInstanceType(record as unknown as InstanceTypeInfo);
    return ok({ adapters: limits.adapters, totalAdapters: limits.totalAdapters,
      ipv4PerAdapter: limits.ipv4PerAdapter, ipv6PerAdapter: limits.ipv6PerAdapter,
      memberAdapterLimit: limits.memberAdapterLimit,
      maxMemberAdapterLimit: limits.maxMemberAdapterLimit, eriQuantity: erdmaRes(limits) });
  }

  /** The trunk ENI named on the node, with its cloud status, in the Node CR. */
  private async syncTrunk(ctx: Context, cr: NodeCr, trunkEniId: string):
    Promise<Result<NodeCr, string>> {
    // With centralized IPAM the multi-ip node controller owns status.networkInterfaces.
    if (!cr.spec.eni.enableTrunk || trunkEniId === ''
      || this.runtime.options.centralizedIpam === true) return ok(cr);
    const described = await this.runtime.ecs.describeNetworkInterfaceById(ctx, trunkEniId);
    if (!described.ok) return err(described.error.message);
    const remote = described.value[0];
    const nics: Record<string, NodeCrNic> = {};
    if (remote !== undefined) {
      nics[trunkEniId] = { id: trunkEniId, status: remote.status,
        networkInterfaceType: 'Trunk' };
    }
    if (JSON.stringify(nics) === JSON.stringify(cr.status.networkInterfaces)) return ok(cr);
    const updated = await this.runtime.deps.crd.update('Node', { ...cr,
      status: { networkInterfaces: nics } });
    return updated.ok ? updated : err(updated.error.message);
  }
}
