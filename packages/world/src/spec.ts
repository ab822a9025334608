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
  /** The vSwitch's IPv6 /64, inside the VPC's /56 (dual stack). */
  readonly ipv6Cidr?: string | undefined;
}

export interface SecurityGroupSpec {
  readonly id?: string | undefined;
  readonly type: 'normal' | 'enterprise';
  /** Rules added at setup, in order (AuthorizeSecurityGroup / AuthorizeSecurityGroupEgress). */
  readonly rules?: readonly SecurityGroupRuleSpec[] | undefined;
}

/** A NAT gateway in a vSwitch (declared id) whose EIP translates each source of `snat`. */
export interface NatGatewaySpec {
  readonly vSwitch: string;
  /** Sources: a vSwitch (declared id) or a CIDR each. */
  readonly snat: readonly { readonly vSwitch?: string | undefined;
    readonly cidr?: string | undefined }[];
}

/** One security-group rule as a scenario writes it; ids of groups are declared or minted ids. */
export interface SecurityGroupRuleSpec {
  readonly direction: 'ingress' | 'egress';
  readonly policy: 'accept' | 'drop';
  /** 1 (first) to 100 (last). */
  readonly priority: number;
  readonly protocol: 'tcp' | 'udp' | 'icmp' | 'all';
  /** `from/to` (`22/22`), or `-1/-1` for ICMP and ALL. */
  readonly ports: string;
  /** The peer: a CIDR or a security group (exactly one). */
  readonly cidr?: string | undefined;
  readonly group?: string | undefined;
}

/**
 * A PodNetworking made at setup (trunk/exclusive-ENI modes): pods whose labels match get member
 * or exclusive ENIs in these security groups and vSwitches (declared or minted ids).
 */
export interface PodNetworkingSetup {
  readonly name: string;
  readonly podSelector: Readonly<Record<string, string>>;
  readonly securityGroups: readonly string[];
  readonly vSwitches: readonly string[];
}

export interface CloudSpec {
  readonly region: string;
  /** `fast` keeps API latency and async transitions short; `realistic` uses documented defaults. */
  readonly latency: 'fast' | 'realistic';
  readonly vpc: {
    readonly cidr: string;
    readonly routeEntryQuota: number;
    /** The VPC's IPv6 /56; default: the /56 of the first vSwitch that has an IPv6 /64. */
    readonly ipv6Cidr?: string | undefined;
  };
  readonly vSwitches: readonly VSwitchSpec[];
  readonly securityGroups: readonly SecurityGroupSpec[];
  /** Internet NAT gateways made at setup, each with one EIP and its SNAT entries. */
  readonly natGateways?: readonly NatGatewaySpec[] | undefined;
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
  /** Node object annotations (e.g. `alibabacloud.com/instance-type-info`). */
  readonly annotations?: Readonly<Record<string, string>> | undefined;
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
  readonly podNetworkings?: readonly PodNetworkingSetup[] | undefined;
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
