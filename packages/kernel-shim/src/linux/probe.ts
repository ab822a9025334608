// Finds out what this machine's kernel can do, in a throwaway namespace: which link kinds,
// qdiscs and tc actions exist, whether IPv6 is on, and whether `ping` is there (real packets are
// sent as UDP datagrams by node either way). The answer becomes the real backend's capabilities and
// the plain-language list of what cannot be checked here.

import type { KernelCapabilities } from '../netlink/kernel.js';
import type { LinkKind } from '../netlink/link.js';
import type { QdiscKind, TcAction } from '../netlink/tc.js';
import { runCommand, type Runner } from './exec.js';
import { runPrefixRoot } from './names.js';

export type Availability =
  | { readonly available: true; readonly capabilities: KernelCapabilities }
  | { readonly available: false; readonly reason: string };

const probeKinds: readonly Exclude<LinkKind, 'loopback' | 'device'>[] = [
  'veth',
  'bridge',
  'dummy',
  'ifb',
  'ipvlan',
  'vlan',
];
const probeQdiscs: readonly QdiscKind[] = [
  'clsact', 'ingress', 'mq', 'fq', 'prio', 'tbf', 'noqueue', 'pfifo_fast', 'fq_codel',
];
const probeActions: ReadonlyArray<readonly [TcAction['kind'], readonly string[]]> = [
  ['vlan', ['vlan', 'pop']],
  ['tunnel_key', ['tunnel_key', 'unset']],
  ['skbedit', ['skbedit', 'ptype', 'host']],
  ['mirred', ['mirred', 'ingress', 'redirect', 'dev', 'pb']],
];

function kindArgs(kind: string): string[] {
  if (kind === 'veth') return ['name', 'pv', 'type', 'veth', 'peer', 'name', 'pv2'];
  if (kind === 'ipvlan') return ['link', 'pa', 'name', 'pi', 'type', 'ipvlan', 'mode', 'l2'];
  if (kind === 'vlan') return ['link', 'pa', 'name', 'pl', 'type', 'vlan', 'id', '5'];
  return ['name', `p${kind.slice(0, 3)}`, 'type', kind];
}

export async function probeLinux(run: Runner = runCommand): Promise<Availability> {
  if (typeof process.getuid === 'function' && process.getuid() !== 0)
    return {
      available: false,
      reason: 'not running as root (real-kernel checks need CAP_NET_ADMIN)',
    };
  if ((await run(['ip', '-V'])).code !== 0)
    return { available: false, reason: 'iproute2 (`ip`) is not installed' };
  if ((await run(['nsenter', '--version'])).code !== 0) {
    return { available: false, reason: 'nsenter (util-linux) is not installed' };
  }
  if ((await run(['bash', '-c', 'true'])).code !== 0) {
    return { available: false, reason: 'bash is not installed' };
  }
  const tcPresent = (await run(['tc', '-V'])).code === 0;
  const ns = `${runPrefixRoot}probe${process.pid.toString(36)}-x`;
  const made = await run(['ip', 'netns', 'add', ns]);
  if (made.code !== 0)
    return { available: false, reason: `cannot create a network namespace: ${made.stderr.trim()}` };
  try {
    const ip = (args: readonly string[]) => run(['ip', '-n', ns, ...args]);
    const tc = (args: readonly string[]) => run(['tc', '-n', ns, ...args]);
    await ip(['link', 'add', 'name', 'pa', 'type', 'veth', 'peer', 'name', 'pb']);
    const linkKinds: LinkKind[] = ['loopback', 'device'];
    for (const kind of probeKinds)
      if ((await ip(['link', 'add', ...kindArgs(kind)])).code === 0) linkKinds.push(kind);
    const qdiscKinds: QdiscKind[] = [];
    const tcActions: TcAction['kind'][] = [];
    if (tcPresent) {
      for (const kind of probeQdiscs) {
        const parent = kind === 'clsact' || kind === 'ingress' ? [] : ['root'];
        const options = kind === 'tbf' ? ['rate', '1mbit', 'burst', '1514', 'limit', '3000'] : [];
        if ((await tc(['qdisc', 'add', 'dev', 'pb', ...parent, kind, ...options])).code === 0)
          qdiscKinds.push(kind);
        await tc(['qdisc', 'del', 'dev', 'pb', ...(parent.length > 0 ? parent : [kind])]);
      }
      await tc(['qdisc', 'add', 'dev', 'pa', 'clsact']);
      for (const [kind, args] of probeActions) {
        const added = await tc([
          'filter',
          'add',
          'dev',
          'pa',
          'egress',
          'prio',
          '7',
          'protocol',
          'ip',
          'u32',
          'match',
          'u32',
          '0',
          '0',
          'action',
          ...args,
        ]);
        if (added.code === 0) tcActions.push(kind);
        await tc(['filter', 'del', 'dev', 'pa', 'egress', 'prio', '7']);
      }
    }
    const ipv6 =
      (await run(['ip', 'netns', 'exec', ns, 'test', '-d', '/proc/sys/net/ipv6'])).code === 0;
    const ping = (await run(['sh', '-c', 'command -v ping'])).code === 0;
    const vethTxQueues = await txQueuesOf(run, ns, 'pa');
    const found = { linkKinds, qdiscKinds, tcActions, ipv6, ping, tcPresent, vethTxQueues };
    return { available: true, capabilities: describe(found) };
  } finally {
    await run(['ip', 'netns', 'del', ns]);
  }
}

/** numtxqueues of a link in the probe namespace (a veth's is the machine's possible CPUs). */
async function txQueuesOf(run: Runner, ns: string, link: string): Promise<number> {
  const shown = await run(['ip', '-n', ns, '-j', '-d', 'link', 'show', 'dev', link]);
  const queues = /"num_tx_queues":(\d+)/.exec(shown.stdout)?.[1];
  return queues === undefined ? 1 : Number(queues);
}

interface Found {
  linkKinds: LinkKind[]; qdiscKinds: QdiscKind[]; tcActions: TcAction['kind'][]; ipv6: boolean;
  ping: boolean; tcPresent: boolean; vethTxQueues: number;
}

/** The ENI stand-ins' transmit queues: what a small ECS instance's ENI has. */
export const standInTxQueues = 2;

function describe(found: Found): KernelCapabilities {
  const notes: string[] = [];
  const missingKinds = probeKinds.filter((kind) => !found.linkKinds.includes(kind));
  if (missingKinds.length > 0)
    notes.push(
      `no ${missingKinds.join(', ')} links in this kernel: the model's ${missingKinds.join('/')} behaviour is not checked here`,
    );
  if (!found.tcPresent) notes.push('tc is not installed: qdiscs and filters are not checked');
  const missingQdiscs = probeQdiscs.filter((kind) => !found.qdiscKinds.includes(kind));
  if (found.tcPresent && missingQdiscs.length > 0)
    notes.push(`no ${missingQdiscs.join(', ')} qdiscs: those are not checked`);
  const missingActions = probeActions
    .map(([kind]) => kind)
    .filter((kind) => !found.tcActions.includes(kind));
  if (found.tcPresent && missingActions.length > 0)
    notes.push(
      `no tc ${missingActions.join(', ')} actions: u32 filters are checked without actions only`,
    );
  if (!found.ipv6) notes.push('IPv6 is disabled: IPv6 behaviour is not checked');
  if (!found.ping)
    notes.push(
      'ping is not installed: real packets are sent as UDP datagrams by node (LinuxKernel.probeUdp)',
    );
  notes.push('the real fabric routes like the VPC but does not enforce its source check');
  notes.push(
    'ENI devices are veth stand-ins shown as kind `device`; device carrier and driver details are not checked',
  );
  notes.push(`a veth has ${found.vethTxQueues} transmit queues here (one per possible CPU); `
    + `ENI stand-ins have ${standInTxQueues} and, being veths, queue nothing (noqueue)`);
  const queues = {
    vethTxQueues: found.vethTxQueues, deviceTxQueues: standInTxQueues, deviceNoQueue: true,
  };
  return {
    backend: 'linux', linkKinds: found.linkKinds, qdiscKinds: found.qdiscKinds,
    tcActions: found.tcActions, ipv6: found.ipv6, traffic: true, notes, queues,
  };
}
