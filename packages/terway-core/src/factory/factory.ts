// What the daemon's pool asks of the cloud, as Terway's pkg/factory.Factory interface offers it:
// whole operations (create + attach + wait until usable; assign + wait until metadata shows the
// IPs), not single API calls. The Aliyun implementation (factory/aliyun-factory.ts) runs the
// call sequences, retries, backoffs and metadata polls of pkg/factory/aliyun/aliyun.go.
//
// Contract: methods never reject for cloud reasons; failures are values carrying the cloud error
// code when there was one (the pool branches on it: EniPerInstanceLimitExceeded inhibits a slot
// for 1 minute, InvalidVSwitchId.IpNotEnough for 10). A create that failed after the ENI existed
// returns the ENI with the failure, so the slot can delete it.

import type { Context, Result } from '@terway-sim/sim-base';
import type { AttachedEni, EniSlotType } from '../eni/types.js';

export interface FactoryFailure {
  /** The cloud error code behind the failure, when one caused it (e.g. `Throttling`). */
  readonly code?: string | undefined;
  /** Terway's error text, e.g. `errCode: Throttling, msg: ..., requestID: ...`. */
  readonly message: string;
}

export interface CreatedEni {
  readonly eni: AttachedEni;
  /** Every IPv4 of the new ENI, the primary first. */
  readonly ipv4: readonly string[];
  readonly ipv6: readonly string[];
}

export type CreateFailure = FactoryFailure & {
  /** Set when the ENI was created but could not be made usable; the caller must delete it. */
  readonly eni?: AttachedEni | undefined;
};

export interface Factory {
  /**
   * Creates an ENI with `ipv4Count` IPv4 (primary included) and `ipv6Count` IPv6, attaches it,
   * waits until usable.
   */
  createNetworkInterface(
    ctx: Context,
    request: { ipv4Count: number; ipv6Count: number; type: EniSlotType },
  ): Promise<Result<CreatedEni, CreateFailure>>;
  /**
   * Assigns `count` secondary IPv4 and waits until metadata lists them; returns the new addresses.
   */
  assignIpv4(
    ctx: Context,
    request: { eniId: string; mac: string; count: number },
  ): Promise<Result<readonly string[], FactoryFailure & { readonly ips?: readonly string[] }>>;
  assignIpv6(
    ctx: Context,
    request: { eniId: string; mac: string; count: number },
  ): Promise<Result<readonly string[], FactoryFailure & { readonly ips?: readonly string[] }>>;
  /** Unassigns and waits until metadata no longer lists them. Already-gone IPs count as done. */
  unassignIpv4(
    ctx: Context,
    request: { eniId: string; mac: string; ips: readonly string[] },
  ): Promise<Result<void, FactoryFailure>>;
  unassignIpv6(
    ctx: Context,
    request: { eniId: string; mac: string; ips: readonly string[] },
  ): Promise<Result<void, FactoryFailure>>;
  /** Detach, wait, delete, confirm gone. A missing ENI counts as deleted. */
  deleteNetworkInterface(ctx: Context, eniId: string): Promise<Result<void, FactoryFailure>>;
  /** The IPv4 and IPv6 addresses metadata lists for the ENI with this MAC. */
  loadNetworkInterface(
    ctx: Context,
    mac: string,
  ): Promise<Result<{ ipv4: readonly string[]; ipv6: readonly string[] }, FactoryFailure>>;
  /**
   * The secondary ENIs attached to this instance (startup recovery); trunk/eRDMA flags filled in.
   */
  listAttachedNetworkInterfaces(
    ctx: Context,
    options: { preferTrunkId?: string | undefined },
  ): Promise<Result<readonly AttachedEni[], FactoryFailure>>;
}
