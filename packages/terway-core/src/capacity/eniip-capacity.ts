// ENIIP (shared ENI, multi-IP) capacity: pods take secondary private IPs of secondary ENIs, the ENI
// primary IP included (Q12). Legacy daemon: maxENI from eni-config (daemon/config.go
// getPoolConfig); centralized IPAM (ipam_type crd): the controlplane's flavor, which ignores
// max_eni / eni_cap_ratio / eni_cap_shift (Q11); prefix mode: prefix-capacity.ts.

import { err, ok, type Result } from '@terway-sim/sim-base';
import type { ConfigIssue } from '../config/config-issue.js';
import type { TerwayConfig } from '../config/terway-config.js';
import { ipamStack } from '../config/daemon-mode.js';
import { computePoolSizing } from '../config/pool-config.js';
import { checkInstance } from '../limits/instance-checks.js';
import { erdmaRes, limitsFromInstanceType, type Limits } from '../limits/instance-limits.js';
import { eniFlavor, flavorText } from './flavor.js';
import { kubeletNote, modelledNotes } from './notes.js';
import { prefixCapacity } from './prefix-capacity.js';
import type { CapacityInput, NodeCapacity } from './types.js';

function featureNotes(limits: Limits, config: TerwayConfig): {
  notes: string[]; erdmaEnis: number; trunk: boolean } {
  const check = checkInstance({ limits, daemonMode: 'ENIMultiIP', config });
  const notes = check.disabled.map((d) =>
    `${d.feature} requested but off: ${d.reason} (Terway logs "${d.log}")`);
  if (check.enableIpv6) notes.push(
    `dual stack: every pod also takes one of ${limits.ipv6PerAdapter} IPv6 per ENI`);
  if (check.enableTrunking) notes.push(
    'trunking on: the trunk ENI is one of the secondary ENIs and still serves ENIIP pods; ' +
    'trunk pods count separately (mode trunk)');
  return { notes, erdmaEnis: check.enableErdma ? erdmaRes(limits) : 0,
    trunk: check.enableTrunking };
}

/**
 * The catalog figures this mode's answer rests on that are modelled for the type: ENIs and IPs
 * per ENI always, IPv6 per ENI and the eRDMA count when those features are on.
 */
function eniipModelled(input: CapacityInput, erdma: boolean): string[] {
  return modelledNotes(input, ['EniQuantity', 'EniPrivateIpAddressQuantity',
    'EniIpv6AddressQuantity', ...(erdma ? ['EriQuantity'] : [])]);
}

function legacy(input: CapacityInput, config: TerwayConfig,
  limits: Limits): Result<NodeCapacity, ConfigIssue> {
  const sizing = computePoolSizing({ config, daemonMode: 'ENIMultiIP', limits });
  if (!sizing.ok) return err(sizing.error);
  const s = sizing.value;
  const { notes, erdmaEnis } = featureNotes(limits, config);
  const enis = Math.max(0, Math.min(s.maxEni, limits.adapters - 1));
  const erdmaShare = erdmaEnis * limits.ipv4PerAdapter;
  const maxPods = Math.max(0, enis * s.maxIpPerEni - erdmaShare);
  let limitedBy: string = s.eniCount.limitedBy;
  if (s.maxEni > limits.adapters - 1) {
    limitedBy = 'EniQuantity';
    notes.push(
      `eni_cap_ratio/eni_cap_shift plan ${s.maxEni} ENIs but the instance attaches ` +
      `${limits.adapters - 1} secondary ENIs; creations beyond fail with ` +
      `EniPerInstanceLimitExceeded`);
  }
  if (s.maxIpPerEni <= 0) limitedBy = 'EniPrivateIpAddressQuantity';
  if (erdmaShare > 0) notes.push(
    `eRDMA keeps ${erdmaEnis} ENI(s) = ${erdmaShare} IPs for eRDMA pods ` +
    `(k8s.aliyun.com/max-erdma-ip)`);
  const formula =
    `maxENI = ${s.eniCount.formula}; maxPods = ${enis} ENIs × EniPrivateIpAddressQuantity ` +
    `${s.maxIpPerEni}${erdmaShare > 0 ? ` − eRDMA ${erdmaShare}` : ''} = ${maxPods}`;
  return ok({
    instanceType: limits.instanceTypeId, mode: 'eniip', maxPods, limitedBy, ipam: 'legacy', enis,
      ipsPerEni: s.maxIpPerEni,
    pool: { minPoolSize: s.minPoolSize, maxPoolSize: s.maxPoolSize },
    advertisedMaxAvailableIp: s.capacity - erdmaShare !== maxPods ?
      s.capacity - erdmaShare : undefined,
    formula,
    notes: [...notes, ...eniipModelled(input, erdmaEnis > 0), kubeletNote(maxPods)],
  });
}

function centralized(input: CapacityInput, config: TerwayConfig, limits: Limits): NodeCapacity {
  const { notes, erdmaEnis, trunk } = featureNotes(limits, config);
  const set: [string, boolean][] = [
    ['max_eni', config.maxEni !== 0], ['min_eni', config.minEni !== 0],
    ['eni_cap_ratio', config.eniCapRatio !== 1], ['eni_cap_shift', config.eniCapShift !== 0],
  ];
  const ignored = set.filter(([, isSet]) => isSet).map(([key]) => key);
  if (ignored.length > 0) notes.push(
    `ipam_type crd ignores ${ignored.join(', ')} (the controlplane sizes ENIs by the instance ` +
    `type)`);
  const pool = { minPoolSize: config.minPoolSize, maxPoolSize: config.maxPoolSize };
  if (ipamStack(config, 'ENIMultiIP') === 'prefix') {
    return prefixCapacity(config, limits, [...notes, ...eniipModelled(input, false)]);
  }
  // The trunk ENI serves ENIIP pods too; the HighPerformance one only eRDMA pods.
  const flavor = eniFlavor(limits.adapters, { trunk, erdma: erdmaEnis > 0 });
  const enis = Math.max(0, flavor.trunk + flavor.secondary);
  const maxPods = enis * limits.ipv4PerAdapter;
  notes.push(`Node CR flavor (the ${Math.max(0, limits.adapters - 1)} secondary ENI slots): ` +
    `${flavorText(flavor)}`);
  return {
    instanceType: limits.instanceTypeId, mode: 'eniip', maxPods, limitedBy: 'EniQuantity',
      ipam: 'crd', enis, ipsPerEni: limits.ipv4PerAdapter, pool,
    formula:
      `maxPods = (EniQuantity ${limits.adapters} − 1` +
      `${flavor.highPerformance > 0 ? ' − 1 eRDMA' : ''}) ENIs ` +
      `× EniPrivateIpAddressQuantity ${limits.ipv4PerAdapter} = ${maxPods}`,
    notes: [...notes, ...eniipModelled(input, erdmaEnis > 0), kubeletNote(maxPods)],
  };
}

export function eniipCapacity(input: CapacityInput,
  config: TerwayConfig): Result<NodeCapacity, ConfigIssue> {
  const limits = limitsFromInstanceType(input.instanceType);
  if (ipamStack(config, 'ENIMultiIP') === 'legacy') return legacy(input, config, limits);
  return ok(centralized(input, config, limits));
}
