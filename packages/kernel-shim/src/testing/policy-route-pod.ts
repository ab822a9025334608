// Terway's veth policy-route pod setup (terway-datapath.md §3.1, plugin/datapath/
// policy_router_linux.go), IPv4 single network, done directly through the Kernel port the way the
// datapath does it: look up, then ensure (list, delete what differs, replace). Used by tests,
// the trace checks and the bench; terway-core's own datapath will supersede it for scenarios.

import { ok } from '@terway-sim/sim-base';
import type { KernelResult } from '../netlink/errors.js';
import type { Kernel, Unit } from '../netlink/kernel.js';

export interface PolicyRoutePod {
  readonly hostNs: string;
  readonly podNs: string;
  /** The ENI's name in the host namespace. */
  readonly eni: string;
  readonly podIp: string;
  readonly nodeIp: string;
  readonly gatewayIp: string;
  readonly hostVeth: string;
  /** The random name the pod end is created with before it becomes eth0. */
  readonly tempName: string;
  readonly mtu?: number;
}

const linkIp = '169.254.1.1';

type Step = () => Promise<KernelResult<unknown>>;

async function sequence(steps: readonly Step[]): Promise<KernelResult<Unit>> {
  for (const step of steps) {
    const result = await step();
    if (!result.ok) return result;
  }
  return ok(undefined);
}

/** EnsureAddr: keep `cidr` if present, delete every other global address of the family, add it. */
async function ensureAddr(kernel: Kernel, ns: string, linkIndex: number, cidr: string): Promise<KernelResult<Unit>> {
  const listed = await kernel.addrList(ns, { linkIndex, family: 4 });
  if (!listed.ok) return listed;
  let found = false;
  for (const addr of listed.value) {
    if (addr.scope !== 'universe' || addr.cidr.startsWith('169.254.')) continue;
    if (addr.cidr === cidr) { found = true; continue; }
    const deleted = await kernel.addrDel(ns, { linkIndex, cidr: addr.cidr });
    if (!deleted.ok) return deleted;
  }
  return found ? ok(undefined) : kernel.addrReplace(ns, { linkIndex, cidr });
}

async function ensureRoute(kernel: Kernel, ns: string, spec: Parameters<Kernel['routeReplace']>[1]): Promise<KernelResult<Unit>> {
  const found = await kernel.routeList(ns, { dst: spec.dst, table: spec.table ?? 254, ...(spec.oif !== undefined ? { oif: spec.oif } : {}) });
  if (found.ok && found.value.length > 0) return ok(undefined);
  return kernel.routeReplace(ns, spec);
}

async function ensureRule(kernel: Kernel, ns: string, spec: { priority: number; src?: string; dst?: string; table: number }): Promise<KernelResult<Unit>> {
  const rules = await kernel.ruleList(ns, 4);
  if (!rules.ok) return rules;
  const same = rules.value.filter((rule) => rule.priority === spec.priority && rule.src === spec.src && rule.dst === spec.dst);
  if (same.some((rule) => rule.table === spec.table)) return ok(undefined);
  return kernel.ruleAdd(ns, spec);
}

export async function setupPolicyRoutePod(kernel: Kernel, pod: PolicyRoutePod): Promise<KernelResult<Unit>> {
  const mtu = pod.mtu ?? 1500;
  const eni = await kernel.linkGet(pod.hostNs, pod.eni);
  if (!eni.ok) return eni;
  const table = 1000 + eni.value.index;
  const stale = await kernel.linkDel(pod.hostNs, pod.hostVeth);
  if (!stale.ok && stale.error.errno !== 'ENODEV') return stale;
  const created = await kernel.linkAdd(pod.hostNs, { kind: 'veth', name: pod.tempName, namespace: pod.podNs, mtu, peer: { name: pod.hostVeth, mtu } });
  if (!created.ok) return created;
  const podLink = created.value.index;
  const hostVeth = await kernel.linkGet(pod.hostNs, pod.hostVeth);
  if (!hostVeth.ok) return hostVeth;
  const podIp = `${pod.podIp}/32`;
  return sequence([
    () => kernel.linkSetName(pod.podNs, podLink, 'eth0'),
    () => ensureAddr(kernel, pod.podNs, podLink, podIp),
    () => kernel.linkSetUp(pod.podNs, podLink),
    () => kernel.neighReplace(pod.podNs, { linkIndex: podLink, ip: linkIp, mac: hostVeth.value.mac }),
    () => ensureRoute(kernel, pod.podNs, { dst: 'default', gateway: linkIp, oif: podLink, onlink: true }),
    () => kernel.linkSetMtu(pod.hostNs, eni.value.index, mtu),
    () => ensureAddr(kernel, pod.hostNs, eni.value.index, `${pod.nodeIp}/32`),
    () => kernel.linkSetUp(pod.hostNs, eni.value.index),
    () => ensureRoute(kernel, pod.hostNs, { dst: 'default', gateway: pod.gatewayIp, oif: eni.value.index, onlink: true, table }),
    () => kernel.linkSetUp(pod.hostNs, hostVeth.value.index),
    () => ensureRoute(kernel, pod.hostNs, { dst: podIp, oif: hostVeth.value.index, scope: 'link' }),
    () => ensureRule(kernel, pod.hostNs, { priority: 512, dst: podIp, table: 254 }),
    () => ensureRule(kernel, pod.hostNs, { priority: 2048, src: podIp, table }),
  ]);
}

/** GenericTearDown plus the PolicyRoute teardown: the veth goes (with its route), then the rules. */
export async function teardownPolicyRoutePod(kernel: Kernel, pod: PolicyRoutePod): Promise<KernelResult<Unit>> {
  const links = await kernel.linkList(pod.podNs);
  if (links.ok) {
    for (const link of links.value) {
      if (link.kind === 'loopback') continue;
      await kernel.linkSetDown(pod.podNs, link.index);
      if (link.kind !== 'device') await kernel.linkDel(pod.podNs, link.index);
    }
  }
  const podIp = `${pod.podIp}/32`;
  for (const filter of [{ priority: 2048, src: podIp }, { priority: 512, dst: podIp }]) {
    const deleted = await kernel.ruleDel(pod.hostNs, filter);
    if (!deleted.ok && deleted.error.errno !== 'ENOENT') return deleted;
  }
  return ok(undefined);
}
