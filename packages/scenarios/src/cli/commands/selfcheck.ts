// `terway-sim selfcheck`: runs a deterministic workload twice with one seed and once with
// another, and checks that the first two digests agree and the third differs.

import { exitCheckFailed, exitOk, flagOption, stringOption, type Command } from '../command.js';
import { runRetryWorkload } from '../../selfcheck/retry-workload.js';

export const selfcheckCommand: Command = {
  name: 'selfcheck',
  summary: 'check that this machine replays a seeded run bit for bit',
  options: {
    seed: {
      type: 'string',
      value: 'N',
      description: 'seed (integer or any text, e.g. a commit hash); default 1',
    },
    json: { type: 'boolean', description: 'print one JSON document' },
  },
  async run(args, io) {
    const seed = stringOption(args, 'seed') ?? '1';
    const first = await runRetryWorkload(seed);
    const second = await runRetryWorkload(seed);
    const other = await runRetryWorkload(`${seed}+1`);
    const ok = first.digest === second.digest && other.digest !== first.digest;
    if (flagOption(args, 'json')) {
      io.out(
        `${JSON.stringify({ ok, seed, digest: first.digest, replayDigest: second.digest, otherSeedDigest: other.digest, events: first.events })}\n`,
      );
    } else {
      io.out(`seed ${seed}: ${first.events} events over ${first.nowMs} virtual ms\n`);
      io.out(
        `digest         ${first.digest}\nreplay digest  ${second.digest}\nother seed     ${other.digest}\n`,
      );
      io.out(
        ok
          ? 'selfcheck passed: same seed, same history; other seed, other history\n'
          : 'selfcheck FAILED\n',
      );
    }
    return ok ? exitOk : exitCheckFailed;
  },
};
