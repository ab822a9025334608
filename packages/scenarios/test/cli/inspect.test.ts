import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint, WorldCheckpoint } from '@terway-sim/world';
import { run } from './io.js';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const quickstart = join(root, 'scenarios', 'quickstart.yaml');

function keptCheckpoint(runDir: string): string {
  const dir = join(runDir, 'checkpoints');
  const [file] = readdirSync(dir);
  return join(dir, file!);
}

function decoded(bytes: Buffer): WorldCheckpoint {
  const checkpoint = decodeCheckpoint(bytes);
  if (!checkpoint.ok) throw new Error(checkpoint.error);
  return checkpoint.value;
}

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
    const path = keptCheckpoint(runDir);
    const kept = decoded(readFileSync(path));
    const node = kept.nodes[0]!.name;
    const mark = '# a mark only the kept checkpoint carries\n';
    writeFileSync(path, encodeCheckpoint(new WorldCheckpoint(kept.header, (name) =>
      name === `daemon/${node}` ? { metrics: mark, tracing: undefined } : kept.section(name))));
    const shown = await run(['inspect', runDir, '--at', '2m', 'metrics', node]);
    expect(shown.out).toBe(mark);
  });

  it('replays when the kept checkpoint is damaged, and shows what the run showed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'terway-sim-inspect-damaged-'));
    const done = await run(['run', quickstart, '--out', dir, '--checkpoint-at', '2m']);
    expect(done.code).toBe(0);
    const look = ['inspect', dir, '--at', '2m', 'ip', 'pool-a-0', 'route'];
    const intact = await run(look);
    const path = keptCheckpoint(dir);
    const bytes = readFileSync(path);
    bytes[bytes.length - 10]! ^= 0xff; // inside the last section
    writeFileSync(path, bytes);
    expect(decodeCheckpoint(bytes).ok).toBe(false);
    const replayed = await run(look);
    expect(replayed.code).toBe(0);
    expect(replayed.out).toBe(intact.out);
    expect(decodeCheckpoint(readFileSync(path)).ok).toBe(true); // the replay kept a new one
  }, 120_000);

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
