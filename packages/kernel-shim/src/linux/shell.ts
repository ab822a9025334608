// One long-lived shell per real backend, running its helpers (`ip`, `tc`, `nsenter`) one after
// another: starting a process from node costs several times what forking `ip` from a shell does,
// and a kernel verify run starts thousands. Each command's stdout and stderr come back whole,
// ended by a marker line the shell prints after it (with the exit code on stdout); a command that
// reads stdin gets its input through a pipe inside the shell, never the shell's own stdin.
//
// A shell may also live inside a network namespace (`nsenter --net=… sh`): there a sysctl is read
// or written by the shell's own builtins, without starting a process at all (linux-kernel.ts).
//
// Bounds: helpers other than `ip` and `tc` run under `timeout` (commandTimeoutMs), so a hung one
// cannot stall the shell. Calls are answered in order; the shell holds the event loop only while
// one is open.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Socket } from 'node:net';
import { commandTimeoutMs, type CommandResult, type Runner } from './exec.js';

/** `word` quoted for the shell: one argument, whatever it holds. */
export function shellWord(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * The shell text for a command. `ip` and `tc` only talk netlink, which does not wait on anything,
 * and run directly; other helpers run under `timeout`. A script (`sh -c TEXT`) runs in a
 * subshell of the helper shell, without starting another shell.
 */
function commandText(argv: readonly string[]): string {
  if (argv.length === 3 && argv[0] === 'sh' && argv[1] === '-c') return `( ${argv[2]} )`;
  if (argv[0] === 'ip' || argv[0] === 'tc') return argv.map(shellWord).join(' ');
  return ['timeout', String(Math.ceil(commandTimeoutMs / 1000)), ...argv].map(shellWord).join(' ');
}

interface Pending {
  readonly marker: string;
  readonly resolve: (result: CommandResult) => void;
}

export class HelperShell {
  private child: ChildProcessWithoutNullStreams | undefined;
  private stdout = '';
  private stderr = '';
  private readonly pending: Pending[] = [];
  private commands = 0;

  /** `command` starts the shell: plain `sh`, or a shell entered into a network namespace. */
  constructor(private readonly command: readonly string[] = ['sh']) {}

  /** Runs one command (`argv`, with `input` piped to it), as `runCommand` would. */
  readonly run: Runner = (argv, options = {}) => {
    const command = commandText(argv);
    return this.send(options.input === undefined
      ? `${command} </dev/null`
      : `printf '%s' ${shellWord(options.input)} | ${command}`);
  };

  /**
   * Runs `script` in the shell itself, not in a subshell: no process starts unless the script
   * starts one. Only for scripts of builtins that leave the shell as they found it (no `cd`,
   * `exit`, `exec` or variables other callers read).
   */
  runHere(script: string): Promise<CommandResult> {
    return this.send(`{ ${script}\n} </dev/null`);
  }

  private send(text: string): Promise<CommandResult> {
    return new Promise((resolve) => {
      const child = this.started();
      const marker = `@@tsim${process.pid}c${++this.commands}@@`;
      this.pending.push({ marker, resolve });
      const ends = `printf '\\n%s %d\\n' '${marker}' $?; printf '\\n%s\\n' '${marker}' >&2`;
      this.hold(child, true);
      child.stdin.write(`${text}; ${ends}\n`);
    });
  }

  /**
   * Ends the shell; a later `run` starts a new one. Resolves once its process has exited (a shell
   * inside a network namespace keeps that namespace alive until then).
   */
  close(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    this.stdout = '';
    this.stderr = '';
    const closed = { code: 127, stdout: '', stderr: 'helper shell closed' };
    for (const waiting of this.pending.splice(0)) waiting.resolve(closed);
    if (child === undefined || child.exitCode !== null || child.signalCode !== null)
      return Promise.resolve();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.hold(child, true);
    child.stdin.end();
    child.kill();
    return exited;
  }

  private started(): ChildProcessWithoutNullStreams {
    if (this.child !== undefined) return this.child;
    const [file = 'sh', ...args] = this.command;
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    // Output of a shell already closed is dropped: its commands were answered when it closed.
    child.stdout.on('data', (chunk: string) => {
      if (this.child === child) this.stdout += chunk;
      this.settle();
    });
    child.stderr.on('data', (chunk: string) => {
      if (this.child === child) this.stderr += chunk;
      this.settle();
    });
    // A shell that could not start (nsenter into a namespace that is gone) or died is reported by
    // 'exit', which answers its commands; writing to it meanwhile is not an error of its own.
    child.stdin.on('error', () => undefined);
    child.on('exit', () => {
      if (this.child === child) void this.close();
    });
    this.child = child;
    this.hold(child, false);
    return child;
  }

  /** Keeps the event loop alive for the shell only while a command is open. */
  private hold(child: ChildProcessWithoutNullStreams, busy: boolean): void {
    for (const handle of [child, child.stdin, child.stdout, child.stderr] as unknown as Socket[]) {
      if (busy) handle.ref();
      else handle.unref();
    }
  }

  /** Answers every command whose markers have arrived on both streams, in order. */
  private settle(): void {
    for (;;) {
      const next = this.pending[0];
      if (next === undefined) break;
      const out = new RegExp(`\\n${next.marker} (\\d+)\\n`).exec(this.stdout);
      const errEnd = this.stderr.indexOf(`\n${next.marker}\n`);
      if (out === null || errEnd < 0) break;
      this.pending.shift();
      const result = {
        code: Number(out[1]),
        stdout: this.stdout.slice(0, out.index),
        stderr: this.stderr.slice(0, errEnd),
      };
      this.stdout = this.stdout.slice(out.index + out[0].length);
      this.stderr = this.stderr.slice(errEnd + next.marker.length + 2);
      next.resolve(result);
    }
    if (this.pending.length === 0 && this.child !== undefined) this.hold(this.child, false);
  }
}
