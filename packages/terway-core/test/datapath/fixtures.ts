// The worked example every datapath test uses: node eth0 ifindex 2 with 10.0.0.10/24
// and default via 10.0.0.253; ENI eth1 ifindex 3, MAC 00:16:3e:00:00:03, vSwitch 10.0.1.0/24,
// gateway 10.0.1.253; pod default/nginx with 10.0.1.20; MTU 1500; service CIDR 192.168.0.0/16.

import { Rng, type Result } from '@terway-sim/sim-base';
import {
  namespaceViews, renderView, viewCommand, type KernelMachine, type NamespaceSnapshot,
} from '@terway-sim/kernel-shim';
import type { DatapathError } from '../../src/datapath/errors.js';
import { applyPlan, type PlanResult } from '../../src/datapath/plan/executor.js';
import type { PlanInput } from '../../src/datapath/plan/input.js';
import type { Plan } from '../../src/datapath/plan/step.js';
import type { SetupConfig } from '../../src/datapath/types.js';
import { vethNameForPod } from '../../src/datapath/veth-name.js';
import { ModelKernel } from './model.js';

type ModelKernelType = ModelKernel;

export const hostNs = 'node1';
export const podNs = 'pod-nginx';
export const nodeMac = '00:16:3e:00:00:02';
export const eniMac = '00:16:3e:00:00:03';
export const nginxVeth = vethNameForPod('nginx', 'default', 'eth0');

function must<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** A node as the worked example above has it, plus an empty pod namespace. */
export async function exampleNode(
  options: { seed?: number; eniUp?: boolean; renameRequiresDown?: boolean } = {}
): Promise<ModelKernel> {
  const kernel = new ModelKernel(
    { rng: new Rng(options.seed ?? 1) }, { renameRequiresDown: options.renameRequiresDown ?? true },
  );
  must(await kernel.netnsAdd(hostNs));
  must(await kernel.linkSetUp(hostNs, 'lo'));
  const eth0 = must(
    await kernel.deviceAttach(hostNs, { name: 'eth0', mac: nodeMac, segment: 'vsw-node' })
  );
  must(await kernel.linkSetUp(hostNs, eth0.index));
  must(await kernel.addrAdd(hostNs, { linkIndex: eth0.index, cidr: '10.0.0.10/24' }));
  must(await kernel.routeAdd(hostNs, { dst: 'default', gateway: '10.0.0.253', oif: eth0.index }));
  const eth1 = must(
    await kernel.deviceAttach(hostNs, { name: 'eth1', mac: eniMac, segment: 'vsw-pod' })
  );
  if (options.eniUp === true) must(await kernel.linkSetUp(hostNs, eth1.index));
  must(await kernel.netnsAdd(podNs));
  return kernel;
}

export async function snapshot(kernel: KernelMachine, ns: string): Promise<NamespaceSnapshot> {
  return must(await kernel.snapshot(ns));
}

/** The example's PolicyRoute setup config; fields override. */
export function exampleSetup(overrides: Partial<SetupConfig> = {}): SetupConfig {
  return {
    dp: 'PolicyRoute', hostVethName: nginxVeth, containerIfName: 'eth0',
    containerIpNet: { ipv4: '10.0.1.20/24' }, gatewayIp: { ipv4: '10.0.1.253' }, mtu: 1500,
    eniIndex: 3,
    erdma: false, eniGatewayIp: { ipv4: '10.0.1.253' }, disableCreatePeer: false, stripVlan: false,
    vid: 0,
    defaultRoute: true, multiNetwork: false, extraRoutes: [], serviceCidr: {
      ipv4: '192.168.0.0/16'
    },
    hostIpSet: { ipv4: '10.0.0.10/32' }, hostStackCidrs: [], bandwidthMode: '', ingress: 0,
    egress: 0,
    enableNetworkPriority: false, networkPriority: '1:2',
    ...overrides,
  };
}

export const exampleRandom = {
  veth: 'veth0a1b2c3d', eniMove: 'veth11111111', eniRollback: 'veth22222222',
};

export { must };

/** Plans with `plan` on the example node and applies it; returns the outcome. */
export async function runSetup(
  kernel: ModelKernelType, plan: (input: PlanInput) => Result<Plan, DatapathError>,
  cfg: SetupConfig, random = exampleRandom,
): Promise<PlanResult> {
  const hostLinks = must(await kernel.linkList(hostNs));
  const planned = plan({ cfg, ns: { host: hostNs, pod: podNs }, hostLinks, random });
  if (!planned.ok) return { ok: false, error: { ...planned.error, changes: [] } };
  return applyPlan(kernel, planned.value);
}

const everywhere = new Set([
  '0:\tfrom all lookup local', '32766:\tfrom all lookup main', '32767:\tfrom all lookup default',
  '       valid_lft forever preferred_lft forever',
]);

/**
 * Lines every namespace has: the loopback link, IPv6 link-local addresses and their routes, the
 * kernel's default qdiscs (handle 0:).
 */
function commonLines(lines: readonly string[]): string[] {
  const kept: string[] = [];
  let inLoopback = false;
  for (const line of lines) {
    if (/^\d+: /.test(line)) inLoopback = line.startsWith('1: lo:');
    const linkLocal = /^ {4}inet6 fe80:/.test(line)
      || /^fe80::\/64 dev \S+ proto kernel /.test(line) || line.includes(' table local ');
    const kernelQdisc = /^qdisc \S+ 0: /.test(line);
    if (!inLoopback && !linkLocal && !kernelQdisc && !everywhere.has(line)) kept.push(line);
  }
  return kept;
}

/**
 * A namespace as `ip` and `tc` print it (kernel-shim's renderer): each view's lines after a
 * `$ command` line, less what every namespace has (the loopback link, IPv6 link-local addresses
 * and routes, the local table, the default rules, the kernel's default qdiscs, `valid_lft`
 * lines); empty views are left out.
 * `details` adds `ip -d link show`, which names each link's kind.
 */
export function shown(snapshot: NamespaceSnapshot, options: { details?: boolean } = {}): string[] {
  const views = namespaceViews(snapshot).filter((view) => (
    options.details === true || !(view.tool === 'ip' && view.object === 'link')));
  return views.flatMap((view) => {
    const printed = renderView(snapshot, view).split('\n').filter((line) => line !== '');
    const lines = commonLines(printed);
    return lines.length === 0 ? [] : [`$ ${viewCommand(view)}`, ...lines];
  });
}

/** `ip addr show` of the example node's ENIs once Terway has set eth1 up with the node IP. */
export const exampleHostEnis = [
  '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000',
  '    link/ether 00:16:3e:00:00:02 brd ff:ff:ff:ff:ff:ff',
  '    inet 10.0.0.10/24 scope global eth0',
  '3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000',
  '    link/ether 00:16:3e:00:00:03 brd ff:ff:ff:ff:ff:ff',
  '    inet 10.0.0.10/32 scope global eth1',
];

/** The MAC of a link, for expectations (random MACs come from the seeded `kernel.mac` stream). */
export function macOf(snapshot: NamespaceSnapshot, name: string): string {
  return snapshot.links.find((link) => link.name === name)?.mac ?? `<no link ${name}>`;
}

/**
 * What a veth pod's namespace shows (Terway's plugin/datapath/policy_router_linux.go): eth0
 * with its /32, a default route via 169.254.1.1 on-link, and that gateway answered by the host
 * veth's MAC.
 */
export function vethPodLines(
  state: { podSnapshot: NamespaceSnapshot; hostSnapshot: NamespaceSnapshot }, ip: string,
): string[] {
  return [
    '$ ip addr show',
    '2: eth0@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group'
      + ' default qlen 1000',
    `    link/ether ${macOf(state.podSnapshot, 'eth0')} brd ff:ff:ff:ff:ff:ff link-netns node1`,
    `    inet ${ip}/32 scope global eth0`,
    '$ ip route show table all',
    'default via 169.254.1.1 dev eth0 onlink ',
    '$ ip neigh show',
    `169.254.1.1 dev eth0 lladdr ${macOf(state.hostSnapshot, nginxVeth)} PERMANENT `,
  ];
}

/**
 * `tc filter show dev eth1 ingress` once Terway pops VLAN tags on the ENI's ingress
 * (`EnsureVlanUntagger` in plugin/driver/utils/utils_linux.go).
 */
export const vlanPopIngress = [
  '$ tc filter show dev eth1 ingress',
  'filter protocol 802.1Q pref 20000 u32 chain 0 ',
  'filter protocol 802.1Q pref 20000 u32 chain 0 fh 800: ht divisor 1 ',
  'filter protocol 802.1Q pref 20000 u32 chain 0 fh 800::800 order 2048 key ht 800 bkt 0 '
    + 'terminal flowid not_in_hw ',
  '  match 00000000/00000000 at 0',
  '\taction order 1: vlan  pop pipe',
  '\tindex 1 ref 1 bind 1',
];

/** The egress filter that tags the trunk pod 10.0.5.7's packets with VLAN 3 (`EnsureVlanTag`). */
export const vlanPushFor10057 = [
  'filter protocol ip pref 50001 u32 chain 0 ',
  'filter protocol ip pref 50001 u32 chain 0 fh 801: ht divisor 1 ',
  'filter protocol ip pref 50001 u32 chain 0 fh 801::800 order 2048 key ht 801 bkt 0 '
    + 'terminal flowid not_in_hw ',
  '  match 0a000507/ffffffff at 12',
  '\taction order 1: vlan  push id 3 protocol 802.1Q priority 0 pipe',
  '\tindex 2 ref 1 bind 1',
];

/** Both namespaces as `ip`/`tc` show them, and their snapshots (for MACs). */
export async function showBoth(
  kernel: ModelKernelType, options: { details?: boolean } = {},
): Promise<{
  pod: string[]; host: string[]; podSnapshot: NamespaceSnapshot; hostSnapshot: NamespaceSnapshot;
}> {
  const podSnapshot = await snapshot(kernel, podNs);
  const hostSnapshot = await snapshot(kernel, hostNs);
  const pod = shown(podSnapshot, options);
  return { pod, host: shown(hostSnapshot, options), podSnapshot, hostSnapshot };
}
