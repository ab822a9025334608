// Replays of failed properties: the shrunk scenario written out as a scenario file, and the
// command that reruns it. A failure is only useful if someone can reproduce it outside the test,
// so the file is the document the property ran (same text ⇒ same run) and the command names the
// seed.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { MutationName } from '@terway-sim/terway-core';
import { stringify } from 'yaml';
import type { ScenarioInput } from '../arbitraries/scenario.js';

/** The YAML text a generated document is run from (and replayed from). */
export function scenarioYaml(document: ScenarioInput): string {
  return stringify(document, { lineWidth: 0 });
}

export interface ReplayFile {
  readonly file: string;
  readonly command: string;
}

export interface ReplayOptions {
  readonly dir: string;
  readonly name: string;
  readonly text: string;
  readonly seed: string | number;
  readonly checkEveryEvent: boolean;
  /** The broken variants the run used (mutation testing); the replay needs them too. */
  readonly mutations?: readonly MutationName[];
}

/**
 * Writes `text` to `dir/name.yaml` (creating `dir`) exactly as it ran — no header, so the
 * replay's scenario digest and run digest equal the property's — and returns the path and the
 * replay command.
 */
export function writeReplay(options: ReplayOptions): ReplayFile {
  mkdirSync(options.dir, { recursive: true });
  const file = join(options.dir, `${options.name}.yaml`);
  writeFileSync(file, options.text);
  const command = replayCommand(file, options.seed, { checkEveryEvent: options.checkEveryEvent,
    mutations: options.mutations ?? [] });
  return { file, command };
}

/**
 * The command line that reruns a scenario file (its path relative to the working directory when
 * it is inside it). With `checkEveryEvent` the replay checks every invariant after every event,
 * as the property did, so it stops at the same event; each mutation becomes a `--mutation` flag.
 */
export function replayCommand(file: string, seed: string | number,
  options: { checkEveryEvent?: boolean; mutations?: readonly MutationName[] } = {}): string {
  const shown = relative(process.cwd(), file);
  const path = shown.startsWith('..') || shown === '' ? file : shown;
  const every = options.checkEveryEvent === true ? ' --check-every-event' : '';
  const mutations = (options.mutations ?? []).map((name) => ` --mutation ${name}`).join('');
  return `npx terway-sim run ${path} --seed ${seed}${every}${mutations}`;
}
