// What the legacy daemon advertises on its Kubernetes Node at startup (daemon/builder.go
// setupENIManager and daemon/daemon.go runDevicePlugin): the annotations the scheduler extender
// and the controlplane read, and the extended resources its device plugins register. Pure: the
// caller passes the pool sizing and the features left on after the instance checks.

import type { DaemonMode } from './daemon-mode.js';
import type { PoolSizing } from './pool-config.js';
import type { Limits } from '../limits/instance-limits.js';

export const maxAvailableIpAnnotation = 'k8s.aliyun.com/max-available-ip';
export const trunkOnAnnotation = 'k8s.aliyun.com/trunk-on';
export const maxMemberEniIpAnnotation = 'k8s.aliyun.com/max-member-eni-ip';
export const maxErdmaIpAnnotation = 'k8s.aliyun.com/max-erdma-ip';

export const memberEniResource = 'aliyun/member-eni';
export const eniResource = 'aliyun/eni';
export const erdmaResource = 'aliyun/erdma';

export interface NodeResourcesInput {
  readonly daemonMode: DaemonMode;
  readonly sizing: Pick<PoolSizing, 'capacity' | 'maxMemberEni'>;
  readonly limits: Limits;
  /** Trunking still on after the checks and a trunk ENI found or created; its id. */
  readonly trunkEniId: string | undefined;
  /** eRDMA still on after the checks. */
  readonly enableErdma: boolean;
  /** eRDMA ENIs counted (erdmaRes, possibly cut by the slot check). */
  readonly erdmaCount: number;
  readonly disableDevicePlugin: boolean;
}

export interface NodeResources {
  /** Annotations the daemon patches onto the Node (merge patch, skipped when equal). */
  readonly annotations: { readonly [key: string]: string };
  /** Extended resources its device plugins register, with their counts. */
  readonly extendedResources: { readonly [name: string]: number };
  /** eRDMA capacity the pool ends up with (PoolConfig.ERdmaCapacity after the builder). */
  readonly erdmaCapacity: number;
}

export function nodeResources(input: NodeResourcesInput): NodeResources {
  const annotations: Record<string, string> = {};
  const resources: Record<string, number> = {};
  const trunk = input.trunkEniId !== undefined;
  if (trunk) {
    annotations[trunkOnAnnotation] = input.trunkEniId!;
    annotations[maxMemberEniIpAnnotation] = String(input.sizing.maxMemberEni);
  }
  annotations[maxAvailableIpAnnotation] = String(input.sizing.capacity);
  let erdmaCapacity = 0;
  if (input.enableErdma) {
    const perEni = input.daemonMode === 'ENIMultiIP' ? input.limits.ipv4PerAdapter : 1;
    erdmaCapacity = input.erdmaCount * perEni;
    annotations[maxAvailableIpAnnotation] = String(input.sizing.capacity - erdmaCapacity);
    annotations[maxErdmaIpAnnotation] = String(erdmaCapacity);
  }
  if (input.daemonMode === 'ENIMultiIP' && trunk) resources[
    memberEniResource] = input.sizing.maxMemberEni;
  if (input.daemonMode === 'ENIOnly' && !input.disableDevicePlugin) resources[
    eniResource] = input.sizing.capacity;
  if (input.enableErdma && !input.disableDevicePlugin && erdmaCapacity > 0) resources[
    erdmaResource] = erdmaCapacity;
  return { annotations, extendedResources: resources, erdmaCapacity };
}
