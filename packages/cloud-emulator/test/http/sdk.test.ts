import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ecs, sdkError, startHarness, until, Vpc, type Harness } from './sdk-harness.js';

const regionId = 'cn-hangzhou';

describe('the official SDKs against the HTTP face', () => {
  let harness: Harness;
  const ids = { vpc: '', routeTable: '', vSwitch: '', smallVSwitch: '', securityGroup: '',
    instance: '', eni: '', ip: '' };

  beforeAll(async () => {
    // Route entries take a second to create, so the TaskConflict below does not race a loaded
    // machine's clock; the test waits for Created before the next step.
    harness = await startHarness({ cloud: { quotas: { enisPerRegion: 5, routeEntriesPerTable: 1 },
      rateLimits: { DescribeRegions: 0 },
      latency: { base: 'fast', async: { routeCreate: { minMs: 1000, maxMs: 1000 } } } } });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('builds a VPC, vSwitches, a security group and an instance from nothing', async () => {
    const vpc = await harness.vpc().createVpc(new Vpc.CreateVpcRequest({ regionId,
      cidrBlock: '10.0.0.0/8', vpcName: 'sdk' }));
    ids.vpc = vpc.body!.vpcId!;
    ids.routeTable = vpc.body!.routeTableId!;
    expect(vpc.statusCode).toBe(200);
    const vSwitch = await harness.vpc().createVSwitch(new Vpc.CreateVSwitchRequest({ regionId,
      vpcId: ids.vpc, zoneId: 'cn-hangzhou-h', cidrBlock: '10.1.0.0/24' }));
    ids.vSwitch = vSwitch.body!.vSwitchId!;
    const small = await harness.vpc().createVSwitch(new Vpc.CreateVSwitchRequest({ regionId,
      vpcId: ids.vpc, zoneId: 'cn-hangzhou-h', cidrBlock: '10.2.0.0/29' }));
    ids.smallVSwitch = small.body!.vSwitchId!;
    const group = await harness
      .ecs()
      .createSecurityGroup(
        new Ecs.CreateSecurityGroupRequest({ regionId, vpcId: ids.vpc, securityGroupName: 'sdk' }),
      );
    ids.securityGroup = group.body!.securityGroupId!;
    const run = await harness.ecs().runInstances(
      new Ecs.RunInstancesRequest({
        regionId,
        imageId: 'anything-goes',
        instanceType: 'ecs.g6.large',
        vSwitchId: ids.vSwitch,
        securityGroupId: ids.securityGroup,
      }),
    );
    ids.instance = run.body!.instanceIdSets!.instanceIdSet![0]!;
    const running = await until(
      () => harness.ecs().describeInstances(new Ecs.DescribeInstancesRequest({ regionId,
        instanceIds: JSON.stringify([ids.instance]) })),
      (reply) => reply.body!.instances!.instance![0]!.status === 'Running',
    );
    expect(running.body!.instances!.instance![0]!.networkInterfaces!.networkInterface).toHaveLength(
      1,
    );
    const vSwitches = await harness
      .vpc()
      .describeVSwitches(new Vpc.DescribeVSwitchesRequest({ regionId, vSwitchId: ids.vSwitch }));
    expect(vSwitches.body!.vSwitches!.vSwitch![0]!.availableIpAddressCount).toBe(256 - 4 - 1);
  });

  it('creates, attaches, polls to InUse, assigns and unassigns, detaches and deletes an ENI',
    async () => {
    const ecs = harness.ecs();
    const created = await ecs.createNetworkInterface(
      new Ecs.CreateNetworkInterfaceRequest({
        regionId,
        vSwitchId: ids.vSwitch,
        securityGroupIds: [ids.securityGroup],
        description: 'interface create by terway',
        tag: [new Ecs.CreateNetworkInterfaceRequestTag({ key: 'creator', value: 'terway' })],
        clientToken: 'sdk-create-1',
      }),
    );
    ids.eni = created.body!.networkInterfaceId!;
    expect(created.body!.status).toBe('Available');
    expect(created.headers!['x-acs-request-id']).toBe(created.body!.requestId);
    await ecs.attachNetworkInterface(new Ecs.AttachNetworkInterfaceRequest({ regionId,
      networkInterfaceId: ids.eni, instanceId: ids.instance }));
    const describe = () =>
      ecs.describeNetworkInterfaces(
        new Ecs.DescribeNetworkInterfacesRequest({
          regionId,
          networkInterfaceId: [ids.eni],
          maxResults: 500,
        }),
      );
    const seen = new Set<string>();
    const inUse = await until(describe, (reply) => {
      const status = reply.body!.networkInterfaceSets!.networkInterfaceSet![0]!.status!;
      seen.add(status);
      return status === 'InUse';
    });
    expect(seen.has('InUse')).toBe(true);
    const eni = inUse.body!.networkInterfaceSets!.networkInterfaceSet![0]!;
    expect(eni.attachment!.deviceIndex).toBe(1);
    expect(eni.tags!.tag![0]).toMatchObject({ tagKey: 'creator', tagValue: 'terway' });
    const assigned = await ecs.assignPrivateIpAddresses(
      new Ecs.AssignPrivateIpAddressesRequest({
        regionId,
        networkInterfaceId: ids.eni,
        secondaryPrivateIpAddressCount: 2,
      }),
    );
    const ips = assigned.body!.assignedPrivateIpAddressesSet!.privateIpSet!.privateIpAddress!;
    expect(ips).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await ecs.unassignPrivateIpAddresses(new Ecs.UnassignPrivateIpAddressesRequest({ regionId,
      networkInterfaceId: ids.eni, privateIpAddress: [ips[0]!] }));
    ids.ip = ips[1]!;
    await until(async () => {
      try {
        await ecs.detachNetworkInterface(new Ecs.DetachNetworkInterfaceRequest({ regionId,
          networkInterfaceId: ids.eni, instanceId: ids.instance }));
        return true;
      } catch {
        return false;
      }
    }, (done) => done);
    await until(describe,
      (reply) => reply.body!.networkInterfaceSets!.networkInterfaceSet![0]!.status === 'Available');
    await ecs.deleteNetworkInterface(new Ecs.DeleteNetworkInterfaceRequest({ regionId,
      networkInterfaceId: ids.eni }));
    await until(describe,
      (reply) => reply.body!.networkInterfaceSets!.networkInterfaceSet!.length === 0);
  });

  it('surfaces every refusal with its code and status', async () => {
    const ecs = harness.ecs();
    const create = (vSwitchId: string, extra: Record<string,
      unknown> = {}) => ecs.createNetworkInterface(
      new Ecs.CreateNetworkInterfaceRequest({ regionId, vSwitchId,
        securityGroupIds: [ids.securityGroup], ...extra }));
    const first = (await create(ids.vSwitch)).body!.networkInterfaceId!;
    const second = (await create(ids.vSwitch)).body!.networkInterfaceId!;
    const attach = (eni: string) =>
      ecs.attachNetworkInterface(
        new Ecs.AttachNetworkInterfaceRequest({
          regionId,
          networkInterfaceId: eni,
          instanceId: ids.instance,
        }),
      );
    await attach(first);
    const results: Record<string, unknown> = {};
    results.perInstance = await sdkError(() => attach(second), 'perInstance');
    results.invalidState = await sdkError(
      () =>
        ecs.deleteNetworkInterface(
          new Ecs.DeleteNetworkInterfaceRequest({ regionId, networkInterfaceId: first }),
        ),
      'invalidState',
    );
    results.notFound = await sdkError(
      () =>
        ecs.deleteNetworkInterface(
          new Ecs.DeleteNetworkInterfaceRequest({ regionId, networkInterfaceId: 'eni-missing' }),
        ),
      'notFound',
    );
    await until(
      () =>
        ecs.describeNetworkInterfaces(
          new Ecs.DescribeNetworkInterfacesRequest({ regionId, networkInterfaceId: [first] }),
        ),
      (reply) => reply.body!.networkInterfaceSets!.networkInterfaceSet![0]!.status === 'InUse',
    );
    results.ipv4Count = await sdkError(
      () =>
        ecs.assignPrivateIpAddresses(
          new Ecs.AssignPrivateIpAddressesRequest({
            regionId,
            networkInterfaceId: first,
            secondaryPrivateIpAddressCount: 6,
          }),
        ),
      'ipv4Count',
    );
    results.ipNotEnough = await sdkError(() => create(ids.smallVSwitch,
      { secondaryPrivateIpAddressCount: 4 }), 'ipNotEnough');
    results.idempotent = await sdkError(() => create(ids.vSwitch,
      { clientToken: 'sdk-create-1', secondaryPrivateIpAddressCount: 1 }), 'idempotent');
    await create(ids.vSwitch);
    await create(ids.vSwitch);
    await create(ids.vSwitch);
    results.quota = await sdkError(() => create(ids.vSwitch), 'quota');
    const route = (cidr: string) =>
      harness
        .vpc()
        .createRouteEntry(
          new Vpc.CreateRouteEntryRequest({
            regionId,
            routeTableId: ids.routeTable,
            destinationCidrBlock: cidr,
            nextHopId: ids.instance,
          }),
        );
    await route('172.16.0.0/24');
    results.taskConflict = await sdkError(() => route('172.16.1.0/24'), 'taskConflict');
    await until(async () => harness.cloud.view().routeEntries(ids.routeTable),
      (entries) => entries.every((entry) => entry.status === 'Created'));
    results.duplicate = await sdkError(() => route('172.16.0.0/24'), 'duplicate');
    results.routeQuota = await sdkError(() => route('172.16.2.0/24'), 'routeQuota');
    expect(results).toEqual({
      perInstance: { name: 'ClientError', code: 'EniPerInstanceLimitExceeded', statusCode: 403 },
      invalidState: { name: 'ClientError', code: 'InvalidOperation.InvalidEniState',
        statusCode: 400 },
      notFound: { name: 'ClientError', code: 'InvalidEniId.NotFound', statusCode: 404 },
      ipv4Count: { name: 'ClientError', code: 'InvalidOperation.Ipv4CountExceeded',
        statusCode: 403 },
      ipNotEnough: { name: 'ClientError', code: 'InvalidVSwitchId.IpNotEnough', statusCode: 403 },
      idempotent: { name: 'ClientError', code: 'IdempotentParameterMismatch', statusCode: 400 },
      quota: { name: 'ClientError', code: 'MaxEniCountExceeded', statusCode: 403 },
      taskConflict: { name: 'ClientError', code: 'TaskConflict', statusCode: 400 },
      duplicate: { name: 'ClientError', code: 'InvalidCIDRBlock.Duplicate', statusCode: 400 },
      routeQuota: { name: 'ClientError', code: 'QuotaExceeded', statusCode: 400 },
    });
  });
});

describe('flow control and faults through the SDK', () => {
  it('answers Throttling with status 400 and x-acs-retry-after, and injected server errors',
    async () => {
    const harness = await startHarness({
      cloud: {
        rateLimits: { DescribeNetworkInterfaces: 1 },
        faults: [{ kind: 'error', code: 'ServiceUnavailable', api: 'DescribeInstanceTypes',
          countMax: 1 }],
      },
    });
    try {
      const ecs = harness.ecs();
      const describe = () =>
        ecs.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId }));
      await describe();
      const throttled = await sdkError(describe);
      expect(throttled).toMatchObject({ name: 'ThrottlingError', code: 'Throttling',
        statusCode: 400 });
      expect(throttled.retryAfter).toBeGreaterThan(0);
      expect(throttled.retryAfter).toBeLessThanOrEqual(60_000);
      expect(
        await sdkError(() =>
          ecs.describeInstanceTypes(
            new Ecs.DescribeInstanceTypesRequest({ instanceTypes: ['ecs.g7.xlarge'] }),
          ),
        ),
      ).toEqual({ name: 'ServerError', code: 'ServiceUnavailable', statusCode: 503 });
      const types = await ecs.describeInstanceTypes(
        new Ecs.DescribeInstanceTypesRequest({ instanceTypes: ['ecs.g7.xlarge'] }),
      );
      expect(types.body!.instanceTypes!.instanceType![0]).toMatchObject({ eniQuantity: 4,
        eniPrivateIpAddressQuantity: 15, eniTotalQuantity: 20, eniTrunkSupported: true });
      const metrics = await harness.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toContain(
        'cloud_api_throttled_total{api="DescribeNetworkInterfaces"} 1',
      );
      expect(metrics.body).toContain(
        'cloud_api_faults_total{api="DescribeInstanceTypes",kind="error"} 1',
      );
      expect(metrics.body)
        .toContain('cloud_api_latency_seconds_count{api="DescribeNetworkInterfaces"} 2');
    } finally {
      await harness.close();
    }
  });
});

describe('lost replies over HTTP', () => {
  it('holds the connection and closes it without a reply, after applying the call when the fault says so', async () => {
    const harness = await startHarness({
      cloud: {
        faults: [{ kind: 'timeout', applied: true, api: 'CreateSecurityGroup', countMax: 1 }],
      },
      http: { transportHoldMs: 50 },
    });
    try {
      const vpc = harness.cloud.world.createVpc({ cidrBlock: '10.0.0.0/16' });
      if (!vpc.ok) throw new Error('vpc');
      const failure = await harness
        .ecs()
        .createSecurityGroup(
          new Ecs.CreateSecurityGroupRequest({ regionId, vpcId: vpc.value.vpcId }),
        )
        .then(
          () => 'replied',
          (error: Error & { code?: string }) => error.code ?? error.message,
        );
      expect(failure).toMatch(/ECONNRESET|socket hang up/);
      expect(harness.cloud.view().securityGroups()).toHaveLength(1);
    } finally {
      await harness.close();
    }
  });
});
