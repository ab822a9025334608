// The Kubernetes cluster: Terway's network mode, node groups and their instance types, and the
// eni-config (the ConfigMap users already have, inline or by path).

import { z } from 'zod';
import { bounds } from './bounds.js';
import { boundedInt, boundedList, ipv4Cidr, objectName, stringMap } from './primitives.js';

export const networkMode = z.enum(['eniip', 'eni', 'trunk', 'vpc']);
export type NetworkMode = z.output<typeof networkMode>;

export const nodeGroupSpec = z.strictObject({
  name: objectName,
  count: boundedInt(bounds.nodes),
  instanceType: z
    .string()
    .regex(/^ecs\.[a-z0-9.-]+$/, 'expected an ECS instance type like "ecs.g7.xlarge"'),
  zone: z.string().min(1),
  /**
   * The vSwitch of the nodes' primary ENIs (id or index into cloud.vSwitches); default: first in
   * the zone.
   */
  vSwitch: z.union([z.string(), boundedInt(bounds.vSwitches)]).optional(),
  labels: stringMap.default({}),
  /**
   * Annotations of the nodes' Node objects, e.g. `alibabacloud.com/instance-type-info` (the
   * InstanceType JSON Terway's daemon reads its limits from before asking DescribeInstanceTypes).
   */
  annotations: stringMap.optional(),
  /** kubelet's --max-pods. */
  maxPods: boundedInt(bounds.maxPods).default(110),
  /**
   * A per-node eni_conf document merged onto the base (JSON merge patch), as the `terway-config`
   * label does.
   */
  config: z.record(z.string(), z.unknown()).optional(),
});

export const eniConfigSpec = z.union([
  z.strictObject({ file: z.string().min(1) }),
  z.strictObject({ inline: z.record(z.string(), z.unknown()) }),
  z.strictObject({ configMap: z.string().min(1) }),
]);

export const clusterSpec = z.strictObject({
  mode: networkMode,
  /** VPC route mode: the cluster CIDR node podCIDRs are cut from, and their mask size. */
  podCidr: ipv4Cidr.default('10.128.0.0/14'),
  nodeCidrMaskSize: boundedInt(bounds.nodeCidrMask).default(24),
  nodeGroups: boundedList(nodeGroupSpec, 1, 'declare at least one node group'),
  /** CNI config (`10-terway.conf`) keys that differ from the chart default. */
  cni: z.record(z.string(), z.unknown()).default({}),
  /**
   * PodNetworkings applied at setup (trunk and exclusive-ENI modes): pods whose labels match
   * `podSelector` get ENIs in these security groups and vSwitches (declared ids of this file).
   */
  podNetworkings: boundedList(z.strictObject({
    name: objectName,
    podSelector: z.record(z.string(), z.string()),
    securityGroups: boundedList(z.string().min(1), 1, 'name at least one security group'),
    vSwitches: boundedList(z.string().min(1), 1, 'name at least one vSwitch'),
  })).default([]),
});

export type ClusterSpec = z.output<typeof clusterSpec>;
export type NodeGroupSpec = z.output<typeof nodeGroupSpec>;
export type EniConfigSpec = z.output<typeof eniConfigSpec>;
