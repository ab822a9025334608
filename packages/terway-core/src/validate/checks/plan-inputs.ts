// The plan against the config: what the flags ask for that the config cannot give. A plan of more
// pods per node than an instance type can give IPs used to be capped in silence (the size checks
// then counted only the pods that fit), and a --vswitch the config does not list was ignored;
// both left the user believing the plan had been checked. Paths name the flag (`--pods-per-node`,
// `--vswitch`), since the finding is about the plan, not a key of the file.

import { computePoolSizing } from '../../config/pool-config.js';
import { diagnostic } from '../codes.js';
import type { Check, Diagnostic } from '../diagnostic.js';

export const planCapacityCheck: Check = (context) => {
  const podsPerNode = context.plan.podsPerNode;
  if (podsPerNode === undefined) return [];
  const out: Diagnostic[] = [];
  for (const type of context.types) {
    const sizing = computePoolSizing({ config: context.config, daemonMode: context.daemonMode,
      limits: type.limits });
    if (!sizing.ok || podsPerNode <= sizing.value.capacity) continue;
    const { capacity, maxEni, maxIpPerEni } = sizing.value;
    const enis = `${maxEni} ENI${maxEni === 1 ? '' : 's'}`;
    const arithmetic = context.daemonMode === 'ENIOnly' ? `${enis}, one pod each`
      : `${enis} × ${maxIpPerEni} IPs`;
    out.push(diagnostic('plan-pods-above-capacity', '--pods-per-node',
      `${podsPerNode} pods per node, but ${type.limits.instanceTypeId} gives at most ` +
      `${capacity} pod IPs with this config (${arithmetic}): ${podsPerNode - capacity} pods per ` +
      `node would never get an IP. Plan at most ${capacity}, a larger type, or more nodes; set ` +
      `kubelet maxPods to match (F04)`));
  }
  return out;
};

export const planVSwitchesCheck: Check = (context) => {
  const planned = Object.keys(context.plan.vSwitches ?? {}).sort();
  if (planned.length === 0) return [];
  const listed = new Set(Object.values(context.config.vSwitches).flat());
  const known = listed.size === 0 ? 'eni_conf lists no vSwitches (nodes use their own)'
    : `eni_conf lists ${[...listed].sort().join(', ')}`;
  return planned.filter((id) => !listed.has(id)).map((id) => diagnostic('plan-vswitch-unknown',
    '--vswitch', `--vswitch ${id} is not in eni_conf.vswitches, so its size is not used by ` +
    `any check; ${known}. Check the id, or add it under its zone`));
};
