// GetHostIP (plugin/driver/utils/utils_linux.go): the node address Terway copies onto ENIs and
// ipvlan slaves. Kubernetes' ResolveBindAddress(127.0.0.1 or ::1) picks, family by family (the
// asked one first), the first global unicast address of an up interface that holds a main-table
// default route. Terway then insists on the family it asked for.

import { ok } from '@terway-sim/sim-base';
import { tableMain, type IpFamily, type Kernel } from '@terway-sim/kernel-shim';
import { failure } from '../errors.js';
import { addressOf, isGlobalUnicast } from '../ip.js';
import type { DpResult } from '../ensure/link.js';
import type { IpNetSet } from '../types.js';

async function defaultRouteAddress(kernel: Kernel, ns: string, family: IpFamily): Promise<DpResult<{
  routes: number; ip?: string
}>> {
  const routes = await kernel.routeList(
    ns, { family, table: tableMain, dst: family === 4 ? '0.0.0.0/0' : '::/0' },
  );
  if (!routes.ok) return failure(routes.error.message, routes.error.errno);
  const ordered = [...routes.value].sort((a, b) => a.metric - b.metric);
  for (const route of ordered) {
    if (route.oif === undefined) continue;
    const link = await kernel.linkGet(ns, route.oif);
    if (!link.ok || !link.value.up) continue;
    const addrs = await kernel.addrList(ns, { linkIndex: route.oif, family });
    if (!addrs.ok) continue;
    const chosen = addrs.value.find((a) => isGlobalUnicast(addressOf(a.cidr)));
    if (chosen !== undefined) return ok({ routes: ordered.length, ip: addressOf(chosen.cidr) });
  }
  return ok({ routes: ordered.length });
}

/** k8s ResolveBindAddress for a loopback bind address of `family`. */
export async function resolveBindAddress(
  kernel: Kernel, ns: string, family: IpFamily,
): Promise<DpResult<string>> {
  let routesSeen = 0;
  for (const candidate of family === 4 ? [4, 6] as const : [6, 4] as const) {
    const found = await defaultRouteAddress(kernel, ns, candidate);
    if (!found.ok) return found;
    routesSeen += found.value.routes;
    if (found.value.ip !== undefined) return ok(found.value.ip);
  }
  if (routesSeen === 0) return failure(
    'no default routes found in "/proc/net/route" or "/proc/net/ipv6_route"'
  );
  return failure('unable to select an IP from default routes.');
}

/** GetHostIP(ipv4, ipv6): the node addresses as /32 and /128. */
export async function getHostIp(
  kernel: Kernel, hostNs: string, families: { ipv4: boolean; ipv6: boolean },
): Promise<DpResult<IpNetSet>> {
  let ipv4: string | undefined;
  let ipv6: string | undefined;
  if (families.ipv4) {
    const v4 = await resolveBindAddress(kernel, hostNs, 4);
    if (!v4.ok) return v4;
    if (v4.value.includes(':')) return failure(
      'error get node ipv4 address.This may due to 1. no ipv4 address 2. no ipv4 default route'
    );
    ipv4 = `${v4.value}/32`;
  }
  if (families.ipv6) {
    const v6 = await resolveBindAddress(kernel, hostNs, 6);
    if (!v6.ok) return v6;
    if (!v6.value.includes(':')) return failure(
      'error get node ipv6 address.This may due to 1. no ipv6 address 2. no ipv6 default route'
    );
    ipv6 = `${v6.value}/128`;
  }
  return ok({ ipv4, ipv6 });
}
