// gcLeakedRules (Terway's daemon/daemon_linux.go), run once per daemon process when the env
// TERWAY_GC_RULES=true: removes what IPVlan pods leave behind when their DEL never ran. On every
// ipvlan link in the host, main-table routes whose destination address is not a live pod IP go;
// on every physical link, egress u32 filters with exactly one vlan action go when they are VLAN
// push filters for a source that is not live: prio 50001 with one key at offset 12 (IPv4), or
// four keys covering offsets 8..20 (IPv6) at prio 50002 or the legacy 50001. Failures are logged
// by Terway and ignored; here they are counted.

import { tcParentEgress, tableMain, type Filter, type Kernel } from '@terway-sim/kernel-shim';
import { formatIpv4, formatIpv6 } from '@terway-sim/sim-base';
import { addressOf, canonicalIp } from '../ip.js';
import { tcPriority } from '../constants.js';

/**
 * The IPv6 source a 4-key VLAN-push filter matches, or undefined if the keys are not exactly
 * offsets 8..20.
 */
export function ipv6FromKeys(keys: Filter['keys']): string | undefined {
  if (keys.length !== 4) return undefined;
  const words = new Map<number, number>();
  for (const key of keys) {
    const slot = key.offset - 8;
    if (slot < 0 || slot % 4 !== 0 || slot >= 16 || words.has(slot / 4)) return undefined;
    words.set(slot / 4, key.value >>> 0);
  }
  const value = [0, 1, 2, 3].reduce((acc, i) => (acc << 32n) | BigInt(words.get(i) ?? 0), 0n);
  return formatIpv6(value);
}

/** Whether gcTCFilters would delete `filter` given the live pod IPs. */
export function isLeakedVlanFilter(filter: Filter, live: ReadonlySet<string>): boolean {
  if (filter.actions.length !== 1 || filter.actions[0]?.kind !== 'vlan') return false;
  if (
    filter.priority === tcPriority.vlanTagV4 && filter.keys.length === 1
    && filter.keys[0]?.offset === 12
  ) {
    return !live.has(formatIpv4(filter.keys[0].value >>> 0));
  }
  if (
    filter.keys.length === 4 && (
      filter.priority === tcPriority.vlanTagV6 || filter.priority === tcPriority.vlanTagV4
    )
  ) {
    const ip = ipv6FromKeys(filter.keys);
    return ip !== undefined && !live.has(ip);
  }
  return false;
}

export interface GcLeakedRulesOutcome {
  readonly routesDeleted: number;
  readonly filtersDeleted: number;
  readonly failures: number;
}

/** gcLeakedRules over the host namespace. `liveIps` are the pods' addresses (any text form). */
export async function gcLeakedRules(
  kernel: Kernel, hostNs: string, liveIps: Iterable<string>,
): Promise<GcLeakedRulesOutcome> {
  const live = new Set([...liveIps].map((ip) => canonicalIp(ip) ?? ip));
  const outcome = { routesDeleted: 0, filtersDeleted: 0, failures: 0 };
  const links = await kernel.linkList(hostNs);
  if (!links.ok) return { ...outcome, failures: 1 };
  for (const link of links.value.filter((l) => l.kind === 'ipvlan')) {
    for (const family of [4, 6] as const) {
      const routes = await kernel.routeList(hostNs, { family, table: tableMain, oif: link.index });
      if (!routes.ok) { outcome.failures++; continue; }
      for (const route of routes.value) {
        if (
          route.dst === '0.0.0.0/0' || route.dst === '::/0' || live.has(addressOf(route.dst))
        ) continue;
        const done = await kernel.routeDel(
          hostNs, { family, table: route.table, dst: route.dst, oif: link.index },
        );
        if (done.ok) outcome.routesDeleted++; else outcome.failures++;
      }
    }
  }
  for (const link of links.value.filter((l) => l.kind === 'device')) {
    const filters = await kernel.filterList(
      hostNs, { linkIndex: link.index, parent: tcParentEgress },
    );
    if (!filters.ok) { outcome.failures++; continue; }
    for (const filter of filters.value.filter((f) => isLeakedVlanFilter(f, live))) {
      const done = await kernel.filterDel(
        hostNs,
        {
          linkIndex: link.index, parent: tcParentEgress, priority: filter.priority,
          protocol: filter.protocol, handle: filter.handle,
        },
      );
      if (done.ok) outcome.filtersDeleted++; else outcome.failures++;
    }
  }
  return outcome;
}
