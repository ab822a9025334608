// Sends real packets between namespaces of the real backend: a UDP echo server runs in the
// destination namespace (`ip netns exec <ns> node`), a client in the source namespace sends three
// datagrams and waits for one to come back (3 s, enforced by killing it). UDP echo proves the same
// two-way reachability as ping and needs nothing but node and iproute2 (this machine has no ping).
// On the model the same question goes to kernel-shim's packet trace, both ways, over a fabric
// that says which ENI owns which address (the model has no router namespace to ask).

import { execFile, spawn } from 'node:child_process';
import { ModelKernel, trace, type FabricView, type KernelMachine } from '@terway-sim/kernel-shim';
import { CaseFailure } from './world.js';

export type EchoOutcome = 'reply' | 'no reply';

const port = 7007;
const clientTimeoutMs = 3_000;

interface RealNames { readonly names: { real(logical: string): string } }

function hasRealNames(kernel: KernelMachine): kernel is KernelMachine & RealNames {
  const names = (kernel as Partial<RealNames>).names;
  return kernel.capabilities.backend === 'linux' && typeof names?.real === 'function';
}

const socket = "const d=require('dgram')"
  + ".createSocket(process.argv[1].includes(':')?'udp6':'udp4');";
const serverScript = `${socket}d.on('message',(m,r)=>d.send(m,r.port,r.address));`
  + `d.bind(${port},process.argv[1],()=>process.stdout.write('ready\\n'));`;
const clientScript = `${socket}d.on('message',()=>process.exit(0));`
  + `for(let i=0;i<3;i++)d.send('terway-sim',${port},process.argv[1]);`;

function inNetns(kernel: RealNames, ns: string, script: string, dst: string): string[] {
  return ['netns', 'exec', kernel.names.real(ns), process.execPath, '-e', script, dst];
}

async function realEcho(
  kernel: KernelMachine & RealNames, from: string, to: string, dst: string,
): Promise<EchoOutcome> {
  const server = spawn(
    'ip', inNetns(kernel, to, serverScript, dst), { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  try {
    const ready = await new Promise<boolean>((resolve) => {
      server.stdout.once('data', () => resolve(true));
      server.once('exit', () => resolve(false));
    });
    if (!ready) return 'no reply';
    return await new Promise<EchoOutcome>((resolve) => {
      execFile('ip', inNetns(kernel, from, clientScript, dst), { timeout: clientTimeoutMs },
        (error) => resolve(error === null ? 'reply' : 'no reply'));
    });
  } finally {
    server.kill();
  }
}

/** The model's answer: the request reaches `to`, and the reply from `dst` reaches `from`. */
function tracedEcho(
  kernel: ModelKernel, fabric: FabricView, from: string, to: string, dst: string,
): EchoOutcome {
  const there = trace({ kernel, fabric }, { from, dst });
  if (!there.ok || there.delivered.namespace !== to) return 'no reply';
  const back = trace({ kernel, fabric }, { from: to, dst: there.src, src: dst });
  return back.ok && back.delivered.namespace === from ? 'reply' : 'no reply';
}

/** Whether a datagram from `from` to `dst` (held in namespace `to`) is answered. */
export async function udpEcho(
  kernel: KernelMachine, fabric: FabricView, from: string, to: string, dst: string,
): Promise<EchoOutcome> {
  if (hasRealNames(kernel)) return realEcho(kernel, from, to, dst);
  if (kernel instanceof ModelKernel) return tracedEcho(kernel, fabric, from, to, dst);
  throw new CaseFailure(`cannot send packets on a ${kernel.capabilities.backend} backend`);
}
