// Names a client chooses (the action, the region, the headers it signs, names in a world file)
// that happen to be properties of Object.prototype must be looked up as what they are: unknown
// names. Before the fix, a signed Action=toString answered 500 (a plain-object lookup found a
// function where a latency profile was expected).
import { createSimEnv } from '@terway-sim/sim-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyWorldFile, buildServer, CloudEmulator, parseWorldFile } from '../../src/index.js';
import { v1Query, v3Headers } from './signing.js';

const key = { accessKeyId: 'AK', accessKeySecret: 'SK' };
const prototypeNames = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf',
  'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__'];
const versions = ['2014-05-26', '2016-04-28'];

describe('names that are Object.prototype properties', () => {
  const env = createSimEnv({ seed: 5 });
  const cloud = new CloudEmulator(env, { latency: 'zero' });
  const app = buildServer(cloud, { keys: [key], timestampSkewMs: null });
  let nonce = 0;
  const answer = async (request: { url: string; headers?: Record<string, string> }) => {
    const response = await app.inject({ method: 'POST', ...request });
    const body = JSON.parse(response.body) as { Code?: string };
    return `${response.statusCode} ${body.Code ?? 'OK'}`;
  };

  beforeAll(async () => {
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  it('are unknown actions, over v1 and V3, in both products', async () => {
    const answers: Record<string, string> = {};
    for (const action of prototypeNames) {
      for (const version of versions) {
        answers[`v1 ${version} ${action}`] = await answer({ url: `/?${v1Query({ Action: action,
          Version: version, RegionId: 'cn-hangzhou' }, { key, nonce: `n${nonce++}` })}` });
        answers[`v3 ${version} ${action}`] = await answer({ url: '/?RegionId=cn-hangzhou',
          headers: v3Headers({ key, action, version, nonce: `n${nonce++}`,
            query: 'RegionId=cn-hangzhou' }) });
      }
    }
    expect(new Set(Object.values(answers))).toEqual(new Set(['404 InvalidAction.NotFound']));
    expect(Object.keys(answers)).toHaveLength(prototypeNames.length * versions.length * 2);
  });

  it('are unknown regions', async () => {
    const answers = new Set<string>();
    for (const region of prototypeNames) {
      answers.add(await answer({ url: `/?${v1Query({ Action: 'DescribeVpcs',
        Version: '2016-04-28', RegionId: region }, { key, nonce: `n${nonce++}` })}` }));
    }
    expect(answers).toEqual(new Set(['404 InvalidRegionId.NotFound']));
  });

  it('are absent headers when a client lists them among its signed headers', async () => {
    const answers = new Set<string>();
    for (const header of ['constructor', '__proto__', 'tostring']) {
      const headers = v3Headers({ key, action: 'DescribeVpcs', version: '2016-04-28',
        nonce: `n${nonce++}`, query: 'RegionId=cn-hangzhou', phantomSignedHeaders: [header] });
      answers.add(await answer({ url: '/?RegionId=cn-hangzhou', headers }));
      answers.add(await answer({ url: '/?RegionId=cn-hangzhou', headers: { ...headers,
        'x-acs-signature-nonce': `n${nonce++}` } }));
    }
    // Signed as absent, they verify; the replayed signature over another nonce does not.
    expect(answers).toEqual(new Set(['200 OK', '400 SignatureDoesNotMatch']));
  });

  it('are unknown in process too, and in world files', () => {
    for (const action of prototypeNames) {
      const outcome = cloud.execute({ product: 'ecs', action, params: {} },
        { accessKeyId: action });
      expect(outcome.kind === 'api' ? outcome.error.code : outcome.kind)
        .toBe('InvalidAction.NotFound');
    }
    const world = parseWorldFile([
      'vpcs: [{ name: main, cidr: 10.0.0.0/16, vSwitches: [{ name: a, zone: cn-hangzhou-h,',
      '  cidr: 10.0.0.0/24 }], securityGroups: [{ name: sg }] }]',
      'instances: [{ name: node, vSwitch: constructor, securityGroups: [toString],',
      '  instanceType: ecs.g7.xlarge }]',
    ].join('\n'), 'world.yaml');
    if (!world.ok) throw new Error(world.error.join('\n'));
    const built = applyWorldFile(new CloudEmulator(createSimEnv({ seed: 1 })), world.value,
      'world.yaml');
    expect(built).toEqual({ ok: false, error: [
      'world.yaml: instances.0.vSwitch: no vSwitch named constructor in VPC main',
      'world.yaml: instances.0.securityGroups.0: no security group named toString in VPC main',
    ] });
  });
});
