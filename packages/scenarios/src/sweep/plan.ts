// What a sweep runs: the cross product of the variants (`--vary KEY=V1,V2,…`, each KEY a dotted
// path into the scenario file) and the seeds (`--seeds A..B`). A variant is the scenario file
// with those values set, checked by the same schema as any scenario, so a sweep never runs a
// scenario `run` would refuse. Runs are numbered variant-major (all seeds of the first variant,
// then the next), and that number fixes every run's place in the results, whichever worker or
// shard ran it.

import { createHash } from 'node:crypto';
import { parse as parseYaml, parseDocument } from 'yaml';
import { err, ok, type Result } from '@terway-sim/sim-base';
import { eniConfKeys, suggestKey } from '@terway-sim/terway-core';
import { formatProblem, parseScenarioText, type LoadedScenario } from '../scenario/load.js';

/** One `--vary`: where in the scenario, and the values to try (as written and as parsed). */
export interface VaryAxis {
  readonly key: string;
  readonly path: readonly (string | number)[];
  readonly values: readonly unknown[];
  readonly texts: readonly string[];
}

export interface SweepRun {
  readonly index: number;
  readonly variant: number;
  readonly seed: string;
}

export interface SweepPlan {
  readonly scenario: LoadedScenario;
  readonly seeds: readonly string[];
  readonly axes: readonly VaryAxis[];
  /** One assignment per variant: KEY → value as written. */
  readonly variants: ReadonlyArray<Readonly<Record<string, string>>>;
  readonly runs: readonly SweepRun[];
  /** sha256 of everything that decides the results: shards of one sweep share it. */
  readonly inputsDigest: string;
}

/** The most runs one sweep may plan (a thousand seeds of ten variants). */
export const sweepRunsMax = 10_000;

/** `A..B` (inclusive) or one seed `N`; integers only, so a range is unambiguous. */
export function parseSeeds(text: string): Result<string[], string> {
  const match = /^(\d{1,9})(?:\.\.(\d{1,9}))?$/.exec(text.trim());
  if (match === null) return err(`--seeds ${JSON.stringify(text)}: expected A..B or N (integers)`);
  const from = Number(match[1]);
  const to = Number(match[2] ?? match[1]);
  if (to < from) return err(`--seeds ${text}: the range is empty (${to} is below ${from})`);
  if (to - from + 1 > sweepRunsMax) {
    return err(`--seeds ${text}: ${to - from + 1} seeds; a sweep runs at most ${sweepRunsMax}`);
  }
  return ok(Array.from({ length: to - from + 1 }, (_, offset) => String(from + offset)));
}

/** `KEY=V1,V2,…`; values are YAML scalars (10, true, 10.1.0.0/16, "a,b" stays one value). */
export function parseVary(text: string): Result<VaryAxis, string> {
  const equals = text.indexOf('=');
  if (equals <= 0) return err(`--vary ${JSON.stringify(text)}: expected KEY=V1,V2,…`);
  const key = text.slice(0, equals);
  const texts = splitValues(text.slice(equals + 1));
  if (texts.length === 0 || texts.some((value) => value === '')) {
    return err(`--vary ${key}: give one or more values, comma-separated (KEY=V1,V2)`);
  }
  const path = key.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  if (path.some((part) => part === '')) return err(`--vary ${key}: an empty path segment`);
  return ok({ key, path, texts, values: texts.map((value) => parseYaml(value) as unknown) });
}

/** Splits on commas outside double quotes. */
function splitValues(text: string): string[] {
  const values: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (char === ',' && !quoted) {
      values.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  values.push(current.trim());
  return values;
}

/** The scenario with each axis set to its value, validated as a scenario file. */
export function applyVariant(scenario: LoadedScenario, axes: readonly VaryAxis[],
  values: readonly unknown[]): Result<LoadedScenario, string> {
  const document = parseDocument(scenario.text);
  axes.forEach((axis, at) => document.setIn(axis.path, values[at]));
  const text = document.toString();
  const parsed = parseScenarioText(text, scenario.file);
  if (!parsed.ok) return err(parsed.error.map(formatProblem).join('; '));
  return ok(parsed.value);
}

/** The key names a place the scenario has, or an eni_conf key Terway reads. */
function checkKey(scenario: LoadedScenario, axis: VaryAxis): Result<void, string> {
  let node: unknown = parseYaml(scenario.text) as unknown;
  for (const [at, part] of axis.path.entries()) {
    const holder = node as Record<string | number, unknown> | undefined;
    const has = typeof holder === 'object' && holder !== null && Object.hasOwn(holder, part);
    if (has) {
      node = holder[part];
      continue;
    }
    const parent = axis.path.slice(0, at).join('.');
    if (parent === 'eniConfig.inline' && at === axis.path.length - 1) {
      if (eniConfKeys.includes(String(part))) return ok(undefined);
      const hint = suggestKey(String(part), eniConfKeys);
      return err(`--vary ${axis.key}: ${String(part)} is not an eni_conf key Terway reads` +
        (hint === undefined ? '' : ` (did you mean ${hint.key}?)`));
    }
    // Anywhere else, a new key is fine if the schema takes it (checked by applyVariant).
    const missing = parent === '' ? String(part) : `${parent}.${String(part)}`;
    return at === axis.path.length - 1 ? ok(undefined)
      : err(`--vary ${axis.key}: the scenario has no ${missing}`);
  }
  return ok(undefined);
}

/** Every variant's values, first axis slowest. */
function crossProduct(axes: readonly VaryAxis[]): number[][] {
  return axes.reduce<number[][]>((combos, axis) => combos.flatMap((combo) =>
    axis.values.map((_, at) => [...combo, at])), [[]]);
}

export function planSweep(scenario: LoadedScenario, seeds: readonly string[],
  axes: readonly VaryAxis[]): Result<SweepPlan, string[]> {
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const axis of axes) {
    if (keys.has(axis.key)) problems.push(`--vary ${axis.key} is given twice`);
    keys.add(axis.key);
    const checked = checkKey(scenario, axis);
    if (!checked.ok) problems.push(checked.error);
  }
  if (problems.length > 0) return err(problems);
  const combos = crossProduct(axes);
  // Every value alone must make a valid scenario: the error names the value, not a combination.
  for (const axis of axes) {
    for (const [at, value] of axis.values.entries()) {
      const applied = applyVariant(scenario, [axis], [value]);
      if (!applied.ok) problems.push(`--vary ${axis.key}=${axis.texts[at]}: ${applied.error}`);
    }
  }
  if (problems.length > 0) return err(problems);
  const total = combos.length * seeds.length;
  if (total > sweepRunsMax) {
    return err([`${combos.length} variants × ${seeds.length} seeds = ${total} runs; ` +
      `a sweep runs at most ${sweepRunsMax}`]);
  }
  const variants = combos.map((combo) => Object.fromEntries(axes.map((axis, at) =>
    [axis.key, axis.texts[combo[at]!]!])));
  const runs = combos.flatMap((_, variant) => seeds.map((seed, at) => ({
    index: variant * seeds.length + at, variant, seed })));
  const inputsDigest = createHash('sha256').update(JSON.stringify({ text: scenario.text,
    seeds, variants })).digest('hex');
  return ok({ scenario, seeds, axes, variants, runs, inputsDigest });
}

/** The values of a variant, in axis order (what applyVariant takes). */
export function variantValues(plan: SweepPlan, variant: number): unknown[] {
  const assignment = plan.variants[variant]!;
  return plan.axes.map((axis) => axis.values[axis.texts.indexOf(assignment[axis.key]!)]);
}
