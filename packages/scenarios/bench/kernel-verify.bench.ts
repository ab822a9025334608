// Issue 17's kernel figure: `terway-sim kernel verify` (every conformance case, 20 random
// sequences, Terway's datapath cases) through the real CLI in a child process, its wall time and
// the CPU time of the whole process tree (node, its helper shells, every `ip` and `tc`), with the
// machine's load average beside them: on a shared machine the wall time follows the run's share
// of the CPUs, so the CPU time is the figure that compares across runs. Needs root; otherwise the
// row says why it was skipped.
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { probeLinux } from '@terway-sim/kernel-shim';
import { timeMs, type Bench, type BenchResult } from '../../../bench/harness.js';

const execute = promisify(execFile);
const root = join(import.meta.dirname, '..', '..', '..');
const cli = join(root, 'packages', 'scenarios', 'bin', 'terway-sim.js');
const name = 'kernel verify: wall time';
const wallTargetS = 60;

/** `sh`'s `times` prints the CPU time of the shell's waited-for children on its second line. */
function childCpuSeconds(printed: string): { user: number; sys: number } {
  const seconds = (text: string): number => {
    const match = /^(\d+)m([\d.]+)s$/.exec(text);
    return match === null ? Number.NaN : Number(match[1]) * 60 + Number(match[2]);
  };
  const [user = '', sys = ''] = printed.trim().split('\n').pop()!.trim().split(/\s+/);
  return { user: seconds(user), sys: seconds(sys) };
}

interface VerifyOutcome {
  readonly ok: boolean;
  readonly cases: ReadonlyArray<{ skipped?: string; differences: unknown[]; error?: string }>;
}

export const benches: Bench[] = [{
  name: 'kernel verify (real kernel against the model)',
  async run(): Promise<BenchResult[]> {
    const availability = await probeLinux();
    if (!availability.available) {
      const note = `skipped: ${availability.reason}`;
      return [{ name, value: Number.NaN, unit: 's', note }];
    }
    const loadBefore = loadavg()[0]!;
    let stdout = '';
    let stderr = '';
    const wallMs = await timeMs(async () => {
      // The report goes to stdout; `times` (after the CLI has exited) to stderr.
      const script = '"$@"; code=$?; times >&2; exit $code';
      const run = execute('sh', ['-c', script, 'sh', process.execPath, cli, 'kernel', 'verify',
        '--json'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
      ({ stdout, stderr } = await run.catch((error: { stdout: string; stderr: string }) => error));
    });
    const report = JSON.parse(stdout) as VerifyOutcome;
    const ran = report.cases.filter((entry) => entry.skipped === undefined);
    const differing = ran.filter((entry) => entry.differences.length > 0 || entry.error);
    const cpu = childCpuSeconds(stderr);
    const load = `load average ${loadBefore.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)}`;
    return [
      {
        name, value: wallMs / 1000, unit: 's', target: `≤ ${wallTargetS} s on 2 cores`,
        met: wallMs / 1000 <= wallTargetS,
        note: `${ran.length} cases compared, ${differing.length} with differences; ${load}`,
      },
      {
        name: 'kernel verify: CPU time (process tree)', value: cpu.user + cpu.sys, unit: 's',
        note: `user ${cpu.user.toFixed(1)} s, sys ${cpu.sys.toFixed(1)} s`,
      },
    ];
  },
}];
