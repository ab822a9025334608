// kube-sim's RouteTablePort served by the cloud emulator's VPC API, the way cloud-controller-
// manager reaches the cloud: OpenAPI calls (DescribeRouteEntryList, CreateRouteEntry,
// DeleteRouteEntry) through the emulator's in-process client, so they take the cloud's latency,
// flow control and fault plan like any other caller's, and never touch the emulator's state.
// The cloud's error codes become the port's tagged failures here, in one place.
//
// Calls are paced by a client-side token bucket (500 calls a minute, burst 500: the pace these
// calls had when the route controller went through Terway's cloud client). Without it, a mass
// node deletion sends every DeleteRouteEntry at once, the cloud throttles most of them, and the
// controller's failure backoff outgrows teardown (docs/differences.md).

import type {
  NodeRouteEntry, RouteTableFailure, RouteTablePort, RouteTableResult,
} from '@terway-sim/kube-sim';
import { Context, err, ok, type Scheduler } from '@terway-sim/sim-base';
import {
  TokenBucket, perMinute, type CallFailure, type OpenApiPort, type OpenApiReply,
} from '@terway-sim/terway-core';

/** The cloud's codes for "the destination is in the table already" and "no such entry". */
const duplicateCodes: ReadonlySet<string> = new Set(['InvalidCIDRBlock.Duplicate']);
const notFoundCodes: ReadonlySet<string> = new Set(['InvalidRouteEntry.NotFound',
  'InvalidRouteEntryId.NotFound']);

/** DescribeRouteEntryList page size (MaxResult, 1–100). */
const routeEntryPageSize = 100;
/** Calls a minute the route table's client allows itself. */
export const routeTableCallsPerMinute = 500;
/** A bound on pages, far above any route table quota (200 custom entries by default). */
const routeEntryPagesMax = 1_000;

function failureOf(failure: CallFailure): RouteTableFailure {
  if (failure.kind === 'transport') {
    return { kind: 'unreachable', code: '', message: failure.message };
  }
  const kind = duplicateCodes.has(failure.code) ? 'duplicate'
    : notFoundCodes.has(failure.code) ? 'notFound' : 'refused';
  return { kind, code: failure.code, message: `${failure.code}: ${failure.message}` };
}

function readList(body: unknown, outer: string, inner: string): unknown[] {
  const wrapper = (body as Record<string, unknown> | undefined)?.[outer];
  const list = (wrapper as Record<string, unknown> | undefined)?.[inner];
  return Array.isArray(list) ? list : [];
}

function readString(body: unknown, key: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' ? value : '';
}

export interface CloudRouteTableDeps {
  readonly scheduler: Scheduler;
  readonly openApi: OpenApiPort;
}

export class CloudRouteTable implements RouteTablePort {
  private readonly limiter: TokenBucket;
  private readonly lifetime: Context;

  constructor(private readonly deps: CloudRouteTableDeps, private readonly regionId: string) {
    this.limiter = new TokenBucket(deps, perMinute(routeTableCallsPerMinute));
    this.lifetime = Context.background(deps.scheduler);
  }

  async listRouteEntries(query: NodeRouteEntry):
    Promise<RouteTableResult<readonly NodeRouteEntry[]>> {
    const entries: NodeRouteEntry[] = [];
    let nextToken = '';
    for (let page = 0; page < routeEntryPagesMax; page++) {
      const reply = await this.call('DescribeRouteEntryList', {
        RouteTableId: query.routeTableId, RouteEntryType: 'Custom',
        DestinationCidrBlock: query.destinationCidrBlock, NextHopId: query.instanceId,
        MaxResult: routeEntryPageSize, NextToken: nextToken });
      if (!reply.ok) return err(failureOf(reply.error));
      for (const entry of readList(reply.value, 'RouteEntrys', 'RouteEntry')) {
        const hops = readList(entry, 'NextHops', 'NextHop');
        entries.push({ routeTableId: readString(entry, 'RouteTableId'),
          destinationCidrBlock: readString(entry, 'DestinationCidrBlock'),
          instanceId: hops.length === 0 ? '' : readString(hops[0], 'NextHopId') });
      }
      nextToken = readString(reply.value, 'NextToken');
      if (nextToken === '') return ok(entries);
    }
    return err({ kind: 'refused', code: '', message: `DescribeRouteEntryList: more than ` +
      `${routeEntryPagesMax} pages` });
  }

  async createRouteEntry(entry: NodeRouteEntry): Promise<RouteTableResult<void>> {
    const reply = await this.call('CreateRouteEntry', { RouteTableId: entry.routeTableId,
      DestinationCidrBlock: entry.destinationCidrBlock, NextHopType: 'Instance',
      NextHopId: entry.instanceId });
    return reply.ok ? ok(undefined) : err(failureOf(reply.error));
  }

  async deleteRouteEntry(entry: NodeRouteEntry): Promise<RouteTableResult<void>> {
    const reply = await this.call('DeleteRouteEntry', { RouteTableId: entry.routeTableId,
      DestinationCidrBlock: entry.destinationCidrBlock, NextHopId: entry.instanceId });
    return reply.ok ? ok(undefined) : err(failureOf(reply.error));
  }

  private async call(action: string, params: Record<string, string | number>):
    Promise<OpenApiReply> {
    // The background context never ends, so the wait always gets its token.
    await this.limiter.wait(this.lifetime);
    return this.deps.openApi.call({ product: 'vpc', action,
      params: { RegionId: this.regionId, ...params } });
  }
}
