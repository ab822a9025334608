// FakeCloud: a scripted, deterministic stand-in for ECS/VPC and the instance metadata service, for
// testing Terway's client layer alone (the real cloud emulator is packages/cloud-emulator). It
// implements OpenApiPort and hands out one MetadataPort per instance.
//
// Every API call takes `apiMs` of virtual time, then either takes the next scripted reply queued
// for its action (a refusal, a transport failure, a canned body, or `'model'` to let the state
// answer) or is answered by the state (fake-cloud-actions.ts). ClientTokens are honoured: a
// repeated token with the same parameters gets the first reply again without a second effect;
// with other parameters, `IdempotentParameterMismatch`. Every call is recorded with its instant
// and outcome, so a test can assert the exact timeline.
//
// Faults it can inject: any API error code and HTTP status, transport failures, metadata statuses
// (0, 404, 429, 5xx) on chosen paths, an exhausted vSwitch.

import { canonicalJson, IdGenerator, type Scheduler } from '@terway-sim/sim-base';
import type { MetadataPort } from '../ports/metadata.js';
import type { OpenApiReply, OpenApiRequest, OpenApiPort, ResponseBody, TransportFailure
} from '../ports/openapi.js';
import { fakeActions, refuse, type ActionContext, type ActionReply, type Params
} from './fake-cloud-actions.js';
import { FakeCloudState, type FakeInstanceSpec, type FakeVSwitchSpec } from './fake-cloud-state.js';
import { FakeMetadata } from './fake-metadata.js';

export type ScriptedReply =
  | { readonly code: string; readonly httpStatus?: number; readonly message?: string }
  | { readonly transport: TransportFailure['code'] }
  | { readonly body: ResponseBody }
  | 'model';

export interface FakeCall {
  readonly startMs: number;
  readonly endMs: number;
  readonly action: string;
  readonly params: Params;
  /** `OK` or the error code. */
  readonly outcome: string;
}

export interface FakeCloudTimings {
  /** Latency of every API call (default 50 ms). */
  readonly apiMs?: number;
  /** Attaching → InUse (default 2000 ms). */
  readonly attachMs?: number;
  readonly detachMs?: number;
  /** Deleting → gone (default 1000 ms). */
  readonly deleteMs?: number;
  /** How far metadata trails the API (default 500 ms). */
  readonly metadataLagMs?: number;
  /** Latency of one metadata request (default 1 ms). */
  readonly metadataMs?: number;
}

export interface FakeCloudOptions {
  readonly regionId?: string;
  readonly vSwitches: readonly FakeVSwitchSpec[];
  readonly instances: readonly FakeInstanceSpec[];
  readonly timings?: FakeCloudTimings;
  /** Canned DescribeInstanceTypes records (served in pages of the request's MaxResults). */
  readonly instanceTypes?: readonly ResponseBody[];
}

const defaultHttpStatus: Readonly<Record<string, number>> = {
  Throttling: 400, 'Throttling.User': 400, InternalError: 500, ServiceUnavailable: 503,
    'Forbidden.RAM': 403,
  'InvalidEniId.NotFound': 404, 'InvalidEcsId.NotFound': 404, 'InvalidVSwitchId.IpNotEnough': 403,
  'QuotaExceeded.PrivateIpAddress': 403, 'EniPerInstanceLimitExceeded': 403,
    'Operation.Conflict': 403,
  'InvalidIp.IpUnassigned': 403, IdempotentFailed: 400,
};

export class FakeCloud implements OpenApiPort {
  readonly state: FakeCloudState;
  readonly calls: FakeCall[] = [];
  readonly regionId: string;
  private readonly ids: IdGenerator;
  private readonly scripts = new Map<string, ScriptedReply[]>();
  private readonly tokens = new Map<string, { paramsJson: string; reply: ActionReply }>();
  private readonly timings: Required<FakeCloudTimings>;
  private readonly metadataPorts = new Map<string, FakeMetadata>();

  constructor(private readonly deps: { readonly scheduler: Scheduler; readonly ids?: IdGenerator },
    private readonly options: FakeCloudOptions) {
    this.ids = deps.ids ?? new IdGenerator();
    this.regionId = options.regionId ?? 'cn-hangzhou';
    this.timings = { apiMs: 50, attachMs: 2_000, detachMs: 2_000, deleteMs: 1_000,
      metadataLagMs: 500, metadataMs: 1,
      ...options.timings };
    this.state = new FakeCloudState({ scheduler: deps.scheduler, ids: this.ids }, this.timings);
    options.vSwitches.forEach((spec) => this.state.addVSwitch(spec));
    options.instances.forEach((spec) => this.state.addInstance(spec));
  }

  /** Queues replies for the next calls of `action`, answered in order before the model answers. */
  script(action: string, ...replies: ScriptedReply[]): this {
    this.scripts.set(action, [...(this.scripts.get(action) ?? []), ...replies]);
    return this;
  }

  /** The metadata service as seen from `instanceId`. */
  metadata(instanceId: string): FakeMetadata {
    let port = this.metadataPorts.get(instanceId);
    if (port === undefined) {
      port = new FakeMetadata({ scheduler: this.deps.scheduler, state: this.state },
        { instanceId, regionId: this.regionId, latencyMs: this.timings.metadataMs });
      this.metadataPorts.set(instanceId, port);
    }
    return port;
  }

  /** Calls of `action` (all calls when omitted), in order. */
  callsOf(action?: string): FakeCall[] {
    return action === undefined ? [...this.calls] : this.calls.filter((call) =>
      call.action === action);
  }

  async call(request: OpenApiRequest): Promise<OpenApiReply> {
    const startMs = this.deps.scheduler.nowMs();
    await this.deps.scheduler.sleep(this.timings.apiMs);
    const reply = this.answer(request);
    const requestId = this.ids.nextRequestId();
    const outcome = reply.ok ? 'OK' : reply.error.code;
    this.calls.push({ startMs, endMs: this.deps.scheduler.nowMs(), action: request.action,
      params: request.params, outcome });
    if (reply.ok) return { ok: true, value: { ...reply.value, RequestId: requestId } };
    if ('transport' in reply) return { ok: false, error: reply.error };
    return { ok: false, error: { ...reply.error, kind: 'api', requestId } };
  }

  private answer(request: OpenApiRequest): ActionReply | {
    ok: false; transport: true; error: TransportFailure } {
    const scripted = this.scripts.get(request.action)?.shift();
    if (scripted !== undefined && scripted !== 'model') {
      if ('transport' in scripted) {
        return { ok: false, transport: true, error: { kind: 'transport', code: scripted.transport,
          message: `fake transport ${scripted.transport}` } };
      }
      if ('body' in scripted) return { ok: true, value: scripted.body };
      return refuse(scripted.code, scripted.httpStatus ?? defaultHttpStatus[scripted.code] ?? 400,
        scripted.message);
    }
    return this.withToken(request, () => this.model(request));
  }

  private withToken(request: OpenApiRequest, run: () => ActionReply): ActionReply {
    const token = request.params['ClientToken'];
    if (typeof token !== 'string' || token === '') return run();
    const { ClientToken: _token, ...rest } = request.params;
    const paramsJson = canonicalJson({ action: request.action, ...rest });
    const seen = this.tokens.get(token);
    if (seen !== undefined) return seen.paramsJson === paramsJson ? seen.reply
      : refuse('IdempotentParameterMismatch', 400);
    const reply = run();
    if (reply.ok) this.tokens.set(token, { paramsJson, reply });
    return reply;
  }

  private model(request: OpenApiRequest): ActionReply {
    if (request.action === 'DescribeInstanceTypes') return this.describeInstanceTypes(
      request.params);
    const handler = fakeActions[request.action];
    if (handler === undefined) return refuse('InvalidApi.NotFound', 404,
      `fake cloud does not model ${request.action}`);
    const context: ActionContext = { state: this.state, timings: this.timings,
      after: (delayMs, fn) => this.deps.scheduler.after(delayMs, fn) };
    return handler(context, request.params);
  }

  private describeInstanceTypes(params: Params): ActionReply {
    const all = this.options.instanceTypes ?? [];
    const pageSize = typeof params['MaxResults'] === 'number' ? params['MaxResults'] : 100;
    const start = Number(typeof params['NextToken'] === 'string' && params['NextToken'] !== ''
      ? params['NextToken'] : '0');
    const nextToken = start + pageSize < all.length ? String(start + pageSize) : '';
    return { ok: true, value: { InstanceTypes: { InstanceType: all.slice(start,
      start + pageSize) }, NextToken: nextToken } };
  }
}

export type { MetadataPort };
