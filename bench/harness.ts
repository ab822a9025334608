// The shared shape of benchmarks. Each package's bench/*.bench.ts exports `benches`; bench/run.ts
// runs them all in one process and prints one table. Targets are stated as ratios or rates
// measured side by side in the same run, never as timed assertions in tests (machines are shared).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface BenchResult {
  /** What was measured, e.g. "scheduler: plain callbacks". */
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The target, as text ("≥ 2,000,000 events/s"), and whether this run met it. */
  readonly target?: string;
  readonly met?: boolean;
  readonly note?: string;
}

export interface Bench {
  readonly name: string;
  run(): Promise<readonly BenchResult[]>;
}

/** Wall-clock time of `work` in ms (benchmarks may read real time; simulations may not). */
export async function timeMs(work: () => unknown): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** Best of `repeats` timings: the least disturbed by other load on a shared machine. */
export async function bestOfMs(repeats: number, work: () => unknown): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeats; i++) best = Math.min(best, await timeMs(work));
  return best;
}

export function formatNumber(value: number): string {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

/** A full garbage collection (V8's gc, exposed for benchmarks only). */
const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose_gc');
  return runInNewContext('gc') as () => void;
})();

/** Heap in use after full collections, in KiB, so deltas count only what stays reachable. */
export function heapUsedKb(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed / 1024;
}
