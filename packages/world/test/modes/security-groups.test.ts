// Security groups enforced in the packet trace at the ENI: per-pod groups through PodNetworking
// (trunk member ENIs) isolate two apps, a rule naming the other app's group opens one way, and a
// Drop rule on the nodes' group stops pod traffic leaving a node's ENI (ENIIP shared ENI and the
// vSwitch gateway). The dropped hop names the group and the rule as a value.
import type { PodNetworking } from '@terway-sim/terway-core';
import { describe, expect, it } from 'vitest';
import { createCluster, type TestCluster } from './cluster.js';

function networking(harness: TestCluster, app: string, groupId: string): PodNetworking {
  const vSwitchId = harness.vSwitchIds[0]!;
  return {
    metadata: { name: `${app}-net` },
    spec: { eniOptions: { eniType: 'Default' }, allocationType: { type: 'Elastic' },
      selector: { podSelector: { matchLabels: { app } } }, securityGroupIDs: [groupId],
      vSwitchOptions: [vSwitchId], vSwitchSelectOptions: {} },
    status: { status: 'Ready', vSwitches: [{ id: vSwitchId, zone: 'cn-hangzhou-i' }],
      message: '' },
  };
}

function newGroup(harness: TestCluster, type: 'normal' | 'enterprise' = 'normal'): string {
  const vpcId = harness.cloud.view().vpcs()[0]!.id;
  const made = harness.cloud.world.createSecurityGroup({ vpcId, type });
  if (!made.ok) throw new Error(made.error.message);
  return made.value;
}

function authorize(harness: TestCluster, params: Record<string, unknown>): void {
  const done = harness.cloud.world.call('ecs', 'AuthorizeSecurityGroup', params);
  if (!done.ok) throw new Error(done.error.message);
}

async function twoApps() {
  // Pods' eth0 is a VLAN of the trunk, so even same-node traffic crosses the member ENIs (with
  // the veth datapath the node routes it locally, and no ENI, hence no group, sees it).
  const harness = await createCluster({ mode: 'trunk', seed: 43,
    eniConf: { enable_eni_trunking: true }, cni: { vlan_strip_type: 'vlan' } });
  const web = newGroup(harness);
  const db = newGroup(harness, 'enterprise');
  await harness.crd.create('PodNetworking', networking(harness, 'web', web));
  await harness.crd.create('PodNetworking', networking(harness, 'db', db));
  await harness.run(60_000);
  for (const name of ['web-0', 'web-1']) harness.createPod({ name, labels: { app: 'web' } });
  harness.createPod({ name: 'db-0', labels: { app: 'db' } });
  await harness.run(90_000);
  const ip = (name: string) => harness.api.getPod(`default/${name}`)!.status!.podIP!;
  const from = (name: string) => harness.podNamespace(ip(name))!;
  return { harness, web, db, ip, from };
}

/** Pods `a` on node-0 and `b` on node-1 of a two-node cluster, and `a` reaching `b`. */
async function podOnEachNode(mode: 'eniip' | 'eni' | 'vpc', seed: number) {
  const harness = await createCluster({ mode, seed, nodes: 2 });
  await harness.run(60_000);
  harness.createPod({ name: 'a', node: 'node-0' });
  harness.createPod({ name: 'b', node: 'node-1' });
  await harness.run(90_000);
  const ip = (name: string) => harness.api.getPod(`default/${name}`)!.status!.podIP!;
  const from = harness.podNamespace(ip('a'))!;
  expect(harness.world.trace(from, ip('b')).ok).toBe(true);
  return { harness, ip, from };
}

describe('security groups in the trace', () => {
  it('per-pod groups through PodNetworking isolate two apps at their member ENIs', async () => {
    const { harness, web, db, ip, from } = await twoApps();
    const memberOf = (name: string) =>
      [...harness.cloud.view().enis()].find((eni) =>
        eni.ipv4.some((entry) => entry.ip === ip(name)))!;
    expect(memberOf('web-0')).toMatchObject({ type: 'Member', securityGroupIds: [web] });
    expect(memberOf('db-0')).toMatchObject({ type: 'Member', securityGroupIds: [db] });

    // A basic group lets its members reach each other (internal communication policy Accept).
    expect(harness.world.trace(from('web-0'), ip('web-1')).ok).toBe(true);
    // Inbound from another group is denied by default, and the drop names the group and rule.
    const webToDb = harness.world.trace(from('web-0'), ip('db-0'));
    expect(webToDb.ok ? 'delivered' : webToDb.drop).toMatchObject({ reason: 'security-group',
      because: { kind: 'securityGroup', id: db, rule: 'default', direction: 'ingress',
        eni: memberOf('db-0').id } });
    // An enterprise group denies outbound by default too.
    const dbToWeb = harness.world.trace(from('db-0'), ip('web-0'));
    expect(dbToWeb.ok ? 'delivered' : dbToWeb.drop.because).toMatchObject({ id: db,
      direction: 'egress' });
  }, 60_000);

  it('a rule naming the peer group opens the way, and a Drop at the same priority closes it',
    async () => {
      const { harness, web, db, ip, from } = await twoApps();
      authorize(harness, { SecurityGroupId: db, IpProtocol: 'ALL', SourceGroupId: web,
        Priority: 10 });
      expect(harness.world.trace(from('web-0'), ip('db-0')).ok).toBe(true);
      expect(harness.world.trace(from('web-0'), ip('db-0'), { protocol: 'tcp', port: 5432 }).ok)
        .toBe(true);
      authorize(harness, { SecurityGroupId: db, IpProtocol: 'TCP', PortRange: '5432/5432',
        SourceCidrIp: `${ip('web-0')}/32`, Policy: 'drop', Priority: 10 });
      const blocked = harness.world.trace(from('web-0'), ip('db-0'),
        { protocol: 'tcp', port: 5432 });
      const rule = harness.cloud.view().securityGroups().find((group) => group.id === db)!
        .rules.find((each) => each.policy === 'Drop')!;
      expect(blocked.ok ? 'delivered' : blocked.drop.because).toEqual({ kind: 'securityGroup',
        id: db, rule: rule.id, direction: 'ingress', eni: expect.stringMatching(/^eni-/) });
      // The Drop names only port 5432 of web-0: a ping and web-1 still pass.
      expect(harness.world.trace(from('web-0'), ip('db-0')).ok).toBe(true);
      expect(harness.world.trace(from('web-1'), ip('db-0'), { protocol: 'tcp', port: 5432 }).ok)
        .toBe(true);
    }, 60_000);

  it('a Drop rule on the nodes\' group stops pods on the shared ENI (ENIIP)', async () => {
    const { harness, ip, from } = await podOnEachNode('eniip', 47);
    const done = harness.cloud.world.call('ecs', 'AuthorizeSecurityGroupEgress', {
      SecurityGroupId: harness.securityGroupId, IpProtocol: 'ALL',
      DestCidrIp: `${ip('b')}/32`, Policy: 'drop' });
    expect(done.ok).toBe(true);
    const dropped = harness.world.trace(from, ip('b'));
    expect(dropped.ok ? 'delivered' : dropped.drop).toMatchObject({ reason: 'security-group',
      because: { id: harness.securityGroupId, direction: 'egress' } });
  }, 60_000);

  it('VPC-route pods are checked at the nodes\' primary ENIs; exclusive ENIs at their own',
    async () => {
      const { harness, ip, from } = await podOnEachNode('vpc', 67);
      authorize(harness, { SecurityGroupId: harness.securityGroupId, IpProtocol: 'ICMP',
        SourceCidrIp: `${ip('a')}/32`, Policy: 'drop' });
      const dropped = harness.world.trace(from, ip('b'));
      const primary = harness.cloud.view().eni(harness.cloud.view()
        .instance(harness.nodes[1]!.instanceId)!.primaryEniId)!;
      expect(dropped.ok ? 'delivered' : dropped.drop.because).toMatchObject({
        kind: 'securityGroup', id: harness.securityGroupId, direction: 'ingress',
        eni: primary.id });
    }, 60_000);

  it('an exclusive ENI carries its pod\'s traffic through its own groups', async () => {
    const { harness, ip, from } = await podOnEachNode('eni', 71);
    authorize(harness, { SecurityGroupId: harness.securityGroupId, IpProtocol: 'ALL',
      SourceCidrIp: `${ip('a')}/32`, Policy: 'drop' });
    const eni = [...harness.cloud.view().enis()].find((each) =>
      each.ipv4.some((entry) => entry.ip === ip('b')))!;
    expect(eni.type).toBe('Secondary');
    const dropped = harness.world.trace(from, ip('b'));
    expect(dropped.ok ? 'delivered' : dropped.drop.because).toMatchObject({
      kind: 'securityGroup', direction: 'ingress', eni: eni.id });
  }, 60_000);
});
