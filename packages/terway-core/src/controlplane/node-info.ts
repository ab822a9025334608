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
  return exclusiveModeOf(node.metadata?.labels) === 'eniOnly';
}

/** The label virtual-kubelet nodes carry (utils.ISVKNode); no ENI can reach them. */
export const labelVirtualKubeletType = 'type';
/** Lingjun (EFLO) nodes, whose ENIs come from another API (not modelled). */
export const labelLingjunWorker = 'alibabacloud.com/lingjun-worker';

/** processNode (pod and PodENI controllers): not ignore-by-terway, not a virtual-kubelet node. */
export function isManagedNode(node: NodeObject): boolean {
  const labels = node.metadata?.labels ?? {};
  return labels[labelIgnoreByTerway] !== 'true'
    && labels[labelVirtualKubeletType] !== 'virtual-kubelet';
}

/**
 * The node controller's predicate (predicateForNodeEvent, EFLO unsupported): a node without a
 * region label, ignored, virtual-kubelet or Lingjun is skipped quietly — no Node CR, no error.
 */
export function isProcessedNode(node: NodeObject): boolean {
  const labels = node.metadata?.labels ?? {};
  return (labels[labelTopologyRegion] ?? '') !== '' && isManagedNode(node)
    && labels[labelLingjunWorker] !== 'true';
}

/** types.NodeExclusiveENIMode: the mode recorded on the Node CR, `eniOnly` or `default`. */
export function exclusiveModeOf(labels: { readonly [key: string]: string } | undefined):
  'eniOnly' | 'default' {
  return (labels?.[exclusiveEniModeLabel] ?? '').toLowerCase() === 'enionly' ? 'eniOnly'
    : 'default';
}
