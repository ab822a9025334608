// What a Local ENI slot does with an allocation request, in the decision order of Terway's
// pkg/eni/local.go `Local.Allocate`:
//   1. not a LocalIP request, or eRDMA-ness differs from the slot type ⇒ ResourceTypeMismatch;
//   2. slot Deleting ⇒ decline silently (no trace);
//   3. the request names an ENI and this slot holds another ⇒ NetworkInterfaceMismatch
//      (an empty slot does not decline);
//   4. per enabled family: pre-warm (NoCache) ⇒ Full when addresses + queued ≥ cap, else one new
//      address expected; normal ⇒ the pod's own or any allocatable address, else Full when
//      addresses + queued ≥ cap, else one new address expected;
//   5. a new address expected while the slot is inhibited ⇒ InsufficientVSwitchIP
//      ("alloc inhibit, expire at …");
//   6. every family served from idle addresses ⇒ commit them; otherwise queue the request.
// Pure: the slot's state comes in as a view, the verdict goes out as a value.

import type { PoolIpSet, PoolIp } from './ip-set.js';
import type { SlotStatus } from './priority.js';
import type { ResourceRequest, Trace } from './types.js';

export interface AllocateView {
  readonly slotType: string;
  readonly status: SlotStatus;
  readonly eniId?: string | undefined;
  readonly enableIpv4: boolean;
  readonly enableIpv6: boolean;
  readonly ipv4: PoolIpSet;
  readonly ipv6: PoolIpSet;
  /** Live queued requests (Terway's allocating queues, dead worker contexts filtered out). */
  readonly queuedV4: number;
  readonly queuedV6: number;
  /** IPs per ENI (MaxIPPerENI). */
  readonly cap: number;
  /** 0 when never inhibited. */
  readonly inhibitUntilMs: number;
  readonly nowMs: number;
}

export type AllocateDecision =
  | { readonly kind: 'decline'; readonly trace?: Trace | undefined }
  | {
    readonly kind: 'commit';
    readonly ipv4?: PoolIp | undefined;
    readonly ipv6?: PoolIp | undefined;
  }
  | { readonly kind: 'queue'; readonly expectV4: number; readonly expectV6: number };

type FamilyVerdict =
  | { readonly full: true }
  | { readonly full: false; readonly ip?: PoolIp | undefined; readonly expect: number };
const familyOff: FamilyVerdict = { full: false, expect: 0 };

function family(set: PoolIpSet, queued: number, cap: number, noCache: boolean,
  podId: string): FamilyVerdict {
  if (noCache) return set.size + queued >= cap ? { full: true } : { full: false, expect: 1 };
  const ip = set.peekAvailable(podId);
  if (ip !== undefined) return { full: false, ip, expect: 0 };
  return set.size + queued >= cap ? { full: true } : { full: false, expect: 1 };
}

/**
 * @param inhibitText how the inhibit deadline is printed in the trace (Terway prints Go's
 *   time.Time String form); only called when the slot declines for the inhibit.
 */
export function decideLocalAllocate(view: AllocateView, request: ResourceRequest, podId: string,
  inhibitText: (untilMs: number) => string): AllocateDecision {
  const erdmaMismatch = request.type === 'LocalIP' &&
    (request.localIpType === 'ERDMA') !== (view.slotType === 'erdma');
  if (request.type !== 'LocalIP' || erdmaMismatch) {
    return { kind: 'decline', trace: { condition: 'ResourceTypeMismatch' } };
  }
  if (view.status === 'Deleting') return { kind: 'decline' };
  const wanted = request.networkInterfaceId;
  if (wanted !== '' && view.eniId !== undefined && view.eniId !== wanted) {
    return { kind: 'decline', trace: { condition: 'NetworkInterfaceMismatch' } };
  }
  const { cap } = view;
  const { noCache } = request;
  const v4 = view.enableIpv4 ? family(view.ipv4, view.queuedV4, cap, noCache, podId) : familyOff;
  if (v4.full) return { kind: 'decline', trace: { condition: 'Full' } };
  const v6 = view.enableIpv6 ? family(view.ipv6, view.queuedV6, cap, noCache, podId) : familyOff;
  if (v6.full) return { kind: 'decline', trace: { condition: 'Full' } };
  if ((v4.expect > 0 || v6.expect > 0) && view.inhibitUntilMs > view.nowMs) {
    const reason = `alloc inhibit, expire at ${inhibitText(view.inhibitUntilMs)}`;
    return { kind: 'decline', trace: { condition: 'InsufficientVSwitchIP', reason } };
  }
  const servedV4 = !view.enableIpv4 || v4.ip !== undefined;
  const servedV6 = !view.enableIpv6 || v6.ip !== undefined;
  if (servedV4 && servedV6) return { kind: 'commit', ipv4: v4.ip, ipv6: v6.ip };
  return { kind: 'queue', expectV4: v4.expect, expectV6: v6.expect };
}
