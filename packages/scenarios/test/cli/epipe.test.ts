// Every command exits quietly when the reader of its stdout goes away (`terway-sim capacity … |
// head`): the write fails with EPIPE, which used to crash the process with a stack trace. Tested
// with a real pipe whose read end is closed before the command writes.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChild, startChild } from './child.js';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const isRoot = process.getuid?.() === 0;

const commands: { name: string; argv: string[]; code: number }[] = [
  { name: 'capacity', argv: ['capacity', '--instance-type', 'ecs.g7.xlarge', '--mode', 'eniip'],
    code: 0 },
  { name: 'capacity --json', argv: ['capacity', '--instance-type', 'ecs.g7.xlarge', '--mode', 'vpc',
    '--json'], code: 0 },
  { name: 'validate', argv: ['validate', join(root, 'scenarios/configs/eni-config-mistakes.yaml')],
    code: 1 },
  { name: 'schema', argv: ['schema'], code: 0 },
  { name: '--help', argv: ['--help'], code: 0 },
  { name: 'help run', argv: ['help', 'run'], code: 0 },
  { name: '--version', argv: ['--version'], code: 0 },
  { name: 'selfcheck', argv: ['selfcheck'], code: 0 },
  { name: 'run --json', argv: ['run', join(root, 'scenarios/quickstart.yaml'), '--json', '--out',
    mkdtempSync(join(tmpdir(), 'terway-sim-epipe-'))], code: 0 },
  { name: 'kernel cleanup', argv: ['kernel', 'cleanup', '--prefix', 'tsimepipetest'],
    code: isRoot ? 0 : 2 },
];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function until(ready: () => Promise<boolean>, attempts: number): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await ready()) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

describe('a closed stdout pipe', () => {
  const rows = commands.map((command) => [command.name, command] as const);
  it.each(rows)('%s exits quietly', async (_name, command) => {
    const result = await runChild(command.argv, { closeStdout: true, timeLimitMs: 120_000 });
    expect(result.timedOut).toBe(false);
    expect({ code: result.code, signal: result.signal })
      .toEqual({ code: command.code, signal: null });
    expect(result.err).not.toMatch(/EPIPE|Error|\n\s+at /);
  }, 150_000);

  it('serve keeps serving, then stops on SIGTERM with exit 0', async () => {
    const port = await freePort();
    const child = startChild(['serve', '--port', String(port), '--json'],
      { closeStdout: true, timeLimitMs: 60_000 });
    const up = await until(async () => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/metrics`)).ok;
      } catch {
        return false;
      }
    }, 200);
    expect(up).toBe(true);
    // The banner went into the closed pipe before the port answered; now stop it as Ctrl-C would.
    child.kill('SIGTERM');
    const result = await child.result;
    expect({ code: result.code, signal: result.signal, timedOut: result.timedOut })
      .toEqual({ code: 0, signal: null, timedOut: false });
    expect(result.err).not.toMatch(/EPIPE|Error|\n\s+at /);
  }, 90_000);
});
