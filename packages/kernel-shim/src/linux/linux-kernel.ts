// The real backend: the `Kernel` port over iproute2 (`ip -j`, `ip -n`) and tc, in network
// namespaces it creates under a per-run prefix. A fabric namespace holds one bridge per VPC
// segment; each ENI is a veth whose far end sits on its segment's bridge, and this backend shows
// that veth to callers as kind `device` (Terway looks ENIs up among physical links only).
//
// Why one long file: it is one class implementing the whole port, and almost every method is a
// few lines translating one call into one iproute2/tc command; splitting it would scatter the
// shared helpers (name mapping, errno translation, link resolution) across files.
//
// Safety: every command names a namespace of this run (`ip -n <prefix>…`, `ip netns exec
// <prefix>…`); nothing touches the host namespace. `close()` removes them all, also after a
// failure; `cleanupLeftovers` removes a crashed run's by prefix.

import { existsSync, readdirSync } from 'node:fs';
import { ok } from '@terway-sim/sim-base';
import type { FabricVSwitch } from '../fabric/fabric-view.js';
import type { Addr, AddrSpec, IpFamily } from '../netlink/address.js';
import { kernelError, type Errno, type KernelResult } from '../netlink/errors.js';
import type {
  KernelCapabilities,
  KernelMachine,
  NamespaceSnapshot,
  Unit,
} from '../netlink/kernel.js';
import type { DeviceSpec, Link, LinkRef, LinkSpec } from '../netlink/link.js';
import type { Neigh, NeighSpec } from '../netlink/neighbour.js';
import { isValidNetnsName, netnsRunDir, type NetnsName } from '../netlink/netns.js';
import type { Route, RouteFilter, RouteSpec } from '../netlink/route.js';
import type { Rule, RuleFilter, RuleSpec } from '../netlink/rule.js';
import type { Filter, FilterDelSpec, FilterSpec, Qdisc, QdiscSpec } from '../netlink/tc.js';
import { normalizeSysctlPath } from '../netlink/sysctl.js';
import { classifyFailure, errnoOfStrerror } from './errno.js';
import type { CommandResult, Runner } from './exec.js';
import { HelperShell, shellWord } from './shell.js';
import { probeUdpReal, type UdpProbe, type UdpProbeResult } from './udp-probe.js';
import {
  qdiscKindArgs, routeDelArgs, routeWriteArgs, ruleAddArgs, ruleDelArgs, tcActionArgs, tcParentArgs,
  tcProtocolArg, u32MatchArgs,
} from './ip-args.js';
import { namespaceNames, newRunPrefix, type NamespaceNames } from './names.js';
import { jsonValues, observeNamespace, runViews, type ObserveContext } from './observe.js';
import {
  parseAddrs,
  parseLinks,
  parseNeighs,
  parseNsids,
  parseRoutes,
  parseRules,
} from './parse-ip.js';
import { parseFilters, parseQdiscs } from './parse-tc.js';
import type { Iproute2View } from '../render/views.js';

export interface LinuxKernelOptions {
  /** Namespace name prefix for this run; default `tsim<pid>r<n>-`. */
  readonly prefix?: string;
  readonly capabilities: KernelCapabilities;
  /** Runs helpers; replaced in tests. Default: one long-lived helper shell (shell.ts). */
  readonly run?: Runner;
}

export interface FabricProgram {
  readonly vSwitches: readonly FabricVSwitch[];
  /** Who holds which IP: the ENI's MAC and the segment (vSwitch) its device is cabled to. */
  readonly owners: ReadonlyArray<{
    readonly ip: string;
    readonly mac: string;
    readonly segment: string;
  }>;
  /** The VPC route table's custom entries: a CIDR routed to an instance's primary IP. */
  readonly routeEntries?: ReadonlyArray<{ readonly cidr: string; readonly via: string }>;
}

interface StandIn {
  readonly home: NetnsName;
  readonly mac: string;
}

type Raw = Record<string, unknown>;

/** A listing, and the mutation count it was read at (it is good while the count stands). */
interface CachedListing {
  readonly at: number;
  readonly listing: Promise<KernelResult<Listing>>;
}

/** One namespace's links as `ip -j -d link show` lists them, with its netnsid table. */
interface Listing {
  readonly raw: Raw[];
  readonly nsids: Map<number, string>;
}

const readWords: ReadonlySet<string> = new Set(['show', 'list', 'list-id', 'get', '-batch']);

/** Helpers that only read (listings, the observe scripts, waits); others may change state. */
function isRead(argv: readonly string[]): boolean {
  if (argv[0] === 'sh' || argv[0] === 'sleep' || argv[0] === 'timeout') return true;
  if (argv[0] === 'nsenter') return argv.includes('cat') || argv.includes('grep');
  return argv.some((word) => readWords.has(word));
}

export class LinuxKernel implements KernelMachine {
  readonly capabilities: KernelCapabilities;
  readonly names: NamespaceNames;
  private readonly run: Runner;
  private readonly shell: HelperShell | undefined;
  /** A helper shell inside each namespace that was read or whose sysctls were set. */
  private readonly nsShells = new Map<NetnsName, HelperShell>();
  /** Helpers run that may have changed something: a cached listing is good while this stands. */
  private mutations = 0;
  private readonly listings = new Map<NetnsName, CachedListing>();
  /** The last snapshot of each namespace, good while `mutations` stands (as a listing). */
  private readonly snapshots = new Map<NetnsName, { at: number; snapshot: NamespaceSnapshot }>();
  private readonly standIns = new Map<string, StandIn>();
  private readonly segments = new Map<string, string>();
  private fabricReady = false;
  private standInCount = 0;

  constructor(options: LinuxKernelOptions) {
    this.capabilities = options.capabilities;
    this.names = namespaceNames(options.prefix ?? newRunPrefix());
    this.shell = options.run === undefined ? new HelperShell() : undefined;
    const run = options.run ?? this.shell!.run;
    this.run = (argv, runOptions) => {
      if (!isRead(argv)) this.mutations++;
      return run(argv, runOptions);
    };
  }

  // ---- helpers ----

  private real(ns: NetnsName): string {
    return ns === this.names.fabric ? `${this.names.prefix}_fabric` : this.names.real(ns);
  }

  private logical(real: string): string {
    return real === `${this.names.prefix}_fabric` ? this.names.fabric : this.names.logical(real);
  }

  private ip(ns: NetnsName, args: readonly string[]): Promise<CommandResult> {
    return this.run(['ip', '-n', this.real(ns), ...args]);
  }

  private async ipJson(
    ns: NetnsName,
    args: readonly string[],
    op: string,
  ): Promise<KernelResult<unknown>> {
    const result = await this.run(['ip', '-n', this.real(ns), '-j', ...args]);
    if (result.code !== 0) return this.failure(result, op, ns);
    try {
      return ok(result.stdout.trim() === '' ? [] : JSON.parse(result.stdout));
    } catch {
      return kernelError('EIO', op, `${ns}: unreadable output of ip ${args.join(' ')}`);
    }
  }

  private failure(result: CommandResult, op: string, ns: NetnsName): KernelResult<never> {
    const classified = classifyFailure(result.stderr);
    const errno = classified.errno === 'gateway' ? 'EINVAL' : classified.errno;
    return kernelError(errno, op, `${ns}: ${classified.message}`);
  }

  private async act(
    ns: NetnsName,
    args: readonly string[],
    op: string,
    tool: 'ip' | 'tc' = 'ip',
  ): Promise<KernelResult<Unit>> {
    const result = await this.run([tool, '-n', this.real(ns), ...args]);
    return result.code === 0 ? ok(undefined) : this.failure(result, op, ns);
  }

  /**
   * The namespace's links and netnsids, from one `ip -batch` run, kept until a helper that may
   * change state runs (each call resolves link names and indexes, often several times).
   */
  private listing(ns: NetnsName, op: string): Promise<KernelResult<Listing>> {
    const cached = this.listings.get(ns);
    if (cached !== undefined && cached.at === this.mutations) return cached.listing;
    const listing = this.readListing(ns, op);
    this.listings.set(ns, { at: this.mutations, listing });
    return listing;
  }

  private async readListing(ns: NetnsName, op: string): Promise<KernelResult<Listing>> {
    const argv = ['ip', '-n', this.real(ns), '-j', '-d', '-batch', '-'];
    const result = await this.run(argv, { input: 'link show\nnetns list-id\n' });
    if (result.code !== 0) return this.failure(result, op, ns);
    try {
      const [raw = [], nsids = []] = jsonValues(result.stdout);
      return ok({ raw: raw as Raw[], nsids: parseNsids(nsids, (real) => this.logical(real)) });
    } catch {
      return kernelError('EIO', op, `${ns}: unreadable link listing`);
    }
  }

  private async rawLinks(ns: NetnsName, op: string): Promise<KernelResult<Raw[]>> {
    const listing = await this.listing(ns, op);
    return listing.ok ? ok(listing.value.raw) : listing;
  }

  private async resolve(ns: NetnsName, ref: LinkRef, op: string): Promise<KernelResult<Raw>> {
    const links = await this.rawLinks(ns, op);
    if (!links.ok) return links;
    const found = links.value.find((entry) =>
      typeof ref === 'number' ? entry.ifindex === ref : entry.ifname === ref,
    );
    return found === undefined
      ? kernelError('ENODEV', op, `${ns}: no link ${JSON.stringify(ref)}`)
      : ok(found);
  }

  private async nameOf(ns: NetnsName, ref: LinkRef, op: string): Promise<KernelResult<string>> {
    if (typeof ref === 'string') return ok(ref);
    const found = await this.resolve(ns, ref, op);
    return found.ok ? ok(String(found.value.ifname)) : found;
  }

  private async links(ns: NetnsName, op: string): Promise<KernelResult<Link[]>> {
    const listing = await this.listing(ns, op);
    if (!listing.ok) return listing;
    const { raw, nsids } = listing.value;
    return ok(parseLinks(raw, { namespace: ns, nsids, fabric: this.names.fabric }));
  }

  private async indexByName(ns: NetnsName, op: string): Promise<KernelResult<Map<string, number>>> {
    const raw = await this.rawLinks(ns, op);
    return raw.ok
      ? ok(new Map(raw.value.map((entry) => [String(entry.ifname), Number(entry.ifindex)])))
      : raw;
  }

  // ---- namespaces ----

  async netnsAdd(name: NetnsName): Promise<KernelResult<Unit>> {
    if (!isValidNetnsName(name))
      return kernelError('EINVAL', 'netnsAdd', `${JSON.stringify(name)} is not a namespace name`);
    const result = await this.run(['ip', 'netns', 'add', this.real(name)]);
    return result.code === 0 ? ok(undefined) : this.failure(result, 'netnsAdd', name);
  }

  async netnsDel(name: NetnsName): Promise<KernelResult<Unit>> {
    const links = await this.links(name, 'netnsDel');
    if (!links.ok) return links;
    const wires = await this.wireIndexes();
    for (const link of links.value) {
      if (link.kind === 'device') await this.sendDeviceHome(name, link, wires);
      else if (link.kind === 'veth') await this.ip(name, ['link', 'del', 'dev', link.name]);
    }
    await this.leaveNamespace(name);
    const result = await this.run(['ip', 'netns', 'del', this.real(name)]);
    return result.code === 0 ? ok(undefined) : this.failure(result, 'netnsDel', name);
  }

  /** Fabric-side wire names by the ifindex of the stand-in they connect to, per namespace. */
  private async wireIndexes(): Promise<Map<string, string>> {
    const wires = new Map<string, string>();
    if (!this.fabricReady) return wires;
    const fabricLinks = await this.links(this.names.fabric, 'netnsDel');
    for (const link of fabricLinks.ok ? fabricLinks.value : []) {
      if (link.kind === 'veth' && link.peer !== undefined)
        wires.set(`${link.peer.namespace}/${link.peer.index}`, link.name);
    }
    return wires;
  }

  /** A physical device outlives its namespace: it returns to where it was attached. */
  private async sendDeviceHome(
    ns: NetnsName,
    link: Link,
    wires: ReadonlyMap<string, string>,
  ): Promise<void> {
    const wire = wires.get(`${ns}/${link.index}`);
    const home = wire === undefined ? undefined : this.standIns.get(wire)?.home;
    if (home === undefined || home === ns) return;
    const there = await this.rawLinks(home, 'netnsDel');
    if (!there.ok) return;
    let name = link.name;
    if (there.value.some((entry) => entry.ifname === link.name)) {
      name = `dev${link.index}`;
      await this.ip(ns, ['link', 'set', 'dev', link.name, 'name', name]);
    }
    await this.ip(ns, ['link', 'set', 'dev', name, 'netns', this.real(home)]);
  }

  /** The run's namespaces, from /var/run/netns (where `ip netns add` names them). */
  netnsList(): Promise<KernelResult<readonly NetnsName[]>> {
    const listed = existsSync(netnsRunDir) ? readdirSync(netnsRunDir) : [];
    const fabric = this.real(this.names.fabric);
    const ours = listed.filter((name) => name.startsWith(this.names.prefix) && name !== fabric);
    return Promise.resolve(ok(ours.map((name) => this.names.logical(name)).sort()));
  }

  async netnsExists(name: NetnsName): Promise<KernelResult<boolean>> {
    if (!isValidNetnsName(name)) return ok(false);
    return ok(existsSync(`/var/run/netns/${this.real(name)}`));
  }

  // ---- links ----

  linkList(ns: NetnsName): Promise<KernelResult<readonly Link[]>> {
    return this.links(ns, 'linkList');
  }

  async linkGet(ns: NetnsName, ref: LinkRef): Promise<KernelResult<Link>> {
    const links = await this.links(ns, 'linkGet');
    if (!links.ok) return links;
    const found = links.value.find((link) =>
      typeof ref === 'number' ? link.index === ref : link.name === ref,
    );
    return found === undefined
      ? kernelError('ENODEV', 'linkGet', `${ns}: no link ${JSON.stringify(ref)}`)
      : ok(found);
  }

  async linkAdd(ns: NetnsName, spec: LinkSpec): Promise<KernelResult<Link>> {
    if (!this.capabilities.linkKinds.includes(spec.kind)) {
      return kernelError('EOPNOTSUPP', 'linkAdd', `${ns}: this kernel has no ${spec.kind} links`);
    }
    const args = ['link', 'add'];
    if (spec.kind === 'ipvlan' || spec.kind === 'vlan') {
      const parent = await this.nameOf(ns, spec.parent, 'linkAdd');
      if (!parent.ok) return parent;
      args.push('link', parent.value);
    }
    args.push('name', spec.name);
    if (spec.mtu !== undefined) args.push('mtu', String(spec.mtu));
    if (spec.mac !== undefined) args.push('address', spec.mac);
    if (spec.namespace !== undefined) args.push('netns', this.real(spec.namespace));
    args.push('type', spec.kind);
    if (spec.kind === 'veth') {
      args.push('peer', 'name', spec.peer.name, 'mtu', String(spec.peer.mtu ?? spec.mtu ?? 1500));
      if (spec.peer.mac !== undefined) args.push('address', spec.peer.mac);
      if (spec.peer.namespace !== undefined) args.push('netns', this.real(spec.peer.namespace));
    }
    if (spec.kind === 'ipvlan') args.push('mode', spec.mode);
    if (spec.kind === 'vlan') args.push('id', String(spec.vlanId));
    const done = await this.act(ns, args, 'linkAdd');
    if (!done.ok) return done;
    return this.linkGet(spec.namespace ?? ns, spec.name);
  }

  private async setLink(
    ns: NetnsName,
    ref: LinkRef,
    args: readonly string[],
    op: string,
  ): Promise<KernelResult<Unit>> {
    const name = await this.nameOf(ns, ref, op);
    if (!name.ok) return name;
    return this.act(ns, ['link', 'set', 'dev', name.value, ...args], op);
  }

  async linkDel(ns: NetnsName, ref: LinkRef): Promise<KernelResult<Unit>> {
    const link = await this.linkGet(ns, ref);
    if (!link.ok) return link;
    if (link.value.kind === 'device' || link.value.kind === 'loopback') {
      return kernelError(
        'EOPNOTSUPP',
        'linkDel',
        `${ns}: ${link.value.name} (${link.value.kind}) cannot be deleted`,
      );
    }
    return this.act(ns, ['link', 'del', 'dev', link.value.name], 'linkDel');
  }

  linkSetUp(ns: NetnsName, ref: LinkRef): Promise<KernelResult<Unit>> {
    return this.setLink(ns, ref, ['up'], 'linkSetUp');
  }

  linkSetDown(ns: NetnsName, ref: LinkRef): Promise<KernelResult<Unit>> {
    return this.setLink(ns, ref, ['down'], 'linkSetDown');
  }

  linkSetMtu(ns: NetnsName, ref: LinkRef, mtu: number): Promise<KernelResult<Unit>> {
    return this.setLink(ns, ref, ['mtu', String(mtu)], 'linkSetMtu');
  }

  linkSetName(ns: NetnsName, ref: LinkRef, name: string): Promise<KernelResult<Unit>> {
    return this.setLink(ns, ref, ['name', name], 'linkSetName');
  }

  linkSetMac(ns: NetnsName, ref: LinkRef, mac: string): Promise<KernelResult<Unit>> {
    return this.setLink(ns, ref, ['address', mac], 'linkSetMac');
  }

  async linkSetNetns(ns: NetnsName, ref: LinkRef, target: NetnsName): Promise<KernelResult<Unit>> {
    const exists = await this.rawLinks(target, 'linkSetNetns');
    if (!exists.ok) return exists;
    return this.setLink(ns, ref, ['netns', this.real(target)], 'linkSetNetns');
  }

  async linkSetMaster(
    ns: NetnsName,
    ref: LinkRef,
    master: LinkRef | undefined,
  ): Promise<KernelResult<Unit>> {
    if (master === undefined) return this.setLink(ns, ref, ['nomaster'], 'linkSetMaster');
    const masterName = await this.nameOf(ns, master, 'linkSetMaster');
    if (!masterName.ok) return masterName;
    return this.setLink(ns, ref, ['master', masterName.value], 'linkSetMaster');
  }

  linkSetNoarp(ns: NetnsName, ref: LinkRef, noarp: boolean): Promise<KernelResult<Unit>> {
    return this.setLink(ns, ref, ['arp', noarp ? 'off' : 'on'], 'linkSetNoarp');
  }

  // ---- addresses ----

  async addrList(
    ns: NetnsName,
    filter: { readonly linkIndex?: number; readonly family?: IpFamily } = {},
  ): Promise<KernelResult<readonly Addr[]>> {
    const json = await this.ipJson(ns, ['addr', 'show'], 'addrList');
    if (!json.ok) return json;
    return ok(
      parseAddrs(json.value).filter(
        (addr) =>
          (filter.linkIndex === undefined || addr.linkIndex === filter.linkIndex) &&
          (filter.family === undefined || addr.family === filter.family),
      ),
    );
  }

  private async addrWrite(
    ns: NetnsName,
    spec: AddrSpec,
    verb: 'add' | 'replace',
  ): Promise<KernelResult<Unit>> {
    const op = verb === 'add' ? 'addrAdd' : 'addrReplace';
    const name = await this.nameOf(ns, spec.linkIndex, op);
    if (!name.ok) return name;
    const args = ['addr', verb, spec.cidr, 'dev', name.value];
    if (spec.scope !== undefined)
      args.push(
        'scope',
        String({ universe: 0, site: 200, link: 253, host: 254, nowhere: 255 }[spec.scope]),
      );
    if (spec.broadcast !== undefined) args.push('broadcast', spec.broadcast);
    if (spec.nodad === true) args.push('nodad');
    if (spec.noprefixroute === true) args.push('noprefixroute');
    return this.act(ns, args, op);
  }

  addrAdd(ns: NetnsName, spec: AddrSpec): Promise<KernelResult<Unit>> {
    return this.addrWrite(ns, spec, 'add');
  }

  addrReplace(ns: NetnsName, spec: AddrSpec): Promise<KernelResult<Unit>> {
    return this.addrWrite(ns, spec, 'replace');
  }

  async addrDel(
    ns: NetnsName,
    spec: { readonly linkIndex: number; readonly cidr: string },
  ): Promise<KernelResult<Unit>> {
    const name = await this.nameOf(ns, spec.linkIndex, 'addrDel');
    if (!name.ok) return name;
    return this.act(ns, ['addr', 'del', spec.cidr, 'dev', name.value], 'addrDel');
  }

  // ---- routes and rules ----

  async routeList(
    ns: NetnsName,
    filter: RouteFilter = {},
  ): Promise<KernelResult<readonly Route[]>> {
    const names = await this.indexByName(ns, 'routeList');
    if (!names.ok) return names;
    const routes: Route[] = [];
    for (const family of [4, 6] as const) {
      if (filter.family !== undefined && filter.family !== family) continue;
      const json = await this.ipJson(
        ns,
        [`-${family}`, 'route', 'show', 'table', 'all'],
        'routeList',
      );
      if (!json.ok) return json;
      routes.push(...parseRoutes(json.value, family, names.value));
    }
    const table = filter.table ?? 254;
    return ok(
      routes
        .filter((route) => table === 'all' || route.table === table)
        .filter((route) => routeMatches(route, filter)),
    );
  }

  private async routeWrite(
    ns: NetnsName,
    spec: RouteSpec,
    verb: 'add' | 'replace',
  ): Promise<KernelResult<Unit>> {
    const op = verb === 'add' ? 'routeAdd' : 'routeReplace';
    let oif: string | undefined;
    if (spec.oif !== undefined) {
      const name = await this.nameOf(ns, spec.oif, op);
      if (!name.ok) return name;
      oif = name.value;
    }
    const result = await this.ip(ns, routeWriteArgs(verb, spec, oif === undefined ? {} : { oif }));
    if (result.code === 0) return ok(undefined);
    const classified = classifyFailure(result.stderr);
    if (classified.errno !== 'gateway')
      return kernelError(classified.errno, op, `${ns}: ${classified.message}`);
    return kernelError(
      await this.gatewayErrno(ns, spec),
      op,
      `${ns}: ${classified.message} (${spec.gateway})`,
    );
  }

  /**
   * "Nexthop has invalid gateway" hides which errno the kernel gave: EINVAL when the gateway is a
   * broadcast/multicast address or a blackhole rule catches it, EACCES for a prohibit rule,
   * ENETUNREACH otherwise (no route of at least link scope). A route lookup tells them apart.
   */
  private async gatewayErrno(ns: NetnsName, spec: RouteSpec): Promise<Errno> {
    const gateway = spec.gateway ?? '';
    if (gateway.includes(':')) return 'EHOSTUNREACH';
    if (spec.onlink === true) return 'EINVAL';
    const probe = await this.run(['ip', '-n', this.real(ns), '-j', '-4', 'route', 'get', gateway]);
    if (probe.code !== 0) {
      const errno = errnoOfStrerror(probe.stderr);
      return errno === 'EINVAL' || errno === 'EACCES' ? errno : 'ENETUNREACH';
    }
    const type = /"type":"(\w+)"/.exec(probe.stdout)?.[1];
    return type === 'broadcast' || type === 'multicast' || type === 'anycast'
      ? 'EINVAL'
      : 'ENETUNREACH';
  }

  routeAdd(ns: NetnsName, spec: RouteSpec): Promise<KernelResult<Unit>> {
    return this.routeWrite(ns, spec, 'add');
  }

  routeReplace(ns: NetnsName, spec: RouteSpec): Promise<KernelResult<Unit>> {
    return this.routeWrite(ns, spec, 'replace');
  }

  async routeDel(
    ns: NetnsName,
    filter: RouteFilter & { readonly dst: string },
  ): Promise<KernelResult<Unit>> {
    let oif: string | undefined;
    if (filter.oif !== undefined) {
      const name = await this.nameOf(ns, filter.oif, 'routeDel');
      if (!name.ok) return name;
      oif = name.value;
    }
    return this.act(ns, routeDelArgs(filter, oif === undefined ? {} : { oif }), 'routeDel');
  }

  async ruleList(ns: NetnsName, family: IpFamily = 4): Promise<KernelResult<readonly Rule[]>> {
    const json = await this.ipJson(ns, [`-${family}`, 'rule', 'show'], 'ruleList');
    return json.ok ? ok(parseRules(json.value, family)) : json;
  }

  ruleAdd(ns: NetnsName, spec: RuleSpec): Promise<KernelResult<Unit>> {
    return this.act(ns, ruleAddArgs(spec), 'ruleAdd');
  }

  ruleDel(ns: NetnsName, filter: RuleFilter): Promise<KernelResult<Unit>> {
    return this.act(ns, ruleDelArgs(filter), 'ruleDel');
  }

  // ---- neighbours ----

  async neighList(
    ns: NetnsName,
    filter: { readonly linkIndex?: number; readonly family?: IpFamily } = {},
  ): Promise<KernelResult<readonly Neigh[]>> {
    const names = await this.indexByName(ns, 'neighList');
    if (!names.ok) return names;
    const json = await this.ipJson(ns, ['neigh', 'show', 'nud', 'all'], 'neighList');
    if (!json.ok) return json;
    return ok(
      parseNeighs(json.value, names.value).filter(
        (neigh) =>
          (filter.linkIndex === undefined || neigh.linkIndex === filter.linkIndex) &&
          (filter.family === undefined || neigh.family === filter.family),
      ),
    );
  }

  private async neighWrite(
    ns: NetnsName,
    spec: NeighSpec,
    verb: 'add' | 'replace',
  ): Promise<KernelResult<Unit>> {
    const op = verb === 'add' ? 'neighAdd' : 'neighReplace';
    const name = await this.nameOf(ns, spec.linkIndex, op);
    if (!name.ok) return name;
    return this.act(
      ns,
      [
        'neigh',
        verb,
        spec.ip,
        'lladdr',
        spec.mac,
        'dev',
        name.value,
        'nud',
        spec.state ?? 'permanent',
      ],
      op,
    );
  }

  neighAdd(ns: NetnsName, spec: NeighSpec): Promise<KernelResult<Unit>> {
    return this.neighWrite(ns, spec, 'add');
  }

  neighReplace(ns: NetnsName, spec: NeighSpec): Promise<KernelResult<Unit>> {
    return this.neighWrite(ns, spec, 'replace');
  }

  async neighDel(
    ns: NetnsName,
    spec: { readonly linkIndex: number; readonly ip: string },
  ): Promise<KernelResult<Unit>> {
    const name = await this.nameOf(ns, spec.linkIndex, 'neighDel');
    if (!name.ok) return name;
    return this.act(ns, ['neigh', 'del', spec.ip, 'dev', name.value], 'neighDel');
  }

  // ---- tc ----

  async qdiscList(ns: NetnsName, linkIndex?: number): Promise<KernelResult<readonly Qdisc[]>> {
    const names = await this.indexByName(ns, 'qdiscList');
    if (!names.ok) return names;
    const result = await this.run(['tc', '-n', this.real(ns), '-j', 'qdisc', 'show']);
    if (result.code !== 0) return this.failure(result, 'qdiscList', ns);
    const qdiscs = parseQdiscs(JSON.parse(result.stdout || '[]'), names.value, (entry) =>
      typeof entry.dev === 'string' ? entry.dev : undefined,
    );
    return ok(qdiscs.filter((qdisc) => linkIndex === undefined || qdisc.linkIndex === linkIndex));
  }

  private async qdiscWrite(
    ns: NetnsName,
    spec: QdiscSpec,
    verb: 'add' | 'replace',
  ): Promise<KernelResult<Unit>> {
    const op = verb === 'add' ? 'qdiscAdd' : 'qdiscReplace';
    if (!this.capabilities.qdiscKinds.includes(spec.options.kind))
      return kernelError('EOPNOTSUPP', op, `${ns}: this kernel has no ${spec.options.kind} qdisc`);
    const name = await this.nameOf(ns, spec.linkIndex, op);
    if (!name.ok) return name;
    const clsact = spec.options.kind === 'clsact' || spec.options.kind === 'ingress';
    const args = ['qdisc', verb, 'dev', name.value];
    if (!clsact) {
      args.push(...tcParentArgs(spec.parent ?? 'root'));
      if (spec.handle !== undefined) args.push('handle', spec.handle);
    }
    args.push(...qdiscKindArgs(spec.options));
    return this.act(ns, args, op, 'tc');
  }

  qdiscAdd(ns: NetnsName, spec: QdiscSpec): Promise<KernelResult<Unit>> {
    return this.qdiscWrite(ns, spec, 'add');
  }

  qdiscReplace(ns: NetnsName, spec: QdiscSpec): Promise<KernelResult<Unit>> {
    return this.qdiscWrite(ns, spec, 'replace');
  }

  async qdiscDel(
    ns: NetnsName,
    spec: { readonly linkIndex: number; readonly parent: string },
  ): Promise<KernelResult<Unit>> {
    const name = await this.nameOf(ns, spec.linkIndex, 'qdiscDel');
    if (!name.ok) return name;
    return this.act(
      ns,
      ['qdisc', 'del', 'dev', name.value, ...tcParentArgs(spec.parent)],
      'qdiscDel',
      'tc',
    );
  }

  async filterList(
    ns: NetnsName,
    spec: { readonly linkIndex: number; readonly parent: string },
  ): Promise<KernelResult<readonly Filter[]>> {
    const names = await this.indexByName(ns, 'filterList');
    if (!names.ok) return names;
    const name = [...names.value].find(([, index]) => index === spec.linkIndex)?.[0];
    if (name === undefined)
      return kernelError('ENODEV', 'filterList', `${ns}: no link ${spec.linkIndex}`);
    const result = await this.run([
      'tc',
      '-n',
      this.real(ns),
      'filter',
      'show',
      'dev',
      name,
      ...tcParentArgs(spec.parent),
    ]);
    if (result.code !== 0) return this.failure(result, 'filterList', ns);
    return ok(parseFilters(result.stdout, spec.linkIndex, spec.parent, names.value));
  }

  async filterAdd(ns: NetnsName, spec: FilterSpec): Promise<KernelResult<Filter>> {
    const missing = spec.actions.find(
      (action) => !this.capabilities.tcActions.includes(action.kind),
    );
    if (missing !== undefined)
      return kernelError(
        'EOPNOTSUPP',
        'filterAdd',
        `${ns}: this kernel has no ${missing.kind} action`,
      );
    const names = await this.indexByName(ns, 'filterAdd');
    if (!names.ok) return names;
    const byIndex = new Map([...names.value].map(([name, index]) => [index, name]));
    const name = byIndex.get(spec.linkIndex);
    if (name === undefined)
      return kernelError('ENODEV', 'filterAdd', `${ns}: no link ${spec.linkIndex}`);
    const before = await this.filterList(ns, { linkIndex: spec.linkIndex, parent: spec.parent });
    const args = [
      'filter',
      'add',
      'dev',
      name,
      ...tcParentArgs(spec.parent),
      'prio',
      String(spec.priority),
      'protocol',
      tcProtocolArg(spec.protocol),
      'u32',
      ...u32MatchArgs(spec.keys),
    ];
    if (spec.classid !== undefined) args.push('classid', spec.classid);
    spec.actions.forEach((action) =>
      args.push(...tcActionArgs(action, (index) => byIndex.get(index))),
    );
    const done = await this.act(ns, args, 'filterAdd', 'tc');
    if (!done.ok) return done;
    const after = await this.filterList(ns, { linkIndex: spec.linkIndex, parent: spec.parent });
    if (!after.ok) return after;
    const known = new Set(before.ok ? before.value.map((filter) => filter.handle) : []);
    const added = after.value.find((filter) => !known.has(filter.handle));
    return added === undefined
      ? kernelError('EIO', 'filterAdd', `${ns}: the new filter is not listed`)
      : ok(added);
  }

  async filterDel(ns: NetnsName, spec: FilterDelSpec): Promise<KernelResult<Unit>> {
    const name = await this.nameOf(ns, spec.linkIndex, 'filterDel');
    if (!name.ok) return name;
    const args = [
      'filter',
      'del',
      'dev',
      name.value,
      ...tcParentArgs(spec.parent),
      'prio',
      String(spec.priority),
    ];
    if (spec.protocol !== undefined) args.push('protocol', tcProtocolArg(spec.protocol));
    if (spec.handle !== undefined) args.push('handle', spec.handle, 'u32');
    return this.act(ns, args, 'filterDel', 'tc');
  }

  // ---- sysctls ----

  private sysctlPath(path: string): string | undefined {
    const normalized = normalizeSysctlPath(path);
    return /^net\/[A-Za-z0-9_./-]+$/.test(normalized) && !normalized.includes('..')
      ? normalized
      : undefined;
  }

  async sysctlGet(ns: NetnsName, path: string): Promise<KernelResult<string>> {
    const normalized = this.sysctlPath(path);
    if (normalized === undefined)
      return kernelError('ENOENT', 'sysctlGet', `${ns}: no sysctl ${path}`);
    if (!this.netnsPresent(ns))
      return kernelError('ENOENT', 'sysctlGet', `no network namespace ${JSON.stringify(ns)}`);
    const file = shellWord(`/proc/sys/${normalized}`);
    const script = `v=; { IFS= read -r v < ${file} || [ -n "$v" ]; } && printf '%s\\n' "$v"`;
    const result = await this.inNamespace(ns, script, false);
    if (result.code === 0) return ok(result.stdout.trim());
    const errno = /No such file|nonexistent/.test(result.stderr) ? 'ENOENT' : 'EIO';
    return kernelError(errno, 'sysctlGet', `${ns}: ${result.stderr.trim()}`);
  }

  async sysctlSet(ns: NetnsName, path: string, value: string): Promise<KernelResult<Unit>> {
    const normalized = this.sysctlPath(path);
    if (normalized === undefined)
      return kernelError('ENOENT', 'sysctlSet', `${ns}: no sysctl ${path}`);
    if (!this.netnsPresent(ns))
      return kernelError('ENOENT', 'sysctlSet', `no network namespace ${JSON.stringify(ns)}`);
    const target = shellWord(`/proc/sys/${normalized}`);
    const result = await this.inNamespace(
      ns, `printf '%s\\n' ${shellWord(value.trim())} > ${target}`, true);
    if (result.code === 0) return ok(undefined);
    // The kernel's EINVAL for an unparsable value reaches the shell as an I/O error.
    const errno = /Invalid argument|I\/O error/.test(result.stderr)
      ? 'EINVAL'
      : /No such file|nonexistent/.test(result.stderr)
        ? 'ENOENT'
        : 'EIO';
    return kernelError(errno, 'sysctlSet', `${ns}: ${result.stderr.trim()}`);
  }

  // ---- the machine ----

  private async ensureFabric(): Promise<KernelResult<Unit>> {
    if (this.fabricReady) return ok(undefined);
    const created = await this.run(['ip', 'netns', 'add', this.real(this.names.fabric)]);
    if (created.code !== 0) return this.failure(created, 'deviceAttach', this.names.fabric);
    this.fabricReady = true;
    return this.act(this.names.fabric, ['link', 'set', 'dev', 'lo', 'up'], 'deviceAttach');
  }

  private async segmentBridge(segment: string): Promise<KernelResult<string>> {
    const known = this.segments.get(segment);
    if (known !== undefined) return ok(known);
    const bridge = `seg${this.segments.size + 1}`;
    const made = await this.act(
      this.names.fabric,
      ['link', 'add', 'name', bridge, 'type', 'bridge'],
      'deviceAttach',
    );
    if (!made.ok) return made;
    const up = await this.act(
      this.names.fabric,
      ['link', 'set', 'dev', bridge, 'up'],
      'deviceAttach',
    );
    if (!up.ok) return up;
    this.segments.set(segment, bridge);
    return ok(bridge);
  }

  async deviceAttach(ns: NetnsName, spec: DeviceSpec): Promise<KernelResult<Link>> {
    const mac = spec.mac.toLowerCase();
    if ([...this.standIns.values()].some((entry) => entry.mac === mac))
      return kernelError('EEXIST', 'deviceAttach', `a device with MAC ${mac} is attached`);
    const fabric = await this.ensureFabric();
    if (!fabric.ok) return fabric;
    const bridge = await this.segmentBridge(spec.segment);
    if (!bridge.ok) return bridge;
    this.standInCount++;
    const wire = `eni${this.standInCount}`;
    const queues = String(spec.txQueues ?? this.capabilities.queues.deviceTxQueues);
    const made = await this.act(
      this.names.fabric,
      [
        'link',
        'add',
        'name',
        wire,
        'mtu',
        '65535',
        'type',
        'veth',
        'peer',
        'name',
        spec.name,
        'numtxqueues',
        queues,
        'numrxqueues',
        queues,
        'mtu',
        String(spec.mtu ?? 1500),
        'address',
        mac,
        'netns',
        this.real(ns),
      ],
      'deviceAttach',
    );
    if (!made.ok) return made;
    this.standIns.set(wire, { home: ns, mac });
    await this.act(
      this.names.fabric,
      ['link', 'set', 'dev', wire, 'master', bridge.value],
      'deviceAttach',
    );
    await this.act(this.names.fabric, ['link', 'set', 'dev', wire, 'up'], 'deviceAttach');
    return this.linkGet(ns, spec.name);
  }

  /**
   * Makes the fabric route like the VPC for real packets: each vSwitch's bridge answers as its
   * gateway (`gatewayIp` on the bridge), the fabric namespace forwards between bridges, each
   * owned IP gets a permanent neighbour entry and a /32 route to the MAC of the ENI that holds it,
   * and each custom route entry a route via the instance's primary IP.
   * The VPC's source check is not enforced here (see docs/kernel.md).
   */
  async programFabric(spec: FabricProgram): Promise<KernelResult<Unit>> {
    const fabric = await this.ensureFabric();
    if (!fabric.ok) return fabric;
    const forwarding = await this.sysctlSet(this.names.fabric, 'net/ipv4/conf/all/forwarding', '1');
    if (!forwarding.ok) return forwarding;
    for (const vSwitch of spec.vSwitches) {
      const bridge = await this.segmentBridge(vSwitch.vSwitchId);
      if (!bridge.ok) return bridge;
      const length = vSwitch.cidr.split('/')[1] ?? '32';
      const added = await this.act(
        this.names.fabric,
        ['addr', 'replace', `${vSwitch.gatewayIp}/${length}`, 'dev', bridge.value],
        'programFabric',
      );
      if (!added.ok) return added;
    }
    for (const owner of spec.owners) {
      const bridge = await this.segmentBridge(owner.segment);
      if (!bridge.ok) return bridge;
      const steps = [
        [
          'neigh',
          'replace',
          owner.ip,
          'lladdr',
          owner.mac,
          'dev',
          bridge.value,
          'nud',
          'permanent',
        ],
        ['route', 'replace', `${owner.ip}/32`, 'dev', bridge.value],
      ];
      for (const args of steps) {
        const done = await this.act(this.names.fabric, args, 'programFabric');
        if (!done.ok) return done;
      }
    }
    for (const entry of spec.routeEntries ?? []) {
      const args = ['route', 'replace', entry.cidr, 'via', entry.via];
      const done = await this.act(this.names.fabric, args, 'programFabric');
      if (!done.ok) return done;
    }
    return ok(undefined);
  }

  /**
   * Sends UDP datagrams from namespace `from` to `dst` and reports whether namespace `to` received
   * one (and from which source): real packets, real time (udp-probe.ts). Needs `node` on the
   * machine; uses nothing outside the run's namespaces.
   */
  probeUdp(request: UdpProbe): Promise<KernelResult<UdpProbeResult>> {
    const path = (ns: NetnsName): string => `${netnsRunDir}/${this.real(ns)}`;
    return probeUdpReal({ from: path(request.from), to: path(request.to) }, request);
  }

  async deviceDetach(mac: string): Promise<KernelResult<Unit>> {
    const wire = [...this.standIns].find(([, entry]) => entry.mac === mac.toLowerCase())?.[0];
    if (wire === undefined)
      return kernelError('ENODEV', 'deviceDetach', `no device with MAC ${mac}`);
    this.standIns.delete(wire);
    return this.act(this.names.fabric, ['link', 'del', 'dev', wire], 'deviceDetach');
  }

  private observeContext(ns: NetnsName): ObserveContext {
    const toLogical = (real: string): string => this.logical(real);
    const { run, names } = this;
    const inNamespace = (script: string): Promise<CommandResult> => (
      this.inNamespace(ns, script, false));
    return {
      run, inNamespace, real: this.real(ns), logical: ns, toLogical, fabric: names.fabric,
    };
  }

  /** Runs what follows inside the namespace's network namespace (no mount namespace). */
  private nsenter(ns: NetnsName): string[] {
    return ['nsenter', `--net=${netnsRunDir}/${this.real(ns)}`];
  }

  /**
   * Runs a bash script of builtins inside the namespace, in a helper shell that lives there
   * (started on first use, ended when the namespace is deleted) and not in a subshell: its
   * builtins read and write the namespace's sysctls without starting a process (bash, because
   * dash reads a byte at a time, which a sysctl file does not answer whole). With a runner of
   * the caller's (tests), through `nsenter`. The caller checks that the namespace exists;
   * `mutates` says whether the script may change it.
   */
  private inNamespace(ns: NetnsName, script: string, mutates: boolean): Promise<CommandResult> {
    if (this.shell === undefined) return this.run([...this.nsenter(ns), 'bash', '-c', script]);
    let shell = this.nsShells.get(ns);
    if (shell === undefined) {
      shell = new HelperShell([...this.nsenter(ns), 'bash']);
      this.nsShells.set(ns, shell);
    }
    if (mutates) this.mutations++;
    return shell.runHere(script);
  }

  /** Ends the helper shell inside the namespace, which would otherwise keep it alive. */
  private async leaveNamespace(ns: NetnsName): Promise<void> {
    const shell = this.nsShells.get(ns);
    this.nsShells.delete(ns);
    await shell?.close();
  }

  private netnsPresent(ns: NetnsName): boolean {
    return existsSync(`${netnsRunDir}/${this.real(ns)}`);
  }

  /**
   * IPv6 autoconfiguration runs after the kernel's link watcher has seen the carrier, a moment
   * after `ip link set up` returns; DAD takes longer; a lost carrier reaches the routes and
   * neighbours through the link watcher too. Reads again (bounded) until no link that is up with
   * carrier still lacks its link-local address, no address is tentative, and no link without
   * carrier is still operationally up.
   */
  async snapshot(ns: NetnsName): Promise<KernelResult<NamespaceSnapshot>> {
    if (!this.netnsPresent(ns))
      return kernelError('ENOENT', 'snapshot', `no network namespace ${JSON.stringify(ns)}`);
    // Nothing was asked of the kernel since the last (settled) read: it is still what Linux shows.
    const kept = this.snapshots.get(ns);
    if (kept !== undefined && kept.at === this.mutations) return ok(structuredClone(kept.snapshot));
    const at = this.mutations;
    let observed = await observeNamespace(this.observeContext(ns));
    for (let attempt = 0; attempt < settleAttemptsMax; attempt++) {
      if (!observed.ok || !addrconfPending(observed.value.rawLinks)) break;
      await this.run(['sleep', '0.05']);
      observed = await observeNamespace(this.observeContext(ns));
    }
    if (!observed.ok) return observed;
    // The observation lists the links too: the next call's name lookups need not list them again.
    const listing: Listing = { raw: observed.value.rawLinks, nsids: observed.value.nsids };
    this.listings.set(ns, { at: this.mutations, listing: Promise.resolve(ok(listing)) });
    if (at === this.mutations) this.snapshots.set(ns, { at, snapshot: observed.value.snapshot });
    return ok(structuredClone(observed.value.snapshot));
  }

  async iproute2(
    ns: NetnsName,
    views: readonly Iproute2View[],
  ): Promise<KernelResult<readonly string[]>> {
    const exists = await this.netnsExists(ns);
    if (!exists.ok || !exists.value) {
      return kernelError('ENOENT', 'iproute2', `no network namespace ${JSON.stringify(ns)}`);
    }
    const links = await this.links(ns, 'iproute2');
    if (!links.ok) return links;
    const devices = links.value.filter((link) => link.kind === 'device');
    const standIns = new Set(devices.map((link) => link.name));
    const fabric = this.names.fabric;
    const asDevices = (text: string): string => standInsAsDevices(text, standIns, fabric);
    return runViews(this.observeContext(ns), views, asDevices);
  }

  /** Deletes every namespace of this run (the fabric last). Never throws. */
  async close(): Promise<void> {
    const names = existsSync(netnsRunDir) ? readdirSync(netnsRunDir) : [];
    const ours = names
      .filter((name) => name.startsWith(this.names.prefix))
      .sort((a, b) => Number(a.endsWith('_fabric')) - Number(b.endsWith('_fabric')));
    await Promise.all([...this.nsShells.keys()].map((ns) => this.leaveNamespace(ns)));
    if (ours.length > 0) {
      const input = ours.map((name) => `netns del ${name}\n`).join('');
      await this.run(['ip', '-force', '-batch', '-'], { input });
    }
    await this.shell?.close();
    this.standIns.clear();
    this.segments.clear();
    this.fabricReady = false;
  }
}

/**
 * ENI stand-ins are veths whose peer is in the fabric namespace; in text they are shown as the
 * NICs they stand for, as they are in snapshots: no `@ifN` peer, no `link-netns`, no `veth` line.
 */
export function standInsAsDevices(
  text: string, standIns: ReadonlySet<string>, fabric: string,
): string {
  const out: string[] = [];
  let inStandIn = false;
  for (const line of text.split('\n')) {
    const header = /^(\d+): ([^:@\s]+)(@[^:\s]+)?: (.*)$/.exec(line);
    if (header !== null) {
      inStandIn = standIns.has(header[2]!);
      out.push(inStandIn ? `${header[1]}: ${header[2]}: ${header[4]}` : line);
      continue;
    }
    if (inStandIn && line.startsWith('    veth ') && out.length > 0) {
      out[out.length - 1] += line.slice('    veth '.length);
      continue;
    }
    out.push(inStandIn ? line.replace(` link-netns ${fabric}`, '') : line);
  }
  return out.join('\n');
}

/** Reads `snapshot` retries (50 ms apart) before it gives up: 3 s (linkwatch waits up to 1 s). */
const settleAttemptsMax = 60;

function addrconfPending(links: readonly Raw[]): boolean {
  return links.some((link) => {
    const flags = Array.isArray(link.flags) ? link.flags : [];
    const addrs = Array.isArray(link.addr_info) ? (link.addr_info as Raw[]) : [];
    if (addrs.some((addr) => addr.tentative === true)) return true;
    const running = flags.includes('UP') && flags.includes('LOWER_UP');
    // Carrier is gone but the link watcher has not yet lowered the operational state (nor flagged
    // the routes through the link `linkdown` and flushed its neighbours, which it does next).
    if (!running && link.operstate === 'UP') return true;
    if (link.link_type === 'loopback' || !running) return false;
    // Carrier is on but the link watcher has not yet raised the operational state.
    if (link.operstate !== 'UP' && link.operstate !== 'UNKNOWN') return true;
    return (
      link.inet6_addr_gen_mode !== 'none' &&
      !addrs.some((addr) => addr.family === 'inet6' && addr.scope === 'link')
    );
  });
}

function routeMatches(route: Route, filter: RouteFilter): boolean {
  return (
    (filter.dst === undefined ||
      route.dst === filter.dst ||
      (filter.dst === 'default' && route.dst.endsWith('/0'))) &&
    (filter.oif === undefined || route.oif === filter.oif) &&
    (filter.gateway === undefined || route.gateway === filter.gateway) &&
    (filter.scope === undefined || route.scope === filter.scope) &&
    (filter.protocol === undefined || route.protocol === filter.protocol) &&
    (filter.type === undefined || route.type === filter.type) &&
    (filter.metric === undefined || route.metric === filter.metric) &&
    (filter.tos === undefined || route.tos === filter.tos)
  );
}
