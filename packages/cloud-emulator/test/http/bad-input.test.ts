import fc from 'fast-check';
import { createSimEnv } from '@terway-sim/sim-base';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, CloudEmulator } from '../../src/index.js';
import { v1Query } from './signing.js';

const key = { accessKeyId: 'AK', accessKeySecret: 'SK' };

/** A correctly v1-signed query for any (even hostile) parameters. */
function signedQuery(params: Record<string, string>, nonce: string): string {
  return v1Query(params, { key, nonce });
}

describe('bad input never crashes the server', () => {
  const env = createSimEnv({ seed: 3 });
  const cloud = new CloudEmulator(env, { latency: 'zero' });
  const app = buildServer(cloud, { keys: [key], timestampSkewMs: null, checkNonce: false });
  let nonce = 0;
  const send = async (params: Record<string, string>,
    extra: { method?: 'POST' | 'GET'; headers?: Record<string,
      string>; payload?: string } = {}) => {
    const response = await app.inject({
      method: extra.method ?? 'POST',
      url: `/?${signedQuery(params, `n${nonce++}`)}`,
      headers: extra.headers ?? {},
      payload: extra.payload ?? '',
    });
    return { status: response.statusCode, type: response.headers['content-type'],
      body: JSON.parse(response.body) as Record<string, unknown> };
  };
  const ecs = (action: string, params: Record<string,
    string> = {}) => send({ Action: action, Version: '2014-05-26', RegionId: 'cn-hangzhou',
      ...params });

  beforeAll(async () => {
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers each kind of bad request with the right code and status', async () => {
    const cases: Record<string, Awaited<ReturnType<typeof send>>> = {
      unknownAction: await ecs('LaunchRocket'),
      wrongVersion: await send({ Action: 'DescribeNetworkInterfaces', Version: '2099-01-01',
        RegionId: 'cn-hangzhou' }),
      missingAction: await send({ Version: '2014-05-26' }),
      notANumber: await ecs('DescribeNetworkInterfaces', { MaxResults: 'lots' }),
      hugeNumber: await ecs('AssignPrivateIpAddresses',
        { NetworkInterfaceId: 'eni-x', SecondaryPrivateIpAddressCount: '9'.repeat(40) }),
      hugeIndex: await ecs('DescribeNetworkInterfaces',
        { 'NetworkInterfaceId.999999999': 'eni-x' }),
      hugeString: await ecs('CreateNetworkInterface',
        { VSwitchId: 'vsw-x', SecurityGroupId: 'sg-x', Description: 'x'.repeat(100_000) }),
      prototype: await ecs('DescribeNetworkInterfaces', { '__proto__.polluted': 'yes' }),
      deep: await ecs('DescribeNetworkInterfaces', { 'Tag.1.Key.a.b.c': 'x' }),
      mixed: await ecs('DescribeNetworkInterfaces', { Tag: 'x', 'Tag.1.Key': 'y' }),
      badBool: await ecs('CreateNetworkInterface',
        { VSwitchId: 'vsw-x', SecurityGroupId: 'sg-x', DeleteOnRelease: 'maybe' }),
      badEnum: await ecs('DescribeNetworkInterfaces', { Status: 'Sleeping' }),
      unknownRegion: await send({ Action: 'DescribeNetworkInterfaces', Version: '2014-05-26',
        RegionId: 'mars-north-1' }),
      valid: await ecs('DescribeNetworkInterfaces', {}),
    };
    const summary = Object.fromEntries(Object.entries(cases).map(([name, result]) => [name,
      `${result.status} ${String(result.body.Code)}`]));
    expect(summary).toEqual({
      unknownAction: '404 InvalidAction.NotFound',
      wrongVersion: '400 InvalidVersion',
      missingAction: '400 MissingAction',
      notANumber: '400 InvalidParameter',
      hugeNumber: '400 InvalidParameter',
      hugeIndex: '400 InvalidParameter',
      hugeString: '400 InvalidParameter',
      prototype: '400 InvalidParameter',
      deep: '400 InvalidParameter',
      mixed: '400 InvalidParameter',
      badBool: '400 InvalidParameter',
      badEnum: '400 InvalidParameter',
      unknownRegion: '404 InvalidRegionId.NotFound',
      valid: '200 undefined',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const result of Object.values(cases))
      expect(result.type).toBe('application/json;charset=utf-8');
  });

  it('refuses bad signatures and odd bodies in the error envelope', async () => {
    const inject = async (options: InjectOptions) => {
      const response = await app.inject(options);
      return { status: response.statusCode, body: JSON.parse(response.body) as Record<string,
        unknown> };
    };
    expect(
      await inject({ method: 'POST', url: '/?Action=DescribeVpcs&Version=2016-04-28' }),
    ).toEqual({ status: 400, body: expect.objectContaining({ Code: 'MissingSignature' }) });
    expect((await inject({ method: 'POST', url: '/',
      headers: { authorization: 'ACS3-HMAC-SHA256 garbage', 'x-acs-action': 'DescribeVpcs',
        'x-acs-version': '2016-04-28' } })).body.Code).toBe('IncompleteSignature');
    expect((await inject({ method: 'POST', url: '/',
      headers: { authorization: 'Bearer xyz', 'x-acs-action': 'DescribeVpcs',
        'x-acs-version': '2016-04-28' } })).body.Code).toBe('IncompleteSignature');
    expect((await inject({ method: 'POST', url: '/?A=%ZZ' })).body.Code).toBe('InvalidParameter');
    expect(
      (
        await inject({
          method: 'POST',
          url: '/',
          headers: { 'content-type': 'application/json' },
          payload: '{not json',
        })
      ).body.Code,
    ).toBe('MissingAction');
    expect(await inject({ method: 'DELETE', url: '/nowhere' })).toEqual({ status: 404,
      body: expect.objectContaining({ Code: 'InvalidAction.NotFound' }) });
    const huge = await inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `A=${'x'.repeat(2_000_000)}`,
    });
    expect(huge.status).toBe(413);
    expect(huge.body.Code).toBe('InvalidParameter');
  });

  it('never answers 500 or non-JSON for random parameter soup', async () => {
    const name = fc.oneof(fc.constantFrom('NetworkInterfaceId', 'Tag', 'MaxResults', 'InstanceId',
      'PrivateIpAddress', 'SecondaryPrivateIpAddressCount', 'Type', 'Status', 'VSwitchId'),
      fc.string({ maxLength: 12 }));
    const keyText = fc.tuple(name,
      fc.option(fc.oneof(fc.nat(2000).map(String), fc.constantFrom('Key', 'Value', '0', '-1')),
        { nil: undefined }))
      .map(([base, suffix]) => (suffix === undefined ? base : `${base}.${suffix}`));
    const action = fc.constantFrom(
      'DescribeNetworkInterfaces',
      'CreateNetworkInterface',
      'AssignPrivateIpAddresses',
      'AttachNetworkInterface',
      'DeleteNetworkInterface',
      'DescribeInstanceTypes',
      'RunInstances',
      'UnassignIpv6Addresses',
      'Nope',
    );
    await fc.assert(fc.asyncProperty(action,
      fc.dictionary(keyText, fc.string({ maxLength: 40 }), { maxKeys: 8 }), async (chosen,
        params) => {
      const result = await ecs(chosen, params);
      expect(result.status).not.toBe(500);
      expect(result.type).toBe('application/json;charset=utf-8');
      expect(typeof result.body.RequestId).toBe('string');
      if (result.status >= 400) expect(typeof result.body.Code).toBe('string');
    }), { numRuns: 300, seed: 42 });
  });
});
