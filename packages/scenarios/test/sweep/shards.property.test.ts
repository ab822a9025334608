// The property behind `--workers` and `--shard`: whichever shard a run lands in and in whatever
// order the workers finish, the files a sweep writes are the same. Runs' figures are drawn at
// random (each run's own determinism is the runner's, checked elsewhere); the runs are split
// into N shards by run number, each shard's answers arrive in a random order, and merging the
// shards' written files gives byte for byte the files of one sweep holding every run.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/load.js';
import type { RunFigures } from '../../src/sweep/figures.js';
import { parseSeeds, parseVary, planSweep, type SweepPlan } from '../../src/sweep/plan.js';
import { sweepResults } from '../../src/sweep/results.js';
import { mergeShards, writeSweepFiles } from '../../src/sweep/sweep-files.js';
import { repositoryRoot } from './short-quickstart.js';

function plan(seeds: string, values: string): SweepPlan {
  const loaded = loadScenarioFile(join(repositoryRoot, 'scenarios', 'quickstart.yaml'));
  const axis = parseVary(`eniConfig.inline.max_pool_size=${values}`);
  const seedList = parseSeeds(seeds);
  if (!loaded.ok || !axis.ok || !seedList.ok) throw new Error('the plan inputs do not parse');
  const planned = planSweep(loaded.value, seedList.value, [axis.value]);
  if (!planned.ok) throw new Error(planned.error.join('; '));
  return planned.value;
}

const figures = (run: number, variant: number, seed: string): fc.Arbitrary<RunFigures> =>
  fc.record({
    verdict: fc.constantFrom('pass' as const, 'fail' as const),
    podsReady: fc.nat(1000), timeToIpP99Ms: fc.nat(60_000), apiThrottled: fc.nat(50),
  }).map((drawn) => ({ run, variant, seed, failed: drawn.verdict === 'pass' ? [] : ['allPodsReady'],
    podsNotReady: 0, timeToIpP50Ms: 0, apiCallsPerMinute: 1.5, leaks: null,
    vSwitchFree: { 'vsw-pods': 100 }, digest: `d${run}`, ...drawn }));

const files = ['sweep.json', 'sweep.csv', 'sweep.html'];
const read = (dir: string): string[] =>
  files.map((name) => readFileSync(join(dir, name), 'utf8'));

describe('a sweep split over shards and workers', () => {
  const planned = plan('1..4', '5,10,20');

  it('writes the same files for any sharding and any order of answers', () => {
    const work = mkdtempSync(join(tmpdir(), 'terway-sim-shards-'));
    const whole = join(work, 'whole');
    let trial = 0;
    fc.assert(fc.property(
      fc.tuple(...planned.runs.map((run) => figures(run.index, run.variant, run.seed))),
      fc.integer({ min: 1, max: planned.runs.length }),
      fc.infiniteStream(fc.nat()),
      (runs, count, order) => {
        writeSweepFiles(whole, sweepResults(planned, runs, []));
        const dirs = Array.from({ length: count }, (_, index) => {
          const mine = runs.filter((run) => run.run % count === index);
          // Workers finish in any order: shuffle the shard's answers before collecting them.
          const arrived = mine.map((run) => ({ run, key: order.next().value as number }))
            .sort((a, b) => a.key - b.key).map((entry) => entry.run);
          const dir = join(work, `t${trial}-shard-${index}`);
          writeSweepFiles(dir, sweepResults(planned, arrived, [], { index, count }));
          return dir;
        });
        trial++;
        const merged = mergeShards([...dirs].reverse());
        expect(merged.ok).toBe(true);
        const out = join(work, `t${trial}-merged`);
        writeSweepFiles(out, merged.ok ? merged.value : sweepResults(planned, [], []));
        expect(read(out)).toEqual(read(whole));
      }), { numRuns: 25 });
  });
});
