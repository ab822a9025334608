// Where a starting daemon takes its instance limits from, as Terway's initInstanceLimit does
// (daemon/builder.go with pkg/aliyun/client/limit.go): the Node's
// `alibabacloud.com/instance-type-info` annotation first, DescribeInstanceTypes when it is absent,
// does not decode (the error is logged, the start goes on) or names another instance type. The
// decoder's own table follows Terway's TestECSLimitProvider_GetLimitFromAnno and
// TestProvider_GetLimitFromAnno_InvalidJSON.

import { describe, expect, it } from 'vitest';
import {
  instanceTypeInfoAnnotation, limitsFromAnnotation,
} from '../../src/limits/annotation.js';
import { TerwayNode } from '../../src/node/terway-node.js';
import { NodeStorage } from '../../src/store/node-storage.js';
import { FakeKube } from '../../src/testing/fake-kube.js';
import { cloudRig } from '../emulator/cloud-rig.js';

/** ecs.g7.xlarge as DescribeInstanceTypes has it, with 10 IPv4 per ENI instead of 15. */
const g7xlarge = { InstanceTypeId: 'ecs.g7.xlarge', EniQuantity: 4,
  EniPrivateIpAddressQuantity: 10, EniIpv6AddressQuantity: 10, EniTotalQuantity: 20,
  EniTrunkSupported: true, EriQuantity: 0, InstanceBandwidthRx: 1_536_000 };

async function startWith(annotation: string | undefined) {
  const cloud = cloudRig({ seed: 3, instanceType: 'ecs.g7.xlarge' });
  const { env } = cloud;
  const kube = new FakeKube(env.scheduler);
  kube.addNode('node-1');
  if (annotation !== undefined)
    await kube.patchNodeAnnotations('node-1', { [instanceTypeInfoAnnotation]: annotation });
  const node = new TerwayNode({ scheduler: env.scheduler, rng: env.rng, log: env.log,
    openApi: cloud.openApi, metadata: cloud.metadata, kube, storage: new NodeStorage() }, {
    nodeName: 'node-1', eniConf: { vswitches: { [cloud.zones[0]!]: [cloud.vSwitch('vsw-a')] },
      security_group: cloud.securityGroupId, service_cidr: '172.16.0.0/16', max_pool_size: 5,
      min_pool_size: 0 },
  });
  let started = false;
  env.scheduler.spawn('start', async () => {
    started = (await node.start()).ok;
  });
  await env.scheduler.run({ untilMs: 10_000 });
  const logs = env.log.lines().filter((line) => line.includes('unable to get instance limit'));
  return { started, node, describeCalls: cloud.openApi.callsOf('DescribeInstanceTypes').length,
    logs };
}

describe('a starting daemon takes its limits', () => {
  const cases = [
    { name: 'from the annotation when it names the instance type', annotation:
      JSON.stringify(g7xlarge), describeCalls: 0, ipv4PerAdapter: 10, logged: false },
    { name: 'from DescribeInstanceTypes without the annotation', annotation: undefined,
      describeCalls: 1, ipv4PerAdapter: 15, logged: false },
    { name: 'from DescribeInstanceTypes when the annotation is not JSON', annotation:
      'invalid-json', describeCalls: 1, ipv4PerAdapter: 15, logged: true },
    { name: 'from DescribeInstanceTypes when a field has the wrong type', annotation:
      JSON.stringify({ ...g7xlarge, EniQuantity: '4' }), describeCalls: 1, ipv4PerAdapter: 15,
      logged: true },
    { name: 'from DescribeInstanceTypes when the annotation names another type', annotation:
      JSON.stringify({ ...g7xlarge, InstanceTypeId: 'ecs.g7.large' }), describeCalls: 1,
      ipv4PerAdapter: 15, logged: false },
  ];
  it.each(cases)('$name', async ({ annotation, describeCalls, ipv4PerAdapter, logged }) => {
    const run = await startWith(annotation);
    expect(run.started).toBe(true);
    expect(run.describeCalls).toBe(describeCalls);
    expect(run.node.facts?.limits.ipv4PerAdapter).toBe(ipv4PerAdapter);
    expect(run.logs.length > 0).toBe(logged);
  });
});

describe('limitsFromAnnotation (TestECSLimitProvider_GetLimitFromAnno)', () => {
  it('maps Terway\'s own ecs.ebmre7p.32xlarge document', () => {
    const document = { InstancePpsTx: 24000000, NvmeSupport: 'unsupported',
      EniTrunkSupported: true, InstanceTypeFamily: 'ecs.ebmre7p', EriQuantity: 0,
      EnhancedNetwork: {}, InstanceTypeId: 'ecs.ebmre7p.32xlarge', EniIpv6AddressQuantity: 1,
      EniTotalQuantity: 110, EniQuantity: 32, DiskQuantity: 17, EniPrivateIpAddressQuantity: 15 };
    const limits = limitsFromAnnotation({ [instanceTypeInfoAnnotation]:
      JSON.stringify(document) });
    expect(limits.ok && limits.value).toMatchObject({ instanceTypeId: 'ecs.ebmre7p.32xlarge',
      adapters: 32, totalAdapters: 110, ipv4PerAdapter: 15, ipv6PerAdapter: 1,
      memberAdapterLimit: 78, maxMemberAdapterLimit: 108, erdmaAdapters: 0 });
  });

  it('gives nothing for a node without it', () => {
    expect(limitsFromAnnotation({})).toEqual({ ok: true, value: undefined });
    expect(limitsFromAnnotation(undefined)).toEqual({ ok: true, value: undefined });
  });

  const refusals = [
    { name: 'text that is not JSON', text: 'invalid-json', reason: 'invalid JSON' },
    { name: 'a JSON array', text: '[]', reason: 'expected a JSON object' },
    { name: 'a string count', text: '{"EniQuantity":"4"}', reason: 'InstanceType.EniQuantity' },
    { name: 'a fractional count', text: '{"EriQuantity":1.5}', reason: 'InstanceType.EriQuantity' },
    { name: 'a numeric id', text: '{"InstanceTypeId":7}', reason: 'InstanceType.InstanceTypeId' },
    { name: 'a string trunk flag', text: '{"EniTrunkSupported":"true"}',
      reason: 'InstanceType.EniTrunkSupported' },
  ];
  it.each(refusals)('refuses $name (TestProvider_GetLimitFromAnno_InvalidJSON)', ({ text,
    reason }) => {
    const limits = limitsFromAnnotation({ [instanceTypeInfoAnnotation]: text });
    expect(limits.ok).toBe(false);
    if (!limits.ok) expect(limits.error.reason).toContain(reason);
  });

  it('reads JSON null as the zero InstanceType, whose empty id matches no instance', () => {
    const limits = limitsFromAnnotation({ [instanceTypeInfoAnnotation]: 'null' });
    expect(limits.ok && limits.value?.instanceTypeId).toBe('');
  });
});
