// `verify`: runs conformance cases on the model and on the real kernel and lists every
// difference. Each case gets a fresh real backend (its own namespace prefix and helper shell)
// that is closed afterwards, also when the case fails; a case this kernel cannot run is skipped
// with the reason. Cases run side by side (`concurrency`), as they share nothing but the kernel;
// reports come out in case order.

import { availableParallelism, release } from 'node:os';
import { Rng } from '@terway-sim/sim-base';
import type { KernelCapabilities } from '../netlink/kernel.js';
import { LinuxKernel } from '../linux/linux-kernel.js';
import { probeLinux, type Availability } from '../linux/probe.js';
import { ModelKernel, modelOptionsFor } from '../model/model-kernel.js';
import { compareObservations, type StepDifference } from './compare.js';
import { randomOp, randomScript } from './random-ops.js';
import { scriptCase, type VerifyCase } from './script.js';

export interface VerifyCaseReport {
  readonly name: string;
  readonly skipped?: string;
  readonly differences: readonly StepDifference[];
  readonly error?: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly kernelRelease: string;
  readonly capabilities?: KernelCapabilities;
  /** Why nothing ran on the real kernel, if nothing did. */
  readonly unavailable?: string;
  readonly cases: readonly VerifyCaseReport[];
}

export interface VerifyOptions {
  readonly cases: readonly VerifyCase[];
  readonly availability?: Availability;
  /** Also run this many random sequences (seeded) of `steps` steps each. */
  readonly random?: { readonly seed: string; readonly count: number; readonly steps: number };
  /** Cases run at once. Default: one more than the machine's CPUs (cases wait on helpers). */
  readonly concurrency?: number;
  readonly onCase?: (report: VerifyCaseReport) => void;
}

/** The most cases run at once, whatever is asked (style C3). */
export const verifyConcurrencyMax = 16;

export function randomCases(seed: string, count: number, steps: number): VerifyCase[] {
  const stream = new Rng(seed).stream('kernel.verify');
  return Array.from({ length: count }, (_, index) => {
    const ops = Array.from({ length: steps }, () => randomOp(stream));
    return scriptCase(randomScript(`random sequence ${index + 1} (seed ${seed})`, ops));
  });
}

async function runOne(
  entry: VerifyCase,
  capabilities: KernelCapabilities,
  kernelRelease: string,
): Promise<VerifyCaseReport> {
  const skipped = entry.skipReason(capabilities);
  if (skipped !== undefined) return { name: entry.name, skipped, differences: [] };
  const model = new ModelKernel({}, modelOptionsFor(capabilities, kernelRelease));
  const linux = new LinuxKernel({ capabilities });
  try {
    const expected = await entry.run(model);
    const actual = await entry.run(linux);
    return { name: entry.name, differences: compareObservations(expected, actual) };
  } catch (error) {
    return {
      name: entry.name,
      differences: [],
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    await linux.close();
  }
}

export async function runVerify(options: VerifyOptions): Promise<VerifyReport> {
  const kernelRelease = release();
  const availability = options.availability ?? await probeLinux();
  const cases = [
    ...options.cases,
    ...(options.random === undefined
      ? []
      : randomCases(options.random.seed, options.random.count, options.random.steps)),
  ];
  if (!availability.available) {
    return {
      ok: false,
      kernelRelease,
      unavailable: availability.reason,
      cases: cases.map((entry) => ({
        name: entry.name,
        skipped: availability.reason,
        differences: [],
      })),
    };
  }
  const asked = options.concurrency ?? availableParallelism() + 1;
  const concurrency = Math.min(verifyConcurrencyMax, Math.max(1, asked));
  const work = (entry: VerifyCase): Promise<VerifyCaseReport> => (
    runOne(entry, availability.capabilities, kernelRelease));
  const reports = await runPool(cases, concurrency, work, options.onCase);
  const ok = reports.every(
    (report) => report.differences.length === 0 && report.error === undefined,
  );
  return { ok, kernelRelease, capabilities: availability.capabilities, cases: reports };
}

/**
 * Runs `work` on every case, `concurrency` at a time; hands each report to `onCase` in case
 * order, as soon as it and all before it are done.
 */
async function runPool(
  cases: readonly VerifyCase[], concurrency: number,
  work: (entry: VerifyCase) => Promise<VerifyCaseReport>,
  onCase: ((report: VerifyCaseReport) => void) | undefined,
): Promise<VerifyCaseReport[]> {
  const reports: Array<VerifyCaseReport | undefined> = new Array(cases.length);
  let next = 0;
  let told = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const at = next++;
      reports[at] = await work(cases[at]!);
      for (; told < cases.length && reports[told] !== undefined; told++) onCase?.(reports[told]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, cases.length) }, worker));
  return reports.map((report) => report!);
}
