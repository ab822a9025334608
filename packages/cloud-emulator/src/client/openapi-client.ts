// The in-process OpenAPI client: what Terway's cloud client layer calls inside a simulated run.
// A call is served at once (the cloud's state changes at the arrival instant) and its promise
// settles after the call's sampled latency, on the scheduler's clock: no sockets, no real time.
// A reply lost to a `timeout` fault settles as a transport failure after the client's timeout
// (default 20 s, Terway's Go client). Refusals are values, never rejections (the port contract).

import { err, ok } from '@terway-sim/sim-base';
import type { CloudCore, CallOutcome } from '../emulator/core.js';
import type { OpenApiReply, OpenApiRequest } from './port-types.js';

export interface CloudClientOptions {
  /** The key the client signs with; flow control counts per its account. */
  readonly accessKeyId?: string;
  /** The endpoint's region, for APIs without a RegionId parameter. */
  readonly regionId?: string;
  /** How long the client waits for a reply that never comes. Default 20,000 ms. */
  readonly timeoutMs?: number;
}

export const defaultAccessKeyId = 'in-process';
export const defaultClientTimeoutMs = 20_000;

interface Executor extends CloudCore {
  execute(request: OpenApiRequest,
    caller: { accessKeyId: string; endpointRegion?: string }): CallOutcome;
}

export class InProcessCloudClient {
  private readonly accessKeyId: string;
  private readonly timeoutMs: number;

  constructor(private readonly cloud: Executor, private readonly options: CloudClientOptions = {}) {
    this.accessKeyId = options.accessKeyId ?? defaultAccessKeyId;
    this.timeoutMs = options.timeoutMs ?? defaultClientTimeoutMs;
  }

  async call(request: OpenApiRequest): Promise<OpenApiReply> {
    const caller = this.options.regionId === undefined
      ? { accessKeyId: this.accessKeyId }
      : { accessKeyId: this.accessKeyId, endpointRegion: this.options.regionId };
    const outcome = this.cloud.execute(request, caller);
    const { scheduler } = this.cloud.deps;
    if (outcome.kind === 'transport') {
      await scheduler.sleep(this.timeoutMs);
      return err({ kind: 'transport', code: 'Timeout',
        message: `no reply within ${this.timeoutMs} ms: ${outcome.message}` });
    }
    if (outcome.latencyMs > 0) await scheduler.sleep(outcome.latencyMs);
    if (outcome.kind === 'ok') return ok(outcome.body);
    return err({
      kind: 'api',
      code: outcome.error.code,
      message: outcome.error.message,
      httpStatus: outcome.error.httpStatus,
      requestId: outcome.requestId,
    });
  }
}
