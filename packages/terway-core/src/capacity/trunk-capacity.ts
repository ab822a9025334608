// Trunking capacity: pods with their own member ENI, a VLAN on the node's trunk ENI. The member
// quota is EniTotalQuantity − EniQuantity (pkg/aliyun/client/limit.go MemberAdapterLimit, 0 when
// EniTrunkSupported is false), advertised as `aliyun/member-eni`. The trunk ENI itself takes one
// secondary ENI slot, so the node needs maxENI ≥ 1 (daemon/daemon.go initTrunk).

import { err, ok, type Result } from '@terway-sim/sim-base';
import type { ConfigIssue } from '../config/config-issue.js';
import type { TerwayConfig } from '../config/terway-config.js';
import { computePoolSizing } from '../config/pool-config.js';
import { limitsFromInstanceType } from '../limits/instance-limits.js';
import { kubeletNote, modelledNotes } from './notes.js';
import type { CapacityInput, NodeCapacity } from './types.js';

function blocker(input: CapacityInput, config: TerwayConfig, maxEni: number): {
  limitedBy: string; why: string } | undefined {
  const info = input.instanceType;
  if (!info.EniTrunkSupported) return { limitedBy: 'EniTrunkSupported', why:
    `${info.InstanceTypeId} does not support trunking (EniTrunkSupported false): trunk pods ` +
    `stay Pending on aliyun/member-eni (F18)` };
  if (info.EniTotalQuantity <= info.EniQuantity) return { limitedBy: 'EniTotalQuantity', why:
    `EniTotalQuantity ${info.EniTotalQuantity} leaves no member ENIs beside EniQuantity ` +
    `${info.EniQuantity}` };
  if (input.config !== undefined && !config.enableEniTrunking) return {
    limitedBy: 'enable_eni_trunking', why:
      'enable_eni_trunking is false in the config: no trunk ENI is created' };
  if (maxEni <= 0) return { limitedBy: 'max_eni', why:
    `maxENI is ${maxEni}: no secondary ENI slot is left for the trunk ENI, so Terway turns ` +
    `trunking off` };
  return undefined;
}

export function trunkCapacity(input: CapacityInput,
  config: TerwayConfig): Result<NodeCapacity, ConfigIssue> {
  const limits = limitsFromInstanceType(input.instanceType);
  const sizing = computePoolSizing({ config, daemonMode: 'ENIMultiIP', limits });
  if (!sizing.ok) return err(sizing.error);
  const s = sizing.value;
  const notes = modelledNotes(input, ['EniQuantity', 'EniTotalQuantity', 'EniTrunkSupported']);
  const blocked = blocker(input, config, s.maxEni);
  const base = { instanceType: limits.instanceTypeId, mode: 'trunk' as const, ipam: 'crd' as const,
    ipsPerEni: 1, pool: undefined };
  if (blocked !== undefined) {
    return ok({ ...base, maxPods: 0, limitedBy: blocked.limitedBy, enis: 0,
      formula: `maxPods = 0: ${blocked.why}`, notes });
  }
  const maxPods = limits.memberAdapterLimit;
  if (input.config === undefined) notes.push('no config given: assumed enable_eni_trunking true');
  notes.push(
    `the trunk ENI takes 1 of ${Math.max(0, s.maxEni)} secondary ENI slots; ENIIP pods on the ` +
    `same node use the rest (mode eniip)`);
  return ok({
    ...base, maxPods, limitedBy: 'EniTotalQuantity', enis: maxPods,
    formula:
      `maxPods = EniTotalQuantity ${input.instanceType.EniTotalQuantity} − EniQuantity ` +
      `${input.instanceType.EniQuantity} = ${maxPods} member ENIs`,
    notes: [...notes, kubeletNote(maxPods)],
  });
}
