// The VPC fabric's packet filter over the cloud emulator's state: the security groups of the ENI
// a packet leaves or enters (an ENI's groups are the emulator's record of it: a node's primary
// ENI, a shared ENIIP ENI, an exclusive ENI, a trunk member ENI with the groups its
// PodNetworking asked for), decided by the emulator's evaluator of Alibaba's rule order.

import {
  evaluateSecurityGroups, type CloudEmulator, type SecurityGroupRecord,
} from '@terway-sim/cloud-emulator';
import type { FabricCrossing, SecurityGroupBlock } from '@terway-sim/kernel-shim';

interface EniGroups {
  readonly eniId: string;
  readonly groupIds: readonly string[];
  /** The instance whose primary ENI this is, if it is one. */
  readonly primaryOf?: string;
}

interface Index {
  readonly state: unknown;
  readonly byMac: ReadonlyMap<string, EniGroups>;
  readonly groups: ReadonlyMap<string, SecurityGroupRecord>;
}

export class SecurityGroupFilter {
  /** Rebuilt only when the cloud state object changes (it is immutable). */
  private index: Index | undefined;

  constructor(private readonly cloud: CloudEmulator) {}

  private current(): Index {
    const state = this.cloud.state;
    if (this.index?.state === state) return this.index;
    const view = this.cloud.view();
    const byMac = new Map<string, EniGroups>();
    for (const eni of view.enis()) {
      const instanceId = eni.attachment?.instanceId;
      byMac.set(eni.mac.toLowerCase(), { eniId: eni.id, groupIds: eni.securityGroupIds,
        ...(eni.type === 'Primary' && instanceId !== undefined ? { primaryOf: instanceId } : {}) });
    }
    const groups = new Map(view.securityGroups().map((group) => [group.id, group]));
    this.index = { state, byMac, groups };
    return this.index;
  }

  /** The ENI with this MAC: its id, groups and (for a primary ENI) instance. */
  eniOf(mac: string): EniGroups | undefined {
    return this.current().byMac.get(mac.toLowerCase());
  }

  /** The block for this crossing, or undefined when the ENI's groups let it through. */
  filter(crossing: FabricCrossing): SecurityGroupBlock | undefined {
    const egress = crossing.direction === 'egress';
    const index = this.current();
    const ownMac = egress ? crossing.srcEniMac : crossing.dstEniMac;
    const peerMac = egress ? crossing.dstEniMac : crossing.srcEniMac;
    const own = ownMac === undefined ? undefined : index.byMac.get(ownMac.toLowerCase());
    if (own === undefined) return undefined;
    const groups = own.groupIds.flatMap((id) => index.groups.get(id) ?? []);
    const peer = peerMac === undefined ? undefined : index.byMac.get(peerMac.toLowerCase());
    const verdict = evaluateSecurityGroups(groups, {
      direction: crossing.direction,
      protocol: crossing.protocol,
      ...(crossing.port !== undefined ? { port: crossing.port } : {}),
      peerIp: egress ? crossing.dst : crossing.src,
      peerGroupIds: peer?.groupIds ?? [],
    });
    if (verdict.allowed) return undefined;
    return { kind: 'securityGroup', id: verdict.groupId, rule: verdict.ruleId,
      direction: crossing.direction, eni: own.eniId };
  }
}
