// The second half of the asynchronous ENI operations, run by a timer at the instant the first
// half recorded: Attaching → InUse, Detaching → Available (the attachment and its device index
// are released), Deleting → gone (addresses back to the vSwitch, security-group counts and the
// account quota decremented). `releaseEni` and `detachNow` also serve DeleteInstance, which
// detaches or deletes its ENIs at once.

import type { RegionDraft } from '../state/region-draft.js';
import type { EniRecord, EniStatus } from '../state/types.js';
import { releaseIpv4, releaseIpv4Prefixes, releaseIpv6 } from './ip-allocation.js';
import { withEni } from './eni-record.js';

export interface EniStateChange {
  readonly eniId: string;
  readonly instanceId: string | null;
  readonly from: EniStatus;
  readonly to: EniStatus | 'Gone';
}

/** Takes the ENI off its instance (and trunk) now; the record is Available and unattached. */
export function detachNow(draft: RegionDraft, eni: EniRecord): EniRecord {
  const attachment = eni.attachment;
  if (attachment !== null) {
    const instance = draft.instance(attachment.instanceId);
    if (instance !== undefined) {
      draft.putInstance({
        ...instance,
        eniIds: instance.eniIds.filter((other) => other !== eni.id),
        memberEniIds: instance.memberEniIds.filter((other) => other !== eni.id),
      });
    }
    const trunk = attachment.trunkEniId === null ? undefined : draft.eni(attachment.trunkEniId);
    if (trunk !== undefined) draft.putEni(withEni(trunk,
      { memberEniIds: trunk.memberEniIds.filter((other) => other !== eni.id) }));
  }
  const detached: EniRecord = withEni(eni,
    { status: 'Available', type: eni.type === 'Member' ? 'Secondary' : eni.type, attachment: null,
    transition: null, metadata: null, metadataGhosts: [],
  });
  draft.putEni(detached);
  return detached;
}

/** Removes the ENI: its addresses return to the vSwitch and it stops counting anywhere. */
export function releaseEni(draft: RegionDraft, eni: EniRecord): void {
  releaseIpv4(draft, eni.vSwitchId, eni.id, eni.ipv4.map((ip) => ip.ip));
  releaseIpv4Prefixes(draft, eni.vSwitchId, eni.id,
    eni.ipv4Prefixes.map((prefix) => prefix.prefix));
  releaseIpv6(draft, eni.vSwitchId,
    [...eni.ipv6.map((ip) => ip.ip), ...eni.ipv6Prefixes.map((prefix) => prefix.prefix)]);
  for (const groupId of eni.securityGroupIds) {
    const group = draft.securityGroups.get(groupId);
    if (group !== undefined) draft.securityGroups.set(groupId,
      { ...group, ipCount: group.ipCount - eni.ipv4.length });
  }
  if (eni.type !== 'Primary') draft.quotaEniCount--;
  draft.enis = draft.enis.delete(eni.id);
}

/** Completes the ENI's pending transition if it is due; null when nothing was due. */
export function completeEniTransition(draft: RegionDraft, eniId: string,
  nowMs: number): EniStateChange | null {
  const eni = draft.eni(eniId);
  const transition = eni?.transition;
  if (
    eni === undefined ||
    transition === null ||
    transition === undefined ||
    transition.atMs === null ||
    transition.atMs > nowMs
  ) {
    return null;
  }
  const instanceId = eni.attachment?.instanceId ?? null;
  if (transition.to === 'InUse') {
    draft.putEni(withEni(eni, { status: 'InUse', transition: null }));
  } else if (transition.to === 'Available') {
    detachNow(draft, eni);
  } else if (transition.to === 'Gone') {
    releaseEni(draft, eni);
  } else {
    draft.putEni(withEni(eni, { status: transition.to, transition: null }));
  }
  return { eniId, instanceId, from: eni.status, to: transition.to };
}
