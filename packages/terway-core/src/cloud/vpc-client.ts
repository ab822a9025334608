// The VPC calls: DescribeVSwitches by id, as Terway's VPCService makes it for the vSwitch pool
// (pkg/aliyun/client/vpc_service.go), and the route-entry calls the VPC-route mode's route
// controller needs (CreateRouteEntry, DeleteRouteEntry, DescribeRouteEntryList).
//
// Terway never calls the route APIs (ACK's cloud-controller-manager does, for VPC-route and
// Flannel clusters), so those three have no Terway retry policy to copy: each is one attempt
// through the shared `""` rate-limit bucket, and the failure (e.g. `TaskConflict`, which the route
// controller retries, or `InvalidCIDRBlock.Duplicate`, which it treats as done after a lookup) is
// returned for the caller to classify.

import { err, ok, type Context, type Result } from '@terway-sim/sim-base';
import { notFound, type ClientFailure } from './errors.js';
import { failureRequestId, invoke, type CloudClientDeps, type CloudClientOptions
} from './invoke.js';
import { readList, readNumber, readString } from './network-interface.js';

export const vpcApi = {
  describeVSwitches: 'DescribeVSwitches',
  createRouteEntry: 'CreateRouteEntry',
  deleteRouteEntry: 'DeleteRouteEntry',
  describeRouteEntryList: 'DescribeRouteEntryList',
} as const;

/** What Terway reads of a vSwitch. */
export interface VSwitchInfo {
  readonly vSwitchId: string;
  readonly zoneId: string;
  readonly availableIpAddressCount: number;
  readonly cidrBlock: string;
  readonly ipv6CidrBlock: string;
}

export interface RouteEntry {
  readonly routeEntryId: string;
  readonly routeTableId: string;
  readonly destinationCidrBlock: string;
  readonly type: string;
  /** `Creating`, `Created` (or `Available` in older listings), `Deleting`. */
  readonly status: string;
  readonly nextHops: ReadonlyArray<{ readonly nextHopId: string; readonly nextHopType: string }>;
}

export interface CreateRouteEntryOptions {
  readonly routeTableId: string;
  readonly destinationCidrBlock: string;
  readonly nextHopId: string;
  /** `Instance` (the default) for a node's pod CIDR. */
  readonly nextHopType?: string;
  readonly routeEntryName?: string;
  readonly description?: string;
  readonly clientToken?: string;
}

export type DeleteRouteEntryOptions =
  | { readonly routeEntryId: string }
  | {
    readonly routeTableId: string; readonly destinationCidrBlock: string;
    readonly nextHopId: string;
  };

export interface RouteEntryFilter {
  readonly routeTableId: string;
  readonly routeEntryId?: string;
  readonly routeEntryType?: string;
  readonly destinationCidrBlock?: string;
  readonly nextHopId?: string;
}

/** DescribeRouteEntryList page size (MaxResult, 1–100). */
export const routeEntryPageSize = 100;

export class VpcClient {
  constructor(private readonly deps: CloudClientDeps,
    private readonly options: CloudClientOptions) {}

  /** The vSwitch with this id; `not-found` when the reply lists none. */
  async describeVSwitchById(ctx: Context, vSwitchId: string): Promise<Result<VSwitchInfo,
    ClientFailure>> {
    const log = this.deps.logger.with({ api: vpcApi.describeVSwitches, VSwitchId: vSwitchId });
    const reply = await invoke(this.deps, this.options, ctx, 'vpc', vpcApi.describeVSwitches,
      { VSwitchId: vSwitchId });
    if (!reply.ok) {
      log.error('DescribeVSwitches failed', reply.error,
        { requestID: failureRequestId(reply.error) });
      return reply;
    }
    const first = readList(reply.value, 'VSwitches', 'VSwitch')[0];
    if (first === undefined) return err(notFound);
    return ok({
      vSwitchId: readString(first, 'VSwitchId'), zoneId: readString(first, 'ZoneId'),
      availableIpAddressCount: readNumber(first, 'AvailableIpAddressCount'),
      cidrBlock: readString(first, 'CidrBlock'), ipv6CidrBlock: readString(first, 'Ipv6CidrBlock'),
    });
  }

  /** Asks for a route entry (asynchronous: it appears as `Creating`); returns its id. */
  async createRouteEntry(ctx: Context, options: CreateRouteEntryOptions): Promise<Result<string,
    ClientFailure>> {
    const log = this.deps.logger.with({ api: vpcApi.createRouteEntry,
      RouteTableId: options.routeTableId,
      DestinationCidrBlock: options.destinationCidrBlock, NextHopId: options.nextHopId });
    const reply = await invoke(this.deps, this.options, ctx, 'vpc', vpcApi.createRouteEntry, {
      RouteTableId: options.routeTableId, DestinationCidrBlock: options.destinationCidrBlock,
      NextHopType: options.nextHopType ?? 'Instance', NextHopId: options.nextHopId,
        RouteEntryName: options.routeEntryName,
      Description: options.description, ClientToken: options.clientToken,
    });
    if (!reply.ok) {
      log.error('create route entry failed', reply.error,
        { requestID: failureRequestId(reply.error) });
      return reply;
    }
    const routeEntryId = readString(reply.value, 'RouteEntryId');
    log.info('create route entry', { requestID: readString(reply.value, 'RequestId'),
      routeEntryId });
    return ok(routeEntryId);
  }

  /** Asks for a route entry's removal (asynchronous: it goes `Deleting`, then disappears). */
  async deleteRouteEntry(ctx: Context, options: DeleteRouteEntryOptions): Promise<Result<void,
    ClientFailure>> {
    const params = 'routeEntryId' in options ? { RouteEntryId: options.routeEntryId }
      : { RouteTableId: options.routeTableId, DestinationCidrBlock: options.destinationCidrBlock,
        NextHopId: options.nextHopId };
    const log = this.deps.logger.with({ api: vpcApi.deleteRouteEntry, ...params });
    const reply = await invoke(this.deps, this.options, ctx, 'vpc', vpcApi.deleteRouteEntry,
      params);
    if (!reply.ok) {
      log.error('delete route entry failed', reply.error,
        { requestID: failureRequestId(reply.error) });
      return reply;
    }
    log.info('delete route entry', { requestID: readString(reply.value, 'RequestId') });
    return ok(undefined);
  }

  /** Route entries of a table matching the filter, following NextToken pages of 100. */
  async describeRouteEntryList(ctx: Context,
    filter: RouteEntryFilter): Promise<Result<RouteEntry[], ClientFailure>> {
    const result: RouteEntry[] = [];
    for (let nextToken = ''; ;) {
      const reply = await invoke(this.deps, this.options, ctx, 'vpc',
        vpcApi.describeRouteEntryList, {
        RouteTableId: filter.routeTableId, RouteEntryId: filter.routeEntryId,
          RouteEntryType: filter.routeEntryType,
        DestinationCidrBlock: filter.destinationCidrBlock, NextHopId: filter.nextHopId,
          MaxResult: routeEntryPageSize,
        NextToken: nextToken,
      });
      if (!reply.ok) {
        this.deps.logger.with({ api: vpcApi.describeRouteEntryList }).error(
          'describe route entries failed', reply.error,
          { requestID: failureRequestId(reply.error) });
        return reply;
      }
      readList(reply.value, 'RouteEntrys', 'RouteEntry').forEach((entry) =>
        result.push(routeEntryOf(entry)));
      nextToken = readString(reply.value, 'NextToken');
      if (nextToken === '') return ok(result);
    }
  }
}

function routeEntryOf(entry: unknown): RouteEntry {
  return {
    routeEntryId: readString(entry, 'RouteEntryId'), routeTableId: readString(entry,
      'RouteTableId'),
    destinationCidrBlock: readString(entry, 'DestinationCidrBlock'), type: readString(entry,
      'Type'),
    status: readString(entry, 'Status'),
    nextHops: readList(entry, 'NextHops', 'NextHop').map((hop) => ({
      nextHopId: readString(hop, 'NextHopId'), nextHopType: readString(hop, 'NextHopType') })),
  };
}
