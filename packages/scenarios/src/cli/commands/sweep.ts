// `terway-sim sweep FILE --seeds A..B [--vary KEY=V1,V2,…]… [--workers N] [--shard I/N]
// [--out DIR]`: the cross product of variants and seeds, run on worker threads, written as
// sweep.json, sweep.csv and sweep.html; `terway-sim sweep merge DIR… --out DIR` merges shards
// into what one sweep would have written; `terway-sim sweep k8s-job FILE …` writes the Indexed
// Job that runs the same sweep's shards on a Kubernetes cluster (docs/sweeps.md).

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { RunFigures } from '../../sweep/figures.js';
import { sweepResults } from '../../sweep/results.js';
import { mergeShards, writeSweepFiles } from '../../sweep/sweep-files.js';
import { runOnWorkers } from '../../sweep/worker-pool.js';
import {
  exitCheckFailed, exitOk, intOption, stringOption, UsageError,
  type Command, type Io, type ParsedArgs,
} from '../command.js';
import { slug } from '../output-dir.js';
import { k8sJob, k8sJobOptions } from './sweep-k8s-job.js';
import { prepareSweep, usableOut } from './sweep-inputs.js';

function progressBar(io: Io, total: number): (done: number) => void {
  if (!io.interactive) return () => undefined;
  return (done) => {
    const filled = Math.round((done / total) * 30);
    io.err(`\r[${'#'.repeat(filled)}${' '.repeat(30 - filled)}] ${done}/${total} runs` +
      (done === total ? '\n' : ''));
  };
}

/** The k8s-job flags mean nothing to a sweep that runs here: refuse them, do not ignore them. */
function refuseJobFlags(args: ParsedArgs, form: string): void {
  const given = Object.keys(k8sJobOptions).find((name) => args.values[name] !== undefined);
  if (given !== undefined) {
    throw new UsageError(`--${given} is a flag of sweep k8s-job, not ${form}`);
  }
}

async function sweep(file: string, args: ParsedArgs, io: Io): Promise<number> {
  refuseJobFlags(args, 'of a sweep run here');
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
  refuseJobFlags(args, 'of sweep merge');
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
  positionals: ['FILE|merge|k8s-job', '[DIR…|FILE]'],
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
      description: 'where to write sweep.json, sweep.csv, sweep.html (k8s-job: the manifest ' +
        'file; default stdout)' },
    ...k8sJobOptions,
  },
  details: 'Exit codes: 0 every run passed, 1 some run failed an expectation or could not run, ' +
    '2 bad input (nothing is run or written).',
  async run(args, io) {
    const [first, ...rest] = args.positionals;
    if (first === undefined) throw new UsageError('FILE is required (or: merge DIR…)');
    if (first === 'merge') return merge(rest, args, io);
    if (first === 'k8s-job') return k8sJob(rest, args, io);
    if (rest.length > 0) {
      throw new UsageError(`one scenario file per sweep; also given: ${rest[0]}`);
    }
    return sweep(first, args, io);
  },
};
