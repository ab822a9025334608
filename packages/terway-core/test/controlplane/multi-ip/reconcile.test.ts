// The multi-ip node controller's reconcile against the emulated cloud, after Terway's
// pool_test.go TestReconcileNode_Reconcile_BackendAPI / TestReconcileNode_assignIP (a node's pods
// get IPs through one cloud operation per reconcile), eni_task_queue_test.go (an attach lost with
// a controlplane restart is resubmitted), TestReconcileNode_adjustPool (idle IPs go back) and
// the prefix-mode reconcile (the node keeps ipv4_prefix_count /28s; no pod is bound).

import { Context } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import {
  NodeController, prefixMaxAvailableIp,
} from '../../../src/controlplane/node-controller.js';
import { AttachTaskQueue } from '../../../src/controlplane/multi-ip/attach-tasks.js';
import { createMultiIpMetrics } from '../../../src/controlplane/multi-ip/metrics.js';
import { MultiIpNodeController } from '../../../src/controlplane/multi-ip/pool-controller.js';
import { authorNodeSpec, withAuthoredSpec } from '../../../src/crdv2/node-spec.js';
import { MetricsRegistry } from '../../../src/metrics/registry.js';
import type { NodeCr } from '../../../src/ports/crd.js';
import { configOf } from '../../config/fixtures.js';
import { controlplaneRig, type ControlplaneRig } from '../controlplane-rig.js';

interface Node {
  readonly rig: ControlplaneRig;
  readonly ctx: Context;
  controller: MultiIpNodeController;
  restart(): void;
  /** One reconcile a little over a second after the last, then everything it started. */
  step(): Promise<unknown>;
  cr(): NodeCr;
  /** Cloud API actions called so far, in order. */
  readonly calls: string[];
}

/**
 * A node with its Node CR authored from `conf`. `eriQuantity` stands in for an instance type with
 * eRDMA interfaces (the catalog's types have none yet).
 */
async function crdNode(conf: Record<string, unknown>, eriQuantity = 0): Promise<Node> {
  const rig = controlplaneRig();
  rig.addNode('n1');
  const root = Context.background(rig.cloud.env.scheduler);
  await rig.run(() => new NodeController(rig.runtime).reconcile(root, 'n1'));
  const config = configOf({ version: '1', ipam_type: 'crd', ...conf });
  const read = rig.crd.peek('Node', { name: 'n1' })!;
  const cr = { ...read, spec: { ...read.spec, nodeCap: { ...read.spec.nodeCap, eriQuantity } } };
  const authored = authorNodeSpec({ config, nodeCap: cr.spec.nodeCap, exclusive: false,
    previousEni: undefined, vSwitchOptions: [rig.cloud.vSwitch('vsw-a')],
    securityGroupIds: [rig.cloud.securityGroupId] });
  await rig.run(() => rig.crd.update('Node', withAuthoredSpec(cr, authored)!));
  const metrics = createMultiIpMetrics(new MetricsRegistry());
  let lifetime = root.withCancel();
  const make = (): MultiIpNodeController => new MultiIpNodeController(rig.runtime,
    new AttachTaskQueue({ scheduler: rig.cloud.env.scheduler, ecs: rig.runtime.ecs,
      backoffs: rig.runtime.backoffs, metrics, notify: () => undefined }, lifetime.ctx),
    metrics);
  const calls: string[] = [];
  rig.cloud.env.log.subscribe((event) => {
    if (event.kind === 'cloud.api') calls.push(String(event.fields['api']));
  });
  const node: Node = {
    rig, ctx: root, controller: make(), calls,
    restart() {
      lifetime.cancel();
      lifetime = root.withCancel();
      node.controller = make();
    },
    step: () => rig.run(async () => {
      await rig.cloud.env.scheduler.sleep(1_100);
      return node.controller.reconcile(lifetime.ctx, 'n1');
    }),
    cr: () => rig.crd.peek('Node', { name: 'n1' })!,
  };
  return node;
}

function bound(cr: NodeCr): Record<string, string> {
  const out: Record<string, string> = {};
  for (const nic of Object.values(cr.status.networkInterfaces)) {
    for (const ip of Object.values(nic.ipv4 ?? {})) if (ip.podID !== '') out[ip.podID] = ip.ip;
  }
  return out;
}

const changing = ['CreateNetworkInterface', 'AssignPrivateIpAddresses'];

describe('multi-ip node reconcile (pool_test.go TestReconcileNode_Reconcile_BackendAPI)', () => {
  it('pods get IPs from a created ENI, one cloud operation per reconcile', async () => {
    const node = await crdNode({ max_pool_size: 5, min_pool_size: 0 });
    ['a', 'b', 'c'].forEach((name) => node.rig.kube.addPod({ name, nodeName: 'n1' }));
    for (let i = 0; i < 3; i++) {
      const before = node.calls.length;
      await node.step();
      expect(node.calls.slice(before).filter((api) => changing.includes(api)).length)
        .toBeLessThanOrEqual(1);
    }
    expect(Object.values(node.cr().status.networkInterfaces).map((nic) => nic.status))
      .toEqual(['InUse']);
    expect(Object.keys(bound(node.cr())).sort()).toEqual(['default/a', 'default/b',
      'default/c']);
    expect(node.rig.kube.events.map((event) => event.reason)).toEqual(expect.arrayContaining([
      'SyncOpenAPISuccess', 'CreateENISucceed', 'AttachENISucceed']));
    expect(node.rig.cloud.secondaryEnis()).toHaveLength(1);
  });

  it('warm-up fills ip_warm_up_size once, then stops (pool_test.go TestCheckWarmUpCompletion)',
    async () => {
      const node = await crdNode({ max_pool_size: 20, ip_warm_up_size: 8 });
      for (let i = 0; i < 4; i++) await node.step();
      const cr = node.cr();
      const ips = Object.values(cr.status.networkInterfaces)
        .reduce((sum, nic) => sum + Object.keys(nic.ipv4 ?? {}).length, 0);
      expect(ips).toBe(8);
      expect([cr.status.warmUpTarget, cr.status.warmUpCompleted]).toEqual([8, true]);
    });
});

describe('attach recovery after a restart (eni_task_queue_test.go, ensureAsyncTasks)', () => {
  it('an ENI left Attaching by a stopped controller is attached by the next one', async () => {
    const node = await crdNode({ max_pool_size: 5 });
    node.rig.kube.addPod({ name: 'a', nodeName: 'n1' });
    // The first controller creates the ENI and records it Attaching, then dies before its
    // attach task reports.
    await node.rig.run(async () => {
      await node.rig.cloud.env.scheduler.sleep(1_100);
      await node.controller.reconcile(node.ctx, 'n1');
      node.restart();
    });
    expect(Object.values(node.cr().status.networkInterfaces).map((nic) => nic.status))
      .toEqual(['Attaching']);
    for (let i = 0; i < 4; i++) await node.step();
    expect(Object.keys(bound(node.cr()))).toEqual(['default/a']);
    expect(node.rig.cloud.secondaryEnis().map((eni) => eni.id))
      .toEqual(Object.keys(node.cr().status.networkInterfaces));
  });
});

describe('idle reclaim (pool_test.go TestReconcileNode_adjustPool)', () => {
  it('IPs of deleted pods come back, and the idle surplus above max_pool_size is unassigned',
    async () => {
      const node = await crdNode({ max_pool_size: 2, ip_pool_sync_period: '10s' });
      const names = ['a', 'b', 'c', 'd', 'e', 'f'];
      const pods = names.map((name) => node.rig.kube.addPod({ name, nodeName: 'n1' }));
      for (let i = 0; i < 3; i++) await node.step();
      expect(Object.keys(bound(node.cr()))).toHaveLength(6);
      names.forEach((name) => node.rig.kube.deletePod('default', name));
      await node.rig.run(() => node.rig.crd.create('NodeRuntime', { metadata: { name: 'n1' },
        status: { pods: Object.fromEntries(pods.map((pod) => [pod.metadata!.uid!, {
          podID: `default/${pod.metadata!.name!}`,
          status: { deleted: { lastUpdateTime: '2026-01-01T01:00:00Z' } } }])) } }));
      for (let i = 0; i < 12; i++) await node.step();
      const nics = Object.values(node.cr().status.networkInterfaces);
      expect(bound(node.cr())).toEqual({});
      const idle = nics.reduce((sum, nic) => sum + Object.keys(nic.ipv4 ?? {}).length, 0);
      expect(idle).toBeLessThanOrEqual(3);
      expect(node.calls).toContain('UnassignPrivateIpAddresses');
    });
});

describe('eRDMA pods (pool_test.go Test_assignIPFromLocalPool, getEniOptions with eRDMA)', () => {
  it('a pod limiting aliyun/erdma gets an IP on a HighPerformance ENI, others never do',
    async () => {
      const node = await crdNode({ max_pool_size: 5, enable_erdma: true }, 1);
      expect(node.cr().spec.flavor.map((item) => item.networkInterfaceTrafficMode))
        .toEqual(['HighPerformance', 'Standard']);
      const rdma = node.rig.kube.addPod({ name: 'rdma', nodeName: 'n1' });
      node.rig.kube.pods.set('default/rdma', { ...rdma, spec: { ...rdma.spec!, containers: [{
        name: 'main', resources: { limits: { 'aliyun/erdma': '1' } } }] } });
      node.rig.kube.addPod({ name: 'web', nodeName: 'n1' });
      for (let i = 0; i < 6; i++) await node.step();
      const cr = node.cr();
      const modeOf = (podId: string): string | undefined => Object.values(
        cr.status.networkInterfaces).find((nic) => Object.values(nic.ipv4 ?? {})
        .some((ip) => ip.podID === podId))?.networkInterfaceTrafficMode;
      expect([modeOf('default/rdma'), modeOf('default/web')])
        .toEqual(['HighPerformance', 'Standard']);
    });
});

describe('prefix mode (pool_test.go TestReconcileNode_syncPrefixAllocation, node.go annotation)',
  () => {
    it('binds no pod, creates an ENI with the prefix count, then assigns up to the target',
      async () => {
        const node = await crdNode({ enable_ip_prefix: true, ipv4_prefix_count: 3 });
        node.rig.kube.addPod({ name: 'a', nodeName: 'n1' });
        for (let i = 0; i < 4; i++) await node.step();
        const nics = Object.values(node.cr().status.networkInterfaces);
        expect(nics.map((nic) => nic.status)).toEqual(['InUse']);
        expect(bound(node.cr())).toEqual({});
        const prefixes = nics[0]!.ipv4Prefix ?? [];
        expect(prefixes.map((prefix) => prefix.status)).toEqual(['Valid', 'Valid', 'Valid']);
        expect(prefixes.every((prefix) => prefix.prefix.endsWith('/28'))).toBe(true);
        expect(node.calls).not.toContain('AssignPrivateIpAddresses');
        // The target raised: the InUse ENI takes the rest through one Assign call.
        const cr = node.cr();
        await node.rig.run(() => node.rig.crd.update('Node', { ...cr, spec: { ...cr.spec,
          eni: { ...cr.spec.eni, ipv4PrefixCount: 5 } } }));
        await node.step();
        expect(node.cr().status.networkInterfaces[nics[0]!.id]!.ipv4Prefix).toHaveLength(5);
        expect(node.calls.filter((api) => api === 'AssignPrivateIpAddresses')).toHaveLength(1);
        expect(node.rig.cloud.secondaryEnis()).toHaveLength(1);
      });

    it('a Deleting prefix is unassigned and leaves the list; a Frozen one past its time thaws',
      async () => {
        const node = await crdNode({ enable_ip_prefix: true, ipv4_prefix_count: 2 });
        for (let i = 0; i < 4; i++) await node.step();
        const cr = node.cr();
        const [id, nic] = Object.entries(cr.status.networkInterfaces)[0]!;
        const [first, second] = nic.ipv4Prefix!;
        await node.rig.run(() => node.rig.crd.update('Node', { ...cr, spec: { ...cr.spec,
          eni: { ...cr.spec.eni, ipv4PrefixCount: 1 } }, status: { ...cr.status,
          networkInterfaces: { [id]: { ...nic, ipv4Prefix: [
            { prefix: first!.prefix, status: 'Frozen', frozenExpireAt: '2000-01-01T00:00:00Z' },
            { prefix: second!.prefix, status: 'Deleting' }] } } } }));
        await node.step();
        expect(node.cr().status.networkInterfaces[id]!.ipv4Prefix)
          .toEqual([{ prefix: first!.prefix, status: 'Valid' }]);
        expect(node.calls).toContain('UnassignPrivateIpAddresses');
      });

    it('the node controller advertises (IPv4 per ENI − 1) × 16 × (EniTotalQuantity − 1)',
      async () => {
        const node = await crdNode({ enable_ip_prefix: true, ipv4_prefix_count: 2 });
        const cr = node.cr();
        const cap = cr.spec.nodeCap;
        expect(prefixMaxAvailableIp(cr))
          .toBe((cap.ipv4PerAdapter - 1) * 16 * (cap.totalAdapters - 1));
        expect(prefixMaxAvailableIp({ ...cr, spec: { ...cr.spec, eni: { ...cr.spec.eni,
          enableIPv4: false, enableIPv6: true } } })).toBe(65_536);
        expect(prefixMaxAvailableIp({ ...cr, spec: { ...cr.spec, eni: { ...cr.spec.eni,
          enableIPPrefix: false } } })).toBeUndefined();
      });
  });
