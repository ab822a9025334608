// The one builder of the cloud client stack, as the daemon and the controlplane configure it:
// what differs between them (stream prefix, log component and fields, metrics, metadata) comes
// from the options and shows in what the stack does; bad `rate_limit` and `backoff_override`
// values are refused as tagged failures naming the key; building draws nothing.

import { Context, createSimEnv, ok, type LoggedEvent, type SimEnv } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { buildCloudClientSet, type CloudClientSetOptions } from '../../src/cloud/client-set.js';
import { MetricsRegistry } from '../../src/metrics/registry.js';
import { createControlplaneCloudMetrics } from '../../src/metrics/terway-metrics.js';
import type { MetadataPort } from '../../src/ports/metadata.js';
import type { OpenApiPort, OpenApiRequest } from '../../src/ports/openapi.js';
import { daemonVSwitchPool } from '../../src/vswitch/pool.js';

/** An OpenAPI port that answers every call with an empty page after 40 ms. */
function stubPort(env: SimEnv): OpenApiPort & { requests: OpenApiRequest[] } {
  const requests: OpenApiRequest[] = [];
  return {
    requests,
    async call(request) {
      requests.push(request);
      await env.scheduler.sleep(40);
      return ok({ RequestId: `R${requests.length}`, InstanceTypes: { InstanceType: [] } });
    },
  };
}

const metadataPort: MetadataPort = { get: () => Promise.resolve(ok('')) };

const daemonOptions: CloudClientSetOptions = {
  regionId: 'cn-hangzhou', streamPrefix: 'node-7', component: 'terway-daemon',
  logFields: { node: 'node-7' }, vSwitchPool: daemonVSwitchPool,
};

describe('buildCloudClientSet', () => {
  it('names streams after the prefix, draws nothing, builds metadata only when asked', () => {
    const env = createSimEnv({ seed: 3 });
    const openApi = stubPort(env);
    const daemon = buildCloudClientSet({ scheduler: env.scheduler, rng: env.rng, log: env.log,
      openApi, metadata: { port: metadataPort } }, daemonOptions);
    const controlplane = buildCloudClientSet({ scheduler: env.scheduler, rng: env.rng,
      log: env.log, openApi }, { ...daemonOptions, streamPrefix: 'controlplane',
      component: 'terway-controlplane', logFields: undefined });
    expect(daemon.ok && daemon.value.metadata !== undefined).toBe(true);
    expect(controlplane.ok && 'metadata' in controlplane.value).toBe(false);
    expect(env.rng.drawCounts()).toEqual({
      'controlplane.client.backoff': 0, 'controlplane.client.token': 0,
      'controlplane.vswitch.shuffle': 0,
      'node-7.client.backoff': 0, 'node-7.client.token': 0, 'node-7.metadata.retry': 0,
      'node-7.vswitch.shuffle': 0,
    });
  });

  it('calls with the region, logs as the component and observes in the metrics given', async () => {
    const env = createSimEnv({ seed: 3 });
    const events: LoggedEvent[] = [];
    env.log.subscribe((event) => events.push(event));
    const openApi = stubPort(env);
    const registry = new MetricsRegistry();
    const built = buildCloudClientSet({ scheduler: env.scheduler, rng: env.rng, log: env.log,
      openApi, metrics: createControlplaneCloudMetrics(registry) }, daemonOptions);
    if (!built.ok) throw new Error(built.error.message);
    env.scheduler.spawn('call', async () => {
      await built.value.ecs.describeInstanceTypes(Context.background(env.scheduler), ['ecs.x']);
    });
    await env.scheduler.run({ untilMs: 1_000 });
    expect(openApi.requests.map((request) => request.params['RegionId'])).toEqual(['cn-hangzhou']);
    const logged = events.filter((event) => event.kind === 'log').map((event) => event.fields);
    expect(logged).toContainEqual(expect.objectContaining({ component: 'terway-daemon',
      message: 'success', fields: expect.objectContaining({ node: 'node-7' }) as unknown }));
    expect(registry.exposition()).toContain(
      'aliyun_openapi_latency_count{api="DescribeInstanceTypes",error="false"} 1');
  });

  const refusals = [
    { name: 'a rate limit of zero', options: { rateLimit: { DescribeVSwitches: 0 } },
      kind: 'invalid-rate-limit', key: 'rate_limit.DescribeVSwitches' },
    { name: 'a negative backoff', options: { backoffOverride: { eni_create: {
      initialDelayMs: 0, durationMs: -1, factor: 1, jitter: 0, steps: 1, capMs: 0 } } },
    kind: 'invalid-backoff-override', key: 'backoff_override.eni_create' },
  ];
  it.each(refusals)('refuses $name as $kind, naming $key', ({ options, kind, key }) => {
    const env = createSimEnv({ seed: 3 });
    const built = buildCloudClientSet({ scheduler: env.scheduler, rng: env.rng, log: env.log,
      openApi: stubPort(env) }, { ...daemonOptions, ...options });
    expect(built.ok ? undefined : built.error.kind).toBe(kind);
    expect(built.ok ? '' : built.error.message).toContain(key);
  });
});
