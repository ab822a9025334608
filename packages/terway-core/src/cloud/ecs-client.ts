// Terway's typed ECS client (pkg/aliyun/client/ecs.go, ecs_2.go, ecs_attribute.go): the ENI and
// IP calls the daemon and the controlplane make, each with Terway's rate-limit wait, retry
// schedule, error classification, success-equivalent codes, idempotency token and log lines.
//
// Per method (Terway's pkg/aliyun/client/ecs.go, ecs_2.go and errors/errors.go):
// - create / assign v4 / assign v6 retry within the backoff the caller passes (one attempt by
//   default) on transport errors, `Throttling` and `InternalError` (assign also
//   `Operation.Conflict`);
//   running out of attempts is the wait timeout, not the last error. Their ClientToken is put back
//   on any failure but `IdempotentFailed`.
// - detach succeeds on `InvalidEniId.NotFound` / `InvalidEcsId.NotFound`; delete on
//   `InvalidEniId.NotFound`, otherwise it confirms the ENI is gone with `eni_delete_confirm`;
//   unassign succeeds on `InvalidIp.IpUnassigned` / `InvalidEniId.NotFound`.
// - describe pages by 500 and stops at a short page or an empty NextToken.
// - the prefix variants (assign/unassign IPv4 /28 and IPv6 /80 prefixes) ride on the IP calls:
//   same action, so the same rate limit, retry codes and success-equivalent codes.
// Failures are values (ClientFailure); nothing here throws for cloud reasons.

import {
  Context, err, exponentialBackoff, exponentialBackoffWithInitialDelay, formatDuration, ok, type
  Backoff, type Result, type WaitFailure
} from '@terway-sim/sim-base';
import { backoffKeys } from '../backoff/named.js';
import type { ResponseBody } from '../ports/openapi.js';
import { cloudErrorCodes, codeIs, fromCallFailure, fromCallFailureV2, notFound, wrapFailure,
  type ClientFailure, isRetryableOnAssign, isRetryableOnCreate } from './errors.js';
import { requestHash } from './idempotency.js';
import { callPort, failureRequestId, invoke, type CloudClientDeps, type CloudClientOptions,
  type Params } from './invoke.js';
import { fromAttributeReply, fromCreateReply, fromDescribeEntry, readList, readString,
  type NetworkInterface } from './network-interface.js';
import { assignIpv4Params, assignIpv6Params, attachParams, createNetworkInterfaceParams,
  describePageSize, describeParams, instanceTypesPageSize, singleAttempt, type AssignIpv4Options,
  type AssignPrefixOptions,
  type AssignIpv6Options, type AttachNetworkInterfaceOptions, type CreateNetworkInterfaceOptions,
  type DescribeNetworkInterfacesFilter } from './request-options.js';

export const ecsApi = {
  createNetworkInterface: 'CreateNetworkInterface',
  describeNetworkInterfaces: 'DescribeNetworkInterfaces',
  attachNetworkInterface: 'AttachNetworkInterface',
  detachNetworkInterface: 'DetachNetworkInterface',
  deleteNetworkInterface: 'DeleteNetworkInterface',
  assignPrivateIpAddresses: 'AssignPrivateIpAddresses',
  unassignPrivateIpAddresses: 'UnassignPrivateIpAddresses',
  assignIpv6Addresses: 'AssignIpv6Addresses',
  unassignIpv6Addresses: 'UnassignIpv6Addresses',
  describeInstanceTypes: 'DescribeInstanceTypes',
  describeNetworkInterfaceAttribute: 'DescribeNetworkInterfaceAttribute',
} as const;

type Retryable = (failure: ClientFailure) => boolean;

/** Per family: the assign action, its log line, and where its reply lists addresses / prefixes. */
const assignCalls = {
  ipv4: { action: ecsApi.assignPrivateIpAddresses, message: 'assign private ip',
    ips: ['AssignedPrivateIpAddressesSet', 'PrivateIpSet', 'PrivateIpAddress'],
    prefixes: ['AssignedPrivateIpAddressesSet', 'Ipv4PrefixSet', 'Ipv4Prefixes'] },
  ipv6: { action: ecsApi.assignIpv6Addresses, message: 'assign ipv6',
    ips: ['Ipv6Sets', 'Ipv6Address'], prefixes: ['Ipv6PrefixSets', 'Ipv6Prefix'] },
} as const;

/** The failure a retry loop ended with, as Terway's callers see it. */
function loopFailure(failure: WaitFailure<ClientFailure>): ClientFailure {
  return failure.kind === 'condition' ? failure.error : { kind: failure.kind,
    message: failure.message };
}

export class EcsClient {
  constructor(private readonly deps: CloudClientDeps,
    private readonly options: CloudClientOptions) {}

  /** Creates an ENI (synchronous in ECS: it comes back Available). */
  async createNetworkInterface(ctx: Context,
    options: CreateNetworkInterfaceOptions): Promise<Result<NetworkInterface, ClientFailure>> {
    const built = createNetworkInterfaceParams(options);
    if (!built.ok) return built;
    const reply = await this.idempotentCall(ctx, ecsApi.createNetworkInterface, built.value,
      options.backoff, isRetryableOnCreate);
    if (!reply.ok) return reply;
    const eni = fromCreateReply(reply.value);
    this.log(ecsApi.createNetworkInterface).info('eni created',
      { requestID: readString(reply.value, 'RequestId'), eni: eni.networkInterfaceId });
    return ok(eni);
  }

  /** Every ENI matching the filter, following NextToken pages of 500. */
  async describeNetworkInterfaces(ctx: Context,
    filter: DescribeNetworkInterfacesFilter): Promise<Result<NetworkInterface[], ClientFailure>> {
    const result: NetworkInterface[] = [];
    const log = this.log(ecsApi.describeNetworkInterfaces);
    for (let nextToken = '', pages = 0; ; pages++) {
      const reply = await invoke(this.deps, this.options, ctx, 'ecs',
        ecsApi.describeNetworkInterfaces, describeParams(filter, nextToken));
      if (!reply.ok) {
        log.error('error describe eni', reply.error, { requestID: failureRequestId(reply.error) });
        return reply;
      }
      const page = readList(reply.value, 'NetworkInterfaceSets', 'NetworkInterfaceSet');
      page.forEach((entry) => result.push(fromDescribeEntry(entry)));
      log.info('describe enis', { requestID: readString(reply.value, 'RequestId'),
        count: result.length });
      nextToken = readString(reply.value, 'NextToken');
      if (page.length < describePageSize || nextToken === '') return ok(result);
    }
  }

  async attachNetworkInterface(ctx: Context,
    options: AttachNetworkInterfaceOptions): Promise<Result<void, ClientFailure>> {
    const waited = await this.deps.limiter.wait(ctx, ecsApi.attachNetworkInterface);
    if (!waited.ok) return err({ kind: 'context', message: waited.error.message });
    const built = attachParams(options);
    if (!built.ok) return built;
    const log = this.log(ecsApi.attachNetworkInterface,
      { NetworkInterfaceId: options.networkInterfaceId, InstanceId: options.instanceId });
    const reply = await this.send(ecsApi.attachNetworkInterface, built.value);
    if (!reply.ok) {
      log.error('attach eni failed', reply.error, { requestID: failureRequestId(reply.error) });
      return reply;
    }
    log.info('attach eni', { requestID: readString(reply.value, 'RequestId') });
    return ok(undefined);
  }

  /** Detaches; an unknown ENI or instance counts as detached. */
  async detachNetworkInterface(ctx: Context, eniId: string, instanceId: string,
    trunkEniId?: string): Promise<Result<void, ClientFailure>> {
    const log = this.log(ecsApi.detachNetworkInterface, { NetworkInterfaceId: eniId,
      InstanceId: instanceId });
    const reply = await invoke(this.deps, this.options, ctx, 'ecs', ecsApi.detachNetworkInterface,
      { NetworkInterfaceId: eniId, InstanceId: instanceId, TrunkNetworkInstanceId: trunkEniId });
    if (!reply.ok) {
      if (codeIs(reply.error, cloudErrorCodes.eniNotFound, cloudErrorCodes.ecsNotFound)) {
        log.info('succeed, not found', { requestID: failureRequestId(reply.error) });
        return ok(undefined);
      }
      log.error('detach eni failed', reply.error, { requestID: failureRequestId(reply.error) });
      return reply;
    }
    log.info('detach eni', { requestID: readString(reply.value, 'RequestId') });
    return ok(undefined);
  }

  /**
   * Deletes and waits until describe no longer returns the ENI; an unknown ENI counts as deleted.
   */
  async deleteNetworkInterface(ctx: Context, eniId: string): Promise<Result<void, ClientFailure>> {
    const log = this.log(ecsApi.deleteNetworkInterface, { NetworkInterfaceId: eniId });
    const reply = await invoke(this.deps, this.options, ctx, 'ecs', ecsApi.deleteNetworkInterface,
      { NetworkInterfaceId: eniId });
    if (!reply.ok) {
      if (codeIs(reply.error, cloudErrorCodes.eniNotFound)) {
        log.info(`succeed, ${cloudErrorCodes.eniNotFound}`,
          { requestID: failureRequestId(reply.error) });
        return ok(undefined);
      }
      log.error('delete eni failed', reply.error, { requestID: failureRequestId(reply.error) });
      return reply;
    }
    log.info('delete eni request accepted, polling for deletion',
      { requestID: readString(reply.value, 'RequestId') });
    const confirmed = await exponentialBackoffWithInitialDelay<ClientFailure>(this.waitDeps(), ctx,
      this.deps.backoffs.get(backoffKeys.eniDeleteConfirm),
      async (loopCtx) => {
        const found = await this.describeNetworkInterfaceById(loopCtx, eniId);
        if (!found.ok) {
          log.info('failed to query eni during deletion check, retrying',
            { err: found.error.message });
          return ok(false);
        }
        if (found.value.length === 0) return ok(true);
        log.info('eni still exists, waiting for deletion', { status: found.value[0]!.status });
        return ok(false);
      });
    if (!confirmed.ok) return err(wrapFailure(loopFailure(confirmed.error),
      `timeout waiting for eni ${eniId} to be deleted: `));
    log.info('eni deletion confirmed');
    return ok(undefined);
  }

  /**
   * Describes the ENI until it has `status` (any status when empty), within `backoff` (not bounded
   * by ctx: Terway uses wait.ExponentialBackoff here). Not found with `ignoreNotExist` is
   * `not-found`.
   */
  async waitForNetworkInterface(ctx: Context, eniId: string, status: string, backoff: Backoff,
    ignoreNotExist: boolean): Promise<Result<NetworkInterface, ClientFailure>> {
    if (eniId === '') return err({ kind: 'invalid-args', message: 'eniID not set' });
    const startMs = this.deps.scheduler.nowMs();
    let found: NetworkInterface | undefined;
    const waited = await exponentialBackoff<ClientFailure>(this.waitDeps(),
      Context.background(this.deps.scheduler), backoff, async () => {
      const described = await this.describeNetworkInterfaceById(ctx, eniId);
      if (!described.ok) return ok(false);
      if (described.value.length === 0 && ignoreNotExist) return err(notFound);
      if (described.value.length !== 1 || (status !== ''
        && described.value[0]!.status !== status)) return ok(false);
      found = described.value[0];
      return ok(true);
    });
    if (!waited.ok || found === undefined) {
      const failure = waited.ok ? notFound : loopFailure(waited.error);
      const took = formatDuration(this.deps.scheduler.nowMs() - startMs);
      return err(wrapFailure(failure,
        `error wait for eni ${eniId} to status ${status},took ${took}, `));
    }
    return ok(found);
  }

  /**
   * Assigns secondary IPv4 (or IPv4 prefixes); returns the new addresses as the reply lists them.
   */
  assignPrivateIpAddresses(ctx: Context,
    options: AssignIpv4Options): Promise<Result<string[], ClientFailure>> {
    return this.assign(ctx, assignIpv4Params(options), options.backoff, 'ipv4', 'ips');
  }

  /** Assigns IPv6 addresses; returns them as the reply lists them. */
  assignIpv6Addresses(ctx: Context, options: AssignIpv6Options): Promise<Result<string[],
    ClientFailure>> {
    return this.assign(ctx, assignIpv6Params(options), options.backoff, 'ipv6', 'ips');
  }

  /**
   * Assigns IPv4 /28 prefixes: AssignPrivateIpAddresses with Ipv4PrefixCount, so the same rate
   * limit, retry codes and token as an IP assign; callers pass the `eni_ip_ops` backoff as
   * Terway's prefix upkeep does. Returns the prefixes the reply lists.
   */
  assignIpv4Prefixes(ctx: Context, options: AssignPrefixOptions): Promise<Result<string[],
    ClientFailure>> {
    return this.assign(ctx, assignIpv4Params({ networkInterfaceId: options.networkInterfaceId,
      ipv4PrefixCount: options.count }), options.backoff, 'ipv4', 'prefixes');
  }

  /** Assigns IPv6 /80 prefixes: AssignIpv6Addresses with Ipv6PrefixCount, as for IPv4 prefixes. */
  assignIpv6Prefixes(ctx: Context, options: AssignPrefixOptions): Promise<Result<string[],
    ClientFailure>> {
    return this.assign(ctx, assignIpv6Params({ networkInterfaceId: options.networkInterfaceId,
      ipv6PrefixCount: options.count }), options.backoff, 'ipv6', 'prefixes');
  }

  /** Unassigns IPv4 prefixes (never mixed with single IPs in one call, as Terway refuses that). */
  unassignIpv4Prefixes(ctx: Context, eniId: string,
    prefixes: readonly string[]): Promise<Result<void, ClientFailure>> {
    return this.unassign(ctx, ecsApi.unassignPrivateIpAddresses, { NetworkInterfaceId: eniId,
      Ipv4Prefix: [...prefixes] }, prefixes.length, 'unassign private ip failed');
  }

  unassignIpv6Prefixes(ctx: Context, eniId: string,
    prefixes: readonly string[]): Promise<Result<void, ClientFailure>> {
    return this.unassign(ctx, ecsApi.unassignIpv6Addresses, { NetworkInterfaceId: eniId,
      Ipv6Prefix: [...prefixes] }, prefixes.length, 'unassign ipv6 ip failed');
  }

  /** Unassigns IPv4; already-unassigned IPs and an unknown ENI count as success. One attempt. */
  unassignPrivateIpAddresses(ctx: Context, eniId: string,
    ips: readonly string[]): Promise<Result<void, ClientFailure>> {
    return this.unassign(ctx, ecsApi.unassignPrivateIpAddresses, { NetworkInterfaceId: eniId,
      PrivateIpAddress: [...ips] },
      ips.length, 'unassign private ip failed');
  }

  unassignIpv6Addresses(ctx: Context, eniId: string, ips: readonly string[]): Promise<Result<void,
    ClientFailure>> {
    return this.unassign(ctx, ecsApi.unassignIpv6Addresses, { NetworkInterfaceId: eniId,
      Ipv6Address: [...ips] },
      ips.length, 'unassign ipv6 ip failed');
  }

  /** Instance types (all, or those named), following NextToken pages of 100; raw records. */
  async describeInstanceTypes(ctx: Context,
    types?: readonly string[]): Promise<Result<ResponseBody[], ClientFailure>> {
    const result: ResponseBody[] = [];
    const log = this.log(ecsApi.describeInstanceTypes);
    for (let nextToken = ''; ;) {
      const reply = await invoke(this.deps, this.options, ctx, 'ecs', ecsApi.describeInstanceTypes,
        { NextToken: nextToken, MaxResults: instanceTypesPageSize,
          InstanceTypes: types === undefined ? undefined : [...types] });
      if (!reply.ok) {
        log.error('describe instance types failed', reply.error,
          { requestID: failureRequestId(reply.error) });
        return reply;
      }
      log.info('success', { requestID: readString(reply.value, 'RequestId') });
      readList(reply.value, 'InstanceTypes', 'InstanceType').forEach((item) =>
        result.push(item as ResponseBody));
      nextToken = readString(reply.value, 'NextToken');
      if (nextToken === '') return ok(result);
    }
  }

  /** DescribeNetworkInterfaceAttribute (Attribute=basic); undefined when the reply names no ENI. */
  async describeNetworkInterfaceAttribute(ctx: Context,
    eniId: string): Promise<Result<NetworkInterface | undefined, ClientFailure>> {
    const waited = await this.deps.limiter.wait(ctx, ecsApi.describeNetworkInterfaceAttribute);
    if (!waited.ok) return err({ kind: 'context', message: waited.error.message });
    const log = this.log(ecsApi.describeNetworkInterfaceAttribute, { eni: eniId });
    const reply = await callPort(this.deps, this.options, 'ecs',
      ecsApi.describeNetworkInterfaceAttribute,
      { NetworkInterfaceId: eniId, Attribute: 'basic' });
    if (!reply.ok) {
      const failure = fromCallFailureV2(reply.error, [eniId]);
      log.error('describe eni attribute failed', failure);
      return err(failure);
    }
    log.info('describe eni attribute', { requestID: readString(reply.value, 'RequestId') });
    return ok(fromAttributeReply(reply.value));
  }

  /**
   * One ENI by id as a 0/1-element list; the attribute API when the ENIAttributeBasic gate is on.
   */
  async describeNetworkInterfaceById(ctx: Context,
    eniId: string): Promise<Result<NetworkInterface[], ClientFailure>> {
    if (this.options.eniAttributeBasic !== true) return this.describeNetworkInterfaces(ctx,
      { networkInterfaceIds: [eniId] });
    const found = await this.describeNetworkInterfaceAttribute(ctx, eniId);
    if (!found.ok) return found;
    return ok(found.value === undefined ? [] : [found.value]);
  }

  /** Create/assign: token, retry loop, token put back on failure (not on IdempotentFailed). */
  private async idempotentCall(ctx: Context, action: string, params: Params,
    backoff: Backoff | undefined,
    retryable: Retryable, ignoreLimiterFailure = false): Promise<Result<ResponseBody,
      ClientFailure>> {
    const hash = requestHash(params);
    const token = this.deps.idempotency.generateKey(hash);
    const request = { ...params, ClientToken: token };
    const log = this.log(action, { ClientToken: token });
    let body: ResponseBody | undefined;
    const loop = await exponentialBackoff<ClientFailure>(this.waitDeps(), ctx, backoff
      ?? singleAttempt, async (loopCtx) => {
      const waited = await this.deps.limiter.wait(loopCtx, action);
      if (!waited.ok && !ignoreLimiterFailure) return err({ kind: 'context',
        message: waited.error.message });
      const reply = await this.send(action, request);
      if (reply.ok) {
        body = reply.value;
        return ok(true);
      }
      log.error('failed', reply.error, { requestID: failureRequestId(reply.error) });
      return retryable(reply.error) ? ok(false) : err(reply.error);
    });
    if (!loop.ok || body === undefined) {
      const failure = loop.ok ? notFound : loopFailure(loop.error);
      if (!codeIs(failure, cloudErrorCodes.idempotentFailed)) this.deps.idempotency.putBack(hash,
        token);
      return err(failure);
    }
    return ok(body);
  }

  /** An assign call of one family (token, retries), then the addresses or prefixes it lists. */
  private async assign(ctx: Context, built: Result<Params, ClientFailure>,
    backoff: Backoff | undefined, family: 'ipv4' | 'ipv6',
    listed: 'ips' | 'prefixes'): Promise<Result<string[], ClientFailure>> {
    if (!built.ok) return built;
    const call = assignCalls[family];
    // Terway's AssignIpv6Addresses checks the wrong variable after the rate-limit wait, so an ended
    // context does not stop the call; kept.
    const reply = await this.idempotentCall(ctx, call.action, built.value, backoff,
      isRetryableOnAssign, family === 'ipv6');
    if (!reply.ok) return reply;
    const values = readIpList(reply.value, call[listed]);
    this.log(call.action).info(call.message, { requestID: readString(reply.value, 'RequestId'),
      [listed]: values });
    return ok(values);
  }

  private async unassign(ctx: Context, action: string, params: Params, count: number,
    failedMessage: string): Promise<Result<void, ClientFailure>> {
    if (count === 0) return ok(undefined);
    const log = this.log(action, { NetworkInterfaceId: params['NetworkInterfaceId'] as string });
    const reply = await invoke(this.deps, this.options, ctx, 'ecs', action, params);
    if (!reply.ok) {
      if (codeIs(reply.error, cloudErrorCodes.ipUnassigned, cloudErrorCodes.eniNotFound)) {
        log.info('success', { requestID: failureRequestId(reply.error) });
        return ok(undefined);
      }
      log.error(failedMessage, reply.error, { requestID: failureRequestId(reply.error) });
      return reply;
    }
    log.info('success', { requestID: readString(reply.value, 'RequestId') });
    return ok(undefined);
  }

  /** The call without the rate-limit wait (already done by the caller). */
  private async send(action: string, params: Params): Promise<Result<ResponseBody, ClientFailure>> {
    const reply = await callPort(this.deps, this.options, 'ecs', action, params);
    return reply.ok ? ok(reply.value) : err(fromCallFailure(reply.error));
  }

  private waitDeps(): {
    scheduler: CloudClientDeps['scheduler']; random: CloudClientDeps['random'] } {
    return { scheduler: this.deps.scheduler, random: this.deps.random };
  }

  private log(api: string, fields: { readonly [key: string]: string } =
    {}): ReturnType<CloudClientDeps['logger']['with']> {
    return this.deps.logger.with({ api, ...fields });
  }
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

/** A list of address strings under nested keys (`{A: {B: ["10.0.0.2"]}}`). */
function readIpList(body: unknown, path: readonly string[]): string[] {
  let node: unknown = body;
  for (const key of path) node = typeof node === 'object' && node !== null
    ? (node as Record<string, unknown>)[key] : undefined;
  return Array.isArray(node) ? node.filter(isString) : [];
}
