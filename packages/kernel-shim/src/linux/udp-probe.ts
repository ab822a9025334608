// Real UDP datagrams between two namespaces of the real backend (LinuxKernel.probeUdp): whether
// a packet sent from one namespace arrives in another, the real kernel's answer to what `trace`
// predicts. Real Linux and real time, never part of a simulated run.
//
// A listener starts in the receiving namespace and says when it listens; only then does a sender
// in the sending namespace send (three datagrams at once), so a listener slow to start on a loaded
// machine cannot miss them. A datagram that arrives ends the listener at once; if none has after
// `quietSeconds` of real time (measured by `sleep`, a process, as the simulator's code keeps no
// timers), the probe says it was dropped. Every process runs under `timeout`.

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ok } from '@terway-sim/sim-base';
import { kernelError, type KernelResult } from '../netlink/errors.js';
import { commandTimeoutMs, runCommand } from './exec.js';

export interface UdpProbe {
  readonly from: string;
  readonly to: string;
  readonly dst: string;
  readonly port?: number;
}

export interface UdpProbeResult {
  readonly received: boolean;
  readonly source?: string;
}

/** How long the listener waits for a datagram after the sender has sent (real seconds). */
const quietSeconds = 2;

const listenerScript = join(import.meta.dirname, 'udp-probe', 'listener.cjs');
const senderScript = join(import.meta.dirname, 'udp-probe', 'sender.cjs');

/** `argv` inside the network namespace at `netnsPath`, bounded by `timeout`. */
function inNetns(netnsPath: string, argv: readonly string[]): string[] {
  const seconds = String(Math.ceil(commandTimeoutMs / 1000));
  return ['timeout', seconds, 'nsenter', `--net=${netnsPath}`, ...argv];
}

/** Resolves with what the process printed once it has ended. */
function printedBy(child: ChildProcess): Promise<string> {
  let printed = '';
  child.stdout?.on('data', (chunk: string) => { printed += chunk; });
  return new Promise((resolve) => {
    child.once('error', () => resolve(printed));
    child.once('close', () => resolve(printed));
  });
}

/** Resolves true once the listener printed `ready`, false if it ended first. */
function listening(child: ChildProcess): Promise<boolean> {
  return new Promise((resolve) => {
    let seen = '';
    child.stdout?.on('data', (chunk: string) => {
      seen += chunk;
      if (seen.includes('ready\n')) resolve(true);
    });
    child.once('close', () => resolve(false));
    child.once('error', () => resolve(false));
  });
}

function started(argv: readonly string[]): ChildProcess {
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'ignore'] });
  child.stdout?.setEncoding('utf8');
  return child;
}

/** Sends from the namespace at `paths.from` to `dst`; says whether `paths.to`'s received it. */
export async function probeUdpReal(
  paths: { readonly from: string; readonly to: string }, request: UdpProbe,
): Promise<KernelResult<UdpProbeResult>> {
  const port = String(request.port ?? 5353);
  const node = (path: string, script: string): string[] => (
    inNetns(path, [process.execPath, script, request.dst, port]));
  const listener = started(node(paths.to, listenerScript));
  const heard = printedBy(listener);
  try {
    if (!(await listening(listener)))
      return kernelError('EIO', 'probeUdp', `${request.to}: the UDP listener did not start`);
    const sent = await runCommand(node(paths.from, senderScript));
    if (sent.code !== 0) {
      const why = `${request.from}: could not send to ${request.dst}: ${sent.stderr.trim()}`;
      return kernelError('EIO', 'probeUdp', why);
    }
    const quiet = started(['sleep', String(quietSeconds)]);
    await Promise.race([heard, printedBy(quiet)]);
    quiet.kill();
    listener.kill();
    const source = (await heard).split('\n')[1]?.trim() ?? '';
    return ok(source !== '' ? { received: true, source } : { received: false });
  } finally {
    listener.kill();
  }
}
