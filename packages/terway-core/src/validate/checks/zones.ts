// vSwitch zones against the planned node zones: a node uses only `vswitches[<its zone>]`, so
// vSwitches of zones without nodes are dead config, and nodes in a zone without vSwitches put
// pods on their own (node) vSwitch (F09).

import { zoneVSwitchIds } from '../../config/derive.js';
import type { Check, Diagnostic } from '../diagnostic.js';
import { atKey } from '../locate.js';

export const zonesCheck: Check = (context) => {
  const planned = context.plan.zones;
  if (planned === undefined || planned.length === 0) return [];
  const out: Diagnostic[] = [];
  const nodeZones = new Set(planned);
  for (const zone of Object.keys(context.config.vSwitches).sort()) {
    if (!nodeZones.has(zone) && (context.config.vSwitches[zone] ?? []).length > 0) {
      out.push(atKey(context, 'vswitch-zone-without-nodes', ['vswitches', zone],
        `no planned node is in ${zone}, so its vSwitches are never used (nodes only use their ` +
        `own zone's list); check the zone key or the node zones (${[...nodeZones].join(', ')})`));
    }
  }
  for (const zone of [...nodeZones].sort()) {
    if (zoneVSwitchIds(context.config, zone) === undefined) {
      out.push(atKey(context, 'zone-without-vswitches', ['vswitches'],
        `nodes in ${zone} have no vSwitches in eni_conf: their pods get IPs from each node's ` +
        `own vSwitch; add "${zone}": ["vsw-…"] to vswitches`));
    }
  }
  return out;
};
