// TerwayConfig: the daemon's configuration after Terway decoded `eni_conf` and ran Populate()
// (types/daemon/config.go). Field names are the eni_conf keys in camelCase; every field says its
// key, its default and what reads it. Other modules (cloud client, rate limiter, backoffs, pool,
// vSwitch pool) read this type, so its names are stable.
//
// When to use: build it with parseEniConf / parseEniConfigFile (config/parse.ts); derive what
// Terway derives (security group union, effective policies, periods) with config/derive.ts.
// Gotchas: values are kept as Terway keeps them: policies and durations stay strings (Terway maps
// or parses them where it uses them, and an unparsable duration only fails at that point);
// `eniTags` is undefined when the key is absent, because that decides whether created ENIs carry
// `creator=terway` (quirk Q7).

import type { EniConfInput } from './eni-conf-schema.js';

/** One `backoff_override` entry: pkg/backoff ExtendedBackoff; absent fields are Go zero values. */
export interface BackoffOverride {
  /** `InitialDelay`, nanoseconds. 0 keeps the built-in initial delay of that key. */
  readonly initialDelayNs: number;
  /** `Duration`, nanoseconds. */
  readonly durationNs: number;
  readonly factor: number;
  readonly jitter: number;
  readonly steps: number;
  /** `Cap`, nanoseconds; 0 = no cap. */
  readonly capNs: number;
}

export interface EniTagBlockListItem {
  readonly key: string;
  readonly value: string;
}

export interface TerwayConfig {
  /** `version`; informational. */
  readonly version: string;
  /**
   * `access_key`: static AccessKey id (credential chain: AK, then credential_path, then RAM role).
   */
  readonly accessKey: string;
  /** `access_secret`. */
  readonly accessSecret: string;
  /** `region_id`; unused by the daemon (region comes from metadata). */
  readonly regionId: string;
  /** `credential_path`: encrypted credential file, refreshed every 30 min. */
  readonly credentialPath: string;
  /** `service_cidr`: comma-separated service CIDR(s), raw text; passed to the CNI plugin. */
  readonly serviceCidr: string;
  /**
   * `vswitches`: zone id -> vSwitch ids for new ENIs in that zone (none: the instance's vSwitch).
   */
  readonly vSwitches: { readonly [zoneId: string]: readonly string[] };
  /** `eni_tags`: tags on created ENIs; undefined when the key is absent (see header, Q7). */
  readonly eniTags: { readonly [key: string]: string } | undefined;
  /** `max_pool_size`, default 0: most idle IPs kept (legacy), Node CR pool.maxPoolSize (crd). */
  readonly maxPoolSize: number;
  /** `min_pool_size`, default 0: idle IPs kept warm. */
  readonly minPoolSize: number;
  /** `ip_warm_up_size`: crd one-shot warm-up target; no effect in the legacy daemon (Q17). */
  readonly ipWarmUpSize: number | undefined;
  /** `idle_ip_reclaim_after` (Go duration text); undefined = idle reclaim off (the default). */
  readonly idleIpReclaimAfter: string | undefined;
  /** `idle_ip_reclaim_batch_size`; Populate: ≤ 0 becomes 5. */
  readonly idleIpReclaimBatchSize: number;
  /** `idle_ip_reclaim_interval` (Go duration text); Populate: absent becomes "10m". */
  readonly idleIpReclaimInterval: string;
  /** `idle_ip_reclaim_jitter_factor` (float text); Populate: absent becomes "0.1". */
  readonly idleIpReclaimJitterFactor: string;
  /** `min_eni`: when > 0 overrides min pool (multi-IP: min_eni × IPs per ENI). Ignored in crd. */
  readonly minEni: number;
  /** `max_eni`: caps usable ENIs when 0 < max_eni < computed. Ignored in crd. */
  readonly maxEni: number;
  /** `prefix`; parsed, unused by the node. */
  readonly prefix: string;
  /** `security_group`: merged with securityGroups (see derive.securityGroupIds). */
  readonly securityGroup: string;
  /** `security_groups`: at most 10 (daemon Validate). */
  readonly securityGroups: readonly string[];
  /** `eni_cap_ratio`, default 1 (Populate turns 0 into 1): scales the ENI count. */
  readonly eniCapRatio: number;
  /** `eni_cap_shift`, default 0: added to the ENI count. */
  readonly eniCapShift: number;
  /**
   * `vswitch_selection_policy` raw; Populate: "" becomes "random". "ordered" means most-IPs-first.
   */
  readonly vSwitchSelectionPolicy: string;
  /** `eni_selection_policy` raw ("" when absent); "least_ips" spreads, anything else packs. */
  readonly eniSelectionPolicy: string;
  /** `ip_stack`; Populate: "" becomes "ipv4". The daemon accepts ipv4 and dual only. */
  readonly ipStack: string;
  /** `enable_eni_trunking`, default false. */
  readonly enableEniTrunking: boolean;
  /** `enable_erdma`, default false. */
  readonly enableErdma: boolean;
  /** `custom_stateful_workload_kinds`: owner kinds treated like StatefulSet for sticky IPs. */
  readonly customStatefulWorkloadKinds: readonly string[];
  /** `ipam_type`: "crd" = centralized IPAM (controlplane owns IPs); anything else = legacy. */
  readonly ipamType: string;
  /** `backoff_override`: named backoff -> replacement (durations in ns, as Terway reads them). */
  readonly backoffOverride: { readonly [name: string]: BackoffOverride };
  /** `extra_routes`; parsed, unused by the node. */
  readonly extraRoutes: readonly { readonly dst: string }[];
  /** `disable_device_plugin`, default false. */
  readonly disableDevicePlugin: boolean;
  /** `eni_tag_filter`: only ENIs carrying all these tags are managed. */
  readonly eniTagFilter: { readonly [key: string]: string };
  /**
   * `eni_tag_block_list` as written (the built-in defaults are added by derive.eniTagBlockList).
   */
  readonly eniTagBlockList: readonly EniTagBlockListItem[];
  /** `kube_client_qps`, default 0 (client default). */
  readonly kubeClientQps: number;
  /** `kube_client_burst`, default 0. */
  readonly kubeClientBurst: number;
  /** `resource_group_id`: put on created ENIs. */
  readonly resourceGroupId: string;
  /** `rate_limit`: OpenAPI name -> requests per minute (bucket rate N/60 per s, burst N). */
  readonly rateLimit: { readonly [api: string]: number };
  /** `enable_patch_pod_ips`, default true. */
  readonly enablePatchPodIps: boolean;
  /** `ip_pool_sync_period` raw Go duration ("" = 120 s; unparsable = 120 s). */
  readonly ipPoolSyncPeriod: string;
  /** `enable_ip_prefix`, default false (crd prefix mode; immutable once the Node CR exists). */
  readonly enableIpPrefix: boolean;
  /** `ipv4_prefix_count`, default 0. */
  readonly ipv4PrefixCount: number;
  /** `ipv6_prefix_count`, default 0; only 0 or 1 are accepted at startup. */
  readonly ipv6PrefixCount: number;
}

function backoffFrom(entry: NonNullable<EniConfInput['backoff_override']>[
  string]): BackoffOverride {
  return {
    initialDelayNs: entry.InitialDelay ?? 0, durationNs: entry.Duration ?? 0,
    factor: entry.Factor ?? 0, jitter: entry.Jitter ?? 0, steps: entry.Steps ?? 0,
      capNs: entry.Cap ?? 0,
  };
}

function mapValues<A, B>(record: { readonly [key: string]: A } | undefined, f: (value: A) => B): { [
  key: string]: B } {
  // fromEntries defines own properties: a key such as "__proto__" stays a key, not a prototype.
  return Object.fromEntries(Object.entries(record ?? {}).map(([key, value]) => [key, f(value)]));
}

/**
 * The decoded document with Populate() applied, as the daemon holds it after startup.
 * Pure; the input must already have passed eniConfSchema.
 */
export function populateTerwayConfig(input: EniConfInput): TerwayConfig {
  const batch = input.idle_ip_reclaim_batch_size ?? 0;
  return {
    version: input.version ?? '', accessKey: input.access_key ?? '',
      accessSecret: input.access_secret ?? '',
    regionId: input.region_id ?? '', credentialPath: input.credential_path ?? '',
    serviceCidr: input.service_cidr ?? '',
    vSwitches: mapValues(input.vswitches, (ids) => [...ids]),
    eniTags: input.eni_tags === undefined ? undefined : { ...input.eni_tags },
    maxPoolSize: input.max_pool_size ?? 0, minPoolSize: input.min_pool_size ?? 0,
    ipWarmUpSize: input.ip_warm_up_size,
    idleIpReclaimAfter: input.idle_ip_reclaim_after,
    idleIpReclaimBatchSize: batch <= 0 ? 5 : batch,
    idleIpReclaimInterval: input.idle_ip_reclaim_interval ?? '10m',
    idleIpReclaimJitterFactor: input.idle_ip_reclaim_jitter_factor ?? '0.1',
    minEni: input.min_eni ?? 0, maxEni: input.max_eni ?? 0, prefix: input.prefix ?? '',
    securityGroup: input.security_group ?? '', securityGroups: [...(input.security_groups ?? [])],
    eniCapRatio: (input.eni_cap_ratio ?? 0) === 0 ? 1 : input.eni_cap_ratio!,
    eniCapShift: input.eni_cap_shift ?? 0,
    vSwitchSelectionPolicy: input.vswitch_selection_policy || 'random',
    eniSelectionPolicy: input.eni_selection_policy ?? '',
    ipStack: input.ip_stack || 'ipv4',
    enableEniTrunking: input.enable_eni_trunking ?? false, enableErdma: input.enable_erdma ?? false,
    customStatefulWorkloadKinds: [...(input.custom_stateful_workload_kinds ?? [])],
    ipamType: input.ipam_type ?? '',
    backoffOverride: mapValues(input.backoff_override, backoffFrom),
    extraRoutes: (input.extra_routes ?? []).map((route) => ({ dst: route.dst ?? '' })),
    disableDevicePlugin: input.disable_device_plugin ?? false,
    eniTagFilter: { ...(input.eni_tag_filter ?? {}) },
    eniTagBlockList: (input.eni_tag_block_list ?? []).map((item) => ({ key: item.key ?? '',
      value: item.value ?? '' })),
    kubeClientQps: input.kube_client_qps ?? 0, kubeClientBurst: input.kube_client_burst ?? 0,
    resourceGroupId: input.resource_group_id ?? '',
    rateLimit: { ...(input.rate_limit ?? {}) },
    enablePatchPodIps: input.enable_patch_pod_ips ?? true,
    ipPoolSyncPeriod: input.ip_pool_sync_period ?? '',
    enableIpPrefix: input.enable_ip_prefix ?? false,
    ipv4PrefixCount: input.ipv4_prefix_count ?? 0, ipv6PrefixCount: input.ipv6_prefix_count ?? 0,
  };
}
