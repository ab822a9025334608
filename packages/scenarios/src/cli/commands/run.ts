// `terway-sim run FILE [--seed N] [--out DIR]`: replays a scenario deterministically and writes
// report.json, report.md and report.html (and events.jsonl with --events). Exit 0 when every
// assertion holds, 1 when one fails or an invariant breaks (the seed, the scenario and the event
// are printed, with the command that replays it), 2 for a bad scenario file.

import { join } from 'node:path';
import { Mutations, mutationNames } from '@terway-sim/terway-core';
import { formatProblem, loadScenarioFile } from '../../scenario/load.js';
import { writeReports } from '../../report/write.js';
import { runScenario, type RunOutcome } from '../../run/runner.js';
import {
  exitBadInput, exitCheckFailed, exitOk, flagOption, listOption, stringOption, UsageError,
  type Command, type Io,
} from '../command.js';

function progressLine(io: Io): (progress: { nowMs: number; endMs: number; pods: number; ready: number }) => void {
  let last = '';
  return (progress) => {
    const width = 30;
    const done = Math.round((progress.nowMs / Math.max(progress.endMs, 1)) * width);
    const line = `\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${Math.round(progress.nowMs / 1000)}s / ${Math.round(progress.endMs / 1000)}s  pods ${progress.ready}/${progress.pods} Ready`;
    if (line !== last) io.err(line);
    last = line;
  };
}

/** One line per simulated minute, for logs (no carriage returns). */
function progressLog(io: Io): (progress: { nowMs: number; endMs: number; pods: number; ready: number }) => void {
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

const mutationHelp = 'test only: run Terway with a deliberately broken variant, as the ' +
  `property kit's replay lines do (${mutationNames.join(', ')})`;

export const runCommand: Command = {
  name: 'run',
  summary: 'run a scenario and write report.json, report.md and report.html',
  positionals: ['FILE'],
  options: {
    seed: { type: 'string', value: 'N', description: 'seed (integer or any text, e.g. a commit hash); default: the scenario\'s' },
    out: { type: 'string', value: 'DIR', description: 'where to write the reports; default reports/<scenario name>' },
    events: { type: 'boolean', description: 'also write the event log as events.jsonl' },
    'check-every-event': { type: 'boolean', description: 'run every invariant check after every event (slower, thorough)' },
    progress: { type: 'boolean', description: 'print progress lines on stderr even when it is not a terminal (CI logs)' },
    json: { type: 'boolean', description: 'print report.json on stdout instead of the summary' },
    mutation: { type: 'string', multiple: true, value: 'NAME', description: mutationHelp },
  },
  details: 'Exit codes: 0 all assertions hold, 1 an assertion failed or an invariant broke, 2 the scenario file is invalid.',
  async run(args, io) {
    const file = args.positionals[0]!;
    const mutations = Mutations.parse(listOption(args, 'mutation'));
    if (!mutations.ok) throw new UsageError(`--mutation: ${mutations.error}`);
    const loaded = loadScenarioFile(file);
    if (!loaded.ok) {
      loaded.error.forEach((problem) => io.err(`${formatProblem(problem)}\n`));
      return exitBadInput;
    }
    const outDir = stringOption(args, 'out') ?? join('reports', loaded.value.scenario.name);
    const json = flagOption(args, 'json');
    const outcome = await runScenario(loaded.value, {
      seed: stringOption(args, 'seed'),
      checkEveryEvent: flagOption(args, 'check-every-event'),
      keepEvents: flagOption(args, 'events'),
      mutations: mutations.value,
      ...(io.interactive && !json ? { onProgress: progressLine(io) } : flagOption(args, 'progress') ? { onProgress: progressLog(io) } : {}),
    });
    if (io.interactive && !json) io.err('\n');
    if (!outcome.ok) {
      outcome.error.forEach((message) => io.err(`${message}\n`));
      return exitBadInput;
    }
    writeReports(outDir, outcome.value.report, outcome.value.eventLines);
    if (json) io.out(`${JSON.stringify(outcome.value.report)}\n`);
    else io.out(summaryText(outcome.value, outDir));
    const violation = outcome.value.violation;
    const mutationFlags = mutations.value.names.map((name) => ` --mutation ${name}`).join('');
    if (violation !== undefined) {
      io.err(`invariant violated: ${violation.check}: ${violation.detail}\n` +
        `  at ${violation.atMs} ms${violation.afterEvent === undefined ? '' : `, after event ${violation.afterEvent.kind} ${violation.afterEvent.fields}`}\n` +
        `  scenario ${violation.scenario}, seed ${violation.seed}\n` +
        `  replay: npx terway-sim run ${file} --seed ${violation.seed}${mutationFlags}\n`);
    }
    return outcome.value.report.assertions.every((assertion) => assertion.ok) ? exitOk : exitCheckFailed;
  },
};
