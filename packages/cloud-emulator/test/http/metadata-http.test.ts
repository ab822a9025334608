import { describe, expect, it } from 'vitest';
import { startHarness } from './sdk-harness.js';

describe('metadata over HTTP', () => {
  it('issues tokens, serves the instance named by header or query, and refuses bad tokens',
    async () => {
    const harness = await startHarness();
    try {
      const { cloud, app } = harness;
      const vpc = cloud.world.createVpc({ cidrBlock: '10.0.0.0/16' });
      if (!vpc.ok) throw new Error('vpc');
      const vSwitch = cloud.world.createVSwitch({ vpcId: vpc.value.vpcId, zoneId: 'cn-hangzhou-h',
        cidrBlock: '10.0.1.0/24' });
      const group = cloud.world.createSecurityGroup({ vpcId: vpc.value.vpcId });
      if (!vSwitch.ok || !group.ok) throw new Error('world');
      const instances = cloud.world.runInstances({ instanceType: 'ecs.g7.xlarge',
        vSwitchId: vSwitch.value, securityGroupIds: [group.value], amount: 2 });
      if (!instances.ok) throw new Error('instances');
      const [, second] = instances.value;
      const token = await app.inject({ method: 'PUT', url: '/latest/api/token',
        headers: { 'x-aliyun-ecs-metadata-token-ttl-seconds': '21600' } });
      expect(token.statusCode).toBe(200);
      const read = (path: string, headers: Record<string, string> = {}) =>
        app.inject({
          method: 'GET',
          url: `/latest/meta-data/${path}`,
          headers: {
            'x-aliyun-ecs-metadata-token': token.body,
            'x-emulator-instance-id': second!,
            ...headers,
          },
        });
      expect((await read('instance-id')).body).toBe(second);
      expect((await app.inject({ method: 'GET',
        url: `/latest/meta-data/instance-id?instanceId=${second}` })).body).toBe(second);
      const mac = (await read('mac')).body;
      expect((await read('network/interfaces/macs/')).body).toBe(`${mac}/`);
      expect((await read(`network/interfaces/macs/${mac}/gateway`)).body).toBe('10.0.1.253');
      expect((await read(`network/interfaces/macs/${mac}/private-ipv4s`)).body).toBe(
        '["10.0.1.2"]',
      );
      expect((await read(`network/interfaces/macs/${mac}/ipv6s`)).statusCode).toBe(404);
      expect((await read('no/such/path')).statusCode).toBe(404);
      expect((await read('instance-id',
        { 'x-aliyun-ecs-metadata-token': 'forged' })).statusCode).toBe(401);
      expect((await app.inject({ method: 'PUT', url: '/latest/api/token',
        headers: { 'x-aliyun-ecs-metadata-token-ttl-seconds': '0' } })).statusCode).toBe(400);
      expect((await app.inject({ method: 'PUT', url: '/latest/api/token',
        headers: { 'x-aliyun-ecs-metadata-token-ttl-seconds': '60',
          'x-forwarded-for': '1.2.3.4' } })).statusCode).toBe(403);
      expect((await app.inject({ method: 'GET',
        url: '/latest/meta-data/instance-id' })).statusCode).toBe(400);
    } finally {
      await harness.close();
    }
  });
});
