// Terway's Aliyun ENI factory (pkg/factory/aliyun/aliyun.go): the whole cloud operations the
// daemon's pool asks for, with its call sequences, backoffs, metadata polls and error handling.
//
// Create: an outer `eni_create` loop picks a vSwitch and creates the ENI (the client retries
// Throttling / InternalError / transport errors within the same backoff); IP-not-enough blocks
// that vSwitch and tries again, so two IP-not-enough answers end in the generic wait timeout
// (Q5: no code, no inhibit). Then, bounded by a 60 s context started with the operation: attach,
// a 2 s minimum timer, metadata polls for the IPs and then the MAC (1 s, ≤ 10 s), vSwitch CIDR and
// gateway (and IPv6 ones), the timer, and an `eni_ops` describe loop until InUse (not bounded by
// the 60 s). Any failure after the ENI exists returns the ENI, so the slot deletes it.
// Assign: the client's assign with `eni_ip_ops`, then a metadata poll for the new IPs.
// Unassign: an `eni_ip_ops` loop (Forbidden.RAM stops it), then a poll until the IPs are gone.
// Delete (30 s context): detach → 5 s → delete with confirmation.
// List attached: metadata MACs minus the primary; with trunk/eRDMA or ENI tags, a tagged describe
// decides trunk/eRDMA and keeps only the ENIs it returns.
//
// Differences: the 30 s delete context is derived from the caller's context (Terway starts it
// from context.Background), so a stopped daemon stops its deletes; create returns the IPs only on
// success (Terway also hands them back with a failed InUse wait, and its callers ignore them).

import {
  err, exponentialBackoffWithInitialDelay, normalizeIp, ok, type Context, type Result, type
  Scheduler, type UniformSource, type WaitFailure
} from '@terway-sim/sim-base';
import { backoffKeys, type BackoffTable } from '../backoff/named.js';
import type { EcsClient } from '../cloud/ecs-client.js';
import { cloudErrorCodes, codeIs, failureCode, isIpNotEnough, type ClientFailure
} from '../cloud/errors.js';
import { eniStatus, eniTrafficMode, eniType, type NetworkInterface
} from '../cloud/network-interface.js';
import type { VSwitchSelectionPolicy } from '../config/pool-config.js';
import type { AttachedEni, EniSlotType } from '../eni/types.js';
import type { Logger } from '../log/logger.js';
import type { MetadataClient, MetadataError } from '../metadata/client.js';
import type { EniInfoGetter } from '../metadata/eni-info.js';
import type { VSwitchPool } from '../vswitch/pool.js';
import type { CreatedEni, CreateFailure, Factory, FactoryFailure } from './factory.js';
import { waitIpsGoneFromMetadata, waitIpsInMetadata, waitMacInMetadata } from './metadata-wait.js';

export const createTimeoutMs = 60_000;
export const attachMinimumMs = 2_000;
export const deleteTimeoutMs = 30_000;
export const detachSettleMs = 5_000;

export interface AliyunFactoryDeps {
  readonly ecs: EcsClient;
  readonly metadata: MetadataClient;
  readonly eniInfo: EniInfoGetter;
  readonly vSwitchPool: VSwitchPool;
  readonly backoffs: BackoffTable;
  readonly scheduler: Scheduler;
  /** Jitter draws for the factory's own loops (a named stream, e.g. `factory.backoff`). */
  readonly random: UniformSource;
  readonly logger: Logger;
}

export interface AliyunFactoryOptions {
  readonly instanceId: string;
  readonly zoneId: string;
  readonly vSwitchOptions: readonly string[];
  readonly vSwitchSelectionPolicy: VSwitchSelectionPolicy;
  readonly securityGroupIds: readonly string[];
  readonly resourceGroupId: string;
  /** Tags for created ENIs, `creator=terway` already folded in per Q7 (PoolConfig.eniTags). */
  readonly eniTags: { readonly [key: string]: string };
  /** `eni_tag_filter`: the describe filter used when listing attached ENIs. */
  readonly eniTagFilter?: { readonly [key: string]: string };
  readonly enableIpv4: boolean;
  readonly enableIpv6: boolean;
  /** EniTypeAttr feature bits: trunking / eRDMA enabled in the config. */
  readonly enableTrunk: boolean;
  readonly enableErdma: boolean;
}

function isClientFailure(failure: ClientFailure | MetadataError | { readonly message: string }):
  failure is ClientFailure {
  return 'kind' in failure && failure.kind !== 'metadata' && failure.kind !== 'parse';
}

/**
 * The pool's view of a failure: Terway's text, and the cloud code when an API refusal caused it.
 */
export function factoryFailure(failure: ClientFailure | MetadataError | {
  readonly message: string }): FactoryFailure {
  return { code: isClientFailure(failure) ? failureCode(failure) : undefined,
    message: failure.message };
}

function loopFailure<E extends { readonly message: string }>(failure: WaitFailure<E>):
  FactoryFailure {
  return failure.kind === 'condition' ? factoryFailure(failure.error)
    : { message: failure.message };
}

type MutableEni = { -readonly [K in keyof AttachedEni]: AttachedEni[K] };

export class AliyunFactory implements Factory {
  constructor(private readonly deps: AliyunFactoryDeps,
    private readonly options: AliyunFactoryOptions) {}

  async createNetworkInterface(ctx: Context,
    request: { ipv4Count: number; ipv6Count: number; type: EniSlotType }):
      Promise<Result<CreatedEni, CreateFailure>> {
    // Terway starts the 60 s context before the create loop, though only the steps after it use it.
    const { ctx: opCtx, cancel } = ctx.withTimeout(createTimeoutMs);
    try {
      const created = await this.createEni(ctx, request);
      if (!created.ok) return created;
      return await this.makeUsable(ctx, opCtx, created.value, request);
    } finally {
      cancel();
    }
  }

  async assignIpv4(ctx: Context,
    request: { eniId: string; mac: string; count: number }): Promise<Result<readonly string[],
    FactoryFailure & { readonly ips?: readonly string[] }>> {
    const assigned = await this.deps.ecs.assignPrivateIpAddresses(ctx,
      { networkInterfaceId: request.eniId, ipCount: request.count,
      backoff: this.deps.backoffs.get(backoffKeys.eniIpOps) });
    if (!assigned.ok) return err(factoryFailure(assigned.error));
    return this.awaitAssigned(ctx, assigned.value, () => this.deps.metadata.ipv4s(request.mac));
  }

  async assignIpv6(ctx: Context,
    request: { eniId: string; mac: string; count: number }): Promise<Result<readonly string[],
    FactoryFailure & { readonly ips?: readonly string[] }>> {
    const assigned = await this.deps.ecs.assignIpv6Addresses(ctx,
      { networkInterfaceId: request.eniId, ipv6Count: request.count,
      backoff: this.deps.backoffs.get(backoffKeys.eniIpOps) });
    if (!assigned.ok) return err(factoryFailure(assigned.error));
    return this.awaitAssigned(ctx, assigned.value, () => this.deps.metadata.ipv6s(request.mac));
  }

  unassignIpv4(ctx: Context,
    request: { eniId: string; mac: string; ips: readonly string[] }): Promise<Result<void,
    FactoryFailure>> {
    return this.unassign(ctx, request.ips, (loopCtx) =>
      this.deps.ecs.unassignPrivateIpAddresses(loopCtx, request.eniId, request.ips),
      () => this.deps.metadata.ipv4s(request.mac));
  }

  unassignIpv6(ctx: Context,
    request: { eniId: string; mac: string; ips: readonly string[] }): Promise<Result<void,
    FactoryFailure>> {
    return this.unassign(ctx, request.ips, (loopCtx) =>
      this.deps.ecs.unassignIpv6Addresses(loopCtx, request.eniId, request.ips),
      () => this.deps.metadata.ipv6s(request.mac));
  }

  async deleteNetworkInterface(ctx: Context, eniId: string): Promise<Result<void, FactoryFailure>> {
    const { ctx: opCtx, cancel } = ctx.withTimeout(deleteTimeoutMs);
    try {
      const detached = await this.deps.ecs.detachNetworkInterface(opCtx, eniId,
        this.options.instanceId);
      if (!detached.ok) return err(factoryFailure(detached.error));
      await this.deps.scheduler.sleep(detachSettleMs);
      const deleted = await this.deps.ecs.deleteNetworkInterface(opCtx, eniId);
      return deleted.ok ? ok(undefined) : err(factoryFailure(deleted.error));
    } finally {
      cancel();
    }
  }

  async loadNetworkInterface(_ctx: Context,
    mac: string): Promise<Result<{ ipv4: readonly string[]; ipv6: readonly string[] },
    FactoryFailure>> {
    let ipv4: readonly string[] = [];
    let ipv6: readonly string[] = [];
    if (this.options.enableIpv4) {
      const read = await this.deps.metadata.ipv4s(mac);
      if (!read.ok) return err(factoryFailure(read.error));
      ipv4 = read.value;
    }
    if (this.options.enableIpv6) {
      const read = await this.deps.metadata.ipv6s(mac);
      if (!read.ok) return err(factoryFailure(read.error));
      ipv6 = read.value;
    }
    return ok({ ipv4, ipv6 });
  }

  async listAttachedNetworkInterfaces(ctx: Context,
    options: { preferTrunkId?: string | undefined }): Promise<Result<readonly AttachedEni[],
    FactoryFailure>> {
    const listed = await this.deps.eniInfo.enis(false);
    if (!listed.ok) return err({ message: listed.error.message });
    if (listed.value.length === 0) return ok([]);
    let wantTrunk = this.options.enableTrunk;
    const enis = listed.value.map((eni): AttachedEni => {
      if (options.preferTrunkId !== eni.id) return eni;
      wantTrunk = false;
      return { ...eni, trunk: true };
    });
    if (!wantTrunk && !this.options.enableErdma
      && Object.keys(this.options.eniTags).length === 0) return ok(enis);
    const described = await this.describeAttached(ctx, enis.map((eni) => eni.id));
    if (!described.ok) return described;
    const byId = new Map(enis.map((eni) => [eni.id, eni]));
    return ok(described.value.flatMap((found) => {
      const eni = byId.get(found.networkInterfaceId);
      return eni === undefined ? [] : [{ ...eni, securityGroupIds: [...found.securityGroupIds],
        trunk: found.type === eniType.trunk,
          erdma: found.networkInterfaceTrafficMode === eniTrafficMode.rdma }];
    }));
  }

  /** Step 1: the outer eni_create loop over vSwitch choices. */
  private async createEni(ctx: Context,
    request: { ipv4Count: number; ipv6Count: number; type: EniSlotType }):
      Promise<Result<NetworkInterface, CreateFailure>> {
    const eniCreate = this.deps.backoffs.get(backoffKeys.eniCreate);
    let eni: NetworkInterface | undefined;
    const loop =
      await exponentialBackoffWithInitialDelay<ClientFailure | { readonly message: string }>(
        this.waitDeps(), ctx, eniCreate, async (loopCtx) => {
      const vSwitch = await this.deps.vSwitchPool.getOne(loopCtx, this.options.zoneId,
        this.options.vSwitchOptions,
        { policy: this.options.vSwitchSelectionPolicy });
      if (!vSwitch.ok) return err({ message: vSwitch.error.message });
      const created = await this.deps.ecs.createNetworkInterface(loopCtx, {
        trunk: request.type === 'trunk', erdma: request.type === 'erdma',
          securityGroupIds: this.options.securityGroupIds,
        ipv6Count: request.ipv6Count, ipCount: request.ipv4Count, vSwitchId: vSwitch.value.id,
          tags: this.options.eniTags,
        resourceGroupId: this.options.resourceGroupId, sourceDestCheck: false, backoff: eniCreate,
      });
      if (created.ok) {
        eni = created.value;
        return ok(true);
      }
      if (!isIpNotEnough(created.error)) return err(created.error);
      this.deps.vSwitchPool.block(vSwitch.value.id);
      return ok(false);
    });
    if (!loop.ok || eni === undefined) return err(loop.ok ? { message: 'no eni created' }
      : loopFailure(loop.error));
    return ok(eni);
  }

  /** Steps 2–7: attach, wait for metadata, read CIDR and gateway, wait InUse. */
  private async makeUsable(ctx: Context, opCtx: Context, created: NetworkInterface,
    request: { ipv4Count: number; ipv6Count: number; type: EniSlotType }):
      Promise<Result<CreatedEni, CreateFailure>> {
    const eni: MutableEni = {
      id: created.networkInterfaceId, mac: created.macAddress,
        securityGroupIds: [...created.securityGroupIds],
      vSwitchId: created.vSwitchId, primaryIp: { ipv4: normalizeIp(created.privateIpAddress) },
        gatewayIp: {}, vSwitchCidr: {},
      trunk: request.type === 'trunk', erdma: request.type === 'erdma',
    };
    const fail = (failure: FactoryFailure): Result<never, CreateFailure> => err({ ...failure,
      eni: { ...eni } });
    const ipv4 = parseAll(created.privateIpSets.map((set) => set.ipAddress));
    const ipv6 = parseAll(created.ipv6Set.map((set) => set.ipAddress));
    if (!ipv4.ok) return fail(ipv4.error);
    if (!ipv6.ok) return fail(ipv6.error);
    const attached = await this.deps.ecs.attachNetworkInterface(opCtx,
      { networkInterfaceId: eni.id, instanceId: this.options.instanceId });
    if (!attached.ok) return fail(factoryFailure(attached.error));
    const minimumDueMs = this.deps.scheduler.nowMs() + attachMinimumMs;
    const ready = await this.readAttached(opCtx, eni, ipv4.value, ipv6.value,
      request.ipv6Count > 0);
    if (!ready.ok) return fail(ready.error);
    const leftMs = minimumDueMs - this.deps.scheduler.nowMs();
    if (leftMs > 0) await this.deps.scheduler.sleep(leftMs);
    const inUse = await this.waitInUse(ctx, eni.id);
    if (!inUse.ok) return fail(inUse.error);
    return ok({ eni: { ...eni }, ipv4: ipv4.value, ipv6: ipv6.value });
  }

  /**
   * Metadata after attach: the IPv4s, the MAC, CIDR and gateway; with IPv6, its list, CIDR and
   * gateway.
   */
  private async readAttached(opCtx: Context, eni: MutableEni, ipv4: readonly string[],
    ipv6: readonly string[],
    wantIpv6: boolean): Promise<Result<void, FactoryFailure>> {
    const metadata = this.deps.metadata;
    const waits = { scheduler: this.deps.scheduler, logger: this.deps.logger };
    const ips = await waitIpsInMetadata(waits, opCtx, ipv4, () => metadata.ipv4s(eni.mac));
    if (!ips.ok) return err(loopFailure(ips.error));
    const mac = await waitMacInMetadata(waits, opCtx, eni.mac, () => metadata.macs());
    if (!mac.ok) return err(loopFailure(mac.error));
    const cidr = await metadata.vSwitchCidr(eni.mac);
    if (!cidr.ok) return err(factoryFailure(cidr.error));
    const gateway = await metadata.gateway(eni.mac);
    if (!gateway.ok) return err(factoryFailure(gateway.error));
    eni.vSwitchCidr = { ipv4: cidr.value };
    eni.gatewayIp = { ipv4: gateway.value };
    if (!wantIpv6) return ok(undefined);
    const v6 = await waitIpsInMetadata(waits, opCtx, ipv6, () => metadata.ipv6s(eni.mac));
    if (!v6.ok) return err(loopFailure(v6.error));
    const v6cidr = await metadata.vSwitchIpv6Cidr(eni.mac);
    if (!v6cidr.ok) return err(factoryFailure(v6cidr.error));
    const v6gateway = await metadata.ipv6Gateway(eni.mac);
    if (!v6gateway.ok) return err(factoryFailure(v6gateway.error));
    eni.vSwitchCidr = { ...eni.vSwitchCidr, ipv6: v6cidr.value };
    eni.gatewayIp = { ...eni.gatewayIp, ipv6: v6gateway.value };
    return ok(undefined);
  }

  /** Step 7: eni_ops loop describing the ENI until InUse; a failure reports the last reason. */
  private async waitInUse(ctx: Context, eniId: string): Promise<Result<void, FactoryFailure>> {
    let reason: FactoryFailure | undefined;
    const loop = await exponentialBackoffWithInitialDelay<never>(this.waitDeps(), ctx,
      this.deps.backoffs.get(backoffKeys.eniOps),
      async (loopCtx) => {
        const described = await this.deps.ecs.describeNetworkInterfaces(loopCtx,
          { networkInterfaceIds: [eniId] });
        if (!described.ok) {
          reason = factoryFailure(described.error);
          return ok(false);
        }
        const [only, ...rest] = described.value;
        if (only === undefined || rest.length > 0) {
          reason = { message: `can not found eni ${eniId}, resp []*client.NetworkInterface(nil)` };
          return ok(false);
        }
        if (only.status !== eniStatus.inUse) {
          reason = { message: `eni ${eniId} at ${only.status}` };
          return ok(false);
        }
        reason = undefined;
        return ok(true);
      });
    if (loop.ok) return ok(undefined);
    return err(reason ?? loopFailure(loop.error));
  }

  private async awaitAssigned(ctx: Context, assigned: readonly string[],
    read: () => Promise<Result<string[], MetadataError>>): Promise<Result<readonly string[],
      FactoryFailure & { readonly ips?: readonly string[] }>> {
    const ips = parseAll(assigned);
    if (!ips.ok) return err(ips.error);
    const waited = await waitIpsInMetadata({ scheduler: this.deps.scheduler,
      logger: this.deps.logger }, ctx, ips.value, read);
    return waited.ok ? ok(ips.value) : err({ ...loopFailure(waited.error), ips: ips.value });
  }

  private async unassign(ctx: Context, ips: readonly string[], call: (loopCtx: Context) =>
    Promise<Result<void, ClientFailure>>,
    read: () => Promise<Result<string[], MetadataError>>): Promise<Result<void, FactoryFailure>> {
    let last: ClientFailure | undefined;
    const loop = await exponentialBackoffWithInitialDelay<ClientFailure>(this.waitDeps(), ctx,
      this.deps.backoffs.get(backoffKeys.eniIpOps),
      async (loopCtx) => {
        const result = await call(loopCtx);
        last = result.ok ? undefined : result.error;
        if (result.ok) return ok(true);
        return codeIs(result.error, cloudErrorCodes.forbidden) ? err(result.error) : ok(false);
      });
    if (!loop.ok) return err(last !== undefined ? factoryFailure(last) : loopFailure(loop.error));
    const waited = await waitIpsGoneFromMetadata({ scheduler: this.deps.scheduler,
      logger: this.deps.logger }, ctx, ips, read);
    return waited.ok ? ok(undefined) : err(loopFailure(waited.error));
  }

  private async describeAttached(ctx: Context,
    ids: readonly string[]): Promise<Result<NetworkInterface[], FactoryFailure>> {
    let found: NetworkInterface[] = [];
    let last: ClientFailure | undefined;
    const loop = await exponentialBackoffWithInitialDelay<ClientFailure>(this.waitDeps(), ctx,
      this.deps.backoffs.get(backoffKeys.eniIpOps),
      async (loopCtx) => {
        const described = await this.deps.ecs.describeNetworkInterfaces(loopCtx, {
          networkInterfaceIds: ids, ...(this.options.eniTagFilter === undefined ? {}
            : { tags: this.options.eniTagFilter }) });
        last = described.ok ? undefined : described.error;
        if (described.ok) {
          found = described.value;
          return ok(true);
        }
        return codeIs(described.error, cloudErrorCodes.forbidden) ? err(described.error)
          : ok(false);
      });
    if (!loop.ok) return err(last !== undefined ? factoryFailure(last) : loopFailure(loop.error));
    return ok(found);
  }

  private waitDeps(): { scheduler: Scheduler; random: UniformSource } {
    return { scheduler: this.deps.scheduler, random: this.deps.random };
  }
}

/** Addresses in canonical text; the first unparsable one fails (Go's netip.ParseAddr). */
function parseAll(addresses: readonly string[]): Result<string[], FactoryFailure> {
  const out: string[] = [];
  for (const address of addresses) {
    const ip = normalizeIp(address);
    if (ip === undefined) return err({
      message: `ParseAddr(${JSON.stringify(address)}): unable to parse IP` });
    out.push(ip);
  }
  return ok(out);
}
