// Pool and ENI settings against each planned instance type (getPoolConfig in Terway's
// daemon/config.go): pool sizes
// above the node's IP capacity are clamped, ENI caps that leave no ENI stop all pods, and caps
// above what the instance attaches promise capacity the cloud refuses
// (EniPerInstanceLimitExceeded).

import { computePoolSizing } from '../../config/pool-config.js';
import type { Check, Diagnostic, PlannedType } from '../diagnostic.js';
import type { CheckContext } from '../diagnostic.js';
import { atKey } from '../locate.js';

function forType(context: CheckContext, type: PlannedType): Diagnostic[] {
  const { config } = context;
  const sizing = computePoolSizing({ config, daemonMode: context.daemonMode, limits: type.limits });
  if (!sizing.ok) return [];
  const s = sizing.value;
  const id = type.limits.instanceTypeId;
  const usable = type.limits.adapters - 1;
  const out: Diagnostic[] = [];
  const capKeys = ['eni_cap_ratio', 'eni_cap_shift', 'max_eni'].filter((key) => key in context.raw);
  if (s.maxEni <= 0) {
    out.push(atKey(context, 'eni-cap-no-eni', [capKeys[0] ?? 'eni_cap_ratio'],
      `on ${id}: ${s.eniCount.formula}, so no secondary ENI is usable and no pod gets an IP; ` +
      `fix ${capKeys.join(' / ') || 'the ENI settings'}`));
    return out;
  }
  if (s.maxEni > usable) {
    out.push(atKey(context, 'eni-cap-over-quota', [capKeys[0] ?? 'eni_cap_ratio'],
      `on ${id}: ${s.eniCount.formula}, but the instance attaches only ${usable} secondary ` +
      `ENIs: Terway advertises ${s.capacity} IPs and ENI creation beyond ${usable} fails with ` +
      `EniPerInstanceLimitExceeded`));
  }
  if (config.maxEni > 0 && s.eniCount.limitedBy !== 'max_eni') {
    out.push(atKey(context, 'max-eni-no-effect', ['max_eni'],
      `on ${id}: max_eni ${config.maxEni} does not cap anything (the type allows ${s.maxEni} ` +
      `secondary ENIs after eni_cap_ratio/shift)`));
  }
  if (context.daemonMode === 'ENIOnly' || config.ipamType === 'crd') return out;
  if (config.maxPoolSize > s.capacity) {
    out.push(atKey(context, 'pool-above-capacity', ['max_pool_size'],
      `on ${id}: max_pool_size ${config.maxPoolSize} is above the node's capacity of ` +
      `${s.capacity} IPs (${s.maxEni} ENIs × ${s.maxIpPerEni}); Terway clamps it to ` +
      `${s.capacity}`));
  }
  const minAsked = config.minEni > 0 ? config.minEni * s.maxIpPerEni : config.minPoolSize;
  if (minAsked > s.capacity) {
    out.push(atKey(context, config.minEni > 0 ? 'min-eni-above-capacity' : 'pool-above-capacity', [
      config.minEni > 0 ?
      'min_eni' : 'min_pool_size'],
        `on ${id}: the warm pool asks for ${minAsked} idle IPs but the node holds at most ` +
        `${s.capacity}; Terway clamps it to ${s.maxPoolSize}`));
  }
  return out;
}

export const poolCapacityCheck: Check = (context) =>
  context.types.flatMap((type) => forType(context, type));
