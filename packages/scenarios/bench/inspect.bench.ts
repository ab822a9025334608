// Issue 12's inspect figure: looking at the last minute of the 1,000-node run (scale-1000.yaml,
// 75 simulated minutes) with a kept checkpoint, against a straight run and against a replay to
// that minute, all through the real CLI in child processes, in one bench run. A fresh cache
// directory for each look, so no earlier look is reused.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { timeMs, type Bench } from '../../../bench/harness.js';

const execute = promisify(execFile);
const root = join(import.meta.dirname, '..', '..', '..');
const scenario = join(import.meta.dirname, 'scale-1000.yaml');
const cli = join(root, 'packages', 'scenarios', 'bin', 'terway-sim.js');
const lastMinute = '74m';

async function terwaySim(args: readonly string[]): Promise<string> {
  const cache = mkdtempSync(join(tmpdir(), 'terway-sim-bench-cache-'));
  try {
    const { stdout } = await execute(process.execPath, [cli, ...args], {
      cwd: root, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, XDG_CACHE_HOME: cache },
    });
    return stdout;
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

export const benches: Bench[] = [{
  name: 'inspect: the last minute of the 1,000-node run',
  async run() {
    const runDir = mkdtempSync(join(tmpdir(), 'terway-sim-bench-run-'));
    const look = ['--at', lastMinute, 'ip', 'pool-999', 'route'];
    try {
      const straightMs = await timeMs(() => terwaySim(['run', scenario, '--out', runDir,
        '--checkpoint-at', lastMinute]));
      let shown = '';
      const keptMs = await timeMs(async () => {
        shown = await terwaySim(['inspect', runDir, ...look]);
      });
      const replayMs = await timeMs(() => terwaySim(['inspect', scenario, ...look]));
      const routes = shown.split('\n').filter((line) => line !== '').length;
      return [
        { name: 'straight run, keeping a checkpoint at 74m', value: straightMs / 1000, unit: 's' },
        { name: 'inspect --at 74m, kept checkpoint', value: keptMs / 1000, unit: 's',
          target: '< 5 s', met: keptMs < 5000,
          note: `ip pool-999 route: ${routes} lines; ${(straightMs / keptMs).toFixed(0)}× ` +
            'quicker than the straight run' },
        { name: 'inspect --at 74m, no checkpoint (replay)', value: replayMs / 1000, unit: 's',
          note: `${(replayMs / keptMs).toFixed(0)}× the kept checkpoint's time` },
      ];
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
  },
}];
