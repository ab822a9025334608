// The `vswitches` map's own shape: ids that are not vSwitch ids, keys that are not zone ids (the
// classic F09 mistake is vSwitch ids under the wrong key, or the region as key), duplicates, and
// the empty case where every node falls back to its own vSwitch.

import type { Check, Diagnostic } from '../diagnostic.js';
import { atKey } from '../locate.js';

/** Alibaba Cloud zone ids: region + "-x" (cn-hangzhou-i) or region + "x" (ap-southeast-1a). */
export const zoneIdPattern = /^[a-z]{2}(-[a-z0-9]+)*(-[a-z]|-\d+[a-z])$/;
const vSwitchIdPattern = /^vsw-[0-9a-z]+$/;

export const vSwitchIdsCheck: Check = (context) => {
  const out: Diagnostic[] = [];
  const seen = new Map<string, string>();
  const zones = Object.keys(context.config.vSwitches).sort();
  for (const zone of zones) {
    if (!zoneIdPattern.test(zone)) {
      const hint = zone.startsWith('vsw-')
        ? 'it is a vSwitch id: keys are zone ids, values are lists of vSwitch ids'
        : 'expected a zone id such as cn-hangzhou-i';
      out.push(atKey(context, 'vswitch-zone-key', ['vswitches', zone],
        `${JSON.stringify(zone)} is not a zone id (${hint}); nodes look up vswitches by their ` +
        'zone, so these vSwitches are never used'));
    }
    (context.config.vSwitches[zone] ?? []).forEach((id, index) => {
      if (!vSwitchIdPattern.test(id)) {
        out.push(atKey(context, 'vswitch-format', ['vswitches', zone, index],
          `"${id}" does not look like a vSwitch id (vsw-…); ENI creation in ${zone} fails with ` +
          `InvalidVSwitchId.NotFound`));
      }
      const previous = seen.get(id);
      if (previous !== undefined) {
        const where = previous === zone ? `twice under ${zone}` :
          `under ${previous} and ${zone}; a vSwitch belongs to one zone`;
        out.push(atKey(context, 'vswitch-duplicate', ['vswitches', zone, index],
          `${id} is listed ${where}: remove the extra entry`));
      }
      seen.set(id, zone);
    });
  }
  if (zones.every((zone) => (context.config.vSwitches[zone] ?? []).length === 0)) {
    out.push(atKey(context, 'vswitches-empty', ['vswitches'],
      'no vSwitches configured: each node puts pod IPs on its own vSwitch; list pod vSwitches ' +
      'per zone to keep pods off the node subnet'));
  }
  return out;
};
