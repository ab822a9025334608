// `terway-sim run FILE [--seed N] [--out DIR]`: replays a scenario deterministically and writes
// report.json, report.md and report.html (and events.jsonl with --events). Exit 0 when every
// assertion holds, 1 when one fails or an invariant breaks (the seed, the scenario and the event
// are printed, with the command that replays it), 2 for a bad scenario file, a run too large to
// make sense, or an output directory the reports cannot be written to: all three are found
// before the run starts. The simulation itself is loaded only then, so bad input ends at once.

import { formatProblem, loadScenarioFile, type ScenarioProblem } from '../../scenario/load.js';
import { describeRunSize, estimateRunSize, runSizeProblems } from '../../scenario/run-size.js';
import { writeReports } from '../../report/write.js';
import type { RunOutcome } from '../../run/runner.js';
import {
  exitBadInput, exitCheckFailed, exitOk, flagOption, stringOption, UsageError, type Command,
  type Io,
} from '../command.js';
import { checkOutDir, defaultOutDir } from '../output-dir.js';

type Progress = { nowMs: number; endMs: number; pods: number; ready: number };

function progressLine(io: Io): (progress: Progress) => void {
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
function progressLog(io: Io): (progress: Progress) => void {
  let lastMinute = -1;
  return (progress) => {
    const minute = Math.floor(progress.nowMs / 60_000);
    if (minute === lastMinute) return;
    lastMinute = minute;
    io.err(`${Math.round(progress.nowMs / 1000)}s / ${Math.round(progress.endMs / 1000)}s  pods ${progress.ready}/${progress.pods} Ready\n`);
  };
}

function summaryText(outcome: RunOutcome, outDir: string): string {
  const report = outcome.report;
  const failed = report.assertions.filter((assertion) => !assertion.ok);
  const lines = [
    `${report.scenario}: ${report.summary.podsReadyAtEnd} pods Ready, ${report.summary.podsNotReadyAtEnd} not Ready on ${report.summary.nodes} nodes; ` +
    `time to IP p50 ${report.summary.timeToIpMs.p50} ms, p99 ${report.summary.timeToIpMs.p99} ms; ${report.summary.apiCalls} API calls (${report.summary.apiThrottled} throttled)`,
    ...report.assertions.map((assertion) => `  ${assertion.ok ? 'pass' : 'FAIL'}  ${assertion.name}: ${assertion.detail}`),
    `digest ${report.digest}`,
    `reports in ${outDir}: report.json, report.md, report.html`,
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

export const runCommand: Command = {
  name: 'run',
  summary: 'run a scenario and write report.json, report.md and report.html',
  positionals: ['FILE'],
  options: {
    seed: { type: 'string', value: 'N', description: 'seed (integer or any text, e.g. a commit hash); default: the scenario\'s' },
    out: { type: 'string', value: 'DIR', description:
      'where to write the reports; default reports/<slug of the scenario name>' },
    events: { type: 'boolean', description: 'also write the event log as events.jsonl' },
    'check-every-event': { type: 'boolean', description: 'run every invariant check after every event (slower, thorough)' },
    progress: { type: 'boolean', description: 'print progress lines on stderr even when it is not a terminal (CI logs)' },
    json: { type: 'boolean', description: 'print report.json on stdout instead of the summary' },
  },
  details: 'Exit codes: 0 all assertions hold, 1 an assertion failed or an invariant broke, 2 the ' +
    'scenario file is invalid,\nthe run would be too large (docs/scenarios.md, "Bounds"), or ' +
    'the output directory cannot be written.',
  async run(args, io) {
    const file = args.positionals[0]!;
    const { loaded, size, outDir } = prepare(file, stringOption(args, 'out'));
    const json = flagOption(args, 'json');
    const showProgress = (io.interactive && !json) || flagOption(args, 'progress');
    if (showProgress) {
      io.err(`${loaded.scenario.name}: ${describeRunSize(size, loaded.scenario)}\n`);
    }
    const { runScenario } = await import('../../run/runner.js');
    const outcome = await runScenario(loaded, {
      seed: stringOption(args, 'seed'),
      checkEveryEvent: flagOption(args, 'check-every-event'),
      keepEvents: flagOption(args, 'events'),
      ...(io.interactive && !json ? { onProgress: progressLine(io) } : flagOption(args, 'progress') ? { onProgress: progressLog(io) } : {}),
    });
    if (io.interactive && !json) io.err('\n');
    if (!outcome.ok) {
      throw new UsageError(outcome.error[0] ?? `${file}: the run could not start`,
        outcome.error.map((message) => ({ message })));
    }
    return finish(io, { file, outDir, json, outcome: outcome.value });
  },
};

function finish(io: Io, run: { file: string; outDir: string; json: boolean;
  outcome: RunOutcome }): number {
  const { file, outDir, json, outcome } = run;
  let written = true;
  try {
    writeReports(outDir, outcome.report, outcome.eventLines);
  } catch (error) {
    written = false;
    io.err(`terway-sim run: cannot write the reports to ${outDir} ` +
      `(${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
  }
  if (json) io.out(`${JSON.stringify(outcome.report)}\n`);
  else io.out(summaryText(outcome, outDir));
  const violation = outcome.violation;
  if (violation !== undefined) {
    io.err(`invariant violated: ${violation.check}: ${violation.detail}\n` +
      `  at ${violation.atMs} ms${violation.afterEvent === undefined ? ''
        : `, after event ${violation.afterEvent.kind} ${violation.afterEvent.fields}`}\n` +
      `  scenario ${violation.scenario}, seed ${violation.seed}\n` +
      `  replay: npx terway-sim run ${file} --seed ${violation.seed}\n`);
  }
  if (!written) return exitBadInput;
  return outcome.report.assertions.every((assertion) => assertion.ok) ? exitOk : exitCheckFailed;
}
