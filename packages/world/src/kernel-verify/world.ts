// The small world each datapath case builds on a kernel backend: one or two nodes shaped like the
// reference example (eth0 with the node IP and a default route, an ENI `eth1` cabled to the pod
// vSwitch), the pods' empty namespaces, and Terway's CNI plugin per node talking to a scripted
// terwayd. For ping cases, a `vpc` namespace stands in for the vSwitch router: it owns the
// gateways (.253) and, like the VPC, delivers a pod IP to the ENI that holds it (a static
// neighbour per pod IP), because a plain bridge does not know which ENI owns a secondary IP.

import { Rng, Scheduler } from '@terway-sim/sim-base';
import type { KernelMachine, KernelResult } from '@terway-sim/kernel-shim';
import {
  CniFileLock, HostLocalIpam, ScriptedTerwayBackend, TerwayCni, formatK8sArgs, parseCniConf,
  type CniConfig, type CniInvocation, type IpType, type NetConf,
} from '@terway-sim/terway-core';

/** Start-of-case values on both backends: no DAD delay, so addresses are usable at once. */
const baseline: ReadonlyArray<readonly [string, string]> = [
  ['net/ipv6/conf/all/accept_dad', '0'],
  ['net/ipv6/conf/default/accept_dad', '0'],
];

export class CaseFailure extends Error {
  override readonly name = 'CaseFailure';
}

export function must<T>(result: KernelResult<T>, what: string): T {
  if (!result.ok) throw new CaseFailure(`${what}: ${result.error.errno} ${result.error.message}`);
  return result.value;
}

export async function freshNamespace(kernel: KernelMachine, ns: string): Promise<void> {
  must(await kernel.netnsAdd(ns), `netnsAdd ${ns}`);
  for (const [path, value] of baseline) await kernel.sysctlSet(ns, path, value);
  must(await kernel.linkSetUp(ns, 'lo'), `lo up in ${ns}`);
}

/** Deletes those of `namespaces` that exist (cases clean up after themselves, also on failure). */
export async function removeNamespaces(
  kernel: KernelMachine, namespaces: readonly string[],
): Promise<void> {
  const listed = await kernel.netnsList();
  for (const ns of listed.ok ? listed.value : []) {
    if (namespaces.includes(ns)) await kernel.netnsDel(ns);
  }
}

export interface NodeSpec {
  readonly ns: string;
  readonly nodeIp: string;
  readonly nodeMac: string;
  readonly eniMac: string;
}

/** A node: eth0 (node IP/24, default via 10.0.0.253) and the ENI eth1, down and unaddressed. */
export async function buildNode(kernel: KernelMachine, node: NodeSpec): Promise<void> {
  await freshNamespace(kernel, node.ns);
  const eth0 = must(
    await kernel.deviceAttach(node.ns, { name: 'eth0', mac: node.nodeMac, segment: 'vsw-node' }),
    'eth0',
  );
  must(await kernel.linkSetUp(node.ns, eth0.index), 'eth0 up');
  must(
    await kernel.addrAdd(node.ns, { linkIndex: eth0.index, cidr: `${node.nodeIp}/24` }),
    'node address',
  );
  must(
    await kernel.routeAdd(node.ns, { dst: 'default', gateway: '10.0.0.253', oif: eth0.index }),
    'node default route',
  );
  must(
    await kernel.deviceAttach(node.ns, { name: 'eth1', mac: node.eniMac, segment: 'vsw-pod' }),
    'ENI eth1',
  );
}

const routerGateways = [
  { name: 'gwnode', mac: '00:16:3e:00:0f:01', cidr: '10.0.0.253/24', segment: 'vsw-node' },
  { name: 'gwpod', mac: '00:16:3e:00:0f:02', cidr: '10.0.1.253/24', segment: 'vsw-pod' },
] as const;

const routerSysctls = [
  ['net/ipv4/ip_forward', '1'], ['net/ipv4/conf/all/rp_filter', '0'],
  ['net/ipv4/conf/all/send_redirects', '0'], ['net/ipv4/conf/gwpod/send_redirects', '0'],
] as const;

/** The vSwitch router: gateways on both segments, forwarding, a static neighbour per pod IP. */
export async function buildVpcRouter(
  kernel: KernelMachine, podOwners: ReadonlyArray<{ ip: string; eniMac: string }>,
): Promise<void> {
  await freshNamespace(kernel, 'vpc');
  for (const { name, mac, cidr, segment } of routerGateways) {
    const link = must(await kernel.deviceAttach('vpc', { name, mac, segment }), name);
    must(await kernel.linkSetUp('vpc', link.index), `${name} up`);
    must(await kernel.addrAdd('vpc', { linkIndex: link.index, cidr }), `${name} address`);
  }
  for (const [path, value] of routerSysctls) must(await kernel.sysctlSet('vpc', path, value), path);
  const gwpod = must(await kernel.linkGet('vpc', 'gwpod'), 'gwpod');
  for (const owner of podOwners) {
    const neigh = { linkIndex: gwpod.index, ip: owner.ip, mac: owner.eniMac };
    must(await kernel.neighReplace('vpc', neigh), `neighbour ${owner.ip}`);
  }
}

export function cniConfigOf(extra: Record<string, unknown>): CniConfig {
  const parsed = parseCniConf(
    JSON.stringify({ cniVersion: '0.4.0', name: 'terway', type: 'terway', ...extra })
  );
  if (!parsed.ok) throw new CaseFailure(
    `bad case config: ${parsed.error.map((issue) => issue.message).join('; ')}`
  );
  return parsed.value;
}

export interface PodSpec {
  readonly name: string;
  readonly ns: string;
  readonly ipType: IpType;
  readonly ipv6?: boolean;
  readonly netConfs: readonly NetConf[];
}

/** Terway's plugin on one node, with its daemon scripted to hand out `pods`. */
export class NodeCni {
  readonly scheduler = new Scheduler();
  readonly backend = new ScriptedTerwayBackend({ scheduler: this.scheduler });
  private readonly cni: TerwayCni;
  private readonly kernel: TrackedKernel;

  constructor(
    kernel: KernelMachine, private readonly node: string, private readonly config: CniConfig,
    options: { seed: string; kernelRelease: string },
  ) {
    this.kernel = trackKernel(kernel);
    this.cni = new TerwayCni({
      scheduler: this.scheduler, kernel: this.kernel.machine, backend: this.backend,
      names: new Rng(options.seed).stream('cni.veth-name'),
      lock: new CniFileLock({ scheduler: this.scheduler }), hostLocal: new HostLocalIpam(),
    }, { hostNs: node, kernelRelease: options.kernelRelease, nodeName: node });
  }

  assign(pod: PodSpec): void {
    this.backend.pods.set(
      `default/${pod.name}`,
      { ipType: pod.ipType, ipv4: true, ipv6: pod.ipv6 ?? false, netConfs: pod.netConfs },
    );
  }

  invocation(pod: PodSpec): CniInvocation {
    const containerId = `${pod.name}`.padEnd(64, '0');
    return {
      containerId, netns: `/var/run/netns/${pod.ns}`, ifName: 'eth0', config: this.config,
      args: formatK8sArgs({
        podName: pod.name, podNamespace: 'default', infraContainerId: containerId,
      }),
    };
  }

  /**
   * Runs one CNI call on virtual time, on either backend: the clock moves only while no kernel
   * call is in flight, straight to the next armed timer (an RPC's latency, a retry's back-off).
   * A real kernel's calls take wall time but no virtual time, as the model's do, so the CNI's
   * own timing ("Alloc IP … took 0s") is the same on both backends and only what the kernel did
   * can differ.
   */
  call<T>(work: (cni: TerwayCni) => Promise<T>): Promise<T> {
    return runOnVirtualTime(this.scheduler, this.kernel, work(this.cni));
  }

  get node0(): string {
    return this.node;
  }
}

/** A kernel whose calls are counted while they run, so a driver can tell I/O from waiting. */
export interface TrackedKernel {
  readonly machine: KernelMachine;
  /** Calls started and not yet settled. */
  inFlight(): number;
  /** Resolves when every call started so far has settled (later calls are not waited for). */
  idle(): Promise<void>;
}

/**
 * Wraps every promise-returning method of `kernel` to count it in flight. Other members (the
 * capabilities, the real backend's names) pass through unchanged.
 */
export function trackKernel(kernel: KernelMachine): TrackedKernel {
  let running = 0;
  let settledAll: Promise<void> = Promise.resolve();
  const wrap = (method: (...args: unknown[]) => unknown) => (...args: unknown[]): unknown => {
    const returned = method.apply(kernel, args);
    if (!(returned instanceof Promise)) return returned;
    running++;
    const done = returned.finally(() => { running--; });
    settledAll = Promise.allSettled([settledAll, done]).then(() => undefined);
    return done;
  };
  const machine = new Proxy(kernel, {
    get(target, property, receiver): unknown {
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? wrap(value as (...args: unknown[]) => unknown) : value;
    },
  });
  return { machine, inFlight: () => running, idle: () => settledAll };
}

/** Virtual-time steps (timer instants and kernel waves) one CNI call may take (style C3). */
const virtualStepsMax = 100_000;

/**
 * Settles `work`, firing the scheduler's timers only while the kernel is quiet: the deterministic
 * counterpart of following the wall clock. `scheduler.run` up to the current instant is how the
 * loop yields a macrotask, so the promise chains a finished kernel call woke settle (and may
 * start the next call) before the clock is allowed to move. A call that waits with no timer armed
 * and no kernel call in flight can never finish, which fails the case.
 */
export async function runOnVirtualTime<T>(
  scheduler: Scheduler, kernel: TrackedKernel, work: Promise<T>,
): Promise<T> {
  let settled = false;
  const watched = work.finally(() => { settled = true; });
  watched.catch(() => undefined);
  for (let steps = 0; steps < virtualStepsMax; steps++) {
    await kernel.idle();
    await scheduler.run({ untilMs: scheduler.nowMs() });
    if (kernel.inFlight() > 0) continue;
    if (settled) return watched;
    const next = scheduler.nextDueMs();
    if (next === undefined) {
      throw new CaseFailure(
        'the CNI call waits on nothing: no timer armed, no kernel call running');
    }
    await scheduler.run({ untilMs: next });
  }
  throw new CaseFailure(`the CNI call took more than ${virtualStepsMax} virtual-time steps`);
}
