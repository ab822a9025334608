// The emulator's HTTP face, a thin fastify app over a CloudEmulator: the ECS and VPC RPC
// endpoint (`POST /`, `GET /`), the instance metadata paths, and `/metrics`. `buildServer()` is
// apart from `listen()` so tests drive it with `inject()` or a socket on port 0 (style guide A4).
//
// When to use: `terway-sim serve`, SDK conformance tests, pointing a real Terway at a fake cloud.
// Gotcha: the emulator's clock must move with the wall clock (start a RealTimeDriver on its
// scheduler), or replies that wait a latency never leave. Every body parser is replaced by one
// that keeps the raw bytes, because signatures are checked over the raw text; any error fastify
// itself raises is answered in the cloud's error envelope, never as a stack trace.

import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { CloudEmulator } from '../emulator/cloud-emulator.js';
import { apiError, invalidParameter } from '../errors/catalog.js';
import { Authenticator, type AuthOptions } from './auth.js';
import { registerMetadataRoutes, type MetadataRouteOptions } from './metadata-routes.js';
import { CloudMetrics } from './metrics.js';
import { handleRpc, jsonContentType, type RpcRouteContext } from './rpc-route.js';

export interface HttpFaceOptions extends AuthOptions, MetadataRouteOptions {
  /** `HostId` in error bodies. Default: the request's Host header. */
  readonly hostId?: string;
  /** How long a reply lost to a timeout fault holds the connection. Default 65 s. */
  readonly transportHoldMs?: number;
  /** Largest request body, bytes. Default 1 MiB. */
  readonly bodyLimit?: number;
}

function envelope(code: string, status: number, message: string, requestId: string,
  hostId: string): string {
  return JSON.stringify({ RequestId: requestId, HostId: hostId, Code: code, Message: message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${code}` });
}

export function buildServer(cloud: CloudEmulator, options: HttpFaceOptions): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: options.bodyLimit ?? 1_048_576,
    routerOptions: { maxParamLength: 2048 } });
  const metrics = new CloudMetrics();
  cloud.onCall((record) => metrics.observe(record));
  const ctx: RpcRouteContext = {
    cloud, metrics, auth: new Authenticator(options, cloud.deps.scheduler),
    transportHoldMs: options.transportHoldMs ?? 65_000, ...(options.hostId === undefined ? {} : { hostId: options.hostId }),
  };
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.post('/', (request, reply) => handleRpc(ctx, request, reply));
  app.get('/', (request, reply) => handleRpc(ctx, request, reply));
  registerMetadataRoutes(app, cloud, options);
  app.get('/metrics', (_request, reply) => reply.header('content-type',
    'text/plain; version=0.0.4; charset=utf-8').send(metrics.render()));
  app.setNotFoundHandler((request, reply) => {
    const error = apiError('InvalidAction.NotFound',
      `${request.method} ${request.url.split('?')[0]}`);
    metrics.refusedAtGateway(error.code);
    return reply.code(404).header('content-type', jsonContentType)
      .send(envelope(error.code, 404, error.message, cloud.deps.ids.nextRequestId(),
        options.hostId ?? request.headers.host ?? ''));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const refusal = status === 500 ? apiError('InternalError') : invalidParameter('request',
      error.message);
    metrics.refusedAtGateway(refusal.code);
    return reply.code(status).header('content-type', jsonContentType)
      .send(envelope(refusal.code, status, refusal.message, cloud.deps.ids.nextRequestId(),
        options.hostId ?? request.headers.host ?? ''));
  });
  return app;
}
