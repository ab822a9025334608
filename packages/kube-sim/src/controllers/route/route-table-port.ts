// What the route controller needs of the cloud's route table, declared here so that kube-sim
// knows nothing of any cloud: list, create and delete the custom entries that send a node's
// podCIDR to its instance. The world implements it over the emulator's VPC API, through the same
// OpenAPI client path cloud-controller-manager's SDK takes (world/src/cloud/route-table.ts).
// Expected failures are values, tagged with what the controller branches on.

import type { Result } from '@terway-sim/sim-base';

/** One custom route entry: a destination CIDR sent to an ECS instance. */
export interface NodeRouteEntry {
  readonly routeTableId: string;
  readonly destinationCidrBlock: string;
  /** The instance the entry sends traffic to (next hop type Instance). */
  readonly instanceId: string;
}

/**
 * Why a call failed: `duplicate` (the destination is in the table already), `notFound` (no such
 * entry), `refused` (any other error the cloud answered, with its code: a conflict with another
 * entry's change, a quota, throttling) or `unreachable` (no answer).
 */
export interface RouteTableFailure {
  readonly kind: 'duplicate' | 'notFound' | 'refused' | 'unreachable';
  /** The cloud's error code ('' when it did not answer). */
  readonly code: string;
  readonly message: string;
}

export type RouteTableResult<T> = Result<T, RouteTableFailure>;

export interface RouteTablePort {
  /** The custom entries of the table with this destination and next-hop instance. */
  listRouteEntries(query: NodeRouteEntry): Promise<RouteTableResult<readonly NodeRouteEntry[]>>;
  /** Asks for the entry (it is Creating for a while); not idempotent: a second is `duplicate`. */
  createRouteEntry(entry: NodeRouteEntry): Promise<RouteTableResult<void>>;
  /** Asks for the entry's removal (it is Deleting for a while); a missing one is `notFound`. */
  deleteRouteEntry(entry: NodeRouteEntry): Promise<RouteTableResult<void>>;
}
