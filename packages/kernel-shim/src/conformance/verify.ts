// `verify`: runs conformance cases on the model and on the real kernel and lists every
// difference. Each case gets a fresh real backend (its own namespace prefix) that is closed
// afterwards, also when the case fails; a case this kernel cannot run is skipped with the reason.

import { release } from 'node:os';
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
  readonly onCase?: (report: VerifyCaseReport) => void;
}

export function randomCases(seed: string, count: number, steps: number): VerifyCase[] {
  const stream = new Rng(seed).stream('kernel.verify');
  return Array.from({ length: count }, (_, index) => {
    const ops = Array.from({ length: steps }, () => randomOp(stream));
    return scriptCase(randomScript(`random sequence ${index + 1} (seed ${seed})`, ops));
  });
}

async function runOne(entry: VerifyCase, capabilities: KernelCapabilities, kernelRelease: string): Promise<VerifyCaseReport> {
  const skipped = entry.skipReason(capabilities);
  if (skipped !== undefined) return { name: entry.name, skipped, differences: [] };
  const model = new ModelKernel({}, modelOptionsFor(capabilities, kernelRelease));
  const linux = new LinuxKernel({ capabilities });
  try {
    const expected = await entry.run(model);
    const actual = await entry.run(linux);
    return { name: entry.name, differences: compareObservations(expected, actual) };
  } catch (error) {
    return { name: entry.name, differences: [], error: error instanceof Error ? error.message : String(error) };
  } finally {
    await linux.close();
  }
}

export async function runVerify(options: VerifyOptions): Promise<VerifyReport> {
  const kernelRelease = release();
  const availability = options.availability ?? await probeLinux();
  const cases = [...options.cases, ...(options.random === undefined ? [] : randomCases(options.random.seed, options.random.count, options.random.steps))];
  if (!availability.available) {
    return { ok: false, kernelRelease, unavailable: availability.reason, cases: cases.map((entry) => ({ name: entry.name, skipped: availability.reason, differences: [] })) };
  }
  const reports: VerifyCaseReport[] = [];
  for (const entry of cases) {
    const report = await runOne(entry, availability.capabilities, kernelRelease);
    reports.push(report);
    options.onCase?.(report);
  }
  const ok = reports.every((report) => report.differences.length === 0 && report.error === undefined);
  return { ok, kernelRelease, capabilities: availability.capabilities, cases: reports };
}
