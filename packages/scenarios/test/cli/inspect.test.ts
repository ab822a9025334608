import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from './io.js';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const quickstart = join(root, 'scenarios', 'quickstart.yaml');

describe('terway-sim inspect', () => {
  let runDir = '';
  beforeAll(async () => {
    process.env['XDG_CACHE_HOME'] = mkdtempSync(join(tmpdir(), 'terway-sim-cache-'));
    runDir = mkdtempSync(join(tmpdir(), 'terway-sim-inspect-'));
    const done = await run(['run', quickstart, '--out', runDir, '--checkpoint-at', '2m']);
    expect(done.code).toBe(0);
  }, 120_000);

  it('shows a daemon\'s Prometheus exposition at an instant of a scenario file', async () => {
    const shown = await run(['inspect', '--at', '3m', quickstart, 'metrics', 'pool-a-0']);
    expect(shown.err).toBe('');
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('# TYPE terway_resource_pool_total_count gauge');
    expect(shown.out).toMatch(
      /terway_rpc_latency_bucket\{error="false",rpc_api="AllocIP",le="50"\} \d+/,
    );
  }, 120_000);

  it('reads a run directory\'s kept checkpoint instead of replaying', async () => {
    const dir = join(runDir, 'checkpoints');
    const [file] = readdirSync(dir);
    const path = join(dir, file!);
    const checkpoint = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as {
      nodes: Array<{ name: string; metrics: string }>; };
    checkpoint.nodes[0]!.metrics = '# a mark only the kept checkpoint carries\n';
    writeFileSync(path, gzipSync(JSON.stringify(checkpoint)));
    const shown = await run([
      'inspect',
      runDir,
      '--at',
      '2m',
      'metrics',
      checkpoint.nodes[0]!.name,
    ]);
    expect(shown.out).toBe('# a mark only the kept checkpoint carries\n');
  });

  it('refuses bad input with one line naming what exists, exit 2', async () => {
    const cases: ReadonlyArray<{ readonly argv: string[]; readonly says: RegExp }> = [
      {
        argv: ['--at', '1m', quickstart, 'kubeshark'],
        says: /unknown view "kubeshark"; views: kubectl, metrics, terway-cli, cloud, ip, tc/,
      },
      {
        argv: ['--at', '1m', quickstart, 'metrics', 'nope'],
        says: /no node nope; nodes: pool-a-0, pool-a-1, pool-a-2, or controlplane/,
      },
      {
        argv: ['--at', '2h', quickstart, 'metrics', 'pool-a-0'],
        says: /--at 2h0m0s is past the end of the run \(it lasts 30m0s\)/,
      },
      { argv: ['--at', 'soon', quickstart, 'metrics'], says: /--at "soon": expected a duration/ },
      { argv: [quickstart, 'metrics'], says: /--at DURATION is required/ },
      {
        argv: ['--at', '1m', join(root, 'scenarios', 'missing.yaml'), 'metrics'],
        says: /missing\.yaml/,
      },
      {
        argv: ['--at', '1m', quickstart, 'metrics', 'controlplane'],
        says: /no terway-controlplane runs in eniip mode/,
      },
    ];
    for (const { argv, says } of cases) {
      const result = await run(['inspect', ...argv]);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.err, argv.join(' ')).toMatch(says);
      expect(result.err.trim().split('\n'), argv.join(' ')).toHaveLength(1);
    }
  }, 120_000);

  it('refuses a run directory whose scenario file changed since the run', async () => {
    const scenario = join(mkdtempSync(join(tmpdir(), 'terway-sim-changed-')), 'quick.yaml');
    copyFileSync(quickstart, scenario);
    const dir = mkdtempSync(join(tmpdir(), 'terway-sim-inspect-'));
    expect((await run(['run', scenario, '--out', dir])).code).toBe(0);
    writeFileSync(
      scenario,
      readFileSync(scenario, 'utf8').replace('duration: 30m', 'duration: 20m'),
    );
    const result = await run(['inspect', dir, '--at', '1m', 'metrics', 'pool-a-0']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/quick\.yaml changed since the run/);
  }, 120_000);
});
