// ECS DescribeInstanceTypes over the catalog: by id list or family, with the Minimum* network
// filters, at most 100 per page (MaxResults over 100 is refused; the legacy 1,600 was retired in
// 2023) and NextToken paging, as Terway walks it at daemon start (its pkg/aliyun/client/ecs.go).
// Fields the catalog does not publish are given fixed, plausible values (docs/differences.md).

import { ok, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { defineAction, type ActionContext, type ResponseBody } from '../actions/context.js';
import { byKey, pageByToken } from '../actions/paging.js';
import type { ApiError } from '../errors/catalog.js';
import { param } from '../params/schema.js';
import { instanceTypeCatalog, type InstanceTypeRecord } from './instance-types.js';

const schema = z.object({
  RegionId: param.str({ max: 64 }).optional(),
  InstanceTypes: param.list(param.str({ min: 1, max: 128 }), { max: 100 }).optional(),
  InstanceTypeFamily: param.str({ max: 128 }).optional(),
  InstanceTypeFamilies: param.list(param.str({ min: 1, max: 128 }), { max: 10 }).optional(),
  MinimumEniQuantity: param.int(0, 1000).optional(),
  MinimumEniPrivateIpAddressQuantity: param.int(0, 1000).optional(),
  MinimumEniIpv6AddressQuantity: param.int(0, 1000).optional(),
  MinimumCpuCoreCount: param.int(0, 10_000).optional(),
  MaximumCpuCoreCount: param.int(0, 10_000).optional(),
  MaxResults: param.int(1, 100).optional(),
  NextToken: param.str({ max: 512 }).optional(),
});

type Params = z.output<typeof schema>;

function matches(type: InstanceTypeRecord, params: Params): boolean {
  return (
    (params.InstanceTypes === undefined || params.InstanceTypes.includes(type.InstanceTypeId)) &&
    (params.InstanceTypeFamily === undefined ||
      type.InstanceTypeFamily === params.InstanceTypeFamily) &&
    (params.InstanceTypeFamilies === undefined ||
      params.InstanceTypeFamilies.includes(type.InstanceTypeFamily)) &&
    type.EniQuantity >= (params.MinimumEniQuantity ?? 0) &&
    type.EniPrivateIpAddressQuantity >= (params.MinimumEniPrivateIpAddressQuantity ?? 0) &&
    type.EniIpv6AddressQuantity >= (params.MinimumEniIpv6AddressQuantity ?? 0) &&
    type.CpuCoreCount >= (params.MinimumCpuCoreCount ?? 0) &&
    type.CpuCoreCount <= (params.MaximumCpuCoreCount ?? Number.MAX_SAFE_INTEGER)
  );
}

export function renderInstanceType(type: InstanceTypeRecord): Record<string, unknown> {
  const queues = Math.min(Math.max(2, type.CpuCoreCount), 32);
  return {
    InstanceTypeId: type.InstanceTypeId,
    InstanceTypeFamily: type.InstanceTypeFamily,
    CpuCoreCount: type.CpuCoreCount,
    MemorySize: type.MemorySize,
    EniQuantity: type.EniQuantity,
    EniPrivateIpAddressQuantity: type.EniPrivateIpAddressQuantity,
    EniIpv6AddressQuantity: type.EniIpv6AddressQuantity,
    EniTotalQuantity: type.EniTotalQuantity,
    EniTrunkSupported: type.EniTrunkSupported,
    EriQuantity: type.EriQuantity,
    NetworkCardQuantity: 1,
    NetworkCards: { NetworkCardInfo: [{ NetworkCardIndex: 0 }] },
    PrimaryEniQueueNumber: queues,
    SecondaryEniQueueNumber: queues,
    TotalEniQueueQuantity: queues * type.EniQuantity,
    MaximumQueueNumberPerEni: queues,
    QueuePairNumber: queues,
    CpuArchitecture: type.CpuArchitecture ?? 'X86',
    InstanceCategory: 'General-purpose',
    InstanceFamilyLevel: 'EnterpriseLevel',
    GPUAmount: 0,
    GPUSpec: '',
    DiskQuantity: 17,
    NvmeSupport: 'required',
    LocalStorageCategory: '',
    SupportedBootModes: { SupportedBootMode: ['BIOS', 'UEFI'] },
    Attributes: { Attribute: [] },
  };
}

function describe(_ctx: ActionContext, params: Params): Result<ResponseBody, ApiError> {
  const found = byKey(instanceTypeCatalog, (type) => type.InstanceTypeId).filter((type) =>
    matches(type, params),
  );
  const page = pageByToken(
    found,
    (type) => type.InstanceTypeId,
    params.NextToken,
    params.MaxResults ?? 100,
  );
  if (!page.ok) return page;
  return ok({
    NextToken: page.value.nextToken,
    InstanceTypes: { InstanceType: page.value.items.map(renderInstanceType) },
  });
}

export const describeInstanceTypes = defineAction({
  product: 'ecs',
  name: 'DescribeInstanceTypes',
  schema,
  region: 'endpoint',
  idempotent: false,
  readOnly: true,
  run: describe,
});
