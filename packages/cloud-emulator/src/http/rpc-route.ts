// The RPC endpoint (`POST /` and `GET /`) as the ECS and VPC SDKs call it: action and version in
// `x-acs-action` / `x-acs-version` headers (V3) or `Action` / `Version` parameters (v1),
// parameters in the query and, for form-encoded bodies, the body. The version picks the product
// (2014-05-26 ECS, 2016-04-28 VPC). After authentication the request runs through the same
// pipeline as in-process calls; the reply waits the sampled latency on the emulator's clock
// (moved by a RealTimeDriver). A reply lost to a timeout fault is never sent: the socket is held
// and then closed, as a lost reply looks to a client.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { productOfVersion } from '../actions/registry.js';
import type { CloudEmulator } from '../emulator/cloud-emulator.js';
import type { CallOutcome } from '../emulator/core.js';
import type { CloudProduct } from '../actions/context.js';
import { apiError, invalidParameter, missingParameter, type ApiError } from '../errors/catalog.js';
import { decodeFlatParams } from '../params/flat-params.js';
import { isV3Signed, type Authenticator } from './auth.js';
import { splitPairs, type RawPair } from './encoding.js';
import { defaultHostId, envelopeText, jsonContentType } from './envelope.js';
import type { CloudMetrics } from './metrics.js';

/** Parameters of the v1 protocol itself, not of the action. */
const protocolParams = new Set([
  'Action',
  'Version',
  'Format',
  'Timestamp',
  'SignatureNonce',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureType',
  'AccessKeyId',
  'Signature',
  'SecurityToken',
]);

export interface RpcRouteContext {
  readonly cloud: CloudEmulator;
  readonly auth: Authenticator;
  readonly metrics: CloudMetrics;
  /** How long a lost reply holds the connection before closing it (ms of the emulator's clock). */
  readonly transportHoldMs: number;
  readonly hostId?: string;
}

/**
 * Writes a JSON reply straight to the socket. The cloud's replies need no fastify hooks or
 * serializers, and skipping them is a measurable share of a small call (bench/cloud.bench.ts).
 */
function writeJson(reply: FastifyReply, status: number, requestId: string, body: string,
  retryAfterMs?: number): void {
  reply.hijack();
  const headers: Record<string, string | number> = {
    'content-type': jsonContentType,
    'content-length': Buffer.byteLength(body),
    'x-acs-request-id': requestId,
  };
  if (retryAfterMs !== undefined) headers['x-acs-retry-after'] = String(retryAfterMs);
  reply.raw.writeHead(status, headers);
  reply.raw.end(body);
}

function sendError(ctx: RpcRouteContext, request: FastifyRequest, reply: FastifyReply,
  error: ApiError, requestId: string, retryAfterMs?: number): void {
  writeJson(reply, error.httpStatus, requestId,
    envelopeText(error, requestId, ctx.hostId ?? request.headers.host ?? defaultHostId),
    retryAfterMs);
}

interface ParsedRpc {
  readonly rawQuery: string;
  readonly queryPairs: readonly RawPair[];
  readonly path: string;
  readonly body: Buffer;
  readonly pairs: readonly RawPair[];
}

function parseRequest(request: FastifyRequest): ParsedRpc | ApiError {
  const rawUrl = request.raw.url ?? '/';
  const at = rawUrl.indexOf('?');
  const path = at < 0 ? rawUrl : rawUrl.slice(0, at);
  const rawQuery = at < 0 ? '' : rawUrl.slice(at + 1);
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const queryPairs = splitPairs(rawQuery);
  const form = (request.headers['content-type'] ?? '')
    .toLowerCase()
    .startsWith('application/x-www-form-urlencoded');
  const formPairs = form ? splitPairs(body.toString('utf8')) : [];
  if (queryPairs === undefined || formPairs === undefined) return apiError('InvalidParameter',
    'malformed percent-encoding');
  return { rawQuery, queryPairs, path, body,
    pairs: formPairs.length === 0 ? queryPairs : [...queryPairs, ...formPairs] };
}

function headerText(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

async function deliver(ctx: RpcRouteContext, request: FastifyRequest, reply: FastifyReply,
  outcome: CallOutcome): Promise<void> {
  const { scheduler } = ctx.cloud.deps;
  if (outcome.kind === 'transport') {
    reply.hijack();
    await scheduler.sleep(ctx.transportHoldMs);
    request.raw.socket.destroy();
    return;
  }
  if (outcome.latencyMs > 0) await scheduler.sleep(outcome.latencyMs);
  if (outcome.kind === 'api') return sendError(ctx, request, reply, outcome.error,
    outcome.requestId, outcome.retryAfterMs);
  writeJson(reply, 200, outcome.requestId, JSON.stringify(outcome.body));
}

/**
 * A protocol parameter given twice makes the request mean two things: the signature covers the
 * pairs sorted, so a replay could reorder them and have a second SignatureNonce or Timestamp
 * read instead of the first. The gateway takes each of them once or not at all.
 */
function repeatedProtocolParam(pairs: readonly RawPair[]): ApiError | null {
  const seen = new Set<string>();
  for (const { key } of pairs) {
    if (!protocolParams.has(key)) continue;
    if (seen.has(key)) return invalidParameter(key, 'given more than once');
    seen.add(key);
  }
  return null;
}

/**
 * The action and product a request names. A V3 request signs its `x-acs-action` and
 * `x-acs-version` headers; a v1 request (a `Signature` parameter) signs only its parameters, so
 * there an unsigned header must not pick another action than the signed `Action` (the Node SDK
 * sends both, equal). Unsigned requests are refused by authentication after this.
 */
function resolveTarget(request: FastifyRequest,
  parsed: ParsedRpc): { action: string; product: CloudProduct } | ApiError {
  const param = (name: string) =>
    parsed.pairs.find((pair) => pair.key === name)?.value || undefined;
  const v1 = !isV3Signed(request.headers) && parsed.pairs.some((pair) => pair.key === 'Signature');
  const fromHeaders = { action: headerText(request, 'x-acs-action'),
    version: headerText(request, 'x-acs-version') };
  const action = (v1 ? undefined : fromHeaders.action) ?? param('Action');
  const version = (v1 ? undefined : fromHeaders.version) ?? param('Version');
  if (action === undefined) return missingParameter('Action');
  if (version === undefined) return missingParameter('Version');
  if (v1 && fromHeaders.action !== undefined && fromHeaders.action !== action) {
    return invalidParameter('x-acs-action', 'differs from the signed Action parameter');
  }
  if (v1 && fromHeaders.version !== undefined && fromHeaders.version !== version) {
    return invalidParameter('x-acs-version', 'differs from the signed Version parameter');
  }
  const product = productOfVersion(version);
  if (product === undefined) return apiError('InvalidVersion',
    `Version ${version}; the emulator serves 2014-05-26 (ECS) and 2016-04-28 (VPC)`);
  return { action, product };
}

/** Handles one RPC request end to end. */
export async function handleRpc(ctx: RpcRouteContext, request: FastifyRequest,
  reply: FastifyReply): Promise<void> {
  const refuse = (error: ApiError, retryAfterMs?: number) => {
    ctx.metrics.refusedAtGateway(error.code);
    return sendError(ctx, request, reply, error, ctx.cloud.deps.ids.nextRequestId(),
      retryAfterMs);
  };
  const parsed = parseRequest(request);
  if (!('pairs' in parsed)) return refuse(parsed);
  const repeated = repeatedProtocolParam(parsed.pairs);
  if (repeated !== null) return refuse(repeated);
  const target = resolveTarget(request, parsed);
  if (!('action' in target)) return refuse(target);
  const authenticated = ctx.auth.authenticate({
    method: request.method, path: parsed.path, rawQuery: parsed.rawQuery,
    queryPairs: parsed.queryPairs, headers: request.headers, body: parsed.body,
    pairs: parsed.pairs,
  });
  if (!authenticated.ok) {
    return refuse(authenticated.error.error, authenticated.error.retryAfterMs);
  }
  const params = decodeFlatParams(parsed.pairs.filter((pair) => !protocolParams.has(pair.key))
    .map((pair) => [pair.key, pair.value] as const));
  if (!params.ok) return refuse(params.error);
  const outcome = ctx.cloud.execute({ product: target.product, action: target.action,
    params: params.value }, { accessKeyId: authenticated.value });
  return deliver(ctx, request, reply, outcome);
}
