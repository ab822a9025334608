// VPC Internet NAT gateways and their SNAT tables: CreateNatGateway (one SNAT table each),
// DescribeNatGateways, CreateSnatEntry (a source vSwitch or CIDR translated to an EIP bound to
// the gateway), DescribeSnatTableEntries and DeleteSnatEntry, with the SDK's shapes. Gateways
// and entries are Available at once. The VPC fabric reads the entries to decide whether a packet
// to an address outside the VPC leaves it (egress.ts), so a pod without one has no way out.

import { err, normalizePrefix, ok, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { defineAction, type ActionContext, type ResponseBody } from '../actions/context.js';
import { findVpc, findVSwitch } from '../actions/lookup.js';
import { byKey, pageByNumber } from '../actions/paging.js';
import { wallText } from '../actions/wall-time.js';
import { apiError, invalidParameter, type ApiError } from '../errors/catalog.js';
import { param } from '../params/schema.js';
import type { NatGatewayRecord, SnatEntryRecord } from '../state/types.js';

const id = () => param.str({ min: 1, max: 128 });

const createSchema = z.object({
  RegionId: id(),
  VpcId: id(),
  VSwitchId: id(),
  Name: param.str({ max: 128 }).optional(),
  NatType: param.oneOf(['Enhanced']).optional(),
  NetworkType: param.oneOf(['internet', 'intranet']).optional(),
  ClientToken: param.str({ max: 64 }).optional(),
});

function create(ctx: ActionContext,
  params: z.output<typeof createSchema>): Result<ResponseBody, ApiError> {
  const vpc = findVpc(ctx.draft, params.VpcId);
  if (!vpc.ok) return vpc;
  const vSwitch = findVSwitch(ctx.draft, params.VSwitchId);
  if (!vSwitch.ok) return vSwitch;
  if (vSwitch.value.vpcId !== vpc.value.id) {
    return err(apiError('InvalidOperation.VpcMismatch',
      `vSwitch ${vSwitch.value.id} is in ${vSwitch.value.vpcId}`));
  }
  const gateway: NatGatewayRecord = { id: ctx.ids.next('ngw'), regionId: ctx.draft.regionId,
    vpcId: vpc.value.id, vSwitchId: vSwitch.value.id, name: params.Name ?? '',
    snatTableId: ctx.ids.next('stb'), snatEntries: [], createdMs: ctx.nowMs };
  ctx.draft.natGateways.set(gateway.id, gateway);
  return ok({ NatGatewayId: gateway.id, SnatTableIds: { SnatTableId: [gateway.snatTableId] },
    ForwardTableIds: { ForwardTableId: [] }, FullNatTableIds: { FullNatTableId: [] } });
}

const describeGatewaysSchema = z.object({
  RegionId: id(),
  VpcId: id().optional(),
  NatGatewayId: id().optional(),
  PageNumber: param.int(1, 1_000_000).optional(),
  PageSize: param.int(1, 50).optional(),
});

function describeGateways(ctx: ActionContext,
  params: z.output<typeof describeGatewaysSchema>): Result<ResponseBody, ApiError> {
  const found = byKey(ctx.draft.natGateways.values(), (gateway) => gateway.id)
    .filter((gateway) => (params.VpcId === undefined || gateway.vpcId === params.VpcId) &&
      (params.NatGatewayId === undefined || gateway.id === params.NatGatewayId));
  const page = pageByNumber(found, params.PageNumber ?? 1, params.PageSize ?? 10);
  const eips = ctx.draft.eips.values();
  return ok({ TotalCount: found.length, PageNumber: page.pageNumber, PageSize: page.pageSize,
    NatGateways: { NatGateway: page.items.map((gateway) => ({
      NatGatewayId: gateway.id, Name: gateway.name, VpcId: gateway.vpcId,
      RegionId: gateway.regionId,
      Status: 'Available', NatType: 'Enhanced', NetworkType: 'internet',
      CreationTime: wallText(ctx.wallMs - ctx.nowMs + gateway.createdMs),
      SnatTableIds: { SnatTableId: [gateway.snatTableId] },
      ForwardTableIds: { ForwardTableId: [] },
      NatGatewayPrivateInfo: { VswitchId: gateway.vSwitchId },
      IpLists: { IpList: eips.filter((eip) => eip.association?.instanceId === gateway.id)
        .map((eip) => ({ AllocationId: eip.id, IpAddress: eip.ipAddress,
          UsingStatus: 'UsedBySnatTable' })) },
    })) } });
}

function gatewayOfTable(ctx: ActionContext,
  snatTableId: string): Result<NatGatewayRecord, ApiError> {
  const gateway = ctx.draft.natGateways.values()
    .find((candidate) => candidate.snatTableId === snatTableId);
  return gateway === undefined
    ? err(apiError('InvalidSnatTableId.NotFound', `SnatTableId: ${snatTableId}`)) : ok(gateway);
}

const createEntrySchema = z.object({
  RegionId: id(),
  SnatTableId: id(),
  SnatIp: param.str({ min: 1, max: 64 }),
  SourceVSwitchId: id().optional(),
  SourceCIDR: param.str({ max: 64 }).optional(),
  SnatEntryName: param.str({ max: 128 }).optional(),
  ClientToken: param.str({ max: 64 }).optional(),
});

/** The source an entry translates: a vSwitch of the gateway's VPC, or a CIDR. */
function sourceOf(ctx: ActionContext, gateway: NatGatewayRecord,
  params: z.output<typeof createEntrySchema>): Result<{ vSwitchId: string; cidr: string },
  ApiError> {
  if (params.SourceVSwitchId !== undefined) {
    const vSwitch = findVSwitch(ctx.draft, params.SourceVSwitchId);
    if (!vSwitch.ok) return vSwitch;
    if (vSwitch.value.vpcId !== gateway.vpcId) {
      return err(apiError('InvalidOperation.VpcMismatch',
        `vSwitch ${vSwitch.value.id} is not in ${gateway.vpcId}`));
    }
    return ok({ vSwitchId: vSwitch.value.id, cidr: vSwitch.value.cidrBlock });
  }
  const cidr = params.SourceCIDR === undefined ? undefined : normalizePrefix(params.SourceCIDR);
  if (cidr === undefined || cidr.includes(':')) {
    return err(invalidParameter('SourceCIDR',
      'SourceVSwitchId, or SourceCIDR as an IPv4 CIDR block'));
  }
  return ok({ vSwitchId: '', cidr });
}

function createEntry(ctx: ActionContext,
  params: z.output<typeof createEntrySchema>): Result<ResponseBody, ApiError> {
  const gateway = gatewayOfTable(ctx, params.SnatTableId);
  if (!gateway.ok) return gateway;
  const bound = ctx.draft.eips.values().some((eip) => eip.ipAddress === params.SnatIp &&
    eip.association?.instanceType === 'Nat' && eip.association.instanceId === gateway.value.id);
  if (!bound) return err(apiError('InvalidSnatIp.NotBoundToNat', `SnatIp: ${params.SnatIp}`));
  const source = sourceOf(ctx, gateway.value, params);
  if (!source.ok) return source;
  if (gateway.value.snatEntries.some((entry) => entry.sourceCidr === source.value.cidr)) {
    return err(apiError('Forbidden.SourceDuplicated', `source ${source.value.cidr}`));
  }
  const entry: SnatEntryRecord = { id: ctx.ids.next('snat'), name: params.SnatEntryName ?? '',
    sourceVSwitchId: source.value.vSwitchId, sourceCidr: source.value.cidr,
    snatIp: params.SnatIp, createdMs: ctx.nowMs };
  ctx.draft.natGateways.set(gateway.value.id,
    { ...gateway.value, snatEntries: [...gateway.value.snatEntries, entry] });
  return ok({ SnatEntryId: entry.id });
}

const describeEntriesSchema = z.object({
  RegionId: id(),
  SnatTableId: id().optional(),
  NatGatewayId: id().optional(),
  SnatEntryId: id().optional(),
  SourceVSwitchId: id().optional(),
  SourceCIDR: param.str({ max: 64 }).optional(),
  SnatIp: param.str({ max: 64 }).optional(),
  PageNumber: param.int(1, 1_000_000).optional(),
  PageSize: param.int(1, 50).optional(),
});

function describeEntries(ctx: ActionContext,
  params: z.output<typeof describeEntriesSchema>): Result<ResponseBody, ApiError> {
  if (params.SnatTableId === undefined && params.NatGatewayId === undefined) {
    return err(invalidParameter('SnatTableId', 'SnatTableId or NatGatewayId'));
  }
  const gateways = ctx.draft.natGateways.values().filter((gateway) =>
    (params.SnatTableId === undefined || gateway.snatTableId === params.SnatTableId) &&
    (params.NatGatewayId === undefined || gateway.id === params.NatGatewayId));
  const rows = gateways.flatMap((gateway) => gateway.snatEntries.map((entry) => ({
    gateway, entry }))).filter(({ entry }) =>
    (params.SnatEntryId === undefined || entry.id === params.SnatEntryId) &&
    (params.SourceVSwitchId === undefined || entry.sourceVSwitchId === params.SourceVSwitchId) &&
    (params.SourceCIDR === undefined || entry.sourceCidr === params.SourceCIDR) &&
    (params.SnatIp === undefined || entry.snatIp === params.SnatIp));
  const page = pageByNumber(byKey(rows, (row) => row.entry.id), params.PageNumber ?? 1,
    params.PageSize ?? 10);
  return ok({ TotalCount: rows.length, PageNumber: page.pageNumber, PageSize: page.pageSize,
    SnatTableEntries: { SnatTableEntry: page.items.map(({ gateway, entry }) => ({
      SnatTableId: gateway.snatTableId, NatGatewayId: gateway.id, SnatEntryId: entry.id,
      SnatEntryName: entry.name, SourceVSwitchId: entry.sourceVSwitchId,
      SourceCIDR: entry.sourceCidr, SnatIp: entry.snatIp, Status: 'Available',
    })) } });
}

const deleteEntrySchema = z.object({
  RegionId: id(),
  SnatTableId: id(),
  SnatEntryId: id(),
  ClientToken: param.str({ max: 64 }).optional(),
});

function deleteEntry(ctx: ActionContext,
  params: z.output<typeof deleteEntrySchema>): Result<ResponseBody, ApiError> {
  const gateway = gatewayOfTable(ctx, params.SnatTableId);
  if (!gateway.ok) return gateway;
  const kept = gateway.value.snatEntries.filter((entry) => entry.id !== params.SnatEntryId);
  if (kept.length === gateway.value.snatEntries.length) {
    return err(apiError('InvalidSnatEntryId.NotFound', `SnatEntryId: ${params.SnatEntryId}`));
  }
  ctx.draft.natGateways.set(gateway.value.id, { ...gateway.value, snatEntries: kept });
  return ok({});
}

const change = { product: 'vpc', region: 'required', idempotent: true, readOnly: false } as const;
const read = { product: 'vpc', region: 'required', idempotent: false, readOnly: true } as const;

export const createNatGateway = defineAction({ ...change, name: 'CreateNatGateway',
  schema: createSchema, run: create });
export const describeNatGateways = defineAction({ ...read, name: 'DescribeNatGateways',
  schema: describeGatewaysSchema, run: describeGateways });
export const createSnatEntry = defineAction({ ...change, name: 'CreateSnatEntry',
  schema: createEntrySchema, run: createEntry });
export const describeSnatTableEntries = defineAction({ ...read, name: 'DescribeSnatTableEntries',
  schema: describeEntriesSchema, run: describeEntries });
export const deleteSnatEntry = defineAction({ ...change, name: 'DeleteSnatEntry',
  schema: deleteEntrySchema, run: deleteEntry });
