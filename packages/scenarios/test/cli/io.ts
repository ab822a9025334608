// An in-memory Io for running CLI commands in-process.

import type { Io } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';

export interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function run(argv: readonly string[]): Promise<Run> {
  let out = '';
  let err = '';
  const io: Io = { out: (text) => void (out += text), err: (text) => void (err += text),
    interactive: false };
  const code = await main(argv, io);
  return { code, out, err };
}
