// `terway-sim run FILE [--seed N] [--out DIR]`: replays a scenario deterministically and writes
// report.json, report.md and report.html (events.jsonl with --events, metrics.om — every scrape of
// Terway's metrics as OpenMetrics — with --metrics). Exit 0 when every
// assertion holds, 1 when one fails or an invariant breaks (the seed, the scenario and the event
// are printed, with the command that replays it), 2 for a bad scenario file, a run too large to
// make sense, or an output directory the reports cannot be written to: all three are found
// before the run starts.

import { existsSync, mkdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { Mutations, mutationNames } from '@terway-sim/terway-core';
import { formatProblem, loadScenarioFile, type ScenarioProblem } from '../../scenario/load.js';
import { describeRunSize, estimateRunSize, runSizeProblems } from '../../scenario/run-size.js';
import { OpenMetricsRecorder } from '../../report/openmetrics.js';
import { overallVerdict, verdictAt } from '../../report/verdict.js';
import { whyLines } from '../../report/why-text.js';
import { EventLineFile } from '../../report/event-stream.js';
import { writeReports } from '../../report/write.js';
import { ok, parseDuration, type Result } from '@terway-sim/sim-base';
import { captureCheckpoint } from '@terway-sim/world';
import { checkpointDir, checkpointKey, writeCheckpoint } from '../../inspect/checkpoint-cache.js';
import { writeRunManifest, type ReplaySource } from '../../inspect/source.js';
import { resolveEniConfig } from '../../run/eni-config-source.js';
import { RunSession, type RunOptions, type RunOutcome } from '../../run/runner.js';
import {
  exitCheckFailed, exitOk, flagOption, listOption, stringOption, UsageError,
  type Command, type Io, type ParsedArgs,
} from '../command.js';
import { checkOutDir, defaultOutDir } from '../output-dir.js';

/** `--checkpoint-at 10m,30m`: instants (ms) whose checkpoints `inspect RUNDIR` will read. */
function checkpointInstants(texts: readonly string[], endMs: number): number[] {
  const instants = texts.flatMap((text) => text.split(',')).filter((text) => text.trim() !== '')
    .map((text) => {
      const ms = parseDuration(text.trim());
      if (ms === undefined || ms > endMs) {
        throw new UsageError(`--checkpoint-at ${JSON.stringify(text)}: expected durations within ` +
          `the run (0 to ${endMs} ms), like 10m`);
      }
      return ms;
    });
  return [...new Set(instants)].sort((a, b) => a - b);
}

/** Runs to the end, keeping a checkpoint of each instant asked for on the way. */
async function runKeepingCheckpoints(source: ReplaySource, options: RunOptions,
  instants: readonly number[]): Promise<Result<RunOutcome, string[]>> {
  const session = await RunSession.start(source.loaded, options);
  if (!session.ok) return session;
  const config = resolveEniConfig(source.loaded);
  for (const atMs of instants) {
    await session.value.advanceTo(atMs);
    if (session.value.world.env.scheduler.nowMs() !== atMs || !config.ok) break;
    writeCheckpoint(checkpointDir(source), checkpointKey(source, config.value, atMs),
      await captureCheckpoint(session.value.world));
  }
  return ok(await session.value.finish());
}

/**
 * events.jsonl, streamed while the run goes. The output directory was checked before the run;
 * it is made now, and removed again (when still empty) if the run cannot start.
 */
function openEventFile(outDir: string): { file: EventLineFile; abandon(): void } {
  const made = !existsSync(outDir);
  mkdirSync(outDir, { recursive: true });
  const file = new EventLineFile(join(outDir, 'events.jsonl'));
  return { file, abandon: () => {
    file.abandon();
    if (!made) return;
    try {
      rmdirSync(outDir);
    } catch {
      // Not empty: something else wrote there meanwhile; leave it.
    }
  } };
}

function progressLine(
  io: Io,
): (progress: { nowMs: number; endMs: number; pods: number; ready: number }) => void {
  let last = '';
  return (progress) => {
    const width = 30;
    const done = Math.round((progress.nowMs / Math.max(progress.endMs, 1)) * width);
    const line = `\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${Math.round(progress.nowMs / 1000)}s / ${Math.round(progress.endMs / 1000)}s  pods ${progress.ready}/${progress.pods} Ready`;
    if (line !== last) io.err(line);
    last = line;
  };
}

/** One line per simulated minute, for logs (no carriage returns); the first at once. */
function progressLog(
  io: Io,
): (progress: { nowMs: number; endMs: number; pods: number; ready: number }) => void {
  let lastMinute = -1;
  return (progress) => {
    const minute = Math.floor(progress.nowMs / 60_000);
    if (minute === lastMinute) return;
    lastMinute = minute;
    io.err(
      `${Math.round(progress.nowMs / 1000)}s / ${Math.round(progress.endMs / 1000)}s  pods ${progress.ready}/${progress.pods} Ready\n`,
    );
  };
}

function summaryText(outcome: RunOutcome, outDir: string, metricsFile: boolean): string {
  const report = outcome.report;
  const failed = report.assertions.filter((assertion) => !assertion.ok);
  const lines = [
    `${report.scenario}: ${report.summary.podsReadyAtEnd} pods Ready, ${report.summary.podsNotReadyAtEnd} not Ready on ${report.summary.nodes} nodes; ` +
      `time to IP p50 ${report.summary.timeToIpMs.p50} ms, p99 ${report.summary.timeToIpMs.p99} ms; ${report.summary.apiCalls} API calls (${report.summary.apiThrottled} throttled)`,
    ...report.assertions.map((assertion, index) =>
      `  ${verdictAt(report, index)}  ${assertion.name}: ${assertion.detail}`),
    overallVerdict(report),
    ...whyLines(report.why),
    `digest ${report.digest}`,
    `reports in ${outDir}: report.json, report.md, report.html${metricsFile ? ', metrics.om' : ''}`,
  ];
  if (failed.length > 0) lines.push(`${failed.length} assertion(s) failed`);
  return `${lines.join('\n')}\n`;
}

function badScenario(file: string, problems: readonly ScenarioProblem[]): UsageError {
  return new UsageError(`${file} is not a scenario terway-sim can run: ${problems.length} ` +
    `problem(s); the first: ${formatProblem(problems[0]!)}`, problems);
}

/** The scenario, its output directory and its size: everything checked before the run. */
function prepare(file: string, out: string | undefined) {
  const loaded = loadScenarioFile(file);
  if (!loaded.ok) throw badScenario(file, loaded.error);
  const { scenario } = loaded.value;
  const size = estimateRunSize(scenario);
  const tooLarge = runSizeProblems(size, scenario);
  if (tooLarge.length > 0) {
    throw badScenario(file, tooLarge.map((message) => ({ file, path: '', message })));
  }
  const outDir = out ?? defaultOutDir(scenario.name);
  const usable = checkOutDir(outDir);
  if (!usable.ok) {
    const flag = out === undefined ? `the default output directory ${outDir} (from the ` +
      'scenario name; set one with --out)' : `--out ${outDir}`;
    throw new UsageError(`${flag}: ${usable.error}`);
  }
  return { loaded: loaded.value, size, outDir };
}

const mutationHelp = 'test only: run Terway with a deliberately broken variant, as the ' +
  `property kit's replay lines do (${mutationNames.join(', ')})`;

/** A line per step while running: redrawn on a terminal, logged with --progress. */
function progressOption(args: ParsedArgs, io: Io, json: boolean): Pick<RunOptions, 'onProgress'> {
  if (io.interactive && !json) return { onProgress: progressLine(io) };
  return flagOption(args, 'progress') ? { onProgress: progressLog(io) } : {};
}

/** What an invariant violation prints: the check, where, and the command that replays it. */
function violationText(violation: NonNullable<RunOutcome['violation']>, file: string,
  mutationNames: readonly string[]): string {
  const after = violation.afterEvent === undefined ? ''
    : `, after event ${violation.afterEvent.kind} ${violation.afterEvent.fields}`;
  const mutationFlags = mutationNames.map((name) => ` --mutation ${name}`).join('');
  return `invariant violated: ${violation.check}: ${violation.detail}\n` +
    `  at ${violation.atMs} ms${after}\n` +
    `  scenario ${violation.scenario}, seed ${violation.seed}\n` +
    `  replay: npx terway-sim run ${file} --seed ${violation.seed}${mutationFlags}\n`;
}

export const runCommand: Command = {
  name: 'run',
  summary: 'run a scenario and write report.json, report.md and report.html',
  positionals: ['FILE'],
  options: {
    seed: {
      type: 'string',
      value: 'N',
      description: "seed (integer or any text, e.g. a commit hash); default: the scenario's",
    },
    out: {
      type: 'string',
      value: 'DIR',
      description: 'where to write the reports; default reports/<slug of the scenario name>',
    },
    events: { type: 'boolean', description: 'also write the event log as events.jsonl' },
    metrics: {
      type: 'boolean',
      description:
        "also write metrics.om: Terway's metrics at " +
        'every sample, as OpenMetrics (promtool tsdb create-blocks-from openmetrics)',
    },
    'check-every-event': {
      type: 'boolean',
      description: 'run every invariant check after every event (slower, thorough)',
    },
    progress: {
      type: 'boolean',
      description: 'print progress lines on stderr even when it is not a terminal (CI logs)',
    },
    'checkpoint-at': {
      type: 'string',
      multiple: true,
      value: 'DURATION[,…]',
      description: 'keep the state at these instants for `inspect RUNDIR --at` (no replay needed)',
    },
    json: { type: 'boolean', description: 'print report.json on stdout instead of the summary' },
    mutation: { type: 'string', multiple: true, value: 'NAME', description: mutationHelp },
  },
  details:
    'Exit codes: 0 all assertions hold, 1 an assertion failed or an invariant broke, 2 the ' +
    'scenario file is invalid,\nthe run would be too large (docs/scenarios.md, "Bounds"), or ' +
    'the output directory cannot be written.',
  async run(args, io) {
    const file = args.positionals[0]!;
    const mutations = Mutations.parse(listOption(args, 'mutation'));
    if (!mutations.ok) throw new UsageError(`--mutation: ${mutations.error}`);
    const broken = mutations.value.names.length > 0;
    if (broken && listOption(args, 'checkpoint-at').length > 0) {
      // `inspect` would take the kept states for a run of Terway as shipped.
      throw new UsageError(
        '--checkpoint-at cannot be kept for a --mutation run: inspect reads ' +
          'checkpoints as states of Terway as shipped',
      );
    }
    const { loaded, outDir, size } = prepare(file, stringOption(args, 'out'));
    const json = flagOption(args, 'json');
    if ((io.interactive && !json) || flagOption(args, 'progress')) {
      io.err(`${loaded.scenario.name}: ${describeRunSize(size, loaded.scenario)}\n`);
    }
    const seed = stringOption(args, 'seed') ?? String(loaded.scenario.seed);
    const instants = checkpointInstants(
      listOption(args, 'checkpoint-at'),
      loaded.scenario.duration,
    );
    const source: ReplaySource = { loaded, seed, runDir: outDir };
    const recorder = flagOption(args, 'metrics') ? new OpenMetricsRecorder() : undefined;
    const events = flagOption(args, 'events') ? openEventFile(outDir) : undefined;
    const outcome = await runKeepingCheckpoints(source, {
      seed,
      onScrape: recorder === undefined ? undefined : (scrape) => recorder.add(scrape),
      checkEveryEvent: flagOption(args, 'check-every-event'),
      eventSink: events?.file.write,
      mutations: mutations.value,
      ...progressOption(args, io, json),
    }, instants);
    if (io.interactive && !json) io.err('\n');
    if (!outcome.ok) {
      events?.abandon();
      throw new UsageError(
        outcome.error[0] ?? `${file}: the run could not start`,
        outcome.error.map((message) => ({ message })),
      );
    }
    try {
      writeReports(outDir, outcome.value.report);
      events?.file.finish();
    } catch (error) {
      // Checked before the run, yet the disk can still fill or the directory go: say so, once.
      throw new UsageError(
        `cannot write the reports to ${outDir} ` +
          `(${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
    recorder?.write(join(outDir, 'metrics.om'));
    // A broken variant's run directory names no replay: inspect would replay Terway as shipped.
    if (!broken) writeRunManifest(outDir, loaded, seed);
    if (json) io.out(`${JSON.stringify(outcome.value.report)}\n`);
    else io.out(summaryText(outcome.value, outDir, recorder !== undefined));
    const violation = outcome.value.violation;
    if (violation !== undefined) io.err(violationText(violation, file, mutations.value.names));
    return outcome.value.report.assertions.every((assertion) => assertion.ok)
      ? exitOk
      : exitCheckFailed;
  },
};
