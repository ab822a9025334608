// What a world is built from: the cloud (region, VPC, vSwitches, security groups, quotas, flow
// control, latency), the cluster (Terway's network mode, node groups) and the resolved
// eni-config. The scenario DSL parses files into these shapes; tests may write them directly.
//
// Declared ids: a spec may name vSwitches and security groups with the ids its eni-config uses
// (a real cluster's `vsw-bp1…`); the emulator mints its own, and the world maps one to the other.

import type { CniConfig, JsonObject } from '@terway-sim/terway-core';

export type NetworkMode = 'eniip' | 'eni' | 'trunk' | 'vpc';

export interface VSwitchSpec {
  readonly id?: string | undefined;
  readonly zone: string;
  readonly cidr: string;
  readonly ipv6Cidr?: string | undefined;
}

export interface SecurityGroupSpec {
  readonly id?: string | undefined;
  readonly type: 'normal' | 'enterprise';
}

export interface CloudSpec {
  readonly region: string;
  /** `fast` keeps API latency and async transitions short; `realistic` uses documented defaults. */
  readonly latency: 'fast' | 'realistic';
  readonly vpc: { readonly cidr: string; readonly routeEntryQuota: number };
  readonly vSwitches: readonly VSwitchSpec[];
  readonly securityGroups: readonly SecurityGroupSpec[];
  readonly quotas: { readonly enisPerRegion?: number | undefined };
  /** Server-side throttling, calls per minute per API. */
  readonly rateLimits: Readonly<Record<string, number>>;
}

export interface NodeGroupSpec {
  readonly name: string;
  readonly count: number;
  readonly instanceType: string;
  readonly zone: string;
  /**
   * The vSwitch of the nodes' primary ENIs (declared/minted id or index); default: first in zone.
   */
  readonly vSwitch?: string | number | undefined;
  readonly labels: Readonly<Record<string, string>>;
  /** kubelet's --max-pods. */
  readonly maxPods: number;
  /** A per-node eni_conf merged onto the base (the `terway-config` label's dynamic config). */
  readonly config?: Readonly<Record<string, unknown>> | undefined;
}

export interface ClusterSpec {
  readonly mode: NetworkMode;
  /** VPC route mode: the cluster CIDR node podCIDRs are cut from, and their mask size. */
  readonly podCidr: string;
  readonly nodeCidrMaskSize: number;
  readonly nodeGroups: readonly NodeGroupSpec[];
}

/** The eni-config as Terway's pods read it: the CNI config and the `eni_conf` document. */
export interface ResolvedEniConfig {
  readonly cni: CniConfig;
  readonly eniConf: JsonObject;
  /** The ConfigMap's `disable_network_policy` data key as written, when present. */
  readonly disableNetworkPolicy?: string | undefined;
}

export interface WorldSpec {
  readonly name: string;
  readonly cloud: CloudSpec;
  readonly cluster: ClusterSpec;
}
