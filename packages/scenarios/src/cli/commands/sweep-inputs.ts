// What every form of `terway-sim sweep` checks before it runs or writes anything: the scenario,
// the seeds, each `--vary` axis, each variant's size, the shard and the output directory.

import { loadScenarioFile, formatProblem } from '../../scenario/load.js';
import { estimateRunSize, runSizeProblems } from '../../scenario/run-size.js';
import {
  applyVariant, parseSeeds, parseVary, planSweep, variantValues, type SweepPlan,
} from '../../sweep/plan.js';
import type { WorkerTask } from '../../sweep/run-worker.js';
import { listOption, stringOption, UsageError, type ParsedArgs } from '../command.js';
import { checkOutDir } from '../output-dir.js';

export function parseShard(text: string | undefined): { index: number; count: number } | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(text);
  const [index, count] = match === null ? [-1, 0] : [Number(match[1]), Number(match[2])];
  if (count < 1 || index < 0 || index >= count) {
    throw new UsageError(`--shard ${JSON.stringify(text)}: expected I/N with 0 <= I < N ` +
      '(e.g. 0/4 for the first of four shards)');
  }
  return { index, count };
}

export function usableOut(dir: string, flag: string): string {
  const usable = checkOutDir(dir);
  if (!usable.ok) throw new UsageError(`${flag}: ${usable.error}`);
  return dir;
}

/** Everything checked before any run: the scenario, seeds, axes, variants' sizes, shard, out. */
export function prepareSweep(file: string, args: ParsedArgs): { plan: SweepPlan;
  tasks: WorkerTask[];
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
