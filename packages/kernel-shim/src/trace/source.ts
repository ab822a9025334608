// Source address selection for a locally generated packet, as inet_select_addr and IPv6's
// source selection pick one: the route's preferred source, else the first global address on the
// output link, else the first global address anywhere in the namespace.

import type { LinkState, NsState } from '../model/state.js';

export function selectSource(
  ns: NsState,
  family: 4 | 6,
  oif: LinkState | undefined,
  prefsrc: string | undefined,
): string | undefined {
  if (prefsrc !== undefined) return prefsrc;
  const global = ns.addrs.filter(
    (addr) => addr.family === family && addr.scope === 'universe' && !addr.secondary,
  );
  return (global.find((addr) => addr.link === oif) ?? global[0])?.ip;
}
