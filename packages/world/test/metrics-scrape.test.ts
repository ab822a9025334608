// scrapeMetrics: one scrape of every registry of a running world. A daemon's registry holds what
// its whole process observed — from the first metadata read of its start (the identity), through
// DescribeInstanceTypes, to the pool's calls — as Terway's process-wide metrics do; what the
// daemon observes without registering is kept apart; a daemon that is down has no source.

import { describe, expect, it } from 'vitest';
import { captureCheckpoint, encodeCheckpoint, scrapeMetrics } from '../src/index.js';
import { createCluster } from './modes/cluster.js';

describe('scrapeMetrics', () => {
  it('scrapes each running daemon with its start\'s cloud and metadata calls, and changes ' +
    'nothing', async () => {
    const cluster = await createCluster({ mode: 'eniip', seed: 63, nodes: 2 });
    await cluster.run(30_000);
    cluster.createPod({ name: 'web' });
    await cluster.run(30_000);
    const before = encodeCheckpoint(await captureCheckpoint(cluster.world));
    const scrape = scrapeMetrics(cluster.world);
    expect(encodeCheckpoint(await captureCheckpoint(cluster.world)).equals(before)).toBe(true);
    expect(scrape.sources.map((source) => [source.job, source.node]))
      .toEqual([['terway-daemon', 'node-0'], ['terway-daemon', 'node-1']]);
    const daemon = scrape.sources[0]!;
    const family = (name: string) => daemon.exported.find((found) => found.name === name);
    expect(family('aliyun_openapi_latency')?.series.map((series) => series.labels['api']))
      .toContain('DescribeInstanceTypes');
    expect(family('aliyun_metadata_latency')?.series.map((series) => series.labels['url']))
      .toContain('http://100.100.100.200/latest/meta-data/instance-id');
    expect(daemon.exported.map((found) => found.name)).not.toContain('rate_limiter_latency');
    expect(daemon.unexported.map((found) => found.name)).toContain('rate_limiter_latency');
    expect(scrape.wallMs - scrape.atMs).toBe(1_767_225_600_000);
  }, 60_000);

  it('has no source for a node whose daemon is down, and one for the controlplane', async () => {
    const cluster = await createCluster({ mode: 'eni', seed: 64, nodes: 2 });
    await cluster.run(30_000);
    cluster.nodes[1]!.terway.stop();
    const sources = scrapeMetrics(cluster.world).sources;
    expect(sources.map((source) => [source.job, source.node])).toEqual([
      ['terway-daemon', 'node-0'], ['terway-controlplane', undefined]]);
    expect(sources[1]!.exported.map((found) => found.name))
      .toContain('terway_controlplane_config_info');
  }, 60_000);
});
