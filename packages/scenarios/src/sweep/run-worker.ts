// One sweep worker thread: runs the scenarios it is sent, one at a time, and answers each with
// the run's figures (or the reason it could not run). Started through bin/sweep-worker.js, which
// registers tsx first, as the terway-sim bin does.

import { parentPort } from 'node:worker_threads';
import { parseScenarioText, formatProblem } from '../scenario/load.js';
import { runScenario } from '../run/runner.js';
import { runFigures, type RunFigures } from './figures.js';

export interface WorkerTask {
  readonly run: number;
  readonly variant: number;
  readonly seed: string;
  readonly text: string;
  readonly file: string;
}

export type WorkerAnswer =
  | { readonly run: number; readonly ok: true; readonly figures: RunFigures }
  | { readonly run: number; readonly ok: false; readonly error: string };

async function runTask(task: WorkerTask): Promise<WorkerAnswer> {
  const loaded = parseScenarioText(task.text, task.file);
  if (!loaded.ok) {
    return { run: task.run, ok: false, error: loaded.error.map(formatProblem).join('; ') };
  }
  const outcome = await runScenario(loaded.value, { seed: task.seed });
  if (!outcome.ok) return { run: task.run, ok: false, error: outcome.error.join('; ') };
  return { run: task.run, ok: true,
    figures: runFigures(task.run, task.variant, outcome.value.report) };
}

const port = parentPort;
if (port !== null) {
  port.on('message', (task: WorkerTask) => {
    void runTask(task).then((answer) => port.postMessage(answer));
  });
}
