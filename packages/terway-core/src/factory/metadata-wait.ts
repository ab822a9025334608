// The factory's waits on the instance metadata service (pkg/factory/aliyun/aliyun.go
// `validateIPInMetadata`, `validateIPNotInMetadata`, and the MAC wait after attach): metadata lags
// the API, so after an attach, assign or unassign Terway polls it every 1 s for at most 10 s. The
// IP waits start after the first interval; the MAC wait checks at once. A read that fails is
// logged and counts as "not there yet" (for the gone-wait: "still there"). A wait that times out
// logs what was missing and fails with the context error ("context deadline exceeded").

import {
  ok, pollUntilContextTimeout, type Context, type Result, type Scheduler, type WaitFailure
} from '@terway-sim/sim-base';
import type { Logger } from '../log/logger.js';
import type { MetadataError } from '../metadata/client.js';

export const metadataPollIntervalMs = 1_000;
export const metadataWaitTimeoutMs = 10_000;

export interface MetadataWaitDeps {
  readonly scheduler: Scheduler;
  readonly logger: Logger;
}

type Reader = () => Promise<Result<string[], MetadataError>>;

/** Go's %v of an address slice: `[a b c]`. */
export function goList(items: readonly string[]): string {
  return `[${items.join(' ')}]`;
}

/** Waits until every `expected` address is listed; first check after 1 s. */
export async function waitIpsInMetadata(deps: MetadataWaitDeps, ctx: Context,
  expected: readonly string[],
  read: Reader): Promise<Result<void, WaitFailure<never>>> {
  let last: string[] = [];
  const waited = await pollUntilContextTimeout<never>(deps, ctx,
    { intervalMs: metadataPollIntervalMs, timeoutMs: metadataWaitTimeoutMs, immediate: false },
      async () => {
      const listed = await read();
      if (!listed.ok) deps.logger.error(
        `metadata: error get eni private ip: ${listed.error.message}`);
      last = listed.ok ? listed.value : [];
      return ok(expected.every((ip) => last.includes(ip)));
    });
  if (!waited.ok) {
    const missing = expected.filter((ip) => !last.includes(ip));
    deps.logger.error(
      `validateIPInMetadata: timeout, expect ${goList(expected)}, missing ${goList(missing)}, ` +
        `metadata has ${goList(last)}`);
  }
  return waited;
}

/** Waits until none of `gone` is listed; a failed read counts as all still present. */
export async function waitIpsGoneFromMetadata(deps: MetadataWaitDeps, ctx: Context,
  gone: readonly string[],
  read: Reader): Promise<Result<void, WaitFailure<never>>> {
  let last: string[] = [];
  const waited = await pollUntilContextTimeout<never>(deps, ctx,
    { intervalMs: metadataPollIntervalMs, timeoutMs: metadataWaitTimeoutMs, immediate: false },
      async () => {
      const listed = await read();
      if (!listed.ok) deps.logger.error(
        `metadata: error get eni private ip: ${listed.error.message}`);
      last = listed.ok ? listed.value : [...gone];
      return ok(!gone.some((ip) => last.includes(ip)));
    });
  if (!waited.ok) {
    const remaining = gone.filter((ip) => last.includes(ip));
    deps.logger.error(
      `validateIPNotInMetadata: timeout, expect gone ${goList(gone)}, still present ` +
        `${goList(remaining)}, metadata has ${goList(last)}`);
  }
  return waited;
}

/** Waits until the MAC is listed under network/interfaces/macs/; checks at once, then every 1 s. */
export function waitMacInMetadata(deps: MetadataWaitDeps, ctx: Context, mac: string,
  readMacs: Reader): Promise<Result<void, WaitFailure<never>>> {
  return pollUntilContextTimeout<never>(deps, ctx,
    { intervalMs: metadataPollIntervalMs, timeoutMs: metadataWaitTimeoutMs, immediate: true },
      async () => {
      const macs = await readMacs();
      if (!macs.ok) {
        deps.logger.error(`metadata: error get mac: ${macs.error.message}`);
        return ok(false);
      }
      return ok(macs.value.includes(mac));
    });
}
