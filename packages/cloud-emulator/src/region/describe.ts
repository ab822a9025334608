// ECS DescribeRegions and DescribeZones, the first calls of the aliyun CLI and of many SDK users.
// DescribeRegions lists every region the emulator was built with (Status `available`);
// DescribeZones lists a region's zones with what each offers, in the SDK's shapes: the instance
// types of the catalog, VSwitch and Instance creation, ESSD and efficiency disks, the VPC network
// type. Names follow AcceptLanguage (zh-CN by default, else English). `Verbose=false` leaves out
// the per-zone resource lists. InstanceChargeType, ResourceType and SpotStrategy are accepted
// and change nothing: the emulator sells everything everywhere.

import { ok, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { defineAction, type ActionContext, type ResponseBody } from '../actions/context.js';
import { instanceTypeCatalog } from '../catalog/instance-types.js';
import { languageOf, regionEndpoint, regionLocalName, zoneLocalName,
  type Language } from '../catalog/regions.js';
import type { ApiError } from '../errors/catalog.js';
import { param } from '../params/schema.js';

const common = {
  AcceptLanguage: param.str({ max: 16 }).optional(),
  InstanceChargeType: param.oneOf(['PrePaid', 'PostPaid', 'SpotWithPriceLimit',
    'SpotAsPriceGo']).optional(),
};

const regionsSchema = z.object({
  ...common,
  ResourceType: param.oneOf(['instance', 'disk', 'reservedinstance', 'scu']).optional(),
});

const zonesSchema = z.object({
  RegionId: param.str({ min: 1, max: 64 }),
  ...common,
  SpotStrategy: param.oneOf(['NoSpot', 'SpotWithPriceLimit', 'SpotAsPriceGo']).optional(),
  Verbose: param.bool().optional(),
});

function regions(ctx: ActionContext,
  params: z.output<typeof regionsSchema>): Result<ResponseBody, ApiError> {
  const language = languageOf(params.AcceptLanguage);
  return ok({ Regions: { Region: ctx.regionIds.map((regionId) => ({
    RegionId: regionId, RegionEndpoint: regionEndpoint(regionId),
    LocalName: regionLocalName(regionId, language), Status: 'available',
  })) } });
}

const diskCategories = ['cloud_essd', 'cloud_efficiency', 'cloud_ssd'];
const instanceTypeIds = instanceTypeCatalog.map((type) => type.InstanceTypeId).sort();
const families = [...new Set(instanceTypeCatalog.map((type) => type.InstanceTypeFamily))].sort();

/** What every zone offers: the whole catalog, on VPC, with the common disk categories. */
const resources = {
  AvailableResourceCreation: { ResourceTypes: ['VSwitch', 'IoOptimized', 'Instance', 'Disk'] },
  AvailableInstanceTypes: { InstanceTypes: instanceTypeIds },
  AvailableDiskCategories: { DiskCategories: diskCategories },
  AvailableVolumeCategories: { VolumeCategories: diskCategories },
  AvailableDedicatedHostTypes: { DedicatedHostType: [] },
  DedicatedHostGenerations: { DedicatedHostGeneration: [] },
  AvailableResources: { ResourcesInfo: [{
    IoOptimized: true,
    InstanceGenerations: { supportedInstanceGeneration: ['ecs-3', 'ecs-4', 'ecs-5', 'ecs-6'] },
    InstanceTypeFamilies: { supportedInstanceTypeFamily: families },
    InstanceTypes: { supportedInstanceType: instanceTypeIds },
    NetworkTypes: { supportedNetworkCategory: ['vpc'] },
    SystemDiskCategories: { supportedSystemDiskCategory: diskCategories },
    DataDiskCategories: { supportedDataDiskCategory: diskCategories },
  }] },
};

function zone(regionId: string, zoneId: string, language: Language,
  verbose: boolean): Record<string, unknown> {
  const named = { ZoneId: zoneId, LocalName: zoneLocalName(regionId, zoneId, language),
    ZoneType: 'AvailabilityZone' };
  return verbose ? { ...named, ...resources }
    : { ...named, AvailableResourceCreation: resources.AvailableResourceCreation };
}

function zones(ctx: ActionContext,
  params: z.output<typeof zonesSchema>): Result<ResponseBody, ApiError> {
  const language = languageOf(params.AcceptLanguage);
  const regionId = ctx.draft.regionId;
  return ok({ Zones: { Zone: ctx.draft.base.zones.map((zoneId) => zone(regionId, zoneId,
    language, params.Verbose ?? true)) } });
}

export const describeRegions = defineAction({
  product: 'ecs', name: 'DescribeRegions', schema: regionsSchema, region: 'endpoint',
  idempotent: false, readOnly: true, run: regions,
});

export const describeZones = defineAction({
  product: 'ecs', name: 'DescribeZones', schema: zonesSchema, region: 'required',
  idempotent: false, readOnly: true, run: zones,
});
