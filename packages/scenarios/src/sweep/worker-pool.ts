// Runs a sweep's tasks over worker threads: each worker takes the next task when it finishes
// one, and answers land in the results by run number, so the results are the same for any
// number of workers (each run is a pure function of its scenario and seed).

import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerAnswer, WorkerTask } from './run-worker.js';

const workerEntry = join(import.meta.dirname, '..', '..', 'bin', 'sweep-worker.js');

export async function runOnWorkers(tasks: readonly WorkerTask[], workers: number,
  onAnswer: (answer: WorkerAnswer, done: number) => void): Promise<WorkerAnswer[]> {
  const answers: WorkerAnswer[] = new Array<WorkerAnswer>(tasks.length);
  const slotOf = new Map(tasks.map((task, slot) => [task.run, slot]));
  let next = 0;
  let done = 0;
  const drive = (worker: Worker): Promise<void> => new Promise((resolve, reject) => {
    const give = (): void => {
      if (next >= tasks.length) {
        resolve();
        return;
      }
      worker.postMessage(tasks[next++]);
    };
    worker.on('message', (answer: WorkerAnswer) => {
      answers[slotOf.get(answer.run)!] = answer;
      onAnswer(answer, ++done);
      give();
    });
    worker.on('error', reject);
    give();
  });
  const pool = Array.from({ length: Math.max(1, Math.min(workers, tasks.length)) },
    () => new Worker(workerEntry));
  try {
    await Promise.all(pool.map(drive));
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
  return answers;
}
