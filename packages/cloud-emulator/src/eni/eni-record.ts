// Copying an ENI record with some fields changed. An object literal that names every field is
// several times faster in V8 than `{ ...eni, field }` on this 27-field record, and IP operations
// do this on every call. No EniRecord field is ever `undefined`, so an undefined patch field
// means "unchanged" (null is a value and is kept). Keep the list in step with `EniRecord`: the
// return type makes a missing field a compile error.

import type { EniRecord } from '../state/types.js';

export function withEni(eni: EniRecord, patch: Partial<EniRecord>): EniRecord {
  return {
    id: patch.id !== undefined ? patch.id : eni.id,
    regionId: patch.regionId !== undefined ? patch.regionId : eni.regionId,
    zoneId: patch.zoneId !== undefined ? patch.zoneId : eni.zoneId,
    vpcId: patch.vpcId !== undefined ? patch.vpcId : eni.vpcId,
    vSwitchId: patch.vSwitchId !== undefined ? patch.vSwitchId : eni.vSwitchId,
    mac: patch.mac !== undefined ? patch.mac : eni.mac,
    type: patch.type !== undefined ? patch.type : eni.type,
    status: patch.status !== undefined ? patch.status : eni.status,
    name: patch.name !== undefined ? patch.name : eni.name,
    description: patch.description !== undefined ? patch.description : eni.description,
    resourceGroupId:
      patch.resourceGroupId !== undefined ? patch.resourceGroupId : eni.resourceGroupId,
    securityGroupIds:
      patch.securityGroupIds !== undefined ? patch.securityGroupIds : eni.securityGroupIds,
    tags: patch.tags !== undefined ? patch.tags : eni.tags,
    ipv4: patch.ipv4 !== undefined ? patch.ipv4 : eni.ipv4,
    ipv6: patch.ipv6 !== undefined ? patch.ipv6 : eni.ipv6,
    ipv4Prefixes: patch.ipv4Prefixes !== undefined ? patch.ipv4Prefixes : eni.ipv4Prefixes,
    ipv6Prefixes: patch.ipv6Prefixes !== undefined ? patch.ipv6Prefixes : eni.ipv6Prefixes,
    attachment: patch.attachment !== undefined ? patch.attachment : eni.attachment,
    transition: patch.transition !== undefined ? patch.transition : eni.transition,
    metadata: patch.metadata !== undefined ? patch.metadata : eni.metadata,
    metadataGhosts: patch.metadataGhosts !== undefined ? patch.metadataGhosts : eni.metadataGhosts,
    ipOpBusyUntilMs:
      patch.ipOpBusyUntilMs !== undefined ? patch.ipOpBusyUntilMs : eni.ipOpBusyUntilMs,
    memberEniIds: patch.memberEniIds !== undefined ? patch.memberEniIds : eni.memberEniIds,
    createdMs: patch.createdMs !== undefined ? patch.createdMs : eni.createdMs,
    deleteOnRelease:
      patch.deleteOnRelease !== undefined ? patch.deleteOnRelease : eni.deleteOnRelease,
    sourceDestCheck:
      patch.sourceDestCheck !== undefined ? patch.sourceDestCheck : eni.sourceDestCheck,
    trafficMode: patch.trafficMode !== undefined ? patch.trafficMode : eni.trafficMode,
  };
}
