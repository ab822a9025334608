// DescribeRegions and DescribeZones through the official ECS SDK (@alicloud/ecs20140526),
// unchanged, over a loopback socket: the shapes its models read, both languages, Verbose.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ecs, sdkError, startHarness, type Harness } from './sdk-harness.js';

describe('regions and zones through the SDK', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ cloud: { regions: [
      { regionId: 'cn-hangzhou', zones: ['cn-hangzhou-h', 'cn-hangzhou-i'] },
      { regionId: 'ap-southeast-1', zones: ['ap-southeast-1a', 'ap-southeast-1b'] },
      { regionId: 'xx-test-1', zones: ['xx-test-1a'] },
    ] } });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('lists every region, with its endpoint and name in the asked language', async () => {
    const english = await harness.ecs().describeRegions(new Ecs.DescribeRegionsRequest({
      acceptLanguage: 'en-US', instanceChargeType: 'PostPaid', resourceType: 'instance' }));
    expect(english.statusCode).toBe(200);
    expect(english.body!.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(english.body!.regions!.region!.map((region) => ({ ...region }))).toEqual([
      { regionId: 'ap-southeast-1', regionEndpoint: 'ecs.aliyuncs.com', localName: 'Singapore',
        status: 'available' },
      { regionId: 'cn-hangzhou', regionEndpoint: 'ecs.aliyuncs.com',
        localName: 'China (Hangzhou)', status: 'available' },
      { regionId: 'xx-test-1', regionEndpoint: 'ecs.xx-test-1.aliyuncs.com',
        localName: 'xx-test-1', status: 'available' },
    ]);
    const chinese = await harness.ecs().describeRegions(new Ecs.DescribeRegionsRequest({}));
    expect(chinese.body!.regions!.region!.find((region) => region.regionId === 'cn-hangzhou')
      ?.localName).toBe('华东1（杭州）');
  });

  it('lists a region’s zones with the resources the SDK models', async () => {
    const reply = await harness.ecs().describeZones(new Ecs.DescribeZonesRequest({
      regionId: 'ap-southeast-1', acceptLanguage: 'en-US' }));
    const zones = reply.body!.zones!.zone!;
    expect(zones.map((zone) => [zone.zoneId, zone.localName, zone.zoneType])).toEqual([
      ['ap-southeast-1a', 'Singapore Zone A', 'AvailabilityZone'],
      ['ap-southeast-1b', 'Singapore Zone B', 'AvailabilityZone'],
    ]);
    const first = zones[0]!;
    expect(first.availableInstanceTypes!.instanceTypes).toContain('ecs.g7.xlarge');
    expect(first.availableResourceCreation!.resourceTypes).toEqual(['VSwitch', 'IoOptimized',
      'Instance', 'Disk']);
    expect(first.availableDiskCategories!.diskCategories).toContain('cloud_essd');
    const info = first.availableResources!.resourcesInfo![0]!;
    expect(info.ioOptimized).toBe(true);
    expect(info.networkTypes!.supportedNetworkCategory).toEqual(['vpc']);
    expect(info.instanceTypes!.supportedInstanceType).toContain('ecs.g7.xlarge');
    expect(info.instanceTypeFamilies!.supportedInstanceTypeFamily).toContain('ecs.g7');
    expect(info.systemDiskCategories!.supportedSystemDiskCategory).toContain('cloud_essd');
    const brief = await harness.ecs().describeZones(new Ecs.DescribeZonesRequest({
      regionId: 'cn-hangzhou', verbose: false }));
    expect(brief.body!.zones!.zone!.map((zone) => [zone.zoneId, zone.localName,
      zone.availableInstanceTypes])).toEqual([
      ['cn-hangzhou-h', '华东1（杭州） 可用区 H', undefined],
      ['cn-hangzhou-i', '华东1（杭州） 可用区 I', undefined],
    ]);
  });

  it('refuses an unknown region and a missing one', async () => {
    expect(await sdkError(() => harness.ecs().describeZones(new Ecs.DescribeZonesRequest({
      regionId: 'mars-north-1' })))).toEqual({ name: 'ClientError',
      code: 'InvalidRegionId.NotFound', statusCode: 404 });
    expect(await sdkError(() => harness.ecs({ regionId: '' }).describeZones(
      new Ecs.DescribeZonesRequest({})))).toEqual({ name: 'ClientError',
      code: 'MissingRegionId', statusCode: 400 });
  });
});
