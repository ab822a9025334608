// Flow control as ECS does it (reference §4.5): per account, per region, per API, in fixed
// one-minute windows of wall time; an API throttled in minute T is allowed again from minute
// T+1. A refusal is `Throttling` (or `Throttling.User` / `Throttling.Api`, selectable), status
// 400, with the milliseconds to the next window as the retry-after. The real thresholds are only
// visible in the Quota Center; the defaults are Terway's own client-side budgets
// (pkg/aliyun/client/ratelimit.go), the closest public proxy, and every one is configurable.

export type ThrottleCode = 'Throttling' | 'Throttling.User' | 'Throttling.Api';

/** Calls per minute per API (Terway's ratelimit.go table); APIs not listed get `defaultRateLimit`. */
export const defaultRateLimits: Readonly<Record<string, number>> = {
  AttachNetworkInterface: 500,
  CreateNetworkInterface: 500,
  DeleteNetworkInterface: 500,
  DescribeNetworkInterfaces: 800,
  DescribeNetworkInterfaceAttribute: 2000,
  DetachNetworkInterface: 400,
  AssignPrivateIpAddresses: 400,
  UnassignPrivateIpAddresses: 400,
  AssignIpv6Addresses: 400,
  UnassignIpv6Addresses: 400,
  DescribeInstanceTypes: 400,
  DescribeVSwitches: 300,
};

export const defaultRateLimit = 500;
export const throttleWindowMs = 60_000;

export interface ThrottleWindow {
  readonly key: string;
  readonly window: number;
  readonly count: number;
}

export type ThrottleDecision = { readonly admitted: true } | { readonly admitted: false; readonly retryAfterMs: number };

export class Throttle {
  private readonly windows = new Map<string, { window: number; count: number }>();

  constructor(private readonly limits: Readonly<Record<string, number>>, private readonly fallback: number) {}

  limitOf(action: string): number {
    return this.limits[action] ?? this.fallback;
  }

  /** Counts one call of `action` by `account` in `region` at wall instant `wallMs`. */
  admit(account: string, region: string, action: string, wallMs: number): ThrottleDecision {
    const key = `${account}|${region}|${action}`;
    const window = Math.floor(wallMs / throttleWindowMs);
    let slot = this.windows.get(key);
    if (slot === undefined || slot.window !== window) {
      slot = { window, count: 0 };
      this.windows.set(key, slot);
    }
    if (slot.count >= this.limitOf(action)) return { admitted: false, retryAfterMs: (window + 1) * throttleWindowMs - wallMs };
    slot.count++;
    return { admitted: true };
  }

  /** The windows in use, sorted by key, for snapshots. */
  snapshot(): ThrottleWindow[] {
    return [...this.windows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, slot]) => ({ key, ...slot }));
  }

  restore(windows: readonly ThrottleWindow[]): void {
    this.windows.clear();
    windows.forEach((slot) => this.windows.set(slot.key, { window: slot.window, count: slot.count }));
  }
}
