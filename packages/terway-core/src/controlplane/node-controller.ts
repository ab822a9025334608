// The part of terway-controlplane's node controller (Terway's pkg/controller/node/node.go) that
// trunking and exclusive ENIs need:
// - keep a Node CR per Kubernetes node: metadata from the node (instance id from providerID,
//   region, type, zone), capacity from DescribeInstanceTypes (nodeCap), the flavor (exclusive:
//   adapters − 1 secondary ENIs; trunk enabled: 1 trunk + adapters − 2 secondary), and the node's
//   trunk ENI with its cloud status; the exclusive-mode label may not change once recorded;
// - report the extended resource the scheduler counts: `aliyun/eni` = secondary flavor count on
//   exclusive nodes, `aliyun/member-eni` = memberAdapterLimit once the node's trunk ENI (named
//   by `k8s.aliyun.com/trunk-on`) is InUse; written only when it differs.
// The Node CR is deleted with the Kubernetes node.

import {
  ok, type Context, type ReconcileError, type ReconcileResult, type Result
} from '@terway-sim/sim-base';
import { exclusiveEniModeLabel } from '../config/daemon-mode.js';
import { limitsFromInstanceType, type InstanceTypeInfo } from '../limits/instance-limits.js';
import type { Flavor, NodeCap, NodeCr, NodeCrNic } from '../ports/crd.js';
import type { NodeObject } from '../ports/kube.js';
import { resourceEni, resourceMemberEni } from './names.js';
import { isExclusiveNode, isManagedNode, nodeInfoOf, type NodeInfo } from './node-info.js';
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
    if (!isManagedNode(node)) return done;
    const info = nodeInfoOf(node);
    if (!info.ok) return { message: info.error };
    const cr = await this.ensureNodeCr(ctx, node, info.value);
    if (!cr.ok) return { message: cr.error };
    const synced = await this.syncTrunk(ctx, cr.value, info.value.trunkEniId);
    if (!synced.ok) return { message: synced.error };
    const report = reportedResource(synced.value, isExclusiveNode(node));
    if (report === undefined) return done;
    const current = node.status?.allocatable?.[report.name];
    if (current === undefined || Number(current) !== report.count) {
      this.runtime.logger.info('report node cap', { node: name, [report.name]: report.count,
        prev: current === undefined ? '' : String(current) });
      await kube.setNodeExtendedResources(name, { [report.name]: report.count });
    }
    return done;
  }

  private async ensureNodeCr(ctx: Context, node: NodeObject, info: NodeInfo):
    Promise<Result<NodeCr, string>> {
    const { crd } = this.runtime.deps;
    const mode = node.metadata?.labels?.[exclusiveEniModeLabel] ?? '';
    const existing = await crd.get('Node', { name: info.nodeName });
    if (existing !== undefined) {
      const recorded = existing.metadata.labels?.[exclusiveEniModeLabel] ?? '';
      if (recorded.toLowerCase() !== mode.toLowerCase()) {
        return { ok: false, error: `node exclusive mode changed to ${mode}, this is not allowd` };
      }
      return ok(existing);
    }
    const described = await this.runtime.ecs.describeInstanceTypes(ctx, [info.instanceType]);
    if (!described.ok) return { ok: false, error: described.error.message };
    const record = described.value.find((entry) => entry['InstanceTypeId'] === info.instanceType);
    if (record === undefined) {
      return { ok: false, error: `unexpected empty instance type info for ${info.instanceType}` };
    }
    const limits = limitsFromInstanceType(record as unknown as InstanceTypeInfo);
    const nodeCap: NodeCap = { adapters: limits.adapters, totalAdapters: limits.totalAdapters,
      ipv4PerAdapter: limits.ipv4PerAdapter, ipv6PerAdapter: limits.ipv6PerAdapter,
      memberAdapterLimit: limits.memberAdapterLimit,
      maxMemberAdapterLimit: limits.maxMemberAdapterLimit, eriQuantity: 0 };
    const trunk = this.runtime.options.enableTrunk && !isExclusiveNode(node)
      && limits.memberAdapterLimit > 0;
    const created = await crd.create('Node', {
      metadata: { name: info.nodeName, labels: { [exclusiveEniModeLabel]: mode } },
      spec: { nodeMetadata: { regionID: info.regionId, instanceType: info.instanceType,
        instanceID: info.instanceId, zoneID: info.zoneId }, nodeCap,
      flavor: flavorOf(nodeCap, { trunk }), eni: { enableTrunk: trunk } },
      status: { networkInterfaces: {} },
    });
    return created.ok ? created : { ok: false, error: created.error.message };
  }

  /** The trunk ENI named on the node, with its cloud status, in the Node CR. */
  private async syncTrunk(ctx: Context, cr: NodeCr, trunkEniId: string):
    Promise<Result<NodeCr, string>> {
    if (!cr.spec.eni.enableTrunk || trunkEniId === '') return ok(cr);
    const described = await this.runtime.ecs.describeNetworkInterfaceById(ctx, trunkEniId);
    if (!described.ok) return { ok: false, error: described.error.message };
    const remote = described.value[0];
    const nics: Record<string, NodeCrNic> = {};
    if (remote !== undefined) {
      nics[trunkEniId] = { id: trunkEniId, status: remote.status,
        networkInterfaceType: 'Trunk' };
    }
    if (JSON.stringify(nics) === JSON.stringify(cr.status.networkInterfaces)) return ok(cr);
    const updated = await this.runtime.deps.crd.update('Node', { ...cr,
      status: { networkInterfaces: nics } });
    return updated.ok ? updated : { ok: false, error: updated.error.message };
  }
}
