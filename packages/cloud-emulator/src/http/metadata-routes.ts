// The instance metadata server's paths over HTTP: `PUT /latest/api/token` (TTL header 1–21600 s;
// a PUT carrying X-Forwarded-For is refused, as on ECS) and `GET /latest/meta-data/<path>`.
// One emulator serves every instance, so a request names its instance with the header
// `X-Emulator-Instance-Id: i-…` or the query parameter `?instanceId=i-…` (docs/serve.md).
// A token, when sent, must be valid (401 otherwise, which makes Terway refetch it); with
// `metadataTokenRequired` every read needs one (hardened mode). Bodies are text/plain.
// An unreachable-metadata fault closes the connection without a reply.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CloudEmulator } from '../emulator/cloud-emulator.js';

export const instanceHeader = 'x-emulator-instance-id';
export const instanceQueryParam = 'instanceId';
const tokenTtlHeader = 'x-aliyun-ecs-metadata-token-ttl-seconds';
const tokenHeader = 'x-aliyun-ecs-metadata-token';
const tokensMax = 10_000;

export interface MetadataRouteOptions {
  readonly metadataTokenRequired?: boolean;
}

class TokenTable {
  private readonly tokens = new Map<string, number>();
  private issued = 0;

  issue(ttlSeconds: number, wallMs: number): string {
    if (this.tokens.size >= tokensMax) {
      for (const [token, expires] of this.tokens) if (expires <= wallMs) this.tokens.delete(token);
      for (const token of this.tokens.keys())
        if (this.tokens.size >= tokensMax) this.tokens.delete(token);
    }
    this.issued++;
    const token = `AQAEA${this.issued.toString(36).padStart(8, '0')}${wallMs.toString(36)}`;
    this.tokens.set(token, wallMs + ttlSeconds * 1000);
    return token;
  }

  valid(token: string, wallMs: number): boolean {
    const expires = this.tokens.get(token);
    return expires !== undefined && expires > wallMs;
  }
}

function text(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).header('content-type', 'text/plain').send(body);
}

function instanceOf(request: FastifyRequest): string | undefined {
  const header = request.headers[instanceHeader];
  if (typeof header === 'string' && header !== '') return header;
  const query = request.query as Record<string, unknown> | undefined;
  const value = query?.[instanceQueryParam];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function registerMetadataRoutes(app: FastifyInstance, cloud: CloudEmulator,
  options: MetadataRouteOptions): void {
  const tokens = new TokenTable();
  const { scheduler } = cloud.deps;
  app.put('/latest/api/token', async (request, reply) => {
    if (request.headers['x-forwarded-for'] !== undefined) return text(reply, 403, 'Forbidden');
    const ttlText = request.headers[tokenTtlHeader];
    const ttl = typeof ttlText === 'string' && /^\d{1,5}$/.test(ttlText) ? Number(ttlText) : 0;
    if (ttl < 1 || ttl > 21_600) return text(reply, 400,
      `${tokenTtlHeader} must be an integer from 1 to 21600`);
    return text(reply, 200, tokens.issue(ttl, scheduler.wallMs()));
  });
  const read = async (request: FastifyRequest, reply: FastifyReply,
    path: string): Promise<FastifyReply | void> => {
    const token = request.headers[tokenHeader];
    if (typeof token === 'string' ? !tokens.valid(token,
      scheduler.wallMs()) : options.metadataTokenRequired === true) {
      return text(reply, 401, 'Unauthorized');
    }
    const instanceId = instanceOf(request);
    if (instanceId === undefined) return text(reply, 400,
      `name the instance with the ${instanceHeader} header or ?${instanceQueryParam}=`);
    const result = cloud.readMetadata(instanceId, path);
    if (result.ok) return text(reply, 200, result.value);
    if (result.error.status === 0) {
      reply.hijack();
      request.raw.socket.destroy();
      return;
    }
    return text(reply, result.error.status, result.error.message);
  };
  app.get('/latest/meta-data', (request, reply) => read(request, reply, ''));
  app.get('/latest/meta-data/*',
    (request, reply) => read(request, reply, (request.params as { '*': string })['*']));
}
