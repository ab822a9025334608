// One API call through the cloud, in the order the real service takes it: find the action, find
// the region, sample the response time, flow control (per account, region and API), the fault
// plan, parameter validation, ClientToken idempotency, the action itself, and the commit of the
// new state. Everything here is synchronous and happens at the call's arrival instant; the
// caller (in-process client or HTTP face) then waits the sampled latency before it answers.
// Every call is one `call` event (its `cloud.api` line); every fault that fires is one `fault`
// event (a `cloud.fault` line), published before the call's own.

import { canonicalJson, err, ok, type Result } from '@terway-sim/sim-base';
import type { ActionSpec, ResponseBody } from '../actions/context.js';
import { findAction } from '../actions/registry.js';
import { apiError, isCatalogCode, missingParameter, type ApiError } from '../errors/catalog.js';
import { parseParams } from '../params/schema.js';
import type { CallFault } from '../physics/faults.js';
import { sampleApiLatency } from '../physics/latency.js';
import { ownValue } from '../state/own.js';
import { RegionDraft } from '../state/region-draft.js';
import type { RegionState } from '../state/types.js';
import { applyEffects, makeActionContext } from './action-context.js';
import type { CallOutcome, CallRequest, Caller, CloudCore } from './core.js';

interface CallFrame {
  readonly core: CloudCore;
  readonly request: CallRequest;
  readonly requestId: string;
  readonly latencyMs: number;
  region: string;
  throttled: boolean;
  fault: CallFault | null;
}

function stringParam(params: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function resolveRegion(core: CloudCore, spec: ActionSpec<unknown>, request: CallRequest,
  caller: Caller): Result<RegionState, ApiError> {
  const state = core.currentState();
  const param = stringParam(request.params, 'RegionId');
  const endpoint = caller.endpointRegion ?? core.defaultRegion;
  let regionId: string;
  if (spec.region === 'required') {
    if (param === undefined) return err(missingParameter('RegionId'));
    regionId = param;
  } else if (spec.region === 'optional') {
    regionId = param ?? endpoint;
  } else {
    regionId = spec.locate?.(state, request.params) ?? endpoint;
  }
  const region = ownValue(state.regions, regionId);
  return region === undefined ? err(apiError('InvalidRegionId.NotFound',
    `RegionId: ${regionId}`)) : ok(region);
}

function finish(frame: CallFrame, outcome: CallOutcome): CallOutcome {
  const { core, request } = frame;
  const params = request.params;
  const code =
    outcome.kind === 'ok' ? 'OK' : outcome.kind === 'api' ? outcome.error.code : 'Timeout';
  const body = outcome.kind === 'ok' ? outcome.body : {};
  const eniId = stringParam(params, 'NetworkInterfaceId') ??
    (typeof body.NetworkInterfaceId === 'string' ? body.NetworkInterfaceId : undefined);
  core.publish({ type: 'call', record: {
    product: request.product, action: request.action, region: frame.region,
    requestId: frame.requestId, eniId: eniId ?? null,
    instanceId: stringParam(params, 'InstanceId') ?? null, code,
    message: outcome.kind === 'api' ? outcome.error.message : null,
    httpStatus: outcome.kind === 'ok' ? 200 : outcome.kind === 'api' ? outcome.error.httpStatus : 0,
    latencyMs: outcome.kind === 'transport' ? null : outcome.latencyMs,
    throttled: frame.throttled, fault: frame.fault?.kind ?? null,
  } });
  return outcome;
}

function refuse(frame: CallFrame, error: ApiError, retryAfterMs?: number): CallOutcome {
  const outcome: CallOutcome = retryAfterMs === undefined
    ? { kind: 'api', requestId: frame.requestId, latencyMs: frame.latencyMs, error }
    : { kind: 'api', requestId: frame.requestId, latencyMs: frame.latencyMs, error, retryAfterMs };
  return finish(frame, outcome);
}

function recordFault(frame: CallFrame, fault: CallFault): void {
  const call = { type: 'fault', rule: fault.rule, action: frame.request.action,
    requestId: frame.requestId, region: frame.region } as const;
  if (fault.kind === 'error') frame.core.publish({ ...call, kind: 'error', code: fault.code });
  else if (fault.kind === 'timeout') frame.core.publish({ ...call, kind: 'timeout',
    applied: fault.applied });
  else frame.core.publish({ ...call, kind: 'stuckAttaching' });
}

/** Parameters whose values a fault rule's `target` is matched against. */
const targetParams = ['NetworkInterfaceId', 'InstanceId', 'VSwitchId', 'TrunkNetworkInstanceId',
  'RouteTableId'];

/** Flow control and the fault plan: an outcome when the call stops here, else null. */
function physics(frame: CallFrame, caller: Caller): CallOutcome | null {
  const { core, request } = frame;
  const { scheduler } = core.deps;
  const admitted = core.throttle.admit(core.accountOf(caller.accessKeyId), frame.region,
    request.action, scheduler.wallMs());
  if (!admitted.admitted) {
    frame.throttled = true;
    return refuse(frame, apiError(core.throttleCode), admitted.retryAfterMs);
  }
  if (core.faults.rules.length === 0) return null;
  const targets = targetParams.flatMap((name) => stringParam(request.params, name) ?? []);
  frame.fault = core.faults.forCall({ action: request.action, region: frame.region, targets,
    nowMs: scheduler.nowMs() });
  if (frame.fault === null) return null;
  recordFault(frame, frame.fault);
  if (frame.fault.kind === 'error') {
    const code = frame.fault.code;
    const error = isCatalogCode(code) ? apiError(code) : { code, httpStatus: 500, message: code };
    if (code.startsWith('Throttling')) frame.throttled = true;
    return refuse(frame, error, code.startsWith('Throttling') ? 1000 : undefined);
  }
  if (frame.fault.kind === 'timeout' && !frame.fault.applied) {
    return finish(frame, { kind: 'transport', requestId: frame.requestId,
      message: 'the request was lost before the cloud saw it' });
  }
  return null;
}

type TokenCheck =
  | { readonly kind: 'none' }
  | { readonly kind: 'replay'; readonly body: ResponseBody }
  | { readonly kind: 'mismatch' };

function checkToken(region: RegionState, action: string, token: string | undefined,
  fingerprint: string, nowMs: number): TokenCheck {
  if (token === undefined) return { kind: 'none' };
  const known = region.tokens.get(token);
  if (known === undefined || known.expiresMs <= nowMs) return { kind: 'none' };
  if (known.action !== action || known.fingerprint !== fingerprint) return { kind: 'mismatch' };
  return { kind: 'replay', body: known.body };
}

function rememberToken(core: CloudCore, draft: RegionDraft, action: string, token: string,
  fingerprint: string, body: ResponseBody): void {
  const nowMs = core.deps.scheduler.nowMs();
  if (nowMs - draft.tokensSweptMs >= core.clientTokenTtlMs) {
    for (const [key, record] of draft.tokens.entries())
      if (record.expiresMs <= nowMs) draft.tokens = draft.tokens.delete(key);
    draft.tokensSweptMs = nowMs;
  }
  draft.tokens = draft.tokens.set(token,
    { action, fingerprint, body, expiresMs: nowMs + core.clientTokenTtlMs });
}

function run(frame: CallFrame, spec: ActionSpec<unknown>, region: RegionState): CallOutcome {
  const { core, request } = frame;
  const parsed = parseParams(spec.schema, request.params);
  if (!parsed.ok) return refuse(frame, parsed.error);
  const token = spec.idempotent ? stringParam(request.params, 'ClientToken') : undefined;
  const fingerprint = token === undefined ? '' : canonicalJson({ ...(parsed.value as Record<string,
    unknown>), ClientToken: undefined });
  const known = checkToken(region, request.action, token, fingerprint, core.deps.scheduler.nowMs());
  if (known.kind === 'mismatch') return refuse(frame,
    apiError('IdempotentParameterMismatch', `ClientToken ${token}`));
  if (known.kind === 'replay') return succeed(frame, known.body);
  const draft = new RegionDraft(region);
  const { ctx, effects } = makeActionContext(core, draft, {
    holdMs: frame.latencyMs, stuckAttaching: frame.fault?.kind === 'stuckAttaching', instant: false,
  });
  const result = spec.run(ctx, parsed.value);
  if (!result.ok) return refuse(frame, result.error);
  if (token !== undefined) rememberToken(core, draft, request.action, token, fingerprint,
    result.value);
  if (!spec.readOnly || token !== undefined) core.commitRegion(draft.finish());
  const outcome = frame.fault?.kind === 'timeout'
    ? finish(frame, { kind: 'transport', requestId: frame.requestId,
      message: 'the reply was lost after the cloud applied the request' })
    : succeed(frame, result.value);
  applyEffects(core, region.regionId, effects, frame.requestId);
  return outcome;
}

function succeed(frame: CallFrame, body: ResponseBody): CallOutcome {
  return finish(frame, { kind: 'ok', requestId: frame.requestId, latencyMs: frame.latencyMs,
    body: { RequestId: frame.requestId, ...body } });
}

/** Serves one call at the current instant; the caller waits `latencyMs` before answering. */
export function executeCall(core: CloudCore, request: CallRequest, caller: Caller): CallOutcome {
  const frame: CallFrame = {
    core, request, requestId: core.deps.ids.nextRequestId(),
    latencyMs: sampleApiLatency(core.latency, request.action, core.streams.latency),
    region: caller.endpointRegion ?? core.defaultRegion, throttled: false, fault: null,
  };
  const spec = findAction(request.product, request.action);
  if (spec === undefined) return refuse(frame,
    apiError('InvalidAction.NotFound', `${request.product} ${request.action}`));
  const region = resolveRegion(core, spec, request, caller);
  if (!region.ok) return refuse(frame, region.error);
  frame.region = region.value.regionId;
  return physics(frame, caller) ?? run(frame, spec, region.value);
}

