// kube-sim's HTTP face: a Kubernetes-shaped REST API over an ApiServer, for kubectl and client
// libraries (client-go, @kubernetes/client-node). A fastify plugin (`registerKubeApi`), so that
// the same port can also serve the cloud emulator's API, plus `buildKubeServer()` for a server
// of its own; both apart from `listen()` so tests drive them with `inject()` or a socket on
// port 0 (ARCHITECTURE.md, "Packages").
//
// Served: discovery (discovery.ts), get/list/watch of every resource the store serves, as
// objects or as metav1.Table (reads.ts), and the writes of writes.ts. Every request needs
// `Authorization: Bearer <token>` (401 otherwise); unknown paths get a Status 404; every refusal
// is a Status object. Ages and watch events follow the sim clock, so the world behind the face
// may be paused at an instant or driven in real time (sim-base RealTimeDriver); writes reach the
// controllers through the store's watches, which act on that clock.
//
// Gotcha: the face reads and writes the live store. Requests are handled between scheduler
// steps (the event loop runs them), never in the middle of one.

import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Clock } from '@terway-sim/sim-base';
import type { ApiServer } from '../api/api-server.js';
import type { ResourceInfo } from '../store/resources.js';
import { statusFailure } from '../store/status.js';
import {
  coreVersions, groupList, groupVersions, resourceList, servedVersion, versionDocument,
  type ServedVerbs, type VersionInfo,
} from './discovery.js';
import { failure, getObject, listObjects, startWatch, type Answer } from './reads.js';
import {
  notFoundPath, parseListQuery, resolveTarget, wantsTable, type ListQuery, type Target,
} from './request.js';
import { loopbackTls } from './loopback-tls.js';
import { openApiDocument, openApiRoot } from './openapi.js';
import { toJson } from './wire.js';
import { createNetworkPolicy } from './policy-writes.js';
import { refuseMethod, write, writeServed } from './writes.js';

export interface KubeApiDeps {
  readonly api: ApiServer;
  /** The sim clock (ages in tables, timestamps of writes). */
  readonly clock: Clock;
}

/** The deps plus the ends of the open watches (closed with the server). */
interface Served extends KubeApiDeps {
  readonly watches: Set<() => void>;
}

export interface KubeApiOptions {
  /** The bearer token every request must carry. */
  readonly token: string;
  readonly version?: VersionInfo;
}

const badJson = Symbol('bad JSON body');

/** Registers the Kubernetes API routes (`/api`, `/apis`, `/version`, `/openapi`) on `app`. */
export function registerKubeApi(app: FastifyInstance, deps: KubeApiDeps,
  options: KubeApiOptions): void {
  void app.register((scope, _opts, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, parsed) => {
      const text = String(body);
      try {
        parsed(null, text.trim() === '' ? undefined : JSON.parse(text));
      } catch {
        parsed(null, badJson);
      }
    });
    scope.addHook('onRequest', (request, reply, next) => {
      if (request.headers.authorization === `Bearer ${options.token}`) {
        next();
        return;
      }
      void send(reply, failure(statusFailure('Unauthorized', 'Unauthorized')));
    });
    // Open watches end when the server closes (a watch is never idle, so close would wait).
    const watches = new Set<() => void>();
    scope.addHook('onClose', (_instance, closed) => {
      for (const end of [...watches]) end();
      closed();
    });
    const handler = (request: FastifyRequest, reply: FastifyReply): Promise<void> | void =>
      handle({ ...deps, watches }, options, request, reply);
    for (const path of ['/version', '/api', '/api/*', '/apis', '/apis/*', '/openapi/*']) {
      scope.all(path, handler);
    }
    done();
  });
}

/**
 * A server that serves only the Kubernetes API (unknown paths: a Status 404), over https with
 * the loopback certificate (kubectl sends bearer tokens only over TLS).
 */
export function buildKubeServer(deps: KubeApiDeps, options: KubeApiOptions): FastifyInstance {
  const app = Fastify({ logger: false, https: loopbackTls }) as unknown as FastifyInstance;
  registerKubeApi(app, deps, options);
  app.setNotFoundHandler((_request, reply) => send(reply, failure(notFoundPath)));
  return app;
}

function send(reply: FastifyReply, answer: Answer): FastifyReply {
  return reply.code(answer.code).header('content-type', 'application/json')
    .send(toJson(answer.body));
}

function handle(deps: Served, options: KubeApiOptions, request: FastifyRequest,
  reply: FastifyReply): Promise<void> | void {
  const path = request.url.split('?')[0]!.replace(/\/+$/, '');
  const segments = path.split('/').filter((segment) => segment !== '').map(decodeURIComponent);
  const resources = deps.api.store.resources();
  if (request.method !== 'GET' && segments.length <= 3) {
    void send(reply, failure(statusFailure('MethodNotAllowed',
      `${request.method} is not supported on ${path}`)));
    return;
  }
  const discovery = discover(segments, resources, options);
  if (discovery !== undefined) {
    void send(reply, discovery);
    return;
  }
  const prefix = segments[0] === 'api' ? 2 : 3;
  const groupVersion = segments.slice(1, prefix).join('/');
  if ((segments[0] !== 'api' && segments[0] !== 'apis') || segments.length <= prefix) {
    void send(reply, failure(notFoundPath));
    return;
  }
  const target = resolveTarget(deps.api.store, groupVersion, segments.slice(prefix));
  if (!target.ok) {
    void send(reply, failure(target.error));
    return;
  }
  return serveResource(deps, request, reply, target.value);
}

function discover(segments: readonly string[], resources: readonly ResourceInfo[],
  options: KubeApiOptions): Answer | undefined {
  const path = segments.join('/');
  if (path === 'version') {
    return { code: 200, body: versionDocument(options.version ?? servedVersion) };
  }
  if (path === 'api') return { code: 200, body: coreVersions() };
  if (path === 'apis') return { code: 200, body: groupList(resources) };
  if (path === 'api/v1') return { code: 200, body: resourceList('v1', resources, servedVerbs) };
  if (segments[0] === 'apis' && segments.length === 3) {
    const known = groupVersions(resources).get(segments[1]!)?.includes(segments[2]!) === true;
    return known ? { code: 200, body: resourceList(`${segments[1]}/${segments[2]}`, resources,
      servedVerbs) } : failure(notFoundPath);
  }
  if (path === 'openapi/v3') return { code: 200, body: openApiRoot(resources) };
  if (segments[0] === 'openapi' && segments[1] === 'v3') {
    const document = openApiDocument(segments.slice(3).join('/'), resources);
    return document === undefined ? failure(notFoundPath) : { code: 200, body: document };
  }
  return segments[0] === 'openapi' ? failure(notFoundPath) : undefined;
}

function serveResource(deps: Served, request: FastifyRequest, reply: FastifyReply,
  target: Target): void {
  const query = firstValues(request.query);
  const table = wantsTable(request.headers.accept);
  const { name } = target;
  if (request.method === 'GET' && target.subresource === undefined) {
    const list = parseListQuery(query);
    if (!list.ok) {
      void send(reply, failure(list.error));
      return;
    }
    if (list.value.watch) {
      watch(deps, reply, target, list.value, table);
      return;
    }
    const reads = { store: deps.api.store, clock: deps.clock };
    void send(reply, name === undefined ? listObjects(reads, target, list.value, table)
      : getObject(reads, { ...target, name }, table));
    return;
  }
  if (!writeServed(request.method, target)) {
    void send(reply, refuseMethod(request.method, target));
    return;
  }
  if (request.body === badJson) {
    void send(reply, failure(statusFailure('BadRequest',
      'the request body is not valid JSON (this server reads JSON bodies only)')));
    return;
  }
  if (name === undefined) {
    void send(reply, createNetworkPolicy(deps.api, target, request.body));
    return;
  }
  void send(reply, write(deps.api, { method: request.method, target: { ...target, name },
    contentType: request.headers['content-type'], body: request.body, query }));
}

/** Streams watch events until the client goes. */
function watch(deps: Served, reply: FastifyReply, target: Target, query: ListQuery,
  table: boolean): void {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private',
    'transfer-encoding': 'chunked' });
  // Headers go now: a client waits for them before it counts the watch as started.
  raw.flushHeaders();
  let open = true;
  const end = (): void => {
    if (!open) return;
    open = false;
    raw.end();
  };
  const stop = startWatch({ store: deps.api.store, clock: deps.clock }, target, query, table, {
    write: (line) => {
      if (open) raw.write(line);
    },
    end,
  });
  deps.watches.add(end);
  raw.on('close', () => {
    open = false;
    deps.watches.delete(end);
    stop();
  });
}

function firstValues(query: unknown): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(query as Record<string, unknown> ?? {})) {
    values[key] = Array.isArray(value) ? String(value[0]) : String(value);
  }
  return values;
}

/** The verbs discovery lists for a resource: reads everywhere, and the writes served. */
export function servedVerbs(info: ResourceInfo): ServedVerbs {
  const reads = ['get', 'list', 'watch'];
  switch (info.id) {
    case 'pods':
      return { verbs: ['delete', ...reads], subresources: [] };
    case 'nodes':
      return { verbs: [...reads, 'patch'], subresources: [] };
    case 'configmaps':
      return { verbs: [...reads, 'patch', 'update'], subresources: [] };
    case 'networking.k8s.io/networkpolicies':
      return { verbs: ['create', 'delete', ...reads, 'patch', 'update'], subresources: [] };
    case 'apps/deployments':
    case 'apps/statefulsets':
      return { verbs: reads, subresources: [{ name: 'scale', kind: 'Scale',
        group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] }] };
    default:
      return { verbs: reads, subresources: [] };
  }
}
