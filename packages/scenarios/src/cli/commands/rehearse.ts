// `terway-sim rehearse SCENARIO (--eni-config FILE | --changes FILE) [--at T] [--group G]
// [--seed N] [--json] [--out DIR]`: runs the scenario before and after the change from the same
// seed, and with the change rolled back, and reports what the rollout does (docs/rehearse.md).
// Exit 0 when neither the rollout nor the rollback breaks anything the baseline did not, 1 with
// the reasons when one does, 2 on bad input (the scenario, the change, a flag): every input is
// checked before anything runs.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDuration, parseDuration } from '@terway-sim/sim-base';
import { rehearse, type RehearsalReport } from '../../rehearse/rehearse.js';
import { loadChangeFile, loadEniConfigChange } from '../../rehearse/change-input.js';
import { renderRehearsal } from '../../rehearse/render.js';
import { formatProblem, loadScenarioFile, type LoadedScenario } from '../../scenario/load.js';
import type { ChangeItem } from '../../scenario/schema/index.js';
import {
  exitCheckFailed, exitOk, flagOption, stringOption, UsageError, type Command, type ParsedArgs,
} from '../command.js';
import { checkOutDir } from '../output-dir.js';

/** `--at`: strictly inside the run, so there is a before and an after. Default: a third in. */
function changeInstant(args: ParsedArgs, loaded: LoadedScenario): number {
  const { duration } = loaded.scenario;
  const text = stringOption(args, 'at');
  if (text === undefined) return Math.floor(duration / 3 / 1_000) * 1_000;
  const ms = parseDuration(text);
  if (ms === undefined || ms < 1 || ms >= duration) {
    throw new UsageError(`--at ${JSON.stringify(text)}: expected a duration after 0 and before ` +
      `the run's end (${formatDuration(duration)}), like 10m`);
  }
  return ms;
}

function changeList(args: ParsedArgs, loaded: LoadedScenario, atMs: number): ChangeItem[] {
  const eniConfig = stringOption(args, 'eni-config');
  const changes = stringOption(args, 'changes');
  if ((eniConfig === undefined) === (changes === undefined)) {
    throw new UsageError('name the change: exactly one of --eni-config FILE (a new eni-config) ' +
      'or --changes FILE (a change list)');
  }
  const group = stringOption(args, 'group');
  if (changes !== undefined && group !== undefined) {
    throw new UsageError('--group goes with --eni-config; in a change file each change names ' +
      'its own `group`');
  }
  const loadedChanges = eniConfig === undefined ? loadChangeFile(changes!, loaded, atMs)
    : loadEniConfigChange(eniConfig, loaded, atMs, group);
  if (!loadedChanges.ok) {
    throw new UsageError(loadedChanges.error.map(formatProblem).join('\n'), loadedChanges.error);
  }
  return loadedChanges.value;
}

function writeOut(dir: string, report: RehearsalReport, text: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'rehearsal.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'rehearsal.txt'), text);
}

export const rehearseCommand: Command = {
  name: 'rehearse',
  summary: 'roll a changed eni-config (or a change list) onto a scenario\'s cluster, before and ' +
    'after from one seed, and the rollback; report what breaks',
  positionals: ['SCENARIO'],
  options: {
    'eni-config': { type: 'string', value: 'FILE',
      description: 'the new eni-config (ConfigMap YAML or eni_conf JSON), rolled out to every ' +
        'node (or --group)' },
    changes: { type: 'string', value: 'FILE',
      description: 'a change list (the scenario DSL\'s `changes` entries), each `at` counted ' +
        'from --at' },
    at: { type: 'string', value: 'T', description: 'when the change is applied (default: a ' +
      'third into the run)' },
    group: { type: 'string', value: 'G', description: 'with --eni-config: roll out to this ' +
      'node group only' },
    seed: { type: 'string', value: 'N', description: 'the seed of all three runs (default: ' +
      'the scenario\'s)' },
    json: { type: 'boolean', description: 'print one JSON document' },
    out: { type: 'string', value: 'DIR', description: 'also write rehearsal.json and ' +
      'rehearsal.txt there' },
  },
  details: 'Runs the scenario three times from one seed: as it is, with the change at --at, and ' +
    'with the change undone halfway to the end.\nExit codes: 0 nothing breaks, 1 the rollout or ' +
    'the rollback breaks something (the reasons are listed), 2 bad input (nothing is run).',
  async run(args, io) {
    const [file] = args.positionals;
    if (file === undefined) throw new UsageError('SCENARIO is required');
    const loaded = loadScenarioFile(file);
    if (!loaded.ok) {
      throw new UsageError(loaded.error.map(formatProblem).join('\n'), loaded.error);
    }
    const atMs = changeInstant(args, loaded.value);
    const changes = changeList(args, loaded.value, atMs);
    const out = stringOption(args, 'out');
    if (out !== undefined) {
      const usable = checkOutDir(out);
      if (!usable.ok) throw new UsageError(`--out: ${usable.error}`);
    }
    const report = await rehearse({ loaded: loaded.value, changes, atMs,
      seed: stringOption(args, 'seed') });
    if (!report.ok) throw new UsageError(report.error.join('\n'));
    const text = renderRehearsal(report.value);
    if (out !== undefined) writeOut(out, report.value, text);
    io.out(flagOption(args, 'json') ? `${JSON.stringify(report.value)}\n` : text);
    return report.value.ok ? exitOk : exitCheckFailed;
  },
};
