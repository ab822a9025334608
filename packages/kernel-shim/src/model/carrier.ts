// Carrier (IFF_LOWER_UP) per link kind, as the drivers set it: a veth has carrier only while both
// ends are up (veth_open/veth_close); ipvlan and vlan take their parent's (stacked operstate); a
// bridge has carrier while it never had ports, afterwards only while a port has it; devices, dummies, ifbs and loopback
// always do. Routes through a link without carrier carry the `linkdown` flag but stay usable.

import type { LinkState } from './state.js';

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
