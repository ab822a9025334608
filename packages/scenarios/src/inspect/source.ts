// What `inspect` (and `serve --scenario`) replays: a scenario file with a seed, or a run's output
// directory, which names the scenario file and the seed it ran with (run.json, written by `run`).
// A run directory whose scenario file changed since the run is refused: replaying the new file
// would show another run than the one its reports describe.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { err, ok, type Result } from '@terway-sim/sim-base';
import { formatProblem, loadScenarioFile, type LoadedScenario } from '../scenario/load.js';

export const runManifestName = 'run.json';

/** What `run` leaves beside its reports so that the run can be replayed and inspected. */
export interface RunManifest {
  readonly scenarioFile: string;
  readonly scenarioDigest: string;
  readonly seed: string;
}

export interface ReplaySource {
  readonly loaded: LoadedScenario;
  readonly seed: string;
  /** The run directory, when one was given (checkpoints are kept there). */
  readonly runDir: string | undefined;
}

export function scenarioDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function writeRunManifest(dir: string, loaded: LoadedScenario, seed: string): void {
  const manifest: RunManifest = { scenarioFile: resolve(loaded.file),
    scenarioDigest: scenarioDigest(loaded.text), seed };
  writeFileSync(join(dir, runManifestName), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Resolves FILE|RUNDIR (and --seed) into a scenario to replay; errors are one line each. */
export function replaySource(
  target: string,
  seed: string | undefined,
): Result<ReplaySource, string[]> {
  if (existsSync(target) && statSync(target).isDirectory()) return fromRunDir(target, seed);
  const loaded = loadScenarioFile(target);
  if (!loaded.ok) return err(loaded.error.map(formatProblem));
  return ok({
    loaded: loaded.value,
    seed: seed ?? String(loaded.value.scenario.seed),
    runDir: undefined,
  });
}

function fromRunDir(dir: string, seed: string | undefined): Result<ReplaySource, string[]> {
  const path = join(dir, runManifestName);
  if (!existsSync(path)) {
    return err([`${dir}: not a run directory (no ${runManifestName}; \`terway-sim run\` writes ` +
      'one beside its reports) and not a scenario file']);
  }
  let manifest: RunManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as RunManifest;
  } catch (error) {
    return err([`${path}: not valid JSON: ${(error as Error).message}`]);
  }
  const loaded = loadScenarioFile(manifest.scenarioFile);
  if (!loaded.ok) return err(loaded.error.map(formatProblem));
  if (scenarioDigest(loaded.value.text) !== manifest.scenarioDigest) {
    return err([`${manifest.scenarioFile} changed since the run in ${dir}; inspect the file with ` +
      `--seed ${manifest.seed} to see the new scenario instead`]);
  }
  if (seed !== undefined && seed !== manifest.seed) {
    return err([`--seed ${seed}: the run in ${dir} ran with seed ${manifest.seed}; give the ` +
      'scenario file to replay another seed']);
  }
  return ok({ loaded: loaded.value, seed: manifest.seed, runDir: dir });
}
