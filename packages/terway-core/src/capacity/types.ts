// Per-node pod capacity of each Terway network mode: the numbers a capacity planner asks for
// ("how many pods fit on one ecs.g7.xlarge in ENIIP mode, and what stops the next one?"). The
// types here are the `terway-sim capacity` JSON contract.

import type { TerwayConfig } from '../config/terway-config.js';
import type { InstanceTypeInfo } from '../limits/instance-limits.js';

/** The four modes: VPC route, exclusive ENI, shared ENI (multi-IP), trunking. */
export type NetworkMode = 'vpc' | 'eni' | 'eniip' | 'trunk';

export const networkModes: readonly NetworkMode[] = ['vpc', 'eni', 'eniip', 'trunk'];

export interface CapacityInput {
  readonly instanceType: InstanceTypeInfo;
  readonly mode: NetworkMode;
  /**
   * The eni-config; absent means every key at its default (and trunking assumed on for `trunk`).
   */
  readonly config?: TerwayConfig | undefined;
  /** Catalog fields whose values are modelled rather than published (notes say so). */
  readonly modelledFields?: readonly string[] | undefined;
  /** VPC mode: kube-controller-manager --node-cidr-mask-size; default 24. */
  readonly nodeCidrMask?: number | undefined;
  /** VPC mode: the cluster CIDR the node podCIDRs are cut from (bounds the node count). */
  readonly clusterCidr?: string | undefined;
  /** VPC mode: custom route entries per route table; default 200. */
  readonly routeTableEntryQuota?: number | undefined;
  /** VPC mode: kubelet's --max-pods; default 110. */
  readonly kubeletMaxPods?: number | undefined;
}

/** One limit on the pods of a node, with its figure: the breakdown behind `maxPods`. */
export interface CapacityBound {
  readonly limitedBy: string;
  readonly maxPods: number;
  readonly formula: string;
}

/** Pool bounds the daemon works with (after Terway's clamps). */
export interface PoolBounds {
  readonly minPoolSize: number;
  readonly maxPoolSize: number;
}

export interface ClusterCapacity {
  readonly maxNodes: number;
  readonly maxPods: number;
  readonly limitedBy: string;
}

export interface NodeCapacity {
  readonly instanceType: string;
  readonly mode: NetworkMode;
  /** Pods per node that take an IP from Terway (host-network pods aside). */
  readonly maxPods: number;
  /**
   * The quota or eni-config key that binds (e.g. EniQuantity, max_eni, EniTotalQuantity, podCIDR).
   */
  readonly limitedBy: string;
  /** Which IPAM serves the pods: legacy daemon pool, controlplane (crd), prefix, host-local. */
  readonly ipam: 'legacy' | 'crd' | 'prefix' | 'host-local';
  /** ENIs the pods use (secondary ENIs, or trunk member ENIs in trunk mode). */
  readonly enis: number;
  /** Pod IPs per ENI (1 for exclusive and member ENIs). */
  readonly ipsPerEni: number;
  /** Pool bounds from the config (undefined where the mode has no pool). */
  readonly pool: PoolBounds | undefined;
  /** What Terway advertises in k8s.aliyun.com/max-available-ip, when it differs from maxPods. */
  readonly advertisedMaxAvailableIp?: number | undefined;
  /** The arithmetic, with the numbers. */
  readonly formula: string;
  readonly notes: readonly string[];
  /** VPC mode: the cluster-wide bound (one route entry per node). */
  readonly cluster?: ClusterCapacity | undefined;
  /**
   * Every limit considered, the binding one first (`maxPods` and `limitedBy` repeat it), so the
   * breakdown says what else would bind next. Present where a mode has more than one.
   */
  readonly bounds?: readonly CapacityBound[] | undefined;
}
