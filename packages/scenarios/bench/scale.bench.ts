// Issue 7's scale figure: a 1,000-node ENIIP scale-up to 30,000 pods followed by one simulated
// hour of churn (scale-1000.yaml), run in a child process: wall time, peak memory, and how many
// times faster than real time the simulation ran.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Bench } from '../../../bench/harness.js';

const run = promisify(execFile);
const here = import.meta.dirname;

export const benches: Bench[] = [{
  name: 'scale: 1,000 nodes, 30,000 pods, 1 h churn',
  async run() {
    const { stdout } = await run(
      process.execPath,
      ['--conditions=@terway-sim/source', '--import', 'tsx', join(here, 'scale-child.ts'),
        join(here, 'scale-1000.yaml')],
      { maxBuffer: 16 * 1024 * 1024, cwd: join(here, '..', '..', '..') },
    );
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as {
      wallMs: number;
      maxRssKb: number;
      simulatedMs: number;
      podsCreated: number;
      readyAtEnd: number;
      apiCalls: number;
      events: number;
      failed: string[];
    };
    const note =
      `${result.podsCreated.toLocaleString('en-US')} pods created, ${result.apiCalls.toLocaleString('en-US')} API calls, ` +
      `${result.events.toLocaleString('en-US')} events${result.failed.length > 0 ? `; FAILED: ${result.failed.join(', ')}` : ''}`;
    return [
      { name: 'wall time', value: result.wallMs / 1000, unit: 's', note },
      { name: 'peak memory (RSS)', value: result.maxRssKb / 1024, unit: 'MiB' },
      {
        name: 'simulated time / wall time',
        value: result.simulatedMs / result.wallMs,
        unit: '×',
        note: `${Math.round(result.simulatedMs / 60_000)} simulated minutes`,
      },
      {
        name: 'events per wall second',
        value: result.events / (result.wallMs / 1000),
        unit: 'events/s',
      },
    ];
  },
}];
