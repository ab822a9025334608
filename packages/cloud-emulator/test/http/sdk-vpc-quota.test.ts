// CreateVpc honours the account's VPC quota per region: 10 by default (QuotaExceeded.Vpc once
// reached, through the official VPC SDK), configurable like the other quotas, and idempotent
// retries of a VPC already made do not count again.
import { describe, expect, it } from 'vitest';
import { parseCloudOptions } from '../../src/index.js';
import { sdkError, startHarness, Vpc } from './sdk-harness.js';

const regionId = 'cn-hangzhou';

describe('the VPC quota', () => {
  it('allows 10 VPCs per region by default, then answers QuotaExceeded.Vpc', async () => {
    const harness = await startHarness();
    try {
      const create = (clientToken?: string) => harness.vpc().createVpc(new Vpc.CreateVpcRequest({
        regionId, cidrBlock: '10.0.0.0/8',
        ...(clientToken === undefined ? {} : { clientToken }) }));
      const made: string[] = [];
      for (let index = 0; index < 10; index++) {
        made.push((await create(`token-${index}`)).body!.vpcId!);
      }
      expect(new Set(made).size).toBe(10);
      expect(await sdkError(() => create())).toEqual({ name: 'ClientError',
        code: 'QuotaExceeded.Vpc', statusCode: 400 });
      expect((await create('token-3')).body!.vpcId).toBe(made[3]);
      expect(harness.cloud.view().vpcs()).toHaveLength(10);
    } finally {
      await harness.close();
    }
  });

  it('is configurable like the other quotas', async () => {
    expect(parseCloudOptions({ quotas: { vpcsPerRegion: 12 } }).ok).toBe(true);
    expect(parseCloudOptions({ quotas: { vpcsPerRegion: -1 } })).toEqual({ ok: false,
      error: [expect.stringMatching(/^cloud\.quotas\.vpcsPerRegion: /)] });
    const harness = await startHarness({ cloud: { quotas: { vpcsPerRegion: 1 } } });
    try {
      await harness.vpc().createVpc(new Vpc.CreateVpcRequest({ regionId }));
      expect(await sdkError(() => harness.vpc().createVpc(new Vpc.CreateVpcRequest({ regionId }))))
        .toMatchObject({ code: 'QuotaExceeded.Vpc' });
    } finally {
      await harness.close();
    }
  });
});
