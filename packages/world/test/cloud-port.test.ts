import { buildTestWorld } from '@terway-sim/cloud-emulator/testing';
import type { OpenApiPort } from '@terway-sim/terway-core';
import { describe, expect, it } from 'vitest';
import { cloudMetadataPort, cloudOpenApiPort,
  inProcessClientsConform } from '../src/cloud/ports.js';

describe('cloud ports', () => {
  it('serve Terway’s OpenApiPort and MetadataPort from the emulator under virtual time',
    async () => {
    const world = buildTestWorld({ cloud: { latency: { base: 'fast',
      metadataLag: { minMs: 100, maxMs: 100 } } } });
    const openApi: OpenApiPort = cloudOpenApiPort(world.cloud, { regionId: world.regionId });
    const instanceId = world.instanceIds[0]!;
    const metadata = cloudMetadataPort(world.cloud, instanceId);
    const seen: string[] = [];
    world.env.scheduler.spawn('terway-like', async () => {
      const created = await openApi.call({
        product: 'ecs',
        action: 'CreateNetworkInterface',
        params: {
          RegionId: world.regionId,
          VSwitchId: world.vSwitchIds[0],
          SecurityGroupIds: [world.securityGroupId],
          SecondaryPrivateIpAddressCount: 1,
        },
      });
      if (!created.ok) throw new Error(JSON.stringify(created.error));
      const eniId = String(created.value.NetworkInterfaceId);
      const mac = String(created.value.MacAddress);
      const attached = await openApi.call({ product: 'ecs', action: 'AttachNetworkInterface',
        params: { RegionId: world.regionId, NetworkInterfaceId: eniId, InstanceId: instanceId } });
      seen.push(attached.ok ? 'attached' : 'attach failed');
      for (let poll = 0; poll < 10; poll++) {
        const macs = await metadata.get('network/interfaces/macs/');
        if (macs.ok && macs.value.includes(mac)) {
          seen.push(`mac visible at ${world.env.scheduler.nowMs()} ms`);
          break;
        }
        await world.env.scheduler.sleep(20);
      }
      const refused = await openApi.call({ product: 'ecs', action: 'DeleteNetworkInterface',
        params: { RegionId: world.regionId, NetworkInterfaceId: eniId } });
      seen.push(
        refused.ok
          ? 'deleted?'
          : `${refused.error.kind === 'api' ? refused.error.code : refused.error.code}`,
      );
    });
    await world.env.scheduler.run();
    expect(seen[0]).toBe('attached');
    expect(seen[1]).toMatch(/^mac visible at \d+ ms$/);
    expect(Number(/at (\d+)/.exec(seen[1]!)![1])).toBeGreaterThanOrEqual(100);
    expect(seen[2]).toBe('InvalidOperation.InvalidEniState');
    expect(inProcessClientsConform).toEqual([true, true]);
  });
});
