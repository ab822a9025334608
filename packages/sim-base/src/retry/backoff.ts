// Kubernetes' `wait.Backoff` (k8s.io/apimachinery/pkg/util/wait/backoff.go, v0.36), reduced to
// its arithmetic: one `Step()` returns the next delay and the backoff that follows it. Terway
// (pkg/backoff/backoff.go) and the Kubernetes controllers retry with it; the loop that sleeps
// those delays is wait.ts. Everything that models client-go or apimachinery lives here, in
// sim-base, so that terway-core and kube-sim share one copy.
//
// Step semantics (backoff.go `Step`): with Steps < 1 the delay is Duration (jittered
// if Jitter > 0) and nothing changes; otherwise Steps drops by one, the delay is the current
// Duration (jittered), and the next Duration is Duration × Factor, clamped to Cap, where reaching
// the cap also sets Steps to 0. Jitter is `d + U[0,1) × jitter × d`. Durations are milliseconds;
// a Factor may make them fractional (as Go's nanoseconds make them exact), and a delay is floored
// to whole milliseconds only when it is returned, so rounding never compounds.

import type { RandomStream } from '../random/rng.js';

export interface Backoff {
  readonly durationMs: number;
  readonly factor: number;
  readonly jitter: number;
  readonly steps: number;
  /** 0 = no cap. */
  readonly capMs: number;
}

/** Terway's ExtendedBackoff: a Backoff plus a delay before the first condition check. */
export interface ExtendedBackoff extends Backoff {
  readonly initialDelayMs: number;
}

export interface BackoffStep {
  readonly delayMs: number;
  readonly next: Backoff;
}

/** A source of U[0,1) draws; a named RandomStream in simulation. */
export type UniformSource = Pick<RandomStream, 'float'>;

/** Kubernetes `wait.Jitter(d, f)`: d + U[0,1) × f × d, with f <= 0 meaning 1. */
export function jitterMs(durationMs: number, factor: number, random: UniformSource): number {
  const f = factor <= 0 ? 1 : factor;
  return durationMs + random.float() * f * durationMs;
}

/**
 * One `Backoff.Step()`: the delay to sleep now and the backoff after it. Draws only if Jitter > 0.
 */
export function stepBackoff(backoff: Backoff, random: UniformSource): BackoffStep {
  if (backoff.steps < 1) {
    const delay = backoff.jitter > 0 ? jitterMs(backoff.durationMs, backoff.jitter, random)
      : backoff.durationMs;
    return { delayMs: Math.floor(delay), next: backoff };
  }
  let next: Backoff = { ...backoff, steps: backoff.steps - 1 };
  if (backoff.factor !== 0) {
    const grown = backoff.durationMs * backoff.factor;
    next = backoff.capMs > 0 && grown > backoff.capMs
      ? { ...next, durationMs: backoff.capMs, steps: 0 }
      : { ...next, durationMs: grown };
  }
  const delay = backoff.jitter > 0 ? jitterMs(backoff.durationMs, backoff.jitter, random)
    : backoff.durationMs;
  return { delayMs: Math.floor(delay), next };
}

/** Checks a backoff read from configuration; the message names the field and what is expected. */
export function backoffProblem(backoff: Backoff & { readonly initialDelayMs?: number }):
  string | undefined {
  const initial = backoff.initialDelayMs ?? 0;
  if (!Number.isFinite(initial) || initial < 0) return `InitialDelay must be >= 0, got ${initial}`;
  if (!Number.isFinite(backoff.durationMs)
    || backoff.durationMs < 0) return `Duration must be >= 0, got ${backoff.durationMs}`;
  if (!Number.isFinite(backoff.factor)
    || backoff.factor < 0) return `Factor must be >= 0, got ${backoff.factor}`;
  if (!Number.isFinite(backoff.jitter)
    || backoff.jitter < 0) return `Jitter must be >= 0, got ${backoff.jitter}`;
  if (!Number.isInteger(backoff.steps)) return `Steps must be an integer, got ${backoff.steps}`;
  if (!Number.isFinite(backoff.capMs)
    || backoff.capMs < 0) return `Cap must be >= 0, got ${backoff.capMs}`;
  return undefined;
}
