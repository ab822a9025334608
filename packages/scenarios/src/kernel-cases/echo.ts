// Sends real packets between namespaces of the real backend: a UDP echo server runs in the
// destination namespace (`ip netns exec <ns> node`), a client in the source namespace sends three
// datagrams and waits for one to come back (3 s, enforced by killing it). UDP echo proves the same
// two-way reachability as ping and needs nothing but node and iproute2 (this machine has no ping).
// The model moves no packets: it answers with the model's packet trace when kernel-shim provides
// one, and until then with the datapath's design expectation, "reply", so a real probe that fails
// shows up as a difference.

import { execFile, spawn } from 'node:child_process';
import type { KernelMachine, TraceRequest, TraceResult } from '@terway-sim/kernel-shim';

export type EchoOutcome = 'reply' | 'no reply';

const port = 7007;
const clientTimeoutMs = 3_000;

interface RealNames { readonly names: { real(logical: string): string } }
interface Tracer { trace(request: TraceRequest): Promise<TraceResult> | TraceResult }

function hasRealNames(kernel: KernelMachine): kernel is KernelMachine & RealNames {
  const names = (kernel as Partial<RealNames>).names;
  return kernel.capabilities.backend === 'linux' && typeof names?.real === 'function';
}

function hasTrace(kernel: KernelMachine): kernel is KernelMachine & Tracer {
  return typeof (kernel as Partial<Tracer>).trace === 'function';
}

const socket = "const d=require('dgram')"
  + ".createSocket(process.argv[1].includes(':')?'udp6':'udp4');";
const serverScript = `${socket}d.on('message',(m,r)=>d.send(m,r.port,r.address));`
  + `d.bind(${port},process.argv[1],()=>process.stdout.write('ready\\n'));`;
const clientScript = `${socket}d.on('message',()=>process.exit(0));`
  + `for(let i=0;i<3;i++)d.send('terway-sim',${port},process.argv[1]);`;

async function realEcho(
  kernel: KernelMachine & RealNames, fromNs: string, toNs: string, dst: string,
): Promise<EchoOutcome> {
  const server = spawn(
    'ip', ['netns', 'exec', kernel.names.real(toNs), process.execPath, '-e', serverScript, dst],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  try {
    const ready = await new Promise<boolean>((resolve) => {
      server.stdout.once('data', () => resolve(true));
      server.once('exit', () => resolve(false));
    });
    if (!ready) return 'no reply';
    return await new Promise<EchoOutcome>((resolve) => {
      execFile('ip', [
        'netns', 'exec', kernel.names.real(fromNs), process.execPath, '-e', clientScript, dst,
      ], { timeout: clientTimeoutMs },
        (error) => resolve(error === null ? 'reply' : 'no reply'));
    });
  } finally {
    server.kill();
  }
}

/** Whether a datagram from `fromNs` to `dst` (held in `toNs`) is answered. */
export async function udpEcho(
  kernel: KernelMachine, fromNs: string, toNs: string, dst: string,
): Promise<EchoOutcome> {
  if (hasRealNames(kernel)) return realEcho(kernel, fromNs, toNs, dst);
  if (hasTrace(kernel)) return (
    await kernel.trace({ from: fromNs, dst })
  ).ok ? 'reply' : 'no reply';
  return 'reply';
}
