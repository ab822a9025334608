import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessKeyId, accessKeySecret, Ecs, sdkError, startHarness,
  type Harness } from './sdk-harness.js';

const regionId = 'cn-hangzhou';

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A request signed the way alibaba-cloud-sdk-go's sdk/auth/rpc_signature_composer.go does it. */
function goV1Request(action: string, params: Record<string, string>,
  options: { nonce: string; timestamp?: string; secret?: string }): { query: string } {
  const all: Record<string, string> = {
    Format: 'JSON',
    Version: '2014-05-26',
    Action: action,
    SignatureMethod: 'HMAC-SHA1',
    SignatureType: '',
    SignatureVersion: '1.0',
    SignatureNonce: options.nonce,
    Timestamp: options.timestamp ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    AccessKeyId: accessKeyId,
    RegionId: regionId,
    ...params,
  };
  const canonical = Object.keys(all)
    .sort()
    .map((key) => `${rfc3986(key)}=${rfc3986(all[key]!)}`)
    .join('&');
  const stringToSign = `POST&${rfc3986('/')}&${rfc3986(canonical)}`;
  const signature = createHmac('sha1',
    `${options.secret ?? accessKeySecret}&`).update(stringToSign).digest('base64');
  return { query: `${canonical}&Signature=${rfc3986(signature)}` };
}

async function post(harness: Harness, query: string, headers: Record<string,
  string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${harness.port}/?${query}`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded',
      'x-sdk-client': 'golang/1.0.0', 'Accept-Encoding': 'identity', ...headers }, body: '',
  });
  return { status: response.status, body: await response.json() as Record<string, unknown> };
}

describe('signatures', () => {
  let harness: Harness;
  let vSwitchId = '';
  let securityGroupId = '';

  beforeAll(async () => {
    harness = await startHarness();
    const vpc = harness.cloud.world.createVpc({ cidrBlock: '192.168.0.0/16' });
    if (!vpc.ok) throw new Error('vpc');
    const vsw = harness.cloud.world.createVSwitch({ vpcId: vpc.value.vpcId, zoneId: 'cn-hangzhou-i',
      cidrBlock: '192.168.0.0/24' });
    const sg = harness.cloud.world.createSecurityGroup({ vpcId: vpc.value.vpcId });
    if (!vsw.ok || !sg.ok) throw new Error('world');
    vSwitchId = vsw.value;
    securityGroupId = sg.value;
  });
  afterAll(async () => {
    await harness.close();
  });

  it('accepts the Node SDK with the legacy v1 signature (signatureAlgorithm v2)', async () => {
    const ecs = harness.ecs({ signatureAlgorithm: 'v2' });
    const created = await ecs.createNetworkInterface(
      new Ecs.CreateNetworkInterfaceRequest({
        regionId,
        vSwitchId,
        securityGroupIds: [securityGroupId],
        tag: [new Ecs.CreateNetworkInterfaceRequestTag({ key: 'k8s', value: 'a b*c/ü' })],
      }),
    );
    expect(created.body!.networkInterfaceId).toMatch(/^eni-/);
    expect(created.body!.tags!.tag![0]).toMatchObject({ tagKey: 'k8s', tagValue: 'a b*c/ü' });
  });

  it('accepts a request signed as Terway’s Go SDK signs it, and refuses a wrong secret with the string to sign', async () => {
    const good = goV1Request(
      'CreateNetworkInterface',
      {
        VSwitchId: vSwitchId,
        'SecurityGroupIds.1': securityGroupId,
        SecondaryPrivateIpAddressCount: '2',
        'Tag.1.Key': 'creator',
        'Tag.1.Value': 'terway',
        ClientToken: '9a1c5a12-0d55-4bb5-8b1e-4bd3c9f0f1aa',
      },
      { nonce: 'c5f8f7f2-47a6-4f7e-9d5c-9d7e1a0b3c11' },
    );
    const ok = await post(harness, good.query);
    expect(ok.status).toBe(200);
    expect((ok.body.PrivateIpSets as { PrivateIpSet: unknown[] }).PrivateIpSet).toHaveLength(3);
    const wrong = goV1Request(
      'DescribeNetworkInterfaces',
      {},
      { nonce: 'n-wrong-secret', secret: 'not-the-secret' },
    );
    const refused = await post(harness, wrong.query);
    expect(refused.status).toBe(400);
    expect(refused.body.Code).toBe('SignatureDoesNotMatch');
    expect(String(refused.body.Message)).toMatch(
      /^Specified signature is not matched with our calculation\. server string to sign is:POST&%2F&/,
    );
    expect(refused.body).toEqual(
      expect.objectContaining({
        RequestId: expect.any(String),
        HostId: `127.0.0.1:${harness.port}`,
        Recommend: expect.stringContaining('SignatureDoesNotMatch'),
      }),
    );
  });

  it('refuses replayed nonces, stale timestamps and unknown keys', async () => {
    const once = goV1Request('DescribeNetworkInterfaces', {}, { nonce: 'replay-me' });
    expect((await post(harness, once.query)).status).toBe(200);
    expect((await post(harness, once.query)).body.Code).toBe('SignatureNonceUsed');
    const stale = goV1Request('DescribeNetworkInterfaces', {},
      { nonce: 'stale', timestamp: '2020-01-01T00:00:00Z' });
    expect(await post(harness, stale.query)).toEqual({ status: 400,
      body: expect.objectContaining({ Code: 'InvalidTimeStamp.Expired' }) });
    const malformed = goV1Request('DescribeNetworkInterfaces', {},
      { nonce: 'malformed', timestamp: 'yesterday' });
    expect((await post(harness, malformed.query)).body.Code).toBe('InvalidTimeStamp.Format');
    const stranger = await sdkError(() =>
      harness
        .ecs({ accessKeyId: 'LTAIstranger' })
        .describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId })),
    );
    expect(stranger).toEqual({ name: 'ClientError', code: 'InvalidAccessKeyId.NotFound',
      statusCode: 404 });
    const wrongSecret = await sdkError(() =>
      harness
        .ecs({ accessKeySecret: 'wrong' })
        .describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId })),
    );
    expect(wrongSecret).toEqual({ name: 'ClientError', code: 'SignatureDoesNotMatch',
      statusCode: 400 });
  });

  it('verifies the ACS3 canonical request of an SDK request byte for byte', async () => {
    // A request the Node SDK sent, captured: its canonical request hashes to 9fe26f0c…c480.
    const canonical = [
      'POST',
      '/',
      'MaxResults=100&NetworkInterfaceId.1=eni-a&NetworkInterfaceId.2=eni-b&RegionId=cn-hangzhou&Status=InUse&Tag.1.Key=creator&Tag.1.Value=terway',
      'host:127.0.0.1:33913\nx-acs-action:DescribeNetworkInterfaces\nx-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-acs-credentials-provider:static_ak\nx-acs-date:2026-11-25T20:28:25Z\nx-acs-signature-nonce:ceb6f83316b6da6cb03959b68aab7ba8d1e24ea413e718db0c6d23a2f78fb182\nx-acs-version:2014-05-26\n',
      'host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version',
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    ].join('\n');
    const { canonicalRequestV3 } = await import('../../src/http/signature-v3.js');
    const rebuilt = canonicalRequestV3(
      {
        method: 'POST',
        path: '/',
        body: Buffer.alloc(0),
        rawQuery:
          'MaxResults=100&NetworkInterfaceId.1=eni-a&NetworkInterfaceId.2=eni-b&RegionId=cn-hangzhou&Status=InUse&Tag.1.Key=creator&Tag.1.Value=terway',
        headers: {
          host: '127.0.0.1:33913',
          'x-acs-action': 'DescribeNetworkInterfaces',
          'x-acs-version': '2014-05-26',
          'x-acs-date': '2026-11-25T20:28:25Z',
          'x-acs-signature-nonce':
            'ceb6f83316b6da6cb03959b68aab7ba8d1e24ea413e718db0c6d23a2f78fb182',
          'x-acs-credentials-provider': 'static_ak',
          'x-acs-content-sha256':
            'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        },
      },
      [
        'host',
        'x-acs-action',
        'x-acs-content-sha256',
        'x-acs-credentials-provider',
        'x-acs-date',
        'x-acs-signature-nonce',
        'x-acs-version',
      ],
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(rebuilt).toBe(canonical);
    expect(createHash('sha256').update(canonical).digest('hex')).toBe(
      '9fe26f0cbf6dbde7d84c83ed129d614867d7ca30c14fa055a97eb583988bc480',
    );
  });
});
