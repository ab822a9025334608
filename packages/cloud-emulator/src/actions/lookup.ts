// Resource lookups that answer with the cloud's not-found codes, and the small checks several
// actions share (tags, security groups, instance types). Each returns a Result so an action's
// validation reads as a list of early returns.

import { err, ok, type Result } from '@terway-sim/sim-base';
import { findInstanceType, type InstanceTypeRecord } from '../catalog/instance-types.js';
import { apiError, type ApiError } from '../errors/catalog.js';
import type { RegionDraft } from '../state/region-draft.js';
import type {
  EniRecord, InstanceRecord, SecurityGroupRecord, Tag, VpcRecord, VSwitchRecord,
} from '../state/types.js';
import type { CloudQuotas } from './context.js';

export function findEni(draft: RegionDraft, id: string): Result<EniRecord, ApiError> {
  const eni = draft.eni(id);
  return eni === undefined ? err(apiError('InvalidEniId.NotFound',
    `NetworkInterfaceId: ${id}`)) : ok(eni);
}

export function findInstance(draft: RegionDraft, id: string): Result<InstanceRecord, ApiError> {
  const instance = draft.instance(id);
  return instance === undefined ? err(apiError('InvalidInstanceId.NotFound',
    `InstanceId: ${id}`)) : ok(instance);
}

export function findVSwitch(draft: RegionDraft, id: string): Result<VSwitchRecord, ApiError> {
  const vSwitch = draft.vSwitches.get(id);
  return vSwitch === undefined ? err(apiError('InvalidVSwitchId.NotFound',
    `VSwitchId: ${id}`)) : ok(vSwitch);
}

export function findVpc(draft: RegionDraft, id: string): Result<VpcRecord, ApiError> {
  const vpc = draft.vpcs.get(id);
  return vpc === undefined ? err(apiError('InvalidVpcId.NotFound', `VpcId: ${id}`)) : ok(vpc);
}

export function instanceTypeOf(instance: InstanceRecord): InstanceTypeRecord {
  const type = findInstanceType(instance.instanceType);
  if (type === undefined)
    throw new Error(`instance ${instance.id} has unknown type ${instance.instanceType}`);
  return type;
}

/** Security groups by id: each must exist and be in `vpcId`; at most the per-ENI quota. */
export function findSecurityGroups(
  draft: RegionDraft, ids: readonly string[], vpcId: string, quotas: CloudQuotas,
): Result<SecurityGroupRecord[], ApiError> {
  const unique = [...new Set(ids)];
  if (unique.length > quotas.securityGroupsPerEni) {
    return err(apiError('SecurityGroupInstanceLimitExceed',
      `at most ${quotas.securityGroupsPerEni} security groups per ENI`));
  }
  const groups: SecurityGroupRecord[] = [];
  for (const id of unique) {
    const group = draft.securityGroups.get(id);
    if (group === undefined) return err(apiError('InvalidSecurityGroupId.NotFound',
      `SecurityGroupId: ${id}`));
    if (group.vpcId !== vpcId) return err(apiError('InvalidOperation.VpcMismatch',
      `security group ${id} is in ${group.vpcId}`));
    groups.push(group);
  }
  return ok(groups);
}

/** Checks that `more` private IPs fit in every group, then counts them in. */
export function addSecurityGroupIps(
  draft: RegionDraft, groupIds: readonly string[], more: number, quotas: CloudQuotas,
): Result<void, ApiError> {
  for (const id of groupIds) {
    const group = draft.securityGroups.get(id)!;
    const limit =
      group.type === 'enterprise'
        ? quotas.securityGroupIpsEnterprise
        : quotas.securityGroupIpsNormal;
    if (more > 0 && group.ipCount + more > limit) {
      return err(apiError('SecurityGroupInstanceLimitExceed',
        `security group ${id} (${group.type}) holds at most ${limit} private IPs`));
    }
  }
  for (const id of groupIds) {
    const group = draft.securityGroups.get(id)!;
    draft.securityGroups.set(id, {
      ...group,
      ipCount: group.ipCount + more,
    });
  }
  return ok(undefined);
}

/** Request tags (`Tag.N.Key/Value`) as records; duplicate keys are refused. */
export function tagsFrom(
  tags: readonly { Key: string; Value?: string | undefined }[] | undefined,
): Result<Tag[], ApiError> {
  const out: Tag[] = [];
  const seen = new Set<string>();
  for (const tag of tags ?? []) {
    if (seen.has(tag.Key)) return err(apiError('Duplicate.TagKey', `Tag key ${tag.Key}`));
    seen.add(tag.Key);
    out.push({ Key: tag.Key, Value: tag.Value ?? '' });
  }
  return ok(out);
}

/** True when the record carries every requested tag (value '' or absent matches any value). */
export function hasTags(recordTags: readonly Tag[],
  wanted: readonly { Key: string; Value?: string | undefined }[]): boolean {
  return wanted.every((tag) => recordTags.some((own) => own.Key === tag.Key &&
    (tag.Value === undefined || tag.Value === '' || own.Value === tag.Value)));
}
