// Shared test helpers: run an async scenario under the scheduler, call the in-process client
// with short parameter lists, and collect the cloud's typed events.
import type { SimEnv } from '@terway-sim/sim-base';
import type { CloudEmulator, CloudEvent, CloudProduct, InProcessCloudClient, OpenApiReply,
  OpenApiRequest } from '../src/index.js';

/**
 * Runs `task` as a goroutine and the scheduler until idle (or `untilMs`); returns what it returned.
 */
export async function runTask<T>(env: SimEnv, task: () => Promise<T>,
  untilMs?: number): Promise<T> {
  let value: T | undefined;
  let done = false;
  env.scheduler.spawn('test', async () => {
    value = await task();
    done = true;
  });
  await env.scheduler.run(untilMs === undefined ? {} : { untilMs });
  if (!done) throw new Error('task did not finish');
  return value as T;
}

export type Caller = (action: string, params?: Record<string, unknown>,
  product?: CloudProduct) => Promise<OpenApiReply>;

export function caller(client: InProcessCloudClient, regionId = 'cn-hangzhou'): Caller {
  return (action, params = {}, product = 'ecs') => client.call({
    product, action, params: { RegionId: regionId, ...params } as OpenApiRequest['params'],
  });
}

export function codeOf(reply: OpenApiReply): string {
  if (reply.ok) return 'OK';
  return reply.error.kind === 'api' ? reply.error.code : reply.error.code;
}

export function statusOf(reply: OpenApiReply): number {
  if (reply.ok) return 200;
  return reply.error.kind === 'api' ? reply.error.httpStatus : 0;
}

export function body(reply: OpenApiReply): Record<string, unknown> {
  if (!reply.ok) throw new Error(`expected success, got ${JSON.stringify(reply.error)}`);
  return reply.value as Record<string, unknown>;
}

/** Every typed event the cloud publishes from now on, in order. */
export function collectEvents(cloud: CloudEmulator): CloudEvent[] {
  const events: CloudEvent[] = [];
  cloud.subscribe((event) => events.push(event));
  return events;
}
