// The 8th- and 9th-generation enterprise families in the catalog: general-purpose (g),
// compute-optimized (c) and memory-optimized (r), on Intel (…i), AMD (…a) and Alibaba's Yitian
// Arm (…y) processors. What ACK clusters are built on today, so `capacity` and scenarios must
// know them.
//
// Sources, per family row below (`source`):
// - Names, vCPUs and memory: Alibaba Cloud's instance family pages (general-purpose, compute-
//   optimized and memory-optimized instance families); the vCPU-to-memory ratio of each letter is
//   the published one (g 1:4, c 1:2, r 1:8), as in ecs.g8i.large 2 vCPU / 8 GiB.
// - eRDMA: the 8th- and 9th-generation Intel and AMD families are eRDMA-capable (Elastic RDMA
//   Interface; Alibaba Cloud's eRDMA pages point to DescribeInstanceTypes' EriQuantity for the
//   count); an ecs.g8i.xlarge instance takes exactly one ERI (a published deployment record).
//   The Yitian families are modelled without eRDMA.
//
// Modelled, because no table this project could read gives them (every row lists them in
// `modelled`, as the rest of the catalog does): the ENI count and the private IPv4 and IPv6
// addresses per ENI are those of the 7th generation's same size (ecs.g7.xlarge 4 ENIs × 15, …:
// the newer tables keep the size ladder), trunking with EniTotalQuantity = 5 × EniQuantity as the
// 7th generation, and EriQuantity 1 below 8 ENIs and 2 from 8 ENIs (Terway uses at most that many,
// pkg/aliyun/client/limit.go ERDMARes). docs/differences.md repeats this.

import type { InstanceTypeRecord } from './instance-types.js';

interface Family {
  /** `ecs.g8i` and so on. */
  readonly family: string;
  /** GiB of memory per vCPU: 4 (g), 2 (c), 8 (r). */
  readonly memoryPerCpu: number;
  readonly architecture: 'X86' | 'ARM';
  readonly erdma: boolean;
  /** Where the family's names, vCPUs and memory come from. */
  readonly source: string;
}

interface Size {
  readonly suffix: string;
  readonly cpu: number;
  /** The 7th generation's ENIs and IPv4 (= IPv6) addresses per ENI for this size. */
  readonly eni: number;
  readonly ipsPerEni: number;
}

const generalPurpose =
  'alibabacloud.com/help/en/ecs/user-guide/general-purpose-instance-families';
const computeOptimized =
  'alibabacloud.com/help/en/ecs/user-guide/compute-optimized-instance-families';
const memoryOptimized =
  'alibabacloud.com/help/en/ecs/user-guide/memory-optimized-instance-families-1';

function families(generation: 8 | 9, processor: 'i' | 'a' | 'y', erdma: boolean): Family[] {
  const architecture = processor === 'y' ? 'ARM' : 'X86';
  return [
    { letter: 'g', memoryPerCpu: 4, source: generalPurpose },
    { letter: 'c', memoryPerCpu: 2, source: computeOptimized },
    { letter: 'r', memoryPerCpu: 8, source: memoryOptimized },
  ].map(({ letter, memoryPerCpu, source }) => ({
    family: `ecs.${letter}${generation}${processor}`, memoryPerCpu, architecture, erdma, source,
  }));
}

/** The families added (Yitian g8y, c8y, r8y modelled without eRDMA). */
const currentFamilies: readonly Family[] = [
  ...families(8, 'i', true),
  ...families(8, 'a', true),
  ...families(8, 'y', false),
  ...families(9, 'i', true),
];

/** The sizes every one of these families offers, with the 7th generation's network limits. */
const sizes: readonly Size[] = [
  { suffix: 'large', cpu: 2, eni: 3, ipsPerEni: 6 },
  { suffix: 'xlarge', cpu: 4, eni: 4, ipsPerEni: 15 },
  { suffix: '2xlarge', cpu: 8, eni: 4, ipsPerEni: 15 },
  { suffix: '4xlarge', cpu: 16, eni: 8, ipsPerEni: 30 },
  { suffix: '8xlarge', cpu: 32, eni: 8, ipsPerEni: 30 },
  { suffix: '16xlarge', cpu: 64, eni: 8, ipsPerEni: 30 },
];

const modelled = ['EniQuantity', 'EniPrivateIpAddressQuantity', 'EniIpv6AddressQuantity',
  'EniTotalQuantity', 'EniTrunkSupported', 'EriQuantity'] as const;

function record(family: Family, size: Size): InstanceTypeRecord {
  return {
    InstanceTypeId: `${family.family}.${size.suffix}`,
    InstanceTypeFamily: family.family,
    CpuCoreCount: size.cpu,
    MemorySize: size.cpu * family.memoryPerCpu,
    EniQuantity: size.eni,
    EniPrivateIpAddressQuantity: size.ipsPerEni,
    EniIpv6AddressQuantity: size.ipsPerEni,
    EniTotalQuantity: 5 * size.eni,
    EniTrunkSupported: true,
    EriQuantity: family.erdma ? (size.eni >= 8 ? 2 : 1) : 0,
    CpuArchitecture: family.architecture,
    source: family.source,
    modelled,
  };
}

/** The 8th- and 9th-generation records (unsorted; the catalog sorts them with the rest). */
export const currentGenerationTypes: readonly InstanceTypeRecord[] = currentFamilies.flatMap(
  (family) => sizes.map((size) => record(family, size)));
