// `terway-sim sweep FILE --seeds A..B [--vary KEY=V1,V2,…]… [--workers N] [--shard I/N]
// [--out DIR]`: the cross product of variants and seeds, run on worker threads, written as
// sweep.json, sweep.csv and sweep.html; `terway-sim sweep merge DIR… --out DIR` merges shards
// into what one sweep would have written (docs/sweeps.md).

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { loadScenarioFile, formatProblem } from '../../scenario/load.js';
import { estimateRunSize, runSizeProblems } from '../../scenario/run-size.js';
import type { RunFigures } from '../../sweep/figures.js';
import {
  applyVariant, parseSeeds, parseVary, planSweep, variantValues, type SweepPlan,
} from '../../sweep/plan.js';
import { sweepResults } from '../../sweep/results.js';
import type { WorkerTask } from '../../sweep/run-worker.js';
import { mergeShards, writeSweepFiles } from '../../sweep/sweep-files.js';
import { runOnWorkers } from '../../sweep/worker-pool.js';
import {
  exitCheckFailed, exitOk, intOption, listOption, stringOption, UsageError,
  type Command, type Io, type ParsedArgs,
} from '../command.js';
import { checkOutDir, slug } from '../output-dir.js';

function parseShard(text: string | undefined): { index: number; count: number } | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(text);
  const [index, count] = match === null ? [-1, 0] : [Number(match[1]), Number(match[2])];
  if (count < 1 || index < 0 || index >= count) {
    throw new UsageError(`--shard ${JSON.stringify(text)}: expected I/N with 0 <= I < N ` +
      '(e.g. 0/4 for the first of four shards)');
  }
  return { index, count };
}

function usableOut(dir: string, flag: string): string {
  const usable = checkOutDir(dir);
  if (!usable.ok) throw new UsageError(`${flag}: ${usable.error}`);
  return dir;
}

/** Everything checked before any run: the scenario, seeds, axes, variants' sizes, shard, out. */
function prepareSweep(file: string, args: ParsedArgs): { plan: SweepPlan; tasks: WorkerTask[];
  shard: ReturnType<typeof parseShard> } {
  const loaded = loadScenarioFile(file);
  if (!loaded.ok) throw new UsageError(`${file}: ${formatProblem(loaded.error[0]!)}`);
  const seedsText = stringOption(args, 'seeds');
  if (seedsText === undefined) throw new UsageError('--seeds A..B is required (e.g. 1..20)');
  const seeds = parseSeeds(seedsText);
  if (!seeds.ok) throw new UsageError(seeds.error);
  const axes = listOption(args, 'vary').map((text) => {
    const axis = parseVary(text);
    if (!axis.ok) throw new UsageError(axis.error);
    return axis.value;
  });
  const plan = planSweep(loaded.value, seeds.value, axes);
  if (!plan.ok) throw new UsageError(plan.error.join('\n'));
  const texts = plan.value.variants.map((_, variant) => {
    const applied = applyVariant(loaded.value, axes, variantValues(plan.value, variant));
    if (!applied.ok) throw new UsageError(`variant ${variant}: ${applied.error}`);
    const tooLarge = runSizeProblems(estimateRunSize(applied.value.scenario),
      applied.value.scenario);
    if (tooLarge.length > 0) throw new UsageError(`variant ${variant}: ${tooLarge[0]!}`);
    return applied.value.text;
  });
  const shard = parseShard(stringOption(args, 'shard'));
  const tasks = plan.value.runs
    .filter((run) => shard === undefined || run.index % shard.count === shard.index)
    .map((run) => ({ run: run.index, variant: run.variant, seed: run.seed,
      text: texts[run.variant]!, file: loaded.value.file }));
  return { plan: plan.value, tasks, shard };
}

function progressBar(io: Io, total: number): (done: number) => void {
  if (!io.interactive) return () => undefined;
  return (done) => {
    const filled = Math.round((done / total) * 30);
    io.err(`\r[${'#'.repeat(filled)}${' '.repeat(30 - filled)}] ${done}/${total} runs` +
      (done === total ? '\n' : ''));
  };
}

async function sweep(file: string, args: ParsedArgs, io: Io): Promise<number> {
  const { plan, tasks, shard } = prepareSweep(file, args);
  const out = usableOut(stringOption(args, 'out')
    ?? join('reports', `sweep-${slug(plan.scenario.scenario.name)}`), '--out');
  const workers = intOption(args, 'workers', { min: 1, max: 256 }) ?? availableParallelism();
  const progress = progressBar(io, tasks.length);
  const answers = await runOnWorkers(tasks, workers, (_, done) => progress(done));
  const runs: RunFigures[] = [];
  const errors: Array<{ run: number; error: string }> = [];
  for (const answer of answers) {
    if (answer.ok) runs.push(answer.figures);
    else errors.push({ run: answer.run, error: answer.error });
  }
  const results = sweepResults(plan, runs, errors, shard);
  const written = writeSweepFiles(out, results);
  const passed = runs.filter((run) => run.verdict === 'pass').length;
  io.out(`${plan.variants.length} variant(s) × ${plan.seeds.length} seed(s): ${tasks.length} ` +
    `run(s)${shard === undefined ? '' : ` (shard ${shard.index}/${shard.count})`}, ${passed} ` +
    `passed, ${runs.length - passed} failed, ${errors.length} could not run\n` +
    `results in ${out}: ${written.join(', ')}\n`);
  return passed === tasks.length ? exitOk : exitCheckFailed;
}

function merge(dirs: readonly string[], args: ParsedArgs, io: Io): number {
  const outText = stringOption(args, 'out');
  if (outText === undefined) throw new UsageError('sweep merge needs --out DIR');
  const out = usableOut(outText, '--out');
  const merged = mergeShards(dirs);
  if (!merged.ok) throw new UsageError(merged.error);
  const written = writeSweepFiles(out, merged.value);
  io.out(`${dirs.length} shard(s), ${merged.value.runs.length} run(s) merged into ${out}: ` +
    `${written.join(', ')}\n`);
  return exitOk;
}

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'run a scenario over seeds and variants in parallel; compare them (CSV, JSON, HTML)',
  positionals: ['FILE|merge', '[DIR…]'],
  variadic: true,
  options: {
    seeds: { type: 'string', value: 'A..B', description: 'the seeds to run each variant with' },
    vary: { type: 'string', multiple: true, value: 'KEY=V1,V2',
      description: 'a dotted path into the scenario and values to try (repeat for a cross ' +
        'product), e.g. eniConfig.inline.max_pool_size=5,10' },
    workers: { type: 'string', value: 'N',
      description: 'worker threads (default: the machine\'s cores)' },
    shard: { type: 'string', value: 'I/N', description: 'run only shard I of N (merge later)' },
    out: { type: 'string', value: 'DIR',
      description: 'where to write sweep.json, sweep.csv, sweep.html' },
  },
  details: 'Exit codes: 0 every run passed, 1 some run failed an expectation or could not run, ' +
    '2 bad input (nothing is run or written).',
  async run(args, io) {
    const [first, ...rest] = args.positionals;
    if (first === undefined) throw new UsageError('FILE is required (or: merge DIR…)');
    if (first === 'merge') return merge(rest, args, io);
    if (rest.length > 0) {
      throw new UsageError(`one scenario file per sweep; also given: ${rest[0]}`);
    }
    return sweep(first, args, io);
  },
};
