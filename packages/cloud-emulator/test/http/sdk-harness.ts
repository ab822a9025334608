// Starts the HTTP face on a loopback port with a RealTimeDriver, and builds the official ECS and
// VPC SDK clients against it, unchanged: `endpoint: '127.0.0.1:PORT'`, `protocol: 'http'`.
import * as EcsPackage from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import * as VpcPackage from '@alicloud/vpc20160428';
import { createSimEnv, RealTimeDriver, type SimEnv } from '@terway-sim/sim-base';
import type { FastifyInstance } from 'fastify';
import { buildServer, CloudEmulator, type CloudEmulatorOptions,
  type HttpFaceOptions } from '../../src/index.js';

type EcsClientClass = typeof EcsPackage.default;
type VpcClientClass = typeof VpcPackage.default;

/** The CommonJS default export, however the loader wrapped it. */
function clientClass<T>(module: { default: T }): T {
  const inner = (module.default as { default?: T }).default;
  return inner ?? module.default;
}

export const EcsClient: EcsClientClass = clientClass(EcsPackage);
export const VpcClient: VpcClientClass = clientClass(VpcPackage);
export { EcsPackage as Ecs, VpcPackage as Vpc };

export const accessKeyId = 'EmulatorTestAccessKeyId';
export const accessKeySecret = 'EmulatorTestAccessKeySecret0123';

export interface Harness {
  readonly env: SimEnv;
  readonly cloud: CloudEmulator;
  readonly app: FastifyInstance;
  readonly port: number;
  readonly driver: RealTimeDriver;
  ecs(extra?: Record<string, unknown>): InstanceType<EcsClientClass>;
  vpc(extra?: Record<string, unknown>): InstanceType<VpcClientClass>;
  close(): Promise<void>;
}

export async function startHarness(
  options: { cloud?: CloudEmulatorOptions; http?: Partial<HttpFaceOptions> } = {},
): Promise<Harness> {
  const env = createSimEnv({ seed: 1, retainMax: 10_000 });
  const cloud = new CloudEmulator(env, { latency: 'fast', ...options.cloud });
  const driver = new RealTimeDriver(env.scheduler, { idleWakeMs: 5 });
  driver.start();
  const app = buildServer(cloud, { keys: [{ accessKeyId, accessKeySecret }], ...options.http });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const config = (extra: Record<string, unknown>) =>
    new $OpenApiUtil.Config({
      endpoint: `127.0.0.1:${port}`,
      protocol: 'http',
      accessKeyId,
      accessKeySecret,
      regionId: 'cn-hangzhou',
      ...extra,
    });
  return {
    env,
    cloud,
    app,
    port,
    driver,
    ecs: (extra = {}) => new EcsClient(config(extra)),
    vpc: (extra = {}) => new VpcClient(config(extra)),
    close: async () => {
      await app.close();
      driver.stop();
    },
  };
}

export interface SdkErrorShape {
  readonly name: string;
  readonly code: string;
  readonly statusCode: number;
  readonly retryAfter?: number;
}

/** Runs an SDK call that must fail; its error's class name, code, status and retry-after. */
export async function sdkError(call: () => Promise<unknown>,
  label = 'the SDK call'): Promise<SdkErrorShape> {
  try {
    await call();
  } catch (error) {
    const e = error as SdkErrorShape;
    return { name: e.name, code: e.code, statusCode: e.statusCode,
      ...(e.retryAfter === undefined ? {} : { retryAfter: e.retryAfter }) };
  }
  throw new Error(`expected ${label} to fail`);
}

export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean,
  attempts = 200): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}
