// vSwitch sizes against the plan: every pod IP (and every idle IP a node's warm pool keeps) is a
// vSwitch address, so a zone whose vSwitches hold fewer free addresses than its nodes need runs
// out (F01: InvalidVSwitchId.IpNotEnough, 10-minute allocation inhibit). A vSwitch loses 4
// reserved addresses per CIDR.

import { parseIpv4Cidr } from '@terway-sim/sim-base';
import { zoneVSwitchIds } from '../../config/derive.js';
import type { Check, CheckContext, Diagnostic } from '../diagnostic.js';
import { atKey } from '../locate.js';
import { nodeDemand, nodesPerZone } from './plan-demand.js';

function freeAddresses(context: CheckContext, ids: readonly string[]): number | undefined {
  let total = 0;
  for (const id of ids) {
    const planned = context.plan.vSwitches?.[id];
    if (planned === undefined) return undefined;
    if (planned.availableIpCount !== undefined) {
      total += planned.availableIpCount;
      continue;
    }
    const cidr = planned.cidr === undefined ? undefined : parseIpv4Cidr(planned.cidr);
    if (cidr === undefined) return undefined;
    total += Math.max(0, 2 ** (32 - cidr.prefix) - 4);
  }
  return total;
}

export const vSwitchSizeCheck: Check = (context) => {
  const { zones, nodes, podsPerNode } = context.plan;
  if (zones === undefined || zones.length === 0 || nodes === undefined ||
    podsPerNode === undefined) return [];
  const demand = nodeDemand(context, context.types[0], podsPerNode);
  const out: Diagnostic[] = [];
  for (const [zone, zoneNodes] of nodesPerZone(zones, nodes)) {
    const ids = zoneVSwitchIds(context.config, zone);
    if (ids === undefined) continue;
    const free = freeAddresses(context, ids);
    if (free === undefined) continue;
    const pods = zoneNodes * demand.podIps;
    const held = zoneNodes * demand.heldIps;
    const where = `${zone} (${ids.join(', ')}: ${free} free addresses)`;
    if (pods > free) {
      out.push(atKey(context, 'vswitch-too-small', ['vswitches', zone],
        `${where} cannot hold ${zoneNodes} nodes × ${demand.podIps} pod IPs = ${pods}; pods ` +
        `will fail with InvalidVSwitchId.IpNotEnough. Add vSwitches to the zone or use larger ` +
        `CIDRs`));
    } else if (held > free) {
      out.push(atKey(context, 'vswitch-pool-headroom', ['vswitches', zone],
        `${where} holds the ${pods} pod IPs but not the warm pools: ${zoneNodes} nodes may ` +
        `keep up to ${demand.heldIps} IPs each (pods + max_pool_size ` +
        `${context.config.maxPoolSize}) = ${held}. Lower max_pool_size, enable idle reclaim, ` +
        `or add vSwitches`));
    }
  }
  return out;
};
