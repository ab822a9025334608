// Runs the real terway-sim command in a child process, as a user's shell would: with a time
// limit and a heap limit, recording its exit code, output and peak memory. For tests that must
// see what the process does (exit codes, pipes, memory), not what main() returns in-process.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const bin = join(import.meta.dirname, '..', '..', 'bin', 'terway-sim.js');

export interface ChildOptions {
  readonly cwd?: string;
  /** Killed (SIGKILL) after this long; `timedOut` says so. */
  readonly timeLimitMs?: number;
  /** What node runs instead of bin/terway-sim.js (node options first, then a script). */
  readonly script?: readonly string[];
  /** V8 heap limit of the child (--max-old-space-size). */
  readonly heapMb?: number;
  /** Close our end of the child's stdout at once: its writes then fail with EPIPE. */
  readonly closeStdout?: boolean;
  /** Send this signal once the child has written this text to stdout or stderr. */
  readonly signalAfter?: { readonly text: string; readonly signal: NodeJS.Signals };
}

export interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly out: string;
  readonly err: string;
  readonly timedOut: boolean;
  /** Peak resident memory seen while it ran (VmHWM), MiB. */
  readonly peakMb: number;
}

/** Output kept per stream: a runaway child must not fill the test's memory either. */
const outputBytesMax = 1024 * 1024;

function peakOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? 0 : Number(match[1]) / 1024;
  } catch {
    return 0;
  }
}

export interface StartedChild {
  /** Sends a signal to this child only. */
  kill(signal: NodeJS.Signals): void;
  readonly result: Promise<ChildResult>;
}

export function runChild(args: readonly string[],
  options: ChildOptions = {}): Promise<ChildResult> {
  return startChild(args, options).result;
}

export function startChild(args: readonly string[], options: ChildOptions = {}): StartedChild {
  const heap = `--max-old-space-size=${options.heapMb ?? 512}`;
  const child = spawn(process.execPath, [heap, ...(options.script ?? [bin]), ...args],
    { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let peakMb = 0;
  let timedOut = false;
  if (options.closeStdout === true) child.stdout.destroy();
  else child.stdout.on('data', (chunk: Buffer) => {
    if (out.length < outputBytesMax) out += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    if (err.length < outputBytesMax) err += chunk.toString();
  });
  const signalAfter = options.signalAfter;
  if (signalAfter !== undefined) {
    const watch = () => {
      if ((out + err).includes(signalAfter.text)) child.kill(signalAfter.signal);
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
  }
  const sampler = setInterval(() => { peakMb = Math.max(peakMb, peakOf(child.pid)); }, 100);
  const limit = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeLimitMs ?? 20_000);
  const result = new Promise<ChildResult>((resolve) => {
    child.on('close', (code, signal) => {
      clearInterval(sampler);
      clearTimeout(limit);
      resolve({ code, signal, out, err, timedOut, peakMb });
    });
  });
  return { kill: (signal) => child.kill(signal), result };
}
