// Per-node (and, for VPC route mode, per-cluster) pod capacity of each network mode.

export * from './types.js';
export { nodeCapacity } from './node-capacity.js';
export { defaultNodeCidrMask, defaultRouteTableEntryQuota } from './vpc-capacity.js';
