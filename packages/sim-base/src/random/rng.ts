// Seeded randomness: one root seed per run, one named stream per subsystem (ARCHITECTURE.md,
// "Time, randomness and identity").
//
// Each stream is an independent Alea generator (from seedrandom) seeded with sha256(root seed,
// stream name), so drawing more from `cloud.latency` never shifts what `workload` draws. Streams
// count their draws; a run's report records the counts, so two runs that agree on the digest but
// not on the draws still show up as different.
//
// Probabilities are integer ratios (`bernoulli(1, 20)`), never floats compared to a float, so
// that a scenario file states them exactly.

import { createHash } from 'node:crypto';
import seedrandom from 'seedrandom';
import { assert } from '../assert.js';

export type Seed = number | bigint | string;

/** Normalizes a user seed ("42", 42, a commit hash) to the canonical string used for hashing. */
export function canonicalSeed(seed: Seed): string {
  const text = String(seed).trim();
  assert(text.length > 0, 'seed must not be empty');
  return /^-?\d+$/.test(text) ? BigInt(text).toString() : text;
}

export class RandomStream {
  private readonly prng: seedrandom.PRNG;
  private draws = 0;

  constructor(readonly name: string, seedMaterial: string) {
    this.prng = seedrandom.alea(seedMaterial);
  }

  /** How many values this stream has produced. */
  get drawCount(): number {
    return this.draws;
  }

  /** A float in [0, 1) with 53 bits of randomness. */
  float(): number {
    this.draws++;
    return this.prng.double();
  }

  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number {
    assert(
      Number.isInteger(maxExclusive) && maxExclusive > 0,
      () => `int(${maxExclusive}): need a positive integer`,
    );
    return Math.floor(this.float() * maxExclusive);
  }

  /** An integer in [min, max], both ends included. */
  intBetween(min: number, max: number): number {
    assert(
      Number.isInteger(min) && Number.isInteger(max) && min <= max,
      () => `intBetween(${min}, ${max})`,
    );
    return min + this.int(max - min + 1);
  }

  /** True with probability numerator/denominator. */
  bernoulli(numerator: number, denominator: number): boolean {
    assert(Number.isInteger(numerator) && Number.isInteger(denominator) && denominator > 0 &&
      numerator >= 0 && numerator <= denominator, () => `bernoulli(${numerator}, ${denominator})`);
    if (numerator === 0) return false;
    if (numerator === denominator) return true;
    return this.int(denominator) < numerator;
  }

  /** Exponentially distributed with the given mean, rounded to an integer (e.g. ms). */
  exponentialInt(mean: number): number {
    assert(mean >= 0, () => `exponential mean ${mean} < 0`);
    return Math.round(-mean * Math.log(1 - this.float()));
  }

  /** A standard normal sample (Box–Muller; uses two draws). */
  normal(): number {
    const u1 = 1 - this.float();
    const u2 = this.float();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /**
   * Log-normally distributed with the given median and shape sigma, rounded to an integer and
   * clamped to [min, max]. Latencies are log-normal: most calls are quick, a few are slow.
   */
  lognormalInt(options: { medianMs: number; sigma: number; min?: number; max?: number }): number {
    const value = Math.round(options.medianMs * Math.exp(options.sigma * this.normal()));
    return Math.min(Math.max(value, options.min ?? 0), options.max ?? Number.POSITIVE_INFINITY);
  }

  /** Picks an index by integer weights. */
  weightedIndex(weights: readonly number[]): number {
    const total = weights.reduce((sum, weight) => {
      assert(
        Number.isInteger(weight) && weight >= 0,
        () => `weight ${weight} is not a non-negative integer`,
      );
      return sum + weight;
    }, 0);
    assert(total > 0, 'weightedIndex needs a positive total weight');
    let ticket = this.int(total);
    for (let index = 0; index < weights.length; index++) {
      ticket -= weights[index]!;
      if (ticket < 0) return index;
    }
    return weights.length - 1;
  }

  pick<T>(items: readonly T[]): T {
    assert(items.length > 0, 'pick from an empty list');
    return items[this.int(items.length)]!;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffled<T>(items: readonly T[]): T[] {
    const copy = items.slice();
    for (let index = copy.length - 1; index > 0; index--) {
      const other = this.int(index + 1);
      [copy[index], copy[other]] = [copy[other]!, copy[index]!];
    }
    return copy;
  }

  /** `length` lowercase hex characters. */
  hex(length: number): string {
    let text = '';
    while (text.length < length) text += this.int(16).toString(16);
    return text;
  }

  /** `jitter(d, f)` as Kubernetes' wait.Jitter: d + U[0,1) * f * d, with f <= 0 meaning 1. */
  jitter(durationMs: number, factor: number): number {
    const f = factor <= 0 ? 1 : factor;
    return Math.floor(durationMs + this.float() * f * durationMs);
  }
}

export class Rng {
  readonly seed: string;
  private readonly streams = new Map<string, RandomStream>();

  constructor(seed: Seed) {
    this.seed = canonicalSeed(seed);
  }

  /** The stream with this name; the same object every time it is asked for. */
  stream(name: string): RandomStream {
    let stream = this.streams.get(name);
    if (stream === undefined) {
      const material = createHash('sha256').update(`${this.seed}\u0000${name}`).digest('hex');
      stream = new RandomStream(name, material);
      this.streams.set(name, stream);
    }
    return stream;
  }

  /** Draw counts per stream, by name: part of a run's fingerprint. */
  drawCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    [...this.streams.keys()].sort().forEach((name) => {
      counts[name] = this.streams.get(name)!.drawCount;
    });
    return counts;
  }
}
