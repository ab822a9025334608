// Test fixtures: TerwayConfig from a partial eni_conf object, and instance-type records shaped
// like the cloud-emulator catalog (terway-core tests do not import the emulator).

import type { TerwayConfig } from '../../src/config/terway-config.js';
import { decodeEniConf } from '../../src/config/parse.js';
import type { InstanceTypeInfo } from '../../src/limits/instance-limits.js';
import { limitsFromInstanceType, type Limits } from '../../src/limits/instance-limits.js';

export function configOf(eniConf: Record<string, unknown> = {}): TerwayConfig {
  const decoded = decodeEniConf(eniConf);
  if (!decoded.ok) throw new Error(`fixture eni_conf invalid: ${JSON.stringify(decoded.error)}`);
  return decoded.value.config;
}

export function instanceType(overrides: Partial<InstanceTypeInfo> & {
  InstanceTypeId?: string } = {}): InstanceTypeInfo {
  return {
    InstanceTypeId: 'ecs.g7.xlarge', EniQuantity: 4, EniPrivateIpAddressQuantity: 15,
    EniIpv6AddressQuantity: 15, EniTotalQuantity: 20, EniTrunkSupported: true, EriQuantity: 0,
    ...overrides,
  };
}

/** Limits with only the numbers a test cares about. */
export function limitsOf(adapters: number, ipv4PerAdapter: number,
  extra: Partial<InstanceTypeInfo> = {}): Limits {
  return limitsFromInstanceType(instanceType({
    InstanceTypeId:
      `test.${adapters}x${ipv4PerAdapter}`, EniQuantity: adapters,
        EniPrivateIpAddressQuantity: ipv4PerAdapter,
    EniIpv6AddressQuantity: ipv4PerAdapter, EniTotalQuantity: adapters, EniTrunkSupported: false,
      ...extra,
  }));
}
