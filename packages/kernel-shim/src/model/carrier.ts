// Carrier (IFF_LOWER_UP) per link kind, as the drivers set it: a veth has carrier only while both
// ends are up (veth_open/veth_close); ipvlan and vlan take their parent's (stacked operstate); a
// bridge has carrier while it never had ports, afterwards only while a port has it; devices,
// dummies, ifbs and loopback always do. Routes through a link without carrier carry the `linkdown`
// flag but stay usable.

import type { OperState } from '../netlink/link.js';
import { touch, type LinkState } from './state.js';

export function hasCarrier(link: LinkState): boolean {
  switch (link.kind) {
    case 'veth': return link.up && link.peer !== undefined && link.peer.up;
    case 'ipvlan':
    case 'vlan': return link.parent !== undefined && link.parent.alive && hasCarrier(link.parent);
    case 'bridge': return bridgeCarrier(link);
    case 'device': return link.up;
    case 'loopback':
    case 'dummy':
    case 'ifb': return true;
  }
}

function bridgeCarrier(bridge: LinkState): boolean {
  let ports = 0;
  for (const link of bridge.ns.links.values()) {
    if (link.master !== bridge) continue;
    ports++;
    if (link.up && hasCarrier(link)) return true;
  }
  return ports === 0 && bridge.hadPorts !== true;
}

/** What `ip link` shows as LOWER_UP: administratively up and with carrier. */
export function lowerUp(link: LinkState): boolean {
  return link.up && hasCarrier(link);
}

/**
 * IFLA_OPERSTATE as `ip link` reports it: DOWN while down; links whose drivers never report
 * carrier stay UNKNOWN when up (loopback, dummy, ifb, a bridge that never had a port); UP with
 * carrier; without it, what the link watcher worked out the last time it ran for this link.
 */
export function operState(link: LinkState): OperState {
  if (!link.up) return 'DOWN';
  if (link.kind === 'loopback' || link.kind === 'dummy' || link.kind === 'ifb') return 'UNKNOWN';
  if (link.kind === 'bridge' && link.hadPorts !== true) return 'UNKNOWN';
  return hasCarrier(link) ? 'UP' : link.noCarrierState;
}

/**
 * The link watcher's run for one link (rfc2863_policy, default_operstate), on the link's own
 * events: it goes up or down, or its carrier changes. Without carrier, it looks up the link's
 * IFLA_LINK ifindex (a veth's peer, an ipvlan's or VLAN's parent) in the link's own namespace,
 * whichever link holds that number there: LOWERLAYERDOWN if that link has no carrier either,
 * else DOWN (also when the number is the link's own or free). Linux keeps the answer until the
 * link's next event, so a change of that other link does not reach it.
 */
export function linkWatch(link: LinkState): void {
  if (hasCarrier(link)) return;
  const lower = link.kind === 'veth' ? link.peer : link.parent;
  const gone = lower === undefined || !lower.alive || lower.index === link.index;
  const holder = gone ? undefined : link.ns.links.get(lower.index);
  const state = holder !== undefined && !hasCarrier(holder) ? 'LOWERLAYERDOWN' : 'DOWN';
  if (state === link.noCarrierState) return;
  touch(link.ns);
  link.noCarrierState = state;
}
