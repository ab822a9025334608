// The instance-type catalog: the network limits of every ECS type the emulator knows, in the shape
// DescribeInstanceTypes returns them. Sources: the official instance-family tables (ENIs and
// private IPv4 per ENI) and full DescribeInstanceTypes records published in docs and public test
// fixtures.
//
// Values no public source gave are modelled and listed in each record's `modelled` field:
// 7th-generation families (g7, c7, r7, g6e, g7ne, hfg7) support trunking with EniTotalQuantity =
// 5 × EniQuantity (as ecs.g7.xlarge's published 4 → 20) and as many IPv6 as IPv4 per ENI (as
// g7.xlarge's 15/15); older families have one IPv6 per ENI and no trunking; ic5 and burstable t6
// have no IPv6. eRDMA (EriQuantity) is 0 unless published. docs/differences.md repeats this.
// The 8th and 9th generations (g8i, c8i, r8i, g8a, c8a, r8a, g8y, c8y, r8y, g9i, c9i, r9i) are
// in current-generations.ts, with their sources and modelled figures.

import { currentGenerationTypes } from './current-generations.js';

export interface InstanceTypeRecord {
  readonly InstanceTypeId: string;
  readonly InstanceTypeFamily: string;
  readonly CpuCoreCount: number;
  readonly MemorySize: number;
  /** ENIs the instance can attach, the primary included. */
  readonly EniQuantity: number;
  /** Private IPv4 addresses per ENI, the ENI's primary address included. */
  readonly EniPrivateIpAddressQuantity: number;
  readonly EniIpv6AddressQuantity: number;
  /** ENIs plus trunk member ENIs. */
  readonly EniTotalQuantity: number;
  readonly EniTrunkSupported: boolean;
  readonly EriQuantity: number;
  /** `X86` unless given (the Yitian families are `ARM`). */
  readonly CpuArchitecture?: 'X86' | 'ARM';
  /** Where the published figures come from, for records that name it one by one. */
  readonly source?: string;
  /** Fields whose values are modelled rather than published. */
  readonly modelled: readonly string[];
}

interface NetworkLimits {
  readonly eni: number;
  readonly ipv4: number;
  readonly ipv6: number;
  readonly total: number;
  readonly trunk: boolean;
  readonly eri: number;
}

function t(
  id: string,
  family: string,
  cpu: number,
  memoryGiB: number,
  limits: NetworkLimits,
  modelled: readonly string[],
): InstanceTypeRecord {
  return {
    InstanceTypeId: id,
    InstanceTypeFamily: family,
    CpuCoreCount: cpu,
    MemorySize: memoryGiB,
    EniQuantity: limits.eni,
    EniPrivateIpAddressQuantity: limits.ipv4,
    EniIpv6AddressQuantity: limits.ipv6,
    EniTotalQuantity: limits.total,
    EniTrunkSupported: limits.trunk,
    EriQuantity: limits.eri,
    modelled,
  };
}

/** Types up to the 7th generation, sorted by id. */
const olderGenerationTypes: readonly InstanceTypeRecord[] = [
  t(
    'ecs.c6.2xlarge',
    'ecs.c6',
    8,
    16,
    { eni: 4, ipv4: 10, ipv6: 1, total: 4, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.c6.4xlarge',
    'ecs.c6',
    16,
    32,
    { eni: 8, ipv4: 20, ipv6: 1, total: 8, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.c6.8xlarge',
    'ecs.c6',
    32,
    64,
    { eni: 8, ipv4: 20, ipv6: 1, total: 8, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t('ecs.c6.large', 'ecs.c6', 2, 4, { eni: 2, ipv4: 6, ipv6: 1, total: 2, trunk: false, eri: 0 }, [
    'EniIpv6AddressQuantity',
    'EniTotalQuantity',
    'EniTrunkSupported',
    'EriQuantity',
  ]),
  t(
    'ecs.c6.xlarge',
    'ecs.c6',
    4,
    8,
    { eni: 3, ipv4: 10, ipv6: 1, total: 3, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.c7.16xlarge',
    'ecs.c7',
    64,
    128,
    { eni: 8, ipv4: 30, ipv6: 30, total: 40, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.c7.2xlarge',
    'ecs.c7',
    8,
    16,
    { eni: 4, ipv4: 15, ipv6: 15, total: 20, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.c7.32xlarge',
    'ecs.c7',
    128,
    256,
    { eni: 15, ipv4: 30, ipv6: 30, total: 75, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.c7.4xlarge',
    'ecs.c7',
    16,
    32,
    { eni: 8, ipv4: 30, ipv6: 30, total: 40, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.c7.8xlarge',
    'ecs.c7',
    32,
    64,
    { eni: 8, ipv4: 30, ipv6: 30, total: 40, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t('ecs.c7.large', 'ecs.c7', 2, 4, { eni: 3, ipv4: 6, ipv6: 6, total: 15, trunk: true, eri: 0 }, [
    'EniIpv6AddressQuantity',
    'EniTotalQuantity',
    'EniTrunkSupported',
    'EriQuantity',
  ]),
  t(
    'ecs.c7.xlarge',
    'ecs.c7',
    4,
    8,
    { eni: 4, ipv4: 15, ipv6: 15, total: 20, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.ebmc6.26xlarge',
    'ecs.ebmc6',
    104,
    192,
    { eni: 32, ipv4: 10, ipv6: 1, total: 32, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.ebmg5.24xlarge',
    'ecs.ebmg5',
    96,
    384,
    { eni: 32, ipv4: 10, ipv6: 0, total: 32, trunk: false, eri: 0 },
    [],
  ),
  t(
    'ecs.ebmg6.26xlarge',
    'ecs.ebmg6',
    104,
    384,
    { eni: 32, ipv4: 10, ipv6: 1, total: 32, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.ebmgn7.26xlarge',
    'ecs.ebmgn7',
    104,
    768,
    { eni: 15, ipv4: 10, ipv6: 1, total: 15, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.ebmre7p.32xlarge',
    'ecs.ebmre7p',
    128,
    1024,
    { eni: 32, ipv4: 15, ipv6: 1, total: 110, trunk: true, eri: 0 },
    [],
  ),
  t(
    'ecs.g5.2xlarge',
    'ecs.g5',
    8,
    32,
    { eni: 4, ipv4: 10, ipv6: 1, total: 4, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.g5.4xlarge',
    'ecs.g5',
    16,
    64,
    { eni: 8, ipv4: 20, ipv6: 1, total: 8, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t('ecs.g5.large', 'ecs.g5', 2, 8, { eni: 2, ipv4: 6, ipv6: 1, total: 2, trunk: false, eri: 0 }, [
    'EniIpv6AddressQuantity',
    'EniTotalQuantity',
    'EniTrunkSupported',
    'EriQuantity',
  ]),
  t(
    'ecs.g5.xlarge',
    'ecs.g5',
    4,
    16,
    { eni: 3, ipv4: 10, ipv6: 1, total: 3, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.g6.13xlarge',
    'ecs.g6',
    52,
    192,
    { eni: 7, ipv4: 20, ipv6: 1, total: 7, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.g6.16xlarge',
    'ecs.g6',
    64,
    256,
    { eni: 8, ipv4: 20, ipv6: 1, total: 60, trunk: true, eri: 0 },
    ['EriQuantity'],
  ),
  t(
    'ecs.g6.26xlarge',
    'ecs.g6',
    104,
    384,
    { eni: 15, ipv4: 20, ipv6: 1, total: 15, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.g6.2xlarge',
    'ecs.g6',
    8,
    32,
    { eni: 4, ipv4: 10, ipv6: 1, total: 4, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.g6.3xlarge',
    'ecs.g6',
    12,
    48,
    { eni: 6, ipv4: 10, ipv6: 1, total: 6, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.g6.4xlarge',
    'ecs.g6',
    16,
    64,
    { eni: 8, ipv4: 20, ipv6: 1, total: 8, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.g6.6xlarge',
    'ecs.g6',
    24,
    96,
    { eni: 8, ipv4: 20, ipv6: 1, total: 8, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.g6.8xlarge',
    'ecs.g6',
    32,
    128,
    { eni: 8, ipv4: 20, ipv6: 1, total: 8, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t('ecs.g6.large', 'ecs.g6', 2, 8, { eni: 2, ipv4: 6, ipv6: 1, total: 2, trunk: false, eri: 0 }, [
    'EriQuantity',
  ]),
  t(
    'ecs.g6.xlarge',
    'ecs.g6',
    4,
    16,
    { eni: 3, ipv4: 10, ipv6: 1, total: 3, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.g6e.4xlarge',
    'ecs.g6e',
    16,
    64,
    { eni: 8, ipv4: 30, ipv6: 30, total: 40, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.g6e.large',
    'ecs.g6e',
    2,
    8,
    { eni: 3, ipv4: 6, ipv6: 6, total: 15, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.g6e.xlarge',
    'ecs.g6e',
    4,
    16,
    { eni: 4, ipv4: 15, ipv6: 15, total: 20, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.g7.16xlarge',
    'ecs.g7',
    64,
    256,
    { eni: 8, ipv4: 30, ipv6: 30, total: 40, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.g7.2xlarge',
    'ecs.g7',
    8,
    32,
    { eni: 4, ipv4: 15, ipv6: 15, total: 20, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.g7.32xlarge',
    'ecs.g7',
    128,
    512,
    { eni: 15, ipv4: 30, ipv6: 30, total: 75, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.g7.3xlarge',
    'ecs.g7',
    12,
    48,
    { eni: 8, ipv4: 15, ipv6: 15, total: 40, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.g7.4xlarge',
    'ecs.g7',
    16,
    64,
    { eni: 8, ipv4: 30, ipv6: 30, total: 40, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.g7.6xlarge',
    'ecs.g7',
    24,
    96,
    { eni: 8, ipv4: 30, ipv6: 30, total: 40, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.g7.8xlarge',
    'ecs.g7',
    32,
    128,
    { eni: 8, ipv4: 30, ipv6: 30, total: 40, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t('ecs.g7.large', 'ecs.g7', 2, 8, { eni: 3, ipv4: 6, ipv6: 6, total: 15, trunk: true, eri: 0 }, [
    'EniIpv6AddressQuantity',
    'EniTotalQuantity',
    'EniTrunkSupported',
    'EriQuantity',
  ]),
  t(
    'ecs.g7.xlarge',
    'ecs.g7',
    4,
    16,
    { eni: 4, ipv4: 15, ipv6: 15, total: 20, trunk: true, eri: 0 },
    [],
  ),
  t(
    'ecs.g7ne.24xlarge',
    'ecs.g7ne',
    96,
    384,
    { eni: 15, ipv4: 50, ipv6: 50, total: 75, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.g7ne.2xlarge',
    'ecs.g7ne',
    8,
    32,
    { eni: 6, ipv4: 15, ipv6: 15, total: 30, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.g7ne.large',
    'ecs.g7ne',
    2,
    8,
    { eni: 3, ipv4: 10, ipv6: 10, total: 15, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.hfg7.4xlarge',
    'ecs.hfg7',
    16,
    64,
    { eni: 8, ipv4: 30, ipv6: 30, total: 40, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.hfg7.large',
    'ecs.hfg7',
    2,
    8,
    { eni: 2, ipv4: 6, ipv6: 6, total: 10, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.hfg7.xlarge',
    'ecs.hfg7',
    4,
    16,
    { eni: 3, ipv4: 15, ipv6: 15, total: 15, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.ic5.large',
    'ecs.ic5',
    2,
    2,
    { eni: 2, ipv4: 6, ipv6: 0, total: 2, trunk: false, eri: 0 },
    [],
  ),
  t(
    'ecs.r6.2xlarge',
    'ecs.r6',
    8,
    64,
    { eni: 4, ipv4: 10, ipv6: 1, total: 4, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.r6.4xlarge',
    'ecs.r6',
    16,
    128,
    { eni: 8, ipv4: 20, ipv6: 1, total: 8, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t('ecs.r6.large', 'ecs.r6', 2, 16, { eni: 2, ipv4: 6, ipv6: 1, total: 2, trunk: false, eri: 0 }, [
    'EniIpv6AddressQuantity',
    'EniTotalQuantity',
    'EniTrunkSupported',
    'EriQuantity',
  ]),
  t(
    'ecs.r6.xlarge',
    'ecs.r6',
    4,
    32,
    { eni: 3, ipv4: 10, ipv6: 1, total: 3, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.r7.2xlarge',
    'ecs.r7',
    8,
    64,
    { eni: 4, ipv4: 15, ipv6: 15, total: 20, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.r7.4xlarge',
    'ecs.r7',
    16,
    128,
    { eni: 8, ipv4: 30, ipv6: 30, total: 40, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.r7.8xlarge',
    'ecs.r7',
    32,
    256,
    { eni: 8, ipv4: 30, ipv6: 30, total: 40, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t('ecs.r7.large', 'ecs.r7', 2, 16, { eni: 3, ipv4: 6, ipv6: 6, total: 15, trunk: true, eri: 0 }, [
    'EniIpv6AddressQuantity',
    'EniTotalQuantity',
    'EniTrunkSupported',
    'EriQuantity',
  ]),
  t(
    'ecs.r7.xlarge',
    'ecs.r7',
    4,
    32,
    { eni: 4, ipv4: 15, ipv6: 15, total: 20, trunk: true, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.t6-c1m2.large',
    'ecs.t6-c1m2',
    2,
    4,
    { eni: 2, ipv4: 2, ipv6: 0, total: 2, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.t6-c1m4.xlarge',
    'ecs.t6-c1m4',
    4,
    16,
    { eni: 2, ipv4: 6, ipv6: 0, total: 2, trunk: false, eri: 0 },
    ['EniIpv6AddressQuantity', 'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'],
  ),
  t(
    'ecs.u1-c1m4.xlarge',
    'ecs.u1-c1m4',
    4,
    16,
    { eni: 3, ipv4: 10, ipv6: 1, total: 6, trunk: true, eri: 0 },
    [],
  ),
];

/** Every known type, sorted by id. */
export const instanceTypeCatalog: readonly InstanceTypeRecord[] = [
  ...olderGenerationTypes, ...currentGenerationTypes,
].sort((a, b) => (a.InstanceTypeId < b.InstanceTypeId ? -1 : 1));

const byId = new Map(instanceTypeCatalog.map((record) => [record.InstanceTypeId, record]));

export function findInstanceType(id: string): InstanceTypeRecord | undefined {
  return byId.get(id);
}
