import { createSimEnv, isoSeconds } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { decideOrphanPodEni, leakedEnis } from '../../src/controlplane/gc.js';
import { flavorOf, reportedResource } from '../../src/controlplane/node-controller.js';
import { ResourceBackoff } from '../../src/controlplane/resource-backoff.js';
import { fromDescribeEntry } from '../../src/cloud/network-interface.js';
import type { AllocationType, NodeCr, PodEni, PodEniPhase } from '../../src/ports/crd.js';

function podEni(types: AllocationType[], phase: PodEniPhase = 'Bind',
  podLastSeen = ''): PodEni {
  return {
    metadata: { namespace: 'default', name: 'web-0' },
    spec: { zone: 'zone-a', allocations: types.map((allocationType, index) => ({
      allocationType, eni: { id: `eni-${index}`, vpcID: '', mac: '', zone: '', vSwitchID: '',
        resourceGroupID: '', securityGroupIDs: [], attachmentOptions: {} },
      ipv4: '', ipv6: '', ipv4CIDR: '', ipv6CIDR: '', interface: 'eth0', defaultRoute: false,
      extraRoutes: [], extraConfig: {} })) },
    status: { phase, instanceID: '', trunkENIID: '', msg: '', podLastSeen, eniInfos: {} },
  };
}

describe('orphan PodENI GC (gcCRPodENIs)', () => {
  const seen = isoSeconds(1_000_000);
  const table: Array<{ name: string; eni: PodEni; nowMs: number; want: string }> = [
    { name: 'elastic goes', eni: podEni([{ type: 'Elastic' }]), nowMs: 0, want: 'delete' },
    { name: 'moving PodENIs wait', eni: podEni([{ type: 'Elastic' }], 'Detaching'), nowMs: 0,
      want: 'wait' },
    { name: 'binding waits', eni: podEni([{ type: 'Elastic' }], 'Binding'), nowMs: 0,
      want: 'wait' },
    { name: 'Never keeps', eni: podEni([{ type: 'Fixed', releaseStrategy: 'Never' }], 'Unbind'),
      nowMs: 1e12, want: 'keep' },
    { name: 'TTL keeps until lastSeen + after', eni: podEni([{ type: 'Fixed',
      releaseStrategy: 'TTL', releaseAfter: '10m' }], 'Unbind', seen), nowMs: 1_000_000 + 599_000,
    want: 'keep' },
    { name: 'TTL releases after', eni: podEni([{ type: 'Fixed', releaseStrategy: 'TTL',
      releaseAfter: '10m' }], 'Unbind', seen), nowMs: 1_000_000 + 601_000, want: 'delete' },
    { name: 'unparsable TTL keeps', eni: podEni([{ type: 'Fixed', releaseStrategy: 'TTL',
      releaseAfter: 'soon' }], 'Unbind', seen), nowMs: 1e12, want: 'keep' },
    { name: 'unknown strategy keeps', eni: podEni([{ type: 'Fixed' }], 'Unbind'), nowMs: 1e12,
      want: 'keep' },
  ];
  for (const row of table) {
    it(row.name, () => expect(decideOrphanPodEni(row.eni, row.nowMs)).toBe(row.want));
  }
});

describe('leaked ENI GC (gcENIs)', () => {
  const eni = (id: string, tags: Record<string, string>, createdMs: number) => fromDescribeEntry({
    NetworkInterfaceId: id, Status: 'Available', Type: 'Secondary',
    CreationTime: isoSeconds(createdMs),
    Tags: { Tag: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) } });
  const ours = { 'ack.aliyun.com': 'c1', creator: 'terway-controller' };
  it('tagged, older than 10 min and not in any PodENI', () => {
    const now = 3_600_000;
    const enis = [eni('eni-0', ours, 0), eni('eni-young', ours, now - 60_000),
      eni('eni-other', { ...ours, 'ack.aliyun.com': 'c2' }, 0), eni('eni-daemon',
        { creator: 'terway' }, 0), eni('eni-used', ours, 0)];
    const used = podEni([{ type: 'Elastic' }]);
    const first = used.spec.allocations[0]!;
    const referenced = { ...used, spec: { ...used.spec, allocations: [{ ...first,
      eni: { ...first.eni, id: 'eni-used' } }] } };
    expect(leakedEnis(enis, [referenced], { clusterId: 'c1', nowWallMs: now })
      .map((item) => item.networkInterfaceId)).toEqual(['eni-0']);
  });
});

describe('node controller reports', () => {
  const cap = { adapters: 4, totalAdapters: 20, ipv4PerAdapter: 15, ipv6PerAdapter: 15,
    memberAdapterLimit: 16, maxMemberAdapterLimit: 18, eriQuantity: 0 };
  const cr = (trunk: boolean, status: string): NodeCr => ({
    metadata: { name: 'n1' },
    spec: { nodeMetadata: { regionID: 'r', instanceType: 't', instanceID: 'i', zoneID: 'z' },
      nodeCap: cap, flavor: flavorOf(cap, { trunk }), eni: { enableTrunk: trunk } },
    status: { networkInterfaces: trunk ? { 'eni-t': { id: 'eni-t', status,
      networkInterfaceType: 'Trunk' } } : {} },
  });
  it('flavor: exclusive adapters − 1; trunk takes one slot', () => {
    expect(flavorOf(cap, { trunk: false }).map((f) => f.count)).toEqual([3]);
    expect(flavorOf(cap, { trunk: true }).map((f) => [f.networkInterfaceType, f.count]))
      .toEqual([['Trunk', 1], ['Secondary', 2]]);
  });
  it('aliyun/eni on exclusive nodes, aliyun/member-eni once the trunk is InUse', () => {
    expect(reportedResource(cr(false, ''), true)).toEqual({ name: 'aliyun/eni', count: 3 });
    expect(reportedResource(cr(true, 'Attaching'), false)).toBeUndefined();
    expect(reportedResource(cr(true, 'InUse'), false))
      .toEqual({ name: 'aliyun/member-eni', count: 16 });
  });
});

describe('per-ENI wait schedule (BackoffManager)', () => {
  it('initial delay, time left, steps, then the timeout', () => {
    const env = createSimEnv({ seed: 3 });
    const backoff = new ResourceBackoff({ scheduler: env.scheduler,
      random: env.rng.stream('bo') });
    const schedule = { initialDelayMs: 3_000, durationMs: 3_000, factor: 1.5, jitter: 0,
      steps: 2, capMs: 0 };
    expect(backoff.next('eni-1', schedule)).toBe(3_000);
    env.scheduler.runSync({ untilMs: 1_000 });
    expect(backoff.next('eni-1', schedule)).toBe(2_000);
    env.scheduler.runSync({ untilMs: 3_000 });
    expect(backoff.next('eni-1', schedule)).toBe(3_000);
    env.scheduler.runSync({ untilMs: 6_000 });
    expect(backoff.next('eni-1', schedule)).toBe(4_500);
    env.scheduler.runSync({ untilMs: 10_500 });
    expect(backoff.next('eni-1', schedule)).toBeUndefined();
    backoff.del('eni-1');
    expect(backoff.next('eni-1', schedule)).toBe(3_000);
  });
});
