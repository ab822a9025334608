// Terway's metrics out of the simulator, checked with the real promtool (Debian's `prometheus`
// package; .ci/run installs it): the daemon's and the controlplane's expositions parse and lint
// as a real Terway's do, and `run --metrics`'s metrics.om is accepted by
// `promtool tsdb create-blocks-from openmetrics`, whose blocks, queried back, hold the numbers
// report.json charts. Without promtool on the PATH these tests are skipped, and say so.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultEpochMs } from '@terway-sim/sim-base';
import { captureCheckpoint } from '@terway-sim/world';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/model.js';
import { RunSession } from '../../src/run/runner.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { run } from '../cli/io.js';
import { terwayNamingFindings } from './fixtures.js';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const available = promtool.status === 0;

function promtoolRun(args: string[], input?: string): { code: number; output: string } {
  const result = spawnSync('promtool', args, { encoding: 'utf8', input,
    maxBuffer: 256 * 1024 * 1024 });
  return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

/**
 * What promtool's linter says about Terway's own names, which production has too: the pool
 * gauges and the disposed counter end in `_count` and carry the label `ipStack`, and the counter
 * lacks `_total`. Anything else (a parse error above all) fails the test.
 */

async function exposition(file: string, atMs: number,
  pick: (checkpoint: Awaited<ReturnType<typeof captureCheckpoint>>) => string | undefined):
  Promise<string> {
  const loaded = loadScenarioFile(join(root, 'scenarios', file));
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const session = await RunSession.start(loaded.value);
  if (!session.ok) throw new Error(session.error.join('\n'));
  await session.value.advanceTo(atMs);
  const text = pick(await captureCheckpoint(session.value.world));
  if (text === undefined) throw new Error(`${file}: nothing to scrape at ${atMs} ms`);
  return text;
}

describe.runIf(!available)('promtool checks', () => {
  it('are skipped: promtool is not on the PATH (install Debian\'s prometheus package; .ci/run ' +
    'does)', () => {
    console.warn('promtool not found on the PATH: the promtool checks of the metrics are ' +
      'skipped (apt-get install prometheus)');
    expect(available).toBe(false);
  });
});

describe.runIf(available)('promtool checks', () => {
  it('check metrics: a daemon\'s and the controlplane\'s expositions lint as Terway\'s do',
    async () => {
    const daemon = await exposition('quickstart.yaml', 180_000,
      (c) => c.daemon(c.nodes[0]!.name)?.metrics);
    const controlplane = await exposition('trunk.yaml', 180_000,
      (c) => c.header.controlplaneMetrics);
    for (const text of [daemon, controlplane]) {
      const checked = promtoolRun(['check', 'metrics'], text);
      expect([0, 3]).toContain(checked.code);
      const findings = checked.output.split('\n').filter((line) => line.trim() !== '');
      expect(findings.filter((line) => !terwayNamingFindings.has(line))).toEqual([]);
    }
    expect(daemon).toContain('# TYPE aliyun_openapi_latency histogram');
    expect(controlplane).toContain('# TYPE terway_controlplane_config_info gauge');
  }, 240_000);

  it('create-blocks-from openmetrics takes run --metrics\' file; the blocks hold what the report ' +
    'charts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'terway-sim-metrics-'));
    const done = await run(['run', join(root, 'scenarios', 'quickstart.yaml'), '--out', dir,
      '--metrics']);
    expect(done.code).toBe(0);
    const blocks = join(dir, 'tsdb');
    const created = promtoolRun(['tsdb', 'create-blocks-from', 'openmetrics',
      join(dir, 'metrics.om'), blocks]);
    expect(created.code, created.output).toBe(0);
    mkdirSync(join(blocks, 'wal'), { recursive: true }); // promtool 2.42's dump opens a WAL
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport;
    const totals = dumped(blocks, 'terway_resource_pool_total_count');
    const expected = report.series.terwayMetrics.poolTotal.filter(([ms]) => totals.has(ms));
    expect(expected.length).toBeGreaterThan(100);
    expected.forEach(([ms, value]) => expect(totals.get(ms), `at ${ms} ms`).toBe(value));
    const allocs = dumped(blocks, 'terway_rpc_latency_count', '{rpc_api="AllocIP"}');
    const lastMs = Math.max(...allocs.keys());
    const charted = report.series.terwayMetrics.allocIpLatencyMs.count
      .reduce((sum, [, count]) => sum + count, 0);
    expect(allocs.get(lastMs)).toBe(charted);
    expect(charted).toBeGreaterThan(0);
  }, 240_000);
});

/** `promtool tsdb dump --match`, summed over series per instant (virtual ms). */
function dumped(blocks: string, name: string, labels = ''): Map<number, number> {
  const out = promtoolRun(['tsdb', 'dump', `--match=${name}${labels}`, blocks]);
  expect(out.code, out.output).toBe(0);
  const sums = new Map<number, number>();
  for (const line of out.output.split('\n')) {
    const match = /\} (\S+) (\d+)$/.exec(line);
    if (match === null) continue;
    const ms = Number(match[2]) - defaultEpochMs;
    sums.set(ms, (sums.get(ms) ?? 0) + Number(match[1]));
  }
  return sums;
}
