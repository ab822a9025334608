// The catalog of validation codes. Codes are stable: scripts match on them, docs/validate.md lists
// them (a test keeps the two in step), and a retired code is never reused. Each code has one
// severity, so the same finding always weighs the same.

import { assert } from '@terway-sim/sim-base';
import type { Diagnostic, Severity } from './diagnostic.js';

export interface CodeSpec {
  readonly code: string;
  readonly severity: Severity;
  /** What the code means, one line (docs/validate.md repeats it). */
  readonly summary: string;
}

const spec = (code: string, severity: Severity, summary: string): CodeSpec => ({ code, severity,
  summary });

export const codeCatalog: readonly CodeSpec[] = [
  spec('json-syntax', 'error', 'the file or eni_conf is not valid JSON'),
  spec('yaml-syntax', 'error', 'the file is not valid YAML'),
  spec('document-shape', 'error',
    'not an eni-config: no data.eni_conf, eni_conf not a string, or eni_conf not a JSON object'),
  spec('configmap-name', 'info',
    'the ConfigMap is not kube-system/eni-config (fine for a per-node dynamic config)'),
  spec('configmap-unknown-data-key', 'info', 'a ConfigMap data key no Terway component reads'),
  spec('unknown-key', 'warning',
    'an eni_conf key Terway ignores; the intended setting stays at its default'),
  spec('eni-conf-is-cni-config', 'warning',
    'eni_conf holds a CNI config or conflist; the daemon runs with every default'),
  spec('wrong-type', 'error', 'a key holds the wrong JSON type; the daemon does not start'),
  spec('cni-syntax', 'error', 'the CNI config is not valid JSON'),
  spec('cni-wrong-type', 'error',
    'a CNI config key holds the wrong JSON type; every CNI call fails'),
  spec('cni-unknown-key', 'warning', 'a CNI config key neither the plugin nor terway-cli reads'),
  spec('cni-host-stack-cidr', 'error',
    'a host_stack_cidrs entry is not a CIDR; every CNI ADD fails'),
  spec('cni-mtu', 'warning', 'an MTU outside what ENIs carry'),
  spec('cni-virtual-type', 'info', 'how eniip_virtual_type is applied'),
  spec('cni-option-value', 'warning',
    'a CNI option value the plugin does not know (the default applies)'),
  spec('ip-stack-invalid', 'error', 'ip_stack is not ipv4, dual or ipv6'),
  spec('ip-stack-ipv6', 'error', 'ip_stack ipv6 is rejected by the daemon'),
  spec('security-groups-over-10', 'error',
    'more than 10 security groups; the daemon does not start'),
  spec('security-groups-over-5', 'warning',
    'more than 5 security groups; the default per-ENI quota is 5'),
  spec('security-group-format', 'warning', 'a security group id that does not look like sg-…'),
  spec('security-groups-empty', 'info', 'no security groups; ENIs get the primary ENI\'s'),
  spec('vswitch-format', 'warning', 'a vSwitch id that does not look like vsw-…'),
  spec('vswitch-zone-key', 'warning', 'a vswitches key that is not a zone id'),
  spec('vswitches-empty', 'info', 'no vswitches; each node uses its own vSwitch'),
  spec('vswitch-duplicate', 'warning', 'the same vSwitch listed twice or under two zones'),
  spec('vswitch-zone-without-nodes', 'warning', 'vSwitches for a zone no planned node is in'),
  spec('zone-without-vswitches', 'warning', 'planned nodes in a zone with no vSwitches configured'),
  spec('vswitch-too-small', 'error', 'the zone\'s vSwitches cannot hold the planned pods'),
  spec('vswitch-pool-headroom', 'warning',
    'the zone\'s vSwitches hold the pods but not the warm pools'),
  spec('vswitch-selection-policy', 'warning',
    'vswitch_selection_policy value Terway treats as random'),
  spec('eni-selection-policy', 'warning', 'eni_selection_policy value Terway treats as most_ips'),
  spec('reclaim-duration-invalid', 'error',
    'an idle_ip_reclaim duration Go cannot parse; the daemon does not start'),
  spec('reclaim-jitter-invalid', 'error',
    'idle_ip_reclaim_jitter_factor is not a float; the daemon does not start'),
  spec('pool-sync-period-invalid', 'warning',
    'ip_pool_sync_period unparsable (120 s used) or not positive'),
  spec('reclaim-inconsistent', 'warning', 'idle IP reclaim settings that cannot take effect'),
  spec('pool-min-above-max', 'warning',
    'min_pool_size (or min_eni) above max_pool_size; Terway lowers it'),
  spec('pool-above-capacity', 'warning',
    'a pool size above the node\'s IP capacity; Terway clamps it'),
  spec('min-eni-above-capacity', 'warning', 'min_eni above the ENIs the node can use'),
  spec('max-eni-no-effect', 'info', 'max_eni at or above what the instance type allows'),
  spec('eni-cap-no-eni', 'error', 'eni_cap_ratio / eni_cap_shift / max_eni leave no usable ENI'),
  spec('eni-cap-over-quota', 'warning',
    'eni_cap_ratio / eni_cap_shift plan more ENIs than the instance attaches'),
  spec('ip-warm-up-size-legacy', 'warning', 'ip_warm_up_size has no effect without ipam_type crd'),
  spec('crd-ignores-eni-limits', 'warning',
    'max_eni / min_eni / eni_cap_ratio / eni_cap_shift are ignored with ipam_type crd'),
  spec('ipv6-unsupported-instance', 'warning',
    'dual stack on an instance type without IPv6; IPv6 is turned off'),
  spec('ipv6-per-eni-mismatch', 'warning',
    'dual stack where IPv6 ≠ IPv4 per ENI; IPv6 is turned off'),
  spec('trunk-unsupported-instance', 'warning',
    'trunking on an instance type without trunk support; turned off'),
  spec('erdma-unsupported-instance', 'warning',
    'eRDMA on an instance type without eRDMA; turned off'),
  spec('erdma-on', 'info',
    'what enable_erdma sets aside: the eRDMA ENIs and IPs, or the Node CR flavor (crd)'),
  spec('ip-prefix-requires-crd', 'warning',
    'enable_ip_prefix / prefix counts without ipam_type crd have no effect'),
  spec('ipv6-prefix-count', 'error', 'ipv6_prefix_count above 1; startup fails'),
  spec('ip-prefix-count-above-capacity', 'warning',
    'ipv4_prefix_count above the /28s the planned type\'s ENIs can hold; the rest never comes'),
  spec('ipv6-prefix-count-dual-stack', 'info',
    'ipv6_prefix_count in dual stack is not read; every ENI with /28s gets one /80'),
  spec('service-cidr-invalid', 'error', 'service_cidr has an entry that is not a CIDR'),
  spec('service-cidr-empty', 'info', 'no service_cidr; Terway reads it from kubeadm-config'),
  spec('backoff-unknown-key', 'warning', 'a backoff_override name no Terway loop uses'),
  spec('backoff-steps-zero', 'error',
    'a backoff_override with Steps 0; the operation is never attempted'),
  spec('backoff-nanoseconds', 'warning',
    'a backoff duration under 1 ms; the values are nanoseconds'),
  spec('rate-limit-unknown-api', 'warning', 'a rate_limit name that is not an API Terway calls'),
  spec('rate-limit-non-positive', 'error',
    'a rate_limit of 0 or less; every call of that API fails'),
  spec('rate-limit-insufficient', 'warning',
    'a node\'s planned scale-up needs more calls than rate_limit allows'),
  spec('cloud-throttling-risk', 'warning',
    'the cluster\'s planned scale-up exceeds the account\'s per-minute API budget'),
  spec('eni-tag-filter-mismatch', 'warning',
    'eni_tag_filter asks for tags the ENIs Terway creates do not carry'),
  spec('eni-tags-creator', 'info', 'eni_tags sets creator, which Terway overwrites'),
  spec('plaintext-credentials', 'info', 'access_key / access_secret stored in the ConfigMap'),
  spec('plan-pods-above-capacity', 'error',
    'the planned pods per node exceed what the instance type can give IPs'),
  spec('plan-vswitch-unknown', 'warning',
    'a --vswitch the config does not list; its size is not used'),
];

const bySeverity: ReadonlyMap<string, Severity> =
  new Map(codeCatalog.map((entry) => [entry.code, entry.severity]));

/** Builds a diagnostic with the catalog's severity for `code`. */
export function diagnostic(code: string, path: string, message: string, position?: {
  line?: number | undefined; column?: number | undefined }): Diagnostic {
  const severity = bySeverity.get(code);
  assert(severity !== undefined, `validate: code ${code} is not in the catalog`);
  return { code, severity, path, message, ...(position?.line === undefined ? {} : {
    line: position.line, column: position.column }) };
}
