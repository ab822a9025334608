// One long-lived shell per real backend, running its helpers (`ip`, `tc`, `nsenter`) one after
// another: starting a process from node costs several times what forking `ip` from a shell does,
// and a kernel verify run starts thousands. Each command's stdout and stderr come back whole,
// ended by a marker line the shell prints after it (with the exit code on stdout); a command that
// reads stdin gets its input through a pipe inside the shell, never the shell's own stdin.
//
// Bounds: helpers other than `ip` and `tc` run under `timeout` (commandTimeoutMs), so a hung one
// cannot stall the shell. Calls are answered in order; the shell holds the event loop only while
// one is open.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Socket } from 'node:net';
import { commandTimeoutMs, type CommandResult, type Runner } from './exec.js';

function quote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * The shell text for a command. `ip` and `tc` only talk netlink, which does not wait on anything,
 * and run directly; other helpers run under `timeout`. A script (`sh -c TEXT`) runs in a
 * subshell of the helper shell, without starting another shell.
 */
function commandText(argv: readonly string[]): string {
  if (argv.length === 3 && argv[0] === 'sh' && argv[1] === '-c') return `( ${argv[2]} )`;
  if (argv[0] === 'ip' || argv[0] === 'tc') return argv.map(quote).join(' ');
  return ['timeout', String(Math.ceil(commandTimeoutMs / 1000)), ...argv].map(quote).join(' ');
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

  /** Runs one command (`argv`, with `input` piped to it), as `runCommand` would. */
  readonly run: Runner = (argv, options = {}) => new Promise((resolve) => {
    const child = this.started();
    const marker = `@@tsim${process.pid}c${++this.commands}@@`;
    this.pending.push({ marker, resolve });
    const command = commandText(argv);
    const piped = options.input === undefined
      ? `${command} </dev/null`
      : `printf '%s' ${quote(options.input)} | ${command}`;
    const ends = `printf '\\n%s %d\\n' '${marker}' $?; printf '\\n%s\\n' '${marker}' >&2`;
    this.hold(child, true);
    child.stdin.write(`${piped}; ${ends}\n`);
  });

  /** Ends the shell; a later `run` starts a new one. */
  close(): void {
    this.child?.stdin.end();
    this.child?.kill();
    this.child = undefined;
    const closed = { code: 127, stdout: '', stderr: 'helper shell closed' };
    for (const waiting of this.pending.splice(0)) waiting.resolve(closed);
  }

  private started(): ChildProcessWithoutNullStreams {
    if (this.child !== undefined) return this.child;
    const child = spawn('sh', [], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => { this.stdout += chunk; this.settle(); });
    child.stderr.on('data', (chunk: string) => { this.stderr += chunk; this.settle(); });
    child.on('exit', () => {
      if (this.child === child) this.close();
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
