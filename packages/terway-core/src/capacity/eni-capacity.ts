// Exclusive ENI (ENIOnly) capacity: one whole secondary ENI per pod. The daemon advertises
// `aliyun/eni` = maxENI after eni-config (daemon/config.go getPoolConfig, ENIOnly branch), which
// the scheduler counts; eRDMA ENIs come out of the same slots. No IP pool in this mode.

import { err, ok, type Result } from '@terway-sim/sim-base';
import type { ConfigIssue } from '../config/config-issue.js';
import type { TerwayConfig } from '../config/terway-config.js';
import { computePoolSizing } from '../config/pool-config.js';
import { checkInstance } from '../limits/instance-checks.js';
import { erdmaRes, limitsFromInstanceType } from '../limits/instance-limits.js';
import { kubeletNote, modelledNotes } from './notes.js';
import type { CapacityInput, NodeCapacity } from './types.js';

export function eniCapacity(input: CapacityInput,
  config: TerwayConfig): Result<NodeCapacity, ConfigIssue> {
  const limits = limitsFromInstanceType(input.instanceType);
  const sizing = computePoolSizing({ config, daemonMode: 'ENIOnly', limits });
  if (!sizing.ok) return err(sizing.error);
  const s = sizing.value;
  const check = checkInstance({ limits, daemonMode: 'ENIOnly', config });
  const notes = check.disabled.map((d) =>
    `${d.feature} requested but off: ${d.reason} (Terway logs "${d.log}")`);
  const enis = Math.max(0, Math.min(s.maxEni, limits.adapters - 1));
  const erdma = check.enableErdma ? erdmaRes(limits) : 0;
  const maxPods = Math.max(0, enis - erdma);
  let limitedBy: string = s.eniCount.limitedBy;
  if (s.maxEni > limits.adapters - 1) {
    limitedBy = 'EniQuantity';
    notes.push(
      `eni_cap_ratio/eni_cap_shift plan ${s.maxEni} ENIs but the instance attaches ` +
      `${limits.adapters - 1} secondary ENIs; aliyun/eni overstates capacity`);
  }
  if (erdma > 0) notes.push(`eRDMA keeps ${erdma} ENI(s) for eRDMA pods`);
  notes.push(
    'ENIOnly nodes (label k8s.aliyun.com/exclusive-mode-eni-type=eniOnly) keep no IP pool: the ' +
    'controlplane creates an ENI per pod');
  const advertised = s.capacity - erdma;
  return ok({
    instanceType: limits.instanceTypeId, mode: 'eni', maxPods, limitedBy, ipam: 'crd', enis,
      ipsPerEni: 1, pool: undefined,
    advertisedMaxAvailableIp: advertised !== maxPods ? advertised : undefined,
    formula:
      `maxENI = ${s.eniCount.formula}; maxPods = ${enis} ENIs × ` +
      `1${erdma > 0 ? ` − eRDMA ${erdma}` : ''} = ${maxPods}`,
    notes: [...notes, ...modelledNotes(input, ['EniQuantity', 'EniIpv6AddressQuantity',
      ...(erdma > 0 ? ['EriQuantity'] : [])]), kubeletNote(maxPods)],
  });
}
