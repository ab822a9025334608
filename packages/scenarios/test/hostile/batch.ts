// A child process that runs several hostile cases through the CLI's entry point, main(), one
// after the other: node and the sources load once per batch instead of once per case (a second
// or two each), which keeps the corpus to well under a minute on two cores. Each case's exit
// code is main()'s, the code bin/terway-sim.js exits with; its output is captured without the
// process writer's escaping, so a message that prints input raw is caught here.
//
// Usage: node --conditions=@terway-sim/source --import tsx batch.ts 'JSON list of { index, argv }'
// (the condition makes the workspace packages load from their sources). Prints one JSON line per
// case as it ends ({ index, code, out, err }); a case that hangs or exhausts the heap ends the
// batch, and the parent blames the first case without a line.

import type { Io } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';

interface BatchCase {
  readonly index: number;
  readonly argv: readonly string[];
}

const cases = JSON.parse(process.argv[2] ?? '[]') as BatchCase[];
for (const { index, argv } of cases) {
  let out = '';
  let err = '';
  const io: Io = { out: (text) => void (out += text), err: (text) => void (err += text),
    interactive: false };
  const code = await main(argv, io);
  process.stdout.write(`${JSON.stringify({ index, code, out, err })}\n`);
}
