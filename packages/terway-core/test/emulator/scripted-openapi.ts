// A scripting decorator of terway-core's OpenApiPort for tests. Every call goes on to the port it
// wraps (the cloud emulator's in-process client) unless the test queued a reply for that action:
// a canned success body, a refusal with a code the emulator's error catalog does not have, or a
// transport failure that comes back at once. Refusals the emulator does know are injected through
// its own fault plan instead (CloudRig.faults), so they take the real call pipeline.
//
// It holds no cloud state: a canned reply changes nothing anywhere, and nothing here answers from
// a model of its own. It records every call (instant, parameters, outcome) so a test can state
// the exact timeline Terway's client layer produced.

import type { IdGenerator, Scheduler } from '@terway-sim/sim-base';
import type {
  OpenApiPort, OpenApiReply, OpenApiRequest, ResponseBody, TransportFailure,
} from '../../src/ports/openapi.js';

/** A reply the test puts in place of the emulator's, for one call of one action. */
export type ScriptedReply =
  | { readonly body: ResponseBody }
  | { readonly code: string; readonly httpStatus: number; readonly message: string }
  | { readonly transport: TransportFailure['code'] };

export interface RecordedCall {
  readonly startMs: number;
  readonly endMs: number;
  readonly action: string;
  readonly params: OpenApiRequest['params'];
  /** `OK`, the error code, or the transport failure's code. */
  readonly outcome: string;
  readonly scripted: boolean;
}

export interface ScriptedOpenApiDeps {
  readonly scheduler: Scheduler;
  readonly ids: IdGenerator;
  /** Where unscripted calls go. */
  readonly inner: OpenApiPort;
}

export interface ScriptedOpenApiOptions {
  /** How long a canned reply takes to come back (the emulator's own latency does not apply). */
  readonly scriptedLatencyMs: number;
}

export class ScriptedOpenApi implements OpenApiPort {
  readonly calls: RecordedCall[] = [];
  private readonly queues = new Map<string, ScriptedReply[]>();

  constructor(private readonly deps: ScriptedOpenApiDeps,
    private readonly options: ScriptedOpenApiOptions) {}

  /** Queues replies for the next calls of `action`, given in order instead of the cloud's. */
  script(action: string, ...replies: readonly ScriptedReply[]): this {
    this.queues.set(action, [...(this.queues.get(action) ?? []), ...replies]);
    return this;
  }

  /** Calls of `action` (every call when omitted), in the order they were made. */
  callsOf(action?: string): RecordedCall[] {
    return this.calls.filter((call) => action === undefined || call.action === action);
  }

  /** Forgets the calls recorded so far (the queues stay). */
  clearCalls(): void {
    this.calls.length = 0;
  }

  async call(request: OpenApiRequest): Promise<OpenApiReply> {
    const { scheduler } = this.deps;
    const startMs = scheduler.nowMs();
    const scripted = this.queues.get(request.action)?.shift();
    const reply = scripted === undefined ? await this.deps.inner.call(request)
      : await this.canned(scripted);
    const outcome = reply.ok ? 'OK' : reply.error.code;
    this.calls.push({ startMs, endMs: scheduler.nowMs(), action: request.action,
      params: request.params, outcome, scripted: scripted !== undefined });
    return reply;
  }

  private async canned(reply: ScriptedReply): Promise<OpenApiReply> {
    await this.deps.scheduler.sleep(this.options.scriptedLatencyMs);
    const requestId = this.deps.ids.nextRequestId();
    if ('body' in reply) return { ok: true, value: { ...reply.body, RequestId: requestId } };
    if ('transport' in reply) {
      return { ok: false, error: { kind: 'transport', code: reply.transport,
        message: `scripted transport failure ${reply.transport}` } };
    }
    return { ok: false, error: { kind: 'api', code: reply.code, httpStatus: reply.httpStatus,
      message: reply.message, requestId } };
  }
}
