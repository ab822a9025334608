// The emulator's HTTP face, a thin fastify app over a CloudEmulator: the ECS and VPC RPC
// endpoint (`POST /`, `GET /`), the instance metadata paths, and `/metrics`. `buildServer()` is
// apart from `listen()` so tests drive it with `inject()` or a socket on port 0.
//
// When to use: `terway-sim serve`, SDK conformance tests, pointing a real Terway at a fake cloud.
// Gotcha: the emulator's clock must move with the wall clock (start a RealTimeDriver on its
// scheduler), or replies that wait a latency never leave. Every body parser is replaced by one
// that keeps the raw bytes, because signatures are checked over the raw text. Any error fastify
// itself raises, and any request Node's HTTP parser cannot read (431 for huge headers, 400 for
// malformed bytes), is answered in the cloud's error envelope, never in fastify's or Node's.

import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { CloudEmulator } from '../emulator/cloud-emulator.js';
import { apiError, invalidParameter, type ApiError } from '../errors/catalog.js';
import { Authenticator, type AuthOptions } from './auth.js';
import { defaultHostId, envelopeText, jsonContentType } from './envelope.js';
import { registerMetadataRoutes, type MetadataRouteOptions } from './metadata-routes.js';
import { CloudMetrics } from './metrics.js';
import { handleRpc, type RpcRouteContext } from './rpc-route.js';

export interface HttpFaceOptions extends AuthOptions, MetadataRouteOptions {
  /** `HostId` in error bodies. Default: the request's Host header. */
  readonly hostId?: string;
  /** How long a reply lost to a timeout fault holds the connection. Default 65 s. */
  readonly transportHoldMs?: number;
  /** Largest request body, bytes. Default 1 MiB. */
  readonly bodyLimit?: number;
}

/** The refusal for bytes Node's HTTP parser could not read as a request. */
function clientErrorRefusal(error: NodeJS.ErrnoException): ApiError {
  if (error.code === 'HPE_HEADER_OVERFLOW') return apiError('RequestHeaderFieldsTooLarge');
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return apiError('RequestTimeout');
  return apiError('MalformedRequest', `(${error.code ?? error.message})`);
}

/**
 * Answers a request Node could not parse (huge headers, a broken request line, a bad chunk) in
 * the cloud's envelope, then closes the connection: after a parse error the stream cannot be
 * trusted to hold another request.
 */
function clientErrorHandler(cloud: CloudEmulator, metrics: CloudMetrics,
  hostId: string): (error: NodeJS.ErrnoException, socket: Socket) => void {
  return (error, socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const refusal = clientErrorRefusal(error);
    metrics.refusedAtGateway(refusal.code);
    const requestId = cloud.deps.ids.nextRequestId();
    const body = envelopeText(refusal, requestId, hostId);
    socket.end([`HTTP/1.1 ${refusal.httpStatus} ${STATUS_CODES[refusal.httpStatus] ?? ''}`,
      `content-type: ${jsonContentType}`, `content-length: ${Buffer.byteLength(body)}`,
      `x-acs-request-id: ${requestId}`, 'connection: close', '', body].join('\r\n'));
  };
}

export function buildServer(cloud: CloudEmulator, options: HttpFaceOptions): FastifyInstance {
  const metrics = new CloudMetrics();
  const app = Fastify({ logger: false, bodyLimit: options.bodyLimit ?? 1_048_576,
    routerOptions: { maxParamLength: 2048 },
    clientErrorHandler: clientErrorHandler(cloud, metrics, options.hostId ?? defaultHostId) });
  cloud.onCall((record) => metrics.observe(record));
  const ctx: RpcRouteContext = {
    cloud, metrics, auth: new Authenticator(options, cloud.deps.scheduler),
    transportHoldMs: options.transportHoldMs ?? 65_000,
    ...(options.hostId === undefined ? {} : { hostId: options.hostId }),
  };
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.post('/', (request, reply) => handleRpc(ctx, request, reply));
  app.get('/', (request, reply) => handleRpc(ctx, request, reply));
  registerMetadataRoutes(app, cloud, options);
  app.get('/metrics', (_request, reply) => reply.header('content-type',
    'text/plain; version=0.0.4; charset=utf-8').send(metrics.render()));
  const refuse = (error: ApiError, hostHeader: string | undefined) => {
    metrics.refusedAtGateway(error.code);
    return envelopeText(error, cloud.deps.ids.nextRequestId(),
      options.hostId ?? hostHeader ?? defaultHostId);
  };
  app.setNotFoundHandler((request, reply) => {
    const route = `${request.method} ${request.url.split('?')[0]}`;
    return reply.code(404).header('content-type', jsonContentType)
      .send(refuse(apiError('InvalidAction.NotFound', route), request.headers.host));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 &&
      error.statusCode < 500 ? error.statusCode : 500;
    const refusal = status === 500 ? apiError('InternalError') : { ...invalidParameter('request',
      error.message), httpStatus: status };
    return reply.code(status).header('content-type', jsonContentType)
      .send(refuse(refusal, request.headers.host));
  });
  return app;
}
