// `terway-sim inspect FILE|RUNDIR [--seed N] --at DURATION VIEW [ARGS…]`: one instant of a run,
// shown as the real tools show it. The run is replayed to the instant (a run is a pure function
// of scenario and seed) unless a checkpoint of that instant is kept already; the view renders
// from the checkpoint, so looking never changes the run. Views: see inspect/views.ts and
// docs/inspect.md.

import { err, ok, parseDuration, formatDuration, type Result } from '@terway-sim/sim-base';
import { captureCheckpoint, type WorldCheckpoint } from '@terway-sim/world';
import {
  checkpointDir, checkpointKey, readCheckpoint, writeCheckpoint,
} from '../../inspect/checkpoint-cache.js';
import { replaySource, type ReplaySource } from '../../inspect/source.js';
import { inspectViews } from '../../inspect/views.js';
import { resolveEniConfig } from '../../run/eni-config-source.js';
import { RunSession } from '../../run/runner.js';
import { exitBadInput, exitOk, UsageError, type Command } from '../command.js';

interface InspectArgs {
  readonly target: string;
  readonly seed: string | undefined;
  readonly atMs: number;
  readonly json: boolean;
  readonly cache: boolean;
  readonly view: string;
  readonly viewArgs: readonly string[];
}

/** Options come before the target; everything after the view's name belongs to the view. */
function parseInspectArgs(argv: readonly string[]): InspectArgs {
  let seed: string | undefined;
  let at: string | undefined;
  let json = false;
  let cache = true;
  const positionals: string[] = [];
  let index = 0;
  const value = (flag: string): string => {
    const next = argv[++index];
    if (next === undefined) throw new UsageError(`${flag} needs a value`);
    return next;
  };
  for (; index < argv.length && positionals.length < 2; index++) {
    const token = argv[index]!;
    const [flag, inline] =
      token.startsWith('--') && token.includes('=')
        ? [token.slice(0, token.indexOf('=')), token.slice(token.indexOf('=') + 1)]
        : [token, undefined];
    if (flag === '--seed') seed = inline ?? value(flag);
    else if (flag === '--at') at = inline ?? value(flag);
    else if (flag === '--json') json = true;
    else if (flag === '--no-cache') cache = false;
    else if (token.startsWith('-'))
      throw new UsageError(`unknown option ${token} (before the view)`);
    else positionals.push(token);
  }
  const [target, view] = positionals;
  if (target === undefined) throw new UsageError('FILE or RUNDIR is required');
  if (at === undefined) throw new UsageError('--at DURATION is required (e.g. --at 10m)');
  const atMs = parseDuration(at);
  if (atMs === undefined)
    throw new UsageError(`--at ${JSON.stringify(at)}: expected a duration like 90s, 10m or 1h30m`);
  if (view === undefined) {
    throw new UsageError(
      `a view is required: ${inspectViews.map((known) => known.usage).join('; ')}`,
    );
  }
  return { target, seed, atMs, json, cache, view, viewArgs: argv.slice(index) };
}

/** The checkpoint of the instant: from disk when kept, else by replaying the run to it. */
async function checkpointAt(source: ReplaySource, atMs: number,
  useCache: boolean): Promise<Result<WorldCheckpoint, string>> {
  const config = resolveEniConfig(source.loaded);
  if (!config.ok) return err(config.error.join('\n'));
  const endMs = source.loaded.scenario.duration;
  if (atMs > endMs) {
    return err(
      `--at ${formatDuration(atMs)} is past the end of the run (it lasts ${formatDuration(endMs)})`,
    );
  }
  const key = checkpointKey(source, config.value, atMs);
  const dir = checkpointDir(source);
  const kept = useCache ? readCheckpoint(dir, key) : undefined;
  if (kept !== undefined) return ok(kept);
  const session = await RunSession.start(source.loaded, { seed: source.seed });
  if (!session.ok) return err(session.error.join('\n'));
  await session.value.advanceTo(atMs);
  const violation = session.value.checker.violation;
  if (violation !== undefined) {
    return err(`the run stopped before ${formatDuration(atMs)}: invariant violated: ` +
      `${violation.check}: ${violation.detail}`);
  }
  const checkpoint = await captureCheckpoint(session.value.world);
  if (useCache) writeCheckpoint(dir, key, checkpoint);
  return ok(checkpoint);
}

export const inspectCommand: Command = {
  name: 'inspect',
  summary:
    'show one instant of a run through kubectl, terway-cli, ip, tc, the cloud API or metrics',
  positionals: ['FILE|RUNDIR', 'VIEW', '[ARGS…]'],
  rawArgs: true,
  options: {
    seed: {
      type: 'string',
      value: 'N',
      description: "seed (default: the scenario's, or the run's)",
    },
    at: {
      type: 'string',
      value: 'DURATION',
      description: 'the instant to look at, e.g. 10m (required)',
    },
    json: { type: 'boolean', description: 'print {atMs, view, args, output} as one JSON document' },
    'no-cache': {
      type: 'boolean',
      description: 'replay even when a checkpoint of the instant is kept',
    },
  },
  details:
    `Views:\n${inspectViews.map((view) => `  ${view.usage}`).join('\n')}\n` +
    "Options go before FILE|RUNDIR; everything after the view name is the view's own.\n" +
    'Exit codes: 0 shown, 2 bad input (unknown view, node, pod, or an instant past the end).',
  async run(args, io) {
    const parsed = parseInspectArgs(args.positionals);
    const view = inspectViews.find((known) => known.name === parsed.view);
    if (view === undefined) {
      throw new UsageError(
        `unknown view ${JSON.stringify(parsed.view)}; views: ` +
          inspectViews.map((known) => known.name).join(', '),
      );
    }
    const source = replaySource(parsed.target, parsed.seed);
    if (!source.ok) throw new UsageError(source.error.join('\n'));
    const checkpoint = await checkpointAt(source.value, parsed.atMs, parsed.cache);
    if (!checkpoint.ok) throw new UsageError(checkpoint.error);
    const shown = view.render(checkpoint.value, parsed.viewArgs);
    if (!shown.ok) {
      io.err(`terway-sim inspect: ${view.name}: ${shown.error}\n`);
      return exitBadInput;
    }
    if (parsed.json) {
      io.out(
        `${JSON.stringify({
          atMs: checkpoint.value.atMs,
          view: view.name,
          args: parsed.viewArgs,
          output: shown.value,
        })}\n`,
      );
    } else {
      io.out(shown.value.endsWith('\n') ? shown.value : `${shown.value}\n`);
    }
    return exitOk;
  },
};
