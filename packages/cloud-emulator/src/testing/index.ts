// Test fixtures (exported as `@terway-sim/cloud-emulator/testing`): a seeded run with a small
// world already built (one VPC, vSwitches in two zones, a security group, instances), so tests
// in any package can start from "a node exists" in one line.

import { assert, createSimEnv, type Result, type SimEnv } from '@terway-sim/sim-base';
import { CloudEmulator } from '../emulator/cloud-emulator.js';
import type { CloudEmulatorOptions } from '../emulator/options.js';

export interface TestWorld {
  readonly env: SimEnv;
  readonly cloud: CloudEmulator;
  readonly regionId: string;
  readonly vpcId: string;
  readonly routeTableId: string;
  /** vSwitch per zone: the first zone's, then the second's. */
  readonly vSwitchIds: readonly string[];
  readonly securityGroupId: string;
  readonly instanceIds: readonly string[];
}

export interface TestWorldOptions {
  readonly seed?: number | string;
  readonly cloud?: CloudEmulatorOptions;
  readonly instanceType?: string;
  readonly instances?: number;
  /** vSwitch CIDRs, one per zone in order. */
  readonly vSwitchCidrs?: readonly string[];
  readonly ipv6?: boolean;
  readonly securityGroupType?: 'normal' | 'enterprise';
  readonly retainEvents?: number;
}

function must<T>(result: Result<T, { code: string; message: string }>, what: string): T {
  assert(
    result.ok,
    () =>
      `test world: ${what} failed: ${result.ok ? '' : `${result.error.code} ${result.error.message}`}`,
  );
  return result.value;
}

/**
 * A seeded env and a cloud with one VPC (192.168.0.0/16), vSwitches, a security group and
 * instances.
 */
export function buildTestWorld(options: TestWorldOptions = {}): TestWorld {
  const env = createSimEnv({ seed: options.seed ?? 1, retainMax: options.retainEvents ?? 10_000 });
  const cloud = new CloudEmulator(env, { latency: 'fast', ...options.cloud });
  const regionId = cloud.defaultRegion;
  const zones = cloud.state.regions[regionId]!.zones;
  const ipv6 = options.ipv6 ?? false;
  const vpc = must(cloud.world.createVpc({ cidrBlock: '192.168.0.0/16', enableIpv6: ipv6 }),
    'CreateVpc');
  const cidrs = options.vSwitchCidrs ?? ['192.168.0.0/20', '192.168.16.0/20'];
  const vSwitchIds = cidrs.map((cidrBlock, index) =>
    must(
      cloud.world.createVSwitch({
        vpcId: vpc.vpcId,
        zoneId: zones[index % zones.length]!,
        cidrBlock,
        ...(ipv6 ? { ipv6CidrBlock: index } : {}),
      }),
      `CreateVSwitch ${cidrBlock}`,
    ),
  );
  const securityGroupId = must(cloud.world.createSecurityGroup({ vpcId: vpc.vpcId,
    type: options.securityGroupType ?? 'enterprise' }), 'CreateSecurityGroup');
  const instanceIds =
    (options.instances ?? 1) === 0
      ? []
      : must(
          cloud.world.runInstances({
            instanceType: options.instanceType ?? 'ecs.g7.xlarge',
            vSwitchId: vSwitchIds[0]!,
            securityGroupIds: [securityGroupId],
            amount: options.instances ?? 1,
          }),
          'RunInstances',
        );
  return { env, cloud, regionId, vpcId: vpc.vpcId, routeTableId: vpc.routeTableId, vSwitchIds,
    securityGroupId, instanceIds };
}
