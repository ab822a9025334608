// Flow control as ECS documents its API throttling: per account, per region, per API, in fixed
// one-minute windows of wall time; an API throttled in minute T is allowed again from minute
// T+1. A refusal is `Throttling` (or `Throttling.User` / `Throttling.Api`, selectable), status
// 400, with the milliseconds to the next window as the retry-after. The real thresholds are only
// visible in the Quota Center; the defaults are Terway's own client-side budgets
// (pkg/aliyun/client/ratelimit.go), the closest public proxy, and every one is configurable.

export type ThrottleCode = 'Throttling' | 'Throttling.User' | 'Throttling.Api';

/**
 * Calls per minute per API (Terway's ratelimit.go table); APIs not listed get `defaultRateLimit`.
 */
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

export type ThrottleDecision =
  { readonly admitted: true } | { readonly admitted: false; readonly retryAfterMs: number };

export class Throttle {
  /** Windows by `account|region`, then by API. */
  private readonly windows = new Map<string, Map<string, { window: number; count: number }>>();
  /** Calls per minute by API: a Map, because the API name is whatever a client sent. */
  private readonly limits: ReadonlyMap<string, number>;

  constructor(limits: Readonly<Record<string, number>>, private readonly fallback: number) {
    this.limits = new Map(Object.entries(limits));
  }

  limitOf(action: string): number {
    return this.limits.get(action) ?? this.fallback;
  }

  /** Counts one call of `action` by `account` in `region` at wall instant `wallMs`. */
  admit(account: string, region: string, action: string, wallMs: number): ThrottleDecision {
    const scope = `${account}|${region}`;
    let byApi = this.windows.get(scope);
    if (byApi === undefined) this.windows.set(scope, (byApi = new Map()));
    const window = Math.floor(wallMs / throttleWindowMs);
    let slot = byApi.get(action);
    if (slot === undefined || slot.window !== window) {
      slot = { window, count: 0 };
      byApi.set(action, slot);
    }
    if (slot.count >= this.limitOf(action)) return { admitted: false,
      retryAfterMs: (window + 1) * throttleWindowMs - wallMs };
    slot.count++;
    return { admitted: true };
  }

  /** The windows in use, sorted by key, for snapshots. */
  snapshot(): ThrottleWindow[] {
    const flat: ThrottleWindow[] = [];
    for (const [scope, byApi] of this.windows) for (const [action,
      slot] of byApi) flat.push({ key: `${scope}|${action}`, ...slot });
    return flat.sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  restore(windows: readonly ThrottleWindow[]): void {
    this.windows.clear();
    for (const slot of windows) {
      const at = slot.key.lastIndexOf('|');
      const scope = slot.key.slice(0, at);
      let byApi = this.windows.get(scope);
      if (byApi === undefined) this.windows.set(scope, (byApi = new Map()));
      byApi.set(slot.key.slice(at + 1), { window: slot.window, count: slot.count });
    }
  }
}
