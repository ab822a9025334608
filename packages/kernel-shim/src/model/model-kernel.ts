// The in-memory kernel: every `Kernel` call applied to the namespaces of one model world, answered
// at once (a resolved promise) with the result Linux would give. Deterministic: random MACs come
// from the named stream `kernel.mac`. One instance can hold many nodes' namespaces; the fabric
// and `trace` connect them.
//
// When to use: scenarios and tests that run CNI calls in bulk. Gotchas: results are copies; the
// model never sleeps (no virtual time passes inside a call); DAD is instant.

import { assert, ok, Rng, type RandomStream } from '@terway-sim/sim-base';
import type { Addr, AddrSpec, IpFamily } from '../netlink/address.js';
import { kernelError, type KernelResult } from '../netlink/errors.js';
import type {
  KernelCapabilities, KernelMachine, LinkQueueFacts, NamespaceSnapshot, Unit,
} from '../netlink/kernel.js';
import {
  linkKinds,
  type DeviceSpec,
  type Link,
  type LinkRef,
  type LinkSpec,
} from '../netlink/link.js';
import type { Neigh, NeighSpec } from '../netlink/neighbour.js';
import { isValidNetnsName, type NetnsName } from '../netlink/netns.js';
import type { Route, RouteFilter, RouteSpec } from '../netlink/route.js';
import type { Rule, RuleFilter, RuleSpec } from '../netlink/rule.js';
import type {
  DefaultQdiscKind, Filter, FilterDelSpec, FilterSpec, Qdisc, QdiscSpec,
} from '../netlink/tc.js';
import { renderView, type Iproute2View } from '../render/views.js';
import {
  nextCheckpoint, restoreNamespaces, type KernelCheckpoint, type NamespaceCheckpoint,
} from './checkpoint.js';
import { PersistentVector } from './pvec.js';
import { linkWatch } from './carrier.js';
import { addrInsert, addrRemove, toAddr } from './addresses.js';
import {
  linkCreate, linkDestroy, linkDown, linkMac, linkMaster, linkMove, linkMtu, linkRename, linkUp,
  placeInNamespace, toLink, validName, validUnicastMac, type LinkContext,
} from './links.js';
import { neighRemove, neighWrite, toNeigh } from './neighbours.js';
import { routeInsert, routeRemove, routeSelect, toRoute } from './routes.js';
import { ruleInsert, ruleRemove } from './rules.js';
import {
  linkByName, linksOf, renameLink, touch, type KernelShared, type LinkState, type MachineTuning,
  type NsState,
} from './state.js';
import { sysctlDump, sysctlRead, sysctlWrite } from './sysctls.js';
import { filterRemove, filterWrite, qdiscDumpOrder, qdiscRemove, qdiscWrite } from './tc.js';
import { assertNamespaceRoom, newNamespace, randomMac, registerLink } from './world.js';

export interface ModelKernelDeps {
  /** The run's random streams; the model draws MACs from `kernel.mac`. Default: seed 0. */
  readonly rng?: Rng;
}

export interface ModelKernelOptions {
  /**
   * Kernels before 6.2 refuse to rename a link that is up (EBUSY). Default true (Terway's 5.10
   * targets).
   */
  readonly renameRequiresDown?: boolean;
  /**
   * Transmit queues of an ENI device when `deviceAttach` names none (one mq class each). Default
   * 2, a small ECS instance's virtio-net queue pairs.
   */
  readonly deviceTxQueues?: number;
  /** A veth's numtxqueues, which Linux sets to the machine's possible CPUs. Default 2. */
  readonly vethTxQueues?: number;
  /**
   * ENIs get `noqueue` as their default root, as the real backend's veth stand-ins do (for
   * comparisons with it). Default false: an ENI is a NIC that queues.
   */
  readonly deviceNoQueue?: boolean;
  /** `net.core.default_qdisc`. Default pfifo_fast, the kernel's own default. */
  readonly defaultQdisc?: DefaultQdiscKind;
}

const fail = <T>(result: KernelResult<T>): Promise<KernelResult<T>> => Promise.resolve(result);

/** What a model with `queues` can do: everything, moving no packets. */
export function modelCapabilities(queues: LinkQueueFacts = defaultQueues): KernelCapabilities {
  return {
    backend: 'model', linkKinds,
    qdiscKinds: [
      'clsact', 'ingress', 'mq', 'fq', 'prio', 'tbf', 'noqueue', 'pfifo_fast', 'fq_codel',
    ],
    tcActions: ['vlan', 'mirred', 'tunnel_key', 'skbedit'], ipv6: true, traffic: false, queues,
    notes: ['the model moves no packets; `trace` predicts where one would go'],
  };
}

const defaultQueues: LinkQueueFacts = { vethTxQueues: 2, deviceTxQueues: 2, deviceNoQueue: false };

/**
 * Options for a model that answers as the kernel with `capabilities` (of release
 * `kernelRelease`) does: its rename rule and its links' queues. For comparisons with Linux.
 */
export function modelOptionsFor(
  capabilities: KernelCapabilities, kernelRelease: string,
): ModelKernelOptions {
  const [major = 0, minor = 0] = kernelRelease.split(/[.-]/).map(Number);
  return { renameRequiresDown: major < 6 || (major === 6 && minor < 2), ...capabilities.queues };
}

export class ModelKernel implements KernelMachine {
  readonly capabilities: KernelCapabilities;
  /** Live namespaces by name (read by trace and tests; do not mutate). */
  readonly namespaces = new Map<NetnsName, NsState>();
  /** ENI devices by MAC, wherever they are now. */
  readonly devices = new Map<string, LinkState>();
  private readonly macs: RandomStream;
  private readonly linkContext: LinkContext;
  private readonly machine: MachineTuning;
  private readonly shared: KernelShared;
  private linkIds = 0;
  private slots = 0;
  private readonly options: ModelKernelOptions;
  private lastCheckpoint = PersistentVector.empty<NamespaceCheckpoint>();

  constructor(deps: ModelKernelDeps = {}, options: ModelKernelOptions = {}) {
    this.options = Object.freeze({ ...options });
    this.macs = (deps.rng ?? new Rng(0)).stream('kernel.mac');
    const queues: LinkQueueFacts = {
      vethTxQueues: options.vethTxQueues ?? defaultQueues.vethTxQueues,
      deviceTxQueues: options.deviceTxQueues ?? defaultQueues.deviceTxQueues,
      deviceNoQueue: options.deviceNoQueue ?? defaultQueues.deviceNoQueue,
    };
    this.capabilities = modelCapabilities(queues);
    this.machine = Object.freeze({ ...queues, defaultQdisc: options.defaultQdisc ?? 'pfifo_fast' });
    this.shared = { machine: this.machine, linkWatchQueue: [], changed: new Set() };
    this.linkContext = {
      namespace: (name) => this.namespaces.get(name),
      randomMac: () => randomMac(this.macs),
      nextLinkId: () => ++this.linkIds,
      renameRequiresDown: options.renameRequiresDown ?? true,
    };
  }

  // ---- synchronous core (the async methods below wrap these) ----

  private ns(name: NetnsName, op: string): KernelResult<NsState> {
    const ns = this.namespaces.get(name);
    return ns === undefined
      ? kernelError('ENOENT', op, `no network namespace ${JSON.stringify(name)}`)
      : ok(ns);
  }

  private link(name: NetnsName, ref: LinkRef, op: string): KernelResult<LinkState> {
    const ns = this.ns(name, op);
    if (!ns.ok) return ns;
    const link = typeof ref === 'number' ? ns.value.links.get(ref) : linkByName(ns.value, ref);
    return link === undefined
      ? kernelError('ENODEV', op, `${name}: no link ${JSON.stringify(ref)}`)
      : ok(link);
  }

  /** A call that may change the link's namespace (and, through it, others). */
  private withLink<T>(
    name: NetnsName,
    ref: LinkRef,
    op: string,
    act: (link: LinkState) => KernelResult<T>,
  ): Promise<KernelResult<T>> {
    const link = this.link(name, ref, op);
    if (link.ok) touch(link.value.ns);
    return this.answer(link.ok ? act(link.value) : link);
  }

  /** A call that may change the namespace (and, through it, others). */
  private withNs<T>(
    name: NetnsName,
    op: string,
    act: (ns: NsState) => KernelResult<T>,
  ): Promise<KernelResult<T>> {
    const ns = this.ns(name, op);
    if (ns.ok) touch(ns.value);
    return this.answer(ns.ok ? act(ns.value) : ns);
  }

  /** A call that only reads. */
  private readLink<T>(
    name: NetnsName,
    ref: LinkRef,
    op: string,
    read: (link: LinkState) => KernelResult<T>,
  ): Promise<KernelResult<T>> {
    const link = this.link(name, ref, op);
    return fail(link.ok ? read(link.value) : link);
  }

  private readNs<T>(
    name: NetnsName,
    op: string,
    read: (ns: NsState) => KernelResult<T>,
  ): Promise<KernelResult<T>> {
    const ns = this.ns(name, op);
    return fail(ns.ok ? read(ns.value) : ns);
  }

  /** The call is done: the link watcher runs for the links it touched, then the answer goes out. */
  private answer<T>(result: KernelResult<T>): Promise<KernelResult<T>> {
    for (const link of this.shared.linkWatchQueue.splice(0)) if (link.alive) linkWatch(link);
    return fail(result);
  }

  private resolver(ns: NsState): (ref: number | string) => LinkState | undefined {
    return (ref) => (typeof ref === 'number' ? ns.links.get(ref) : linkByName(ns, ref));
  }

  // ---- namespaces ----

  netnsAdd(name: NetnsName): Promise<KernelResult<Unit>> {
    if (!isValidNetnsName(name))
      return fail(
        kernelError('EINVAL', 'netnsAdd', `${JSON.stringify(name)} is not a namespace name`),
      );
    if (this.namespaces.has(name))
      return fail(kernelError('EEXIST', 'netnsAdd', `namespace ${name} exists`));
    assertNamespaceRoom(this.namespaces.size);
    const ns = newNamespace(name, ++this.slots, this.shared, this.linkContext.nextLinkId);
    touch(ns);
    this.namespaces.set(name, ns);
    return fail(ok(undefined));
  }

  netnsDel(name: NetnsName): Promise<KernelResult<Unit>> {
    return this.withNs(name, 'netnsDel', (ns) => {
      for (const link of linksOf(ns)) {
        if (!link.alive || link.ns !== ns) continue;
        const home = link.home;
        if (link.kind === 'device' && home !== undefined && home !== ns && home.alive) {
          if (linkByName(home, link.name) !== undefined) renameLink(link, `dev${link.index}`);
          placeInNamespace(link, home);
        } else {
          linkDestroy(link, (device) => this.devices.delete(device.mac));
        }
      }
      ns.alive = false;
      touch(ns);
      this.namespaces.delete(name);
      return ok(undefined);
    });
  }

  netnsList(): Promise<KernelResult<readonly NetnsName[]>> {
    return fail(ok([...this.namespaces.keys()].sort()));
  }

  netnsExists(name: NetnsName): Promise<KernelResult<boolean>> {
    return fail(ok(this.namespaces.has(name)));
  }

  // ---- links ----

  linkList(ns: NetnsName): Promise<KernelResult<readonly Link[]>> {
    return this.readNs(ns, 'linkList', (state) => ok(linksOf(state).map(toLink)));
  }

  linkGet(ns: NetnsName, link: LinkRef): Promise<KernelResult<Link>> {
    return this.readLink(ns, link, 'linkGet', (state) => ok(toLink(state)));
  }

  linkAdd(ns: NetnsName, spec: LinkSpec): Promise<KernelResult<Link>> {
    return this.withNs(ns, 'linkAdd', (state) =>
      linkCreate(this.linkContext, state, spec, this.resolver(state)),
    );
  }

  linkDel(ns: NetnsName, link: LinkRef): Promise<KernelResult<Unit>> {
    return this.withLink(ns, link, 'linkDel', (state) => {
      if (state.kind === 'loopback' || state.kind === 'device') {
        return kernelError(
          'EOPNOTSUPP',
          'linkDel',
          `${ns}: ${state.name} (${state.kind}) cannot be deleted`,
        );
      }
      linkDestroy(state, (device) => this.devices.delete(device.mac));
      return ok(undefined);
    });
  }

  linkSetUp(ns: NetnsName, link: LinkRef): Promise<KernelResult<Unit>> {
    return this.withLink(ns, link, 'linkSetUp', linkUp);
  }

  linkSetDown(ns: NetnsName, link: LinkRef): Promise<KernelResult<Unit>> {
    return this.withLink(ns, link, 'linkSetDown', linkDown);
  }

  linkSetMtu(ns: NetnsName, link: LinkRef, mtu: number): Promise<KernelResult<Unit>> {
    return this.withLink(ns, link, 'linkSetMtu', (state) => linkMtu(state, mtu));
  }

  linkSetName(ns: NetnsName, link: LinkRef, name: string): Promise<KernelResult<Unit>> {
    return this.withLink(ns, link, 'linkSetName', (state) =>
      linkRename(this.linkContext, state, name),
    );
  }

  linkSetMac(ns: NetnsName, link: LinkRef, mac: string): Promise<KernelResult<Unit>> {
    return this.withLink(ns, link, 'linkSetMac', (state) => linkMac(state, mac.toLowerCase()));
  }

  linkSetNetns(ns: NetnsName, link: LinkRef, target: NetnsName): Promise<KernelResult<Unit>> {
    return this.withLink(ns, link, 'linkSetNetns', (state) => {
      const to = this.ns(target, 'linkSetNetns');
      return to.ok ? linkMove(state, to.value) : to;
    });
  }

  linkSetMaster(
    ns: NetnsName,
    link: LinkRef,
    master: LinkRef | undefined,
  ): Promise<KernelResult<Unit>> {
    return this.withLink(ns, link, 'linkSetMaster', (state) => {
      if (master === undefined) return linkMaster(state, undefined);
      const bridge = this.link(ns, master, 'linkSetMaster');
      return bridge.ok ? linkMaster(state, bridge.value) : bridge;
    });
  }

  linkSetNoarp(ns: NetnsName, link: LinkRef, noarp: boolean): Promise<KernelResult<Unit>> {
    return this.withLink(ns, link, 'linkSetNoarp', (state) => {
      state.noarp = noarp;
      return ok(undefined);
    });
  }

  // ---- addresses ----

  addrList(
    ns: NetnsName,
    filter: { readonly linkIndex?: number; readonly family?: IpFamily } = {},
  ): Promise<KernelResult<readonly Addr[]>> {
    return this.readNs(ns, 'addrList', (state) =>
      ok(
        state.addrs
          .filter(
            (addr) =>
              (filter.linkIndex === undefined || addr.link.index === filter.linkIndex) &&
              (filter.family === undefined || addr.family === filter.family),
          )
          .map(toAddr)
          .sort((a, b) => a.linkIndex - b.linkIndex),
      ),
    );
  }

  addrAdd(ns: NetnsName, spec: AddrSpec): Promise<KernelResult<Unit>> {
    return this.withLink(ns, spec.linkIndex, 'addrAdd', (link) =>
      addrInsert(link.ns, link, spec, false),
    );
  }

  addrReplace(ns: NetnsName, spec: AddrSpec): Promise<KernelResult<Unit>> {
    return this.withLink(ns, spec.linkIndex, 'addrReplace', (link) =>
      addrInsert(link.ns, link, spec, true),
    );
  }

  addrDel(
    ns: NetnsName,
    spec: { readonly linkIndex: number; readonly cidr: string },
  ): Promise<KernelResult<Unit>> {
    return this.withLink(ns, spec.linkIndex, 'addrDel', (link) =>
      addrRemove(link.ns, link, spec.cidr),
    );
  }

  // ---- routes and rules ----

  routeList(ns: NetnsName, filter: RouteFilter = {}): Promise<KernelResult<readonly Route[]>> {
    return this.readNs(ns, 'routeList', (state) =>
      ok(routeSelect(state, filter, (index) => state.links.get(index)).map(toRoute)),
    );
  }

  routeAdd(ns: NetnsName, spec: RouteSpec): Promise<KernelResult<Unit>> {
    return this.withNs(ns, 'routeAdd', (state) =>
      routeInsert(state, spec, false, (index) => state.links.get(index)),
    );
  }

  routeReplace(ns: NetnsName, spec: RouteSpec): Promise<KernelResult<Unit>> {
    return this.withNs(ns, 'routeReplace', (state) =>
      routeInsert(state, spec, true, (index) => state.links.get(index)),
    );
  }

  routeDel(
    ns: NetnsName,
    filter: RouteFilter & { readonly dst: string },
  ): Promise<KernelResult<Unit>> {
    return this.withNs(ns, 'routeDel', (state) =>
      routeRemove(state, filter, (index) => state.links.get(index)),
    );
  }

  ruleList(ns: NetnsName, family: IpFamily = 4): Promise<KernelResult<readonly Rule[]>> {
    return this.readNs(ns, 'ruleList', (state) => ok(state.rules[family].slice()));
  }

  ruleAdd(ns: NetnsName, spec: RuleSpec): Promise<KernelResult<Unit>> {
    return this.withNs(ns, 'ruleAdd', (state) => ruleInsert(state, spec));
  }

  ruleDel(ns: NetnsName, filter: RuleFilter): Promise<KernelResult<Unit>> {
    return this.withNs(ns, 'ruleDel', (state) => ruleRemove(state, filter));
  }

  // ---- neighbours ----

  neighList(
    ns: NetnsName,
    filter: { readonly linkIndex?: number; readonly family?: IpFamily } = {},
  ): Promise<KernelResult<readonly Neigh[]>> {
    return this.readNs(ns, 'neighList', (state) =>
      ok(
        state.neighs
          .filter(
            (neigh) =>
              (filter.linkIndex === undefined || neigh.link.index === filter.linkIndex) &&
              (filter.family === undefined || neigh.family === filter.family),
          )
          .map(toNeigh),
      ),
    );
  }

  neighAdd(ns: NetnsName, spec: NeighSpec): Promise<KernelResult<Unit>> {
    return this.withLink(ns, spec.linkIndex, 'neighAdd', (link) =>
      neighWrite(link.ns, link, spec, false),
    );
  }

  neighReplace(ns: NetnsName, spec: NeighSpec): Promise<KernelResult<Unit>> {
    return this.withLink(ns, spec.linkIndex, 'neighReplace', (link) =>
      neighWrite(link.ns, link, spec, true),
    );
  }

  neighDel(
    ns: NetnsName,
    spec: { readonly linkIndex: number; readonly ip: string },
  ): Promise<KernelResult<Unit>> {
    return this.withLink(ns, spec.linkIndex, 'neighDel', (link) =>
      neighRemove(link.ns, link, spec.ip),
    );
  }

  // ---- tc ----

  qdiscList(ns: NetnsName, linkIndex?: number): Promise<KernelResult<readonly Qdisc[]>> {
    return this.readNs(ns, 'qdiscList', (state) =>
      ok(
        qdiscsInDumpOrder(state).filter(
          (q) => linkIndex === undefined || q.linkIndex === linkIndex,
        ),
      ),
    );
  }

  qdiscAdd(ns: NetnsName, spec: QdiscSpec): Promise<KernelResult<Unit>> {
    return this.withLink(ns, spec.linkIndex, 'qdiscAdd', (link) =>
      qdiscWrite(link.ns, link, spec, false),
    );
  }

  qdiscReplace(ns: NetnsName, spec: QdiscSpec): Promise<KernelResult<Unit>> {
    return this.withLink(ns, spec.linkIndex, 'qdiscReplace', (link) =>
      qdiscWrite(link.ns, link, spec, true),
    );
  }

  qdiscDel(
    ns: NetnsName,
    spec: { readonly linkIndex: number; readonly parent: string },
  ): Promise<KernelResult<Unit>> {
    return this.withLink(ns, spec.linkIndex, 'qdiscDel', (link) =>
      qdiscRemove(link.ns, link, spec.parent),
    );
  }

  filterList(
    ns: NetnsName,
    spec: { readonly linkIndex: number; readonly parent: string },
  ): Promise<KernelResult<readonly Filter[]>> {
    return this.readLink(ns, spec.linkIndex, 'filterList', (link) =>
      ok(link.ns.filters.filter((f) => f.linkIndex === link.index && f.parent === spec.parent)),
    );
  }

  filterAdd(ns: NetnsName, spec: FilterSpec): Promise<KernelResult<Filter>> {
    return this.withLink(ns, spec.linkIndex, 'filterAdd', (link) =>
      filterWrite(link.ns, link, spec),
    );
  }

  filterDel(ns: NetnsName, spec: FilterDelSpec): Promise<KernelResult<Unit>> {
    return this.withLink(ns, spec.linkIndex, 'filterDel', (link) =>
      filterRemove(link.ns, link, spec),
    );
  }

  // ---- sysctls ----

  sysctlGet(ns: NetnsName, path: string): Promise<KernelResult<string>> {
    return this.readNs(ns, 'sysctlGet', (state) => sysctlRead(state, path));
  }

  sysctlSet(ns: NetnsName, path: string, value: string): Promise<KernelResult<Unit>> {
    return this.withNs(ns, 'sysctlSet', (state) => sysctlWrite(state, path, value));
  }

  // ---- the machine ----

  deviceAttach(ns: NetnsName, spec: DeviceSpec): Promise<KernelResult<Link>> {
    return this.withNs(ns, 'deviceAttach', (state) => {
      const mac = spec.mac.toLowerCase();
      if (!validName(spec.name))
        return kernelError(
          'EINVAL',
          'deviceAttach',
          `${ns}: ${JSON.stringify(spec.name)} is not a valid interface name`,
        );
      if (!validUnicastMac(mac))
        return kernelError('EINVAL', 'deviceAttach', `${ns}: ${spec.mac} is not a unicast MAC`);
      if (linkByName(state, spec.name) !== undefined)
        return kernelError('EEXIST', 'deviceAttach', `${ns}: a link named ${spec.name} exists`);
      if (this.devices.has(mac))
        return kernelError('EEXIST', 'deviceAttach', `a device with MAC ${mac} is attached`);
      const queues = spec.txQueues;
      if (queues !== undefined && !(Number.isInteger(queues) && queues >= 1 && queues <= 4096)) {
        return kernelError('EINVAL', 'deviceAttach', `${ns}: txQueues ${queues} is not 1-4096`);
      }
      const link = registerLink(state, this.linkContext.nextLinkId(), {
        name: spec.name,
        kind: 'device',
        mtu: spec.mtu ?? 1500,
        minMtu: 68,
        maxMtu: 65535,
        mac,
        noarp: false,
        ...(spec.txQueues !== undefined ? { txQueues: spec.txQueues } : {}),
      });
      link.home = state;
      link.segment = spec.segment;
      this.devices.set(mac, link);
      return ok(toLink(link));
    });
  }

  deviceDetach(mac: string): Promise<KernelResult<Unit>> {
    const link = this.devices.get(mac.toLowerCase());
    if (link === undefined)
      return fail(kernelError('ENODEV', 'deviceDetach', `no device with MAC ${mac}`));
    linkDestroy(link, (device) => this.devices.delete(device.mac));
    return this.answer(ok(undefined));
  }

  snapshot(ns: NetnsName): Promise<KernelResult<NamespaceSnapshot>> {
    return this.readNs(ns, 'snapshot', (state) => ok(snapshotOf(state)));
  }

  iproute2(
    ns: NetnsName,
    views: readonly Iproute2View[],
  ): Promise<KernelResult<readonly string[]>> {
    return this.readNs(ns, 'iproute2', (state) => {
      const snapshot = snapshotOf(state);
      return ok(views.map((view) => renderView(snapshot, view)));
    });
  }

  // ---- checkpoints ----

  /**
   * An immutable snapshot of every namespace and of the kernel's counters. Namespaces unchanged
   * since the previous checkpoint share its records, so this costs O(changed namespaces).
   *
   * When to use: keep instants of a long run to come back to (`ModelKernel.restore`). Gotcha: the
   * MAC stream is recorded by its draw count, not copied (restore.ts).
   */
  checkpoint(): KernelCheckpoint {
    this.lastCheckpoint = nextCheckpoint(this.lastCheckpoint, this.shared);
    return Object.freeze({
      namespaces: this.lastCheckpoint,
      options: this.options,
      linkIds: this.linkIds,
      slots: this.slots,
      macDraws: this.macs.drawCount,
    });
  }

  /**
   * A model equal to the one `checkpoint` was taken of: the same namespaces, answers and
   * renderings, and, given a fresh `Rng` of the run's seed in `deps`, the same MACs from then on
   * (its `kernel.mac` stream is moved forward to the checkpoint's draw count).
   */
  static restore(checkpoint: KernelCheckpoint, deps: ModelKernelDeps = {}): ModelKernel {
    const kernel = new ModelKernel(deps, checkpoint.options);
    kernel.load(checkpoint);
    return kernel;
  }

  private load(checkpoint: KernelCheckpoint): void {
    const drawn = this.macs.drawCount;
    const wanted = checkpoint.macDraws;
    assert(
      drawn <= wanted,
      () => `the kernel.mac stream has drawn ${drawn} values, past the checkpoint's ${wanted}`,
    );
    while (this.macs.drawCount < checkpoint.macDraws) this.macs.float();
    const restored = restoreNamespaces(checkpoint, this.shared);
    restored.namespaces.forEach((ns, name) => this.namespaces.set(name, ns));
    restored.devices.forEach((link, mac) => this.devices.set(mac, link));
    this.linkIds = checkpoint.linkIds;
    this.slots = checkpoint.slots;
    this.lastCheckpoint = checkpoint.namespaces;
    this.shared.changed.clear();
  }

  close(): Promise<void> {
    this.namespaces.clear();
    this.devices.clear();
    return Promise.resolve();
  }
}

export function snapshotOf(state: NsState): NamespaceSnapshot {
  const links = linksOf(state);
  const routes = [...state.tables.keys()]
    .sort((a, b) => a - b)
    .flatMap((table) => state.tables.get(table)!.map(toRoute));
  return {
    namespace: state.name, links: links.map(toLink),
    addrs: links.flatMap((link) => state.addrs.filter((addr) => addr.link === link).map(toAddr)),
    routes, rules: [...state.rules[4], ...state.rules[6]], neighs: state.neighs.map(toNeigh),
    sysctls: sysctlDump(state), qdiscs: qdiscsInDumpOrder(state), filters: state.filters.slice(),
  };
}

/**
 * Every qdisc of the namespace as tc_dump_qdisc lists them: by link in the namespace's device
 * list (the order links joined it, not ifindex), each link's in dump order.
 */
function qdiscsInDumpOrder(state: NsState): Qdisc[] {
  return [...state.links.values()].flatMap((link) => (
    qdiscDumpOrder(state.qdiscs.filter((q) => q.linkIndex === link.index))));
}
