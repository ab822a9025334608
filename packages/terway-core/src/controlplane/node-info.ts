// What the controlplane reads off a Kubernetes Node (Terway's pkg/controller/common
// NewNodeInfo, types.NodeExclusiveENIMode): the instance id from `spec.providerID`
// (`<region>.<instance>`), region, instance type and zone labels, and the trunk ENI the daemon
// announced in `k8s.aliyun.com/trunk-on`. Pure; errors are Terway's texts.

import { err, ok, type Result } from '@terway-sim/sim-base';
import { exclusiveEniModeLabel } from '../config/daemon-mode.js';
import type { NodeObject } from '../ports/kube.js';
import {
  annotationTrunkOn, labelIgnoreByTerway, labelInstanceType, labelTopologyRegion,
  labelTopologyZone, labelZoneFailureDomain,
} from './names.js';

export interface NodeInfo {
  readonly nodeName: string;
  readonly instanceId: string;
  readonly trunkEniId: string;
  readonly regionId: string;
  readonly instanceType: string;
  readonly zoneId: string;
}

export function nodeInfoOf(node: NodeObject): Result<NodeInfo, string> {
  const name = node.metadata?.name ?? '';
  const labels = node.metadata?.labels ?? {};
  const providerId = node.spec?.providerID ?? '';
  const parts = providerId.split('.');
  if (parts.length < 2) return err(`error parse providerID ${providerId}`);
  const instanceId = parts[1]!;
  if (instanceId === '') return err(`can not found instanceID from node ${name}`);
  const regionId = labels[labelTopologyRegion] ?? '';
  if (regionId === '') return err(`can not found regionID from node ${name}`);
  const instanceType = labels[labelInstanceType] ?? '';
  if (instanceType === '') return err(`can not found instance type from node ${name}`);
  const zoneId = labels[labelTopologyZone] ?? labels[labelZoneFailureDomain];
  if (zoneId === undefined) return err(`can not found zone label from node ${name}`);
  return ok({ nodeName: name, instanceId, regionId, instanceType, zoneId,
    trunkEniId: node.metadata?.annotations?.[annotationTrunkOn] ?? '' });
}

/** types.NodeExclusiveENIMode == ExclusiveENIOnly. */
export function isExclusiveNode(node: NodeObject): boolean {
  return (node.metadata?.labels?.[exclusiveEniModeLabel] ?? '').toLowerCase() === 'enionly';
}

/** processNode: nodes labelled ignore-by-terway are left alone. */
export function isManagedNode(node: NodeObject): boolean {
  return node.metadata?.labels?.[labelIgnoreByTerway] !== 'true';
}
