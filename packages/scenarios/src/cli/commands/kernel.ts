// `terway-sim kernel verify|cleanup`: checks the kernel model against the real Linux kernel
// (root only), and removes network namespaces a crashed run left behind.
//
// verify runs every conformance case (scripted steps for every object kind and error, plus seeded
// random sequences) on the model and on Linux in fresh prefixed namespaces, comparing the outcome
// and normalized snapshots after every step, and the iproute2 text of every view after each case;
// it prints every difference and exits 1 on any. Cases come from kernel-shim's
// `conformanceCases`, then Terway's datapath cases (packages/world, src/kernel-verify), several
// at a time (--jobs).

import type { VerifyCaseReport, VerifyReport } from '@terway-sim/kernel-shim';
import { quoted } from '../../scenario/printable.js';
import {
  exitBadInput,
  exitCheckFailed,
  exitOk,
  flagOption,
  intOption,
  stringOption,
  UsageError,
  type Command,
  type Io,
} from '../command.js';

/**
 * kernel-shim's `runPrefixRoot`, spelled out so that --help needs neither the kernel layer nor the
 * world loaded (a test keeps the two equal); verify and cleanup load them when they run.
 */
export const namespacePrefix = 'tsim';

const details = `
Subcommands:
  verify   run the conformance suite on the model and on this machine's kernel; print every
           difference (exit 1 if any): each step's outcome and state, and the text of every
           ip/tc view after each case. Needs root, iproute2, tc, nsenter and bash. What this kernel
           cannot do (missing link kinds, qdiscs, tc actions) is listed and those cases are
           skipped.
  cleanup  delete every network namespace named ${namespacePrefix}* (or --prefix P*) left by a run
           that crashed. Touches nothing else.

Examples:
  sudo npx terway-sim kernel verify
  sudo npx terway-sim kernel verify --random 50 --seed 7 --json
  sudo npx terway-sim kernel cleanup

Exit codes: 0 no differences / cleaned, 1 differences found or a namespace could not be removed,
2 bad input or not running as root.`;

function isRoot(): boolean {
  return typeof process.getuid !== 'function' || process.getuid() === 0;
}

function printCase(io: Io, report: VerifyCaseReport): void {
  if (report.skipped !== undefined) {
    io.out(`skip  ${report.name}: ${report.skipped}\n`);
    return;
  }
  if (report.error !== undefined) {
    io.out(`FAIL  ${report.name}: ${report.error}\n`);
    return;
  }
  if (report.differences.length === 0) {
    io.out(`ok    ${report.name}\n`);
    return;
  }
  io.out(`DIFF  ${report.name}\n`);
  for (const difference of report.differences) {
    io.out(`      step ${difference.step}: ${difference.label}\n`);
    difference.lines.forEach((line) => io.out(`        ${line}\n`));
  }
}

function summary(io: Io, report: VerifyReport): void {
  const ran = report.cases.filter((entry) => entry.skipped === undefined);
  const differing = ran.filter(
    (entry) => entry.differences.length > 0 || entry.error !== undefined,
  );
  io.out(
    `\nLinux ${report.kernelRelease}: ${ran.length} cases compared, ${differing.length} with differences, ${report.cases.length - ran.length} skipped\n`,
  );
  report.capabilities?.notes.forEach((note) => io.out(`note: ${note}\n`));
}

async function verify(args: Parameters<Command['run']>[0], io: Io): Promise<number> {
  const json = flagOption(args, 'json');
  const randomCount = intOption(args, 'random', { min: 0, max: 10_000 }) ?? 20;
  const { conformanceCases, probeLinux, runVerify, verifyConcurrencyMax } =
    await import('@terway-sim/kernel-shim');
  const jobs = intOption(args, 'jobs', { min: 1, max: verifyConcurrencyMax });
  const seed = stringOption(args, 'seed') ?? '1';
  const only = stringOption(args, 'case');
  const { datapathVerifyCases } = await import('@terway-sim/world');
  const availability = await probeLinux();
  if (!availability.available) {
    io.err(`terway-sim kernel verify: cannot run on this machine: ${availability.reason}\n`);
    return exitBadInput;
  }
  const all = [...conformanceCases, ...datapathVerifyCases()];
  const cases = only === undefined ? all : all.filter((entry) => entry.name.includes(only));
  const report = await runVerify({
    cases,
    availability,
    ...(randomCount > 0 ? { random: { seed, count: randomCount, steps: 14 } } : {}),
    ...(jobs !== undefined ? { concurrency: jobs } : {}),
    ...(json ? {} : { onCase: (entry: VerifyCaseReport) => printCase(io, entry) }),
  });
  if (json) io.out(`${JSON.stringify(report)}\n`);
  else summary(io, report);
  return report.ok ? exitOk : exitCheckFailed;
}

async function cleanup(args: Parameters<Command['run']>[0], io: Io): Promise<number> {
  const prefix = stringOption(args, 'prefix') ?? namespacePrefix;
  if (!prefix.startsWith(namespacePrefix)) {
    throw new UsageError(`--prefix ${quoted(prefix)}: expected a prefix starting with ` +
      `"${namespacePrefix}" (only this tool's namespaces are removed)`);
  }
  const { cleanupLeftovers } = await import('@terway-sim/kernel-shim');
  const report = await cleanupLeftovers({ prefix });
  if (flagOption(args, 'json')) {
    io.out(`${JSON.stringify(report)}\n`);
  } else {
    report.removed.forEach((name) => io.out(`removed ${name}\n`));
    report.failed.forEach((entry) => io.out(`could not remove ${entry.name}: ${entry.message}\n`));
    io.out(`${report.removed.length} namespace(s) removed, ${report.failed.length} failed\n`);
  }
  return report.failed.length === 0 ? exitOk : exitCheckFailed;
}

export const kernelCommand: Command = {
  name: 'kernel',
  summary:
    'compare the kernel model with the real kernel (verify), or remove leftovers (cleanup); root only',
  positionals: ['verify|cleanup'],
  options: {
    json: { type: 'boolean', description: 'print one JSON document' },
    random: {
      type: 'string',
      value: 'N',
      description: 'verify: also run N seeded random sequences (default 20)',
    },
    seed: {
      type: 'string',
      value: 'S',
      description: 'verify: seed of the random sequences (default 1)',
    },
    case: {
      type: 'string',
      value: 'TEXT',
      description: 'verify: run only the scripted cases whose name contains TEXT',
    },
    jobs: {
      type: 'string',
      value: 'N',
      description: 'verify: cases run at once (default: CPUs + 1)',
    },
    prefix: {
      type: 'string',
      value: 'P',
      description: `cleanup: remove namespaces starting with P (default ${namespacePrefix})`,
    },
  },
  details,
  async run(args, io) {
    const sub = args.positionals[0];
    if (sub !== 'verify' && sub !== 'cleanup') {
      throw new UsageError(`expected "verify" or "cleanup", got ${quoted(sub ?? '')}`);
    }
    if (!isRoot()) {
      io.err(
        `terway-sim kernel ${sub}: needs root (it creates and deletes network namespaces); run it with sudo\n`,
      );
      return exitBadInput;
    }
    return sub === 'verify' ? verify(args, io) : cleanup(args, io);
  },
};
