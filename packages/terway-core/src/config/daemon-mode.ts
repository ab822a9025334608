// Which Terway stack a node runs (daemon/daemon.go, daemon/builder.go): the daemon's mode and
// whether IPs come from the local pool (legacy) or from the controlplane (centralized IPAM).
// VPC route mode is gone from current Terway (quirk Q1); the simulator models it separately in
// capacity/, not as a daemon mode.

import type { TerwayConfig } from './terway-config.js';

/** `--daemon-mode` as the legacy builder accepts it; ENIOnly comes only from the node label. */
export type DaemonMode = 'ENIMultiIP' | 'ENIOnly';

/** Node label that switches a node to exclusive ENIs (value compared case-insensitively). */
export const exclusiveEniModeLabel = 'k8s.aliyun.com/exclusive-mode-eni-type';

/** ENIOnly when the node carries `k8s.aliyun.com/exclusive-mode-eni-type=eniOnly`. */
export function daemonModeForNode(labels: { readonly [key: string]: string }): DaemonMode {
  return (labels[exclusiveEniModeLabel] ?? '').toLowerCase() === 'enionly' ?
    'ENIOnly' : 'ENIMultiIP';
}

/**
 * The IPAM stack: `legacy` (daemon-owned ENI pool), `crd` (controlplane owns IPs; ENIOnly
 * nodes are forced here too), `prefix` (crd with enable_ip_prefix: local delegate over prefixes).
 */
export function ipamStack(config: TerwayConfig, mode: DaemonMode): 'legacy' | 'crd' | 'prefix' {
  if (mode === 'ENIOnly') return 'crd';
  if (config.ipamType !== 'crd') return 'legacy';
  return config.enableIpPrefix ? 'prefix' : 'crd';
}
