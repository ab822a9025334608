// Terway's CNI plugin (plugin/terway): ADD/DEL/CHECK over the datapaths, the node's CNI lock,
// host-local IPAM for VPC-route mode, CNI_ARGS/stdin decoding and the CNI result/error shapes.

export { TerwayCni } from './plugin.js';
export type { CniInvocation, TerwayCniDeps, TerwayCniOptions } from './invocation.js';
export { cniTimeoutMs, eventTimeoutMs } from './invocation.js';
export * from './cni-error.js';
export { parseK8sArgs, formatK8sArgs, type K8sArgs } from './cni-args.js';
export { decodeNetworkConfig, type PluginConfig } from './network-config.js';
export { CniFileLock, lockPollMs, lockTimeoutMs, lockPath } from './file-lock.js';
export {
  HostLocalIpam, hostLocalDataDir, type HostLocalLease, type HostLocalAllocation,
} from './host-local.js';
export { ipvlanAvailable } from './datapath-dispatch.js';
export { dataPathOf, buildIpNet } from './setup-conf.js';
export { eniLookupAttempts, eniLookupIntervalMs } from './eni-lookup.js';
