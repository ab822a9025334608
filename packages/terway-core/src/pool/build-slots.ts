// The Local slots an ENIIP daemon starts with, as Terway's daemon/builder.go `setupENIManager`
// builds them: one slot per secondary ENI found attached (in the order the factory listed them),
// then empty slots until there are `MaxENI` normal slots. With trunking and eRDMA off (the modes
// this package's ENIIP daemon runs), an attached trunk or eRDMA ENI is an ordinary secondary slot,
// as in Terway. More attached ENIs than MaxENI simply means no empty slot.

import type { PoolConfig } from '../config/pool-config.js';
import type { AttachedEni } from '../eni/types.js';
import { Local } from './local.js';
import type { LocalDeps } from './local-state.js';

export interface SlotPlan {
  readonly name: string;
  readonly eni?: AttachedEni | undefined;
}

export function planSlots(attached: readonly AttachedEni[], maxEni: number): SlotPlan[] {
  const loaded = attached.map((eni, index) => ({ name: `slot-${index}`, eni }));
  const emptyCount = Math.max(0, maxEni - attached.length);
  const empty = Array.from({ length: emptyCount },
    (_, index) => ({ name: `slot-${attached.length + index}` }));
  return [...loaded, ...empty];
}

export function createLocalSlots(deps: LocalDeps, pool: PoolConfig,
  attached: readonly AttachedEni[]): Local[] {
  return planSlots(attached, pool.maxEni).map((plan) => new Local(deps, {
    name: plan.name,
    slotType: 'secondary',
    eni: plan.eni,
    batchSize: pool.batchSize,
    cap: pool.maxIpPerEni,
    enableIpv4: pool.enableIpv4,
    enableIpv6: pool.enableIpv6,
  }));
}
