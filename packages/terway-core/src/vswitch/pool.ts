// Terway's vSwitch pool (pkg/vswitch/vswitch.go): which vSwitch a
// new ENI goes into. vSwitches are read with DescribeVSwitches on a cache miss (one request per
// id in flight at a time) and kept in an LRU-with-expiry cache: 100 entries for 10 min in the
// daemon, 1000 for 20 min in the controlplane. The cached AvailableIpAddressCount is never
// decremented by allocations; it changes only when the entry expires and is read again, or when
// `block` zeroes it (for a full TTL) after the cloud answered IP-not-enough.
//
// `getOne(ctx, zone, ids, { policy, ignoreZone })`:
// - `random` shuffles the candidates (from a named stream), `ordered` keeps them, `most` reads all
//   first (skipping failures) and orders by available IPs, most first (stable here; Go's sort is
//   not, so ties may fall differently — see docs/differences.md);
// - walks them: read failures are collected and skipped, other zones skipped (kept as fallbacks
//   with `ignoreZone`), a vSwitch with 0 available IPs gives "<id> no ip left" and is skipped, the
//   first other one wins; then the fallbacks, with the same zero check;
// - otherwise fails with every collected reason plus "no available vSwitch for zone <zone>,
//   vswList [<ids>]", in Kubernetes' aggregate-error form; `ipNotEnough` tells whether any
//   candidate was out of IPs (Terway's errors.Is(err, ErrIPNotEnough)).

import { err, ok, type Context, type Result, type Scheduler, type RandomStream
} from '@terway-sim/sim-base';
import type { ClientFailure } from '../cloud/errors.js';
import type { VSwitchInfo } from '../cloud/vpc-client.js';
import type { Logger } from '../log/logger.js';
import type { VSwitchSelectionPolicy } from '../config/pool-config.js';
import { LruExpireCache } from './lru-expire-cache.js';

export interface VSwitch {
  readonly id: string;
  readonly zone: string;
  /** IPv4 addresses free when last read (0 while blocked). */
  readonly availableIpCount: number;
  readonly ipv4Cidr: string;
  readonly ipv6Cidr: string;
}

/** Reads one vSwitch by id (the VPC client's DescribeVSwitches). */
export interface VSwitchDescriber {
  describeVSwitchById(ctx: Context, vSwitchId: string): Promise<Result<VSwitchInfo, ClientFailure>>;
}

export interface VSwitchPoolOptions {
  readonly size: number;
  readonly ttlMs: number;
}

export const daemonVSwitchPool: VSwitchPoolOptions = { size: 100, ttlMs: 10 * 60_000 };
export const controlplaneVSwitchPool: VSwitchPoolOptions = { size: 1000, ttlMs: 20 * 60_000 };

export const errNoAvailableVSwitch = 'no available vSwitch';
export const errIpNotEnough = 'no ip left';

export interface VSwitchSelectFailure {
  readonly message: string;
  /** Some candidate in the zone had no IP left. */
  readonly ipNotEnough: boolean;
  readonly reasons: readonly string[];
}

export interface VSwitchPoolDeps {
  readonly vpc: VSwitchDescriber;
  readonly scheduler: Scheduler;
  /** Shuffles for the `random` policy. */
  readonly random: Pick<RandomStream, 'shuffled'>;
  readonly logger?: Logger;
}

/** Kubernetes' NewAggregate(...).Error(): one message as is, several deduplicated in brackets. */
export function aggregateMessage(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

export class VSwitchPool {
  private readonly cache: LruExpireCache<VSwitch>;
  private readonly inFlight = new Map<string, Promise<Result<VSwitch, string>>>();

  constructor(private readonly deps: VSwitchPoolDeps,
    private readonly options: VSwitchPoolOptions = daemonVSwitchPool) {
    this.cache = new LruExpireCache({ clock: deps.scheduler }, options.size);
  }

  async getOne(ctx: Context, zone: string, ids: readonly string[],
    select: { readonly policy: VSwitchSelectionPolicy; readonly ignoreZone?: boolean }):
      Promise<Result<VSwitch, VSwitchSelectFailure>> {
    const order = await this.order(ctx, ids, select.policy);
    const reasons: string[] = [];
    let ipNotEnough = false;
    const fallbacks: VSwitch[] = [];
    for (const id of order) {
      const found = await this.getById(ctx, id);
      if (!found.ok) {
        this.deps.logger?.error('get vSwitch', found.error, { id });
        reasons.push(found.error);
        continue;
      }
      if (found.value.zone !== zone) {
        if (select.ignoreZone === true) fallbacks.push(found.value);
        continue;
      }
      if (found.value.availableIpCount === 0) {
        reasons.push(`${found.value.id} ${errIpNotEnough}`);
        ipNotEnough = true;
        continue;
      }
      return ok(found.value);
    }
    for (const vSwitch of fallbacks) {
      if (vSwitch.availableIpCount !== 0) return ok(vSwitch);
      reasons.push(`${vSwitch.id} ${errIpNotEnough}`);
      ipNotEnough = true;
    }
    reasons.push(`${errNoAvailableVSwitch} for zone ${zone}, vswList [${order.join(' ')}]`);
    return err({ message: aggregateMessage(reasons), ipNotEnough, reasons });
  }

  /** The vSwitch from the cache, or read (once per id at a time) and cached. */
  async getById(ctx: Context, id: string): Promise<Result<VSwitch, string>> {
    const cached = this.cache.get(id);
    if (cached !== undefined) return ok(cached);
    let pending = this.inFlight.get(id);
    if (pending === undefined) {
      pending = this.read(ctx, id).finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, pending);
    }
    const read = await pending;
    if (read.ok) this.cache.add(read.value.id, read.value, this.options.ttlMs);
    return read;
  }

  /** Marks a cached vSwitch as out of IPs for a full TTL; an uncached one is left alone. */
  block(id: string): void {
    const cached = this.cache.get(id);
    if (cached === undefined) return;
    this.cache.add(id, { ...cached, availableIpCount: 0 }, this.options.ttlMs);
  }

  /** Puts a vSwitch in the cache (tests, and callers that already know it). */
  add(vSwitch: VSwitch): void {
    this.cache.add(vSwitch.id, vSwitch, this.options.ttlMs);
  }

  remove(id: string): void {
    this.cache.remove(id);
  }

  private async order(ctx: Context, ids: readonly string[],
    policy: VSwitchSelectionPolicy): Promise<string[]> {
    if (policy === 'random') return this.deps.random.shuffled(ids);
    if (policy !== 'most') return [...ids];
    const known: VSwitch[] = [];
    for (const id of ids) {
      const found = await this.getById(ctx, id);
      if (found.ok) known.push(found.value);
      else this.deps.logger?.error('get vSwitch', found.error, { id });
    }
    return known.sort((a, b) => b.availableIpCount - a.availableIpCount).map((vSwitch) =>
      vSwitch.id);
  }

  private async read(ctx: Context, id: string): Promise<Result<VSwitch, string>> {
    const described = await this.deps.vpc.describeVSwitchById(ctx, id);
    if (!described.ok) return err(`error get vSwitch ${id}, ${described.error.message}`);
    const info = described.value;
    return ok({ id: info.vSwitchId, zone: info.zoneId,
      availableIpCount: info.availableIpAddressCount,
      ipv4Cidr: info.cidrBlock, ipv6Cidr: info.ipv6CidrBlock });
  }
}
