// The CNI network configuration the terway plugin reads on stdin: struct CNIConf of
// plugin/driver/types/types.go, as shipped in the eni-config ConfigMap under `10-terway.conf` or
// `10-terway.conflist` (terway-cli prefers the conflist). This is the second parsed object, the
// one the CNI plugin model reads; the daemon never sees it.
//
// Semantics kept from Terway: MTU 0 or absent means 1500; only a case-insensitive "ipvlan"
// `eniip_virtual_type` selects the IPVlan driver (everything else, "datapathv2" included, is the
// veth policy-route datapath); `vlan_strip_type` "vlan" selects the VLAN sub-interface datapath for
// trunk pods, anything else tc-based tagging; `bandwidth_mode` "" behaves like "tc"; `veth_prefix`
// is parsed and ignored (host veths are always `cali…`). A host_stack_cidrs entry that is not a
// CIDR makes every ADD fail, so it is refused here. Gotcha: with the shipped terway-cli an `ipvlan`
// value is rewritten to `datapathv2` before the plugin runs (Terway's cmd/terway-cli/cni.go); this
// parser shows what the plugin would do with the file as written.

import { err, ok, parseIpv4Cidr, parseIpv6Cidr, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { formatPath, goJsonTypeName, valueAt, type ConfigIssue,
  type PathSegment } from './config-issue.js';
import { isJsonObject } from './merge-patch.js';
import { parseJsonText } from './json-text.js';

function goOptional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === null ? undefined : value), schema.optional());
}

const bandwidthEntry = z.looseObject({
  ingressRate: goOptional(z.int()), ingressBurst: goOptional(z.int()),
  egressRate: goOptional(z.int()), egressBurst: goOptional(z.int()),
});

export const cniConfSchema = z.looseObject({
  cniVersion: goOptional(z.string()),
  name: goOptional(z.string()),
  type: goOptional(z.string()),
  capabilities: goOptional(z.record(z.string(), z.boolean())),
  veth_prefix: goOptional(z.string()),
  eniip_virtual_type: goOptional(z.string()),
  host_stack_cidrs: goOptional(z.array(z.string())),
  disable_host_peer: goOptional(z.boolean()),
  vlan_strip_type: goOptional(z.string()),
  mtu: goOptional(z.int()),
  runtimeConfig: goOptional(z.looseObject({ bandwidth: goOptional(bandwidthEntry) })),
  bandwidth_mode: goOptional(z.string()),
  enable_network_priority: goOptional(z.boolean()),
  debug: goOptional(z.boolean()),
  symmetric_routing_config: goOptional(z.looseObject({})),
  // terway-cli inputs (consumed before the plugin runs).
  network_policy_provider: goOptional(z.string()),
  auto_mtu: goOptional(z.boolean()),
  cilium_args: goOptional(z.string()),
});

export const cniConfKeys: readonly string[] = Object.keys(cniConfSchema.shape);

/** Keys of the CNI spec's NetConf that terway accepts and does not use. */
const standardCniKeys: readonly string[] = ['ipam', 'dns', 'args', 'prevResult', 'cniVersions',
  'disableCheck'];

export interface CniConfig {
  readonly cniVersion: string;
  readonly name: string;
  readonly type: string;
  readonly capabilities: { readonly [name: string]: boolean };
  /** `mtu`; 0 or absent means 1500. */
  readonly mtu: number;
  /** `eniip_virtual_type` as written. */
  readonly eniipVirtualType: string;
  /** What the plugin uses for ENI multi-IP pods: only "ipvlan" (any case) selects IPVlan. */
  readonly multiIpDatapath: 'ipvlan' | 'policyRoute';
  /** `veth_prefix` as written; ignored by the plugin (host veths are `cali…`). */
  readonly vethPrefix: string;
  /** `host_stack_cidrs`, every entry a valid CIDR. */
  readonly hostStackCidrs: readonly string[];
  /** `disable_host_peer`: exclusive ENI pods get no veth1 host peer. */
  readonly disableHostPeer: boolean;
  /** `vlan_strip_type` as written. */
  readonly vlanStripType: string;
  /** Trunk pods in multi-IP mode: "vlan" = VLAN sub-interface, otherwise tc vlan push/pop. */
  readonly trunkDatapath: 'vlan' | 'tcFilter';
  /** `bandwidth_mode`: "edt" or "tc" ("" and anything else behave like tc). */
  readonly bandwidthMode: 'edt' | 'tc';
  readonly enableNetworkPriority: boolean;
  /**
   * `network_policy_provider` as written (terway-cli reads it; absent means `iptables`, felix):
   * which agent of the policy container enforces NetworkPolicy.
   */
  readonly networkPolicyProvider?: string;
  readonly debug: boolean;
  /** runtimeConfig.bandwidth rates in bits/s (the plugin divides by 8). 0 = unset. */
  readonly runtimeBandwidth: { readonly ingressRateBps: number; readonly egressRateBps: number };
  /** Index of the terway entry in a conflist's `plugins`; undefined for a single conf. */
  readonly pluginIndex: number | undefined;
  /** Other plugins of a conflist, in order (e.g. `cilium-cni`). */
  readonly chainedPlugins: readonly string[];
  /** Keys the plugin and terway-cli do not read. */
  readonly unknownKeys: readonly string[];
}

/** The plugin's object: a conflist's terway entry (name/cniVersion from the list) or the conf. */
function pluginObject(value: Record<string, unknown>, key: string): Result<{ plugin: Record<string,
  unknown>; segments: PathSegment[]; chained: string[] }, ConfigIssue[]> {
  if (!Array.isArray(value.plugins)) return ok({ plugin: value, segments: [], chained: [] });
  const index = value.plugins.findIndex((entry) => isJsonObject(entry) && entry.type === 'terway');
  if (index < 0) return err([{ kind: 'shape', path: formatPath(key, ['plugins']), message:
    'no plugin with "type": "terway" in the conflist; add the terway plugin entry' }]);
  const entry = value.plugins[index] as Record<string, unknown>;
  const chained = value.plugins
    .filter((p, i) => i !== index && isJsonObject(p))
    .map((p) => String((p as Record<string, unknown>).type ?? ''));
  return ok({ plugin: { ...entry, cniVersion: value.cniVersion ?? entry.cniVersion,
    name: value.name ?? entry.name }, segments: ['plugins', index], chained });
}

/** Parses `10-terway.conf` / `10-terway.conflist` text. `key` names the file in issue paths. */
export function parseCniConf(text: string, options: {
  key?: string } = {}): Result<CniConfig, ConfigIssue[]> {
  const key = options.key ?? '10-terway.conf';
  const parsed = parseJsonText(text);
  if (!parsed.ok) return err([{ kind: 'syntax', path: key, message:
    `${key} is not valid JSON: ${parsed.error.message} (line ${parsed.error.line}, column ` +
    `${parsed.error.column} of ${key})` }]);
  if (!isJsonObject(parsed.value)) return err([{ kind: 'shape', path: key, message:
    `${key} must be a JSON object; got ${goJsonTypeName(parsed.value)}` }]);
  const located = pluginObject(parsed.value, key);
  if (!located.ok) return located;
  const { plugin, segments, chained } = located.value;
  const result = cniConfSchema.safeParse(plugin);
  if (!result.success) {
    return err(result.error.issues.map((issue) => {
      const path = issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
      const value = valueAt(plugin, path);
      return { kind: 'type', path: formatPath(key, [...segments, ...path]), message:
        `expected ${String(issue.code === 'invalid_type' ? issue.expected : issue.message)}, ` +
        `got ${goJsonTypeName(value)} ${JSON.stringify(value)}; the CNI plugin fails with ` +
        `decoding error code 6` };
    }));
  }
  const c = result.data;
  const bad = (c.host_stack_cidrs ?? []).map((cidr, index) => ({ cidr, index })).filter(({
    cidr }) => !isCidr(cidr));
  if (bad.length > 0) {
    return err(bad.map(({ cidr, index }) => ({ kind: 'value', path: formatPath(key, [...segments,
      'host_stack_cidrs', index]), message:
        `${JSON.stringify(cidr)} is not a CIDR (e.g. 169.254.20.10/32); every CNI ADD would ` +
        `fail with "host_stack_cidrs(${cidr}) is invaild"` })));
  }
  const known = new Set([...cniConfKeys, ...standardCniKeys]);
  return ok({
    cniVersion: c.cniVersion ?? '', name: c.name ?? '', type: c.type ?? '',
    capabilities: { ...(c.capabilities ?? {}) },
    mtu: c.mtu === undefined || c.mtu === 0 ? 1500 : c.mtu,
    eniipVirtualType: c.eniip_virtual_type ?? '',
    multiIpDatapath: (c.eniip_virtual_type ?? '').toLowerCase() === 'ipvlan' ?
      'ipvlan' : 'policyRoute',
    vethPrefix: c.veth_prefix ?? '',
    hostStackCidrs: [...(c.host_stack_cidrs ?? [])],
    disableHostPeer: c.disable_host_peer ?? false,
    vlanStripType: c.vlan_strip_type ?? '',
    trunkDatapath: c.vlan_strip_type === 'vlan' ? 'vlan' : 'tcFilter',
    bandwidthMode: c.bandwidth_mode === 'edt' ? 'edt' : 'tc',
    enableNetworkPriority: c.enable_network_priority ?? false,
    ...(c.network_policy_provider === undefined ? {}
      : { networkPolicyProvider: c.network_policy_provider }),
    debug: c.debug ?? false,
    runtimeBandwidth: { ingressRateBps: c.runtimeConfig?.bandwidth?.ingressRate ?? 0,
      egressRateBps: c.runtimeConfig?.bandwidth?.egressRate ?? 0 },
    pluginIndex: typeof segments[1] === 'number' ? segments[1] : undefined,
    chainedPlugins: chained,
    unknownKeys: Object.keys(plugin).filter((name) => !known.has(name) &&
      name !== 'plugins').sort(),
  });
}

/** Go net.ParseCIDR: an address and a prefix length are both required. */
function isCidr(text: string): boolean {
  if (!text.includes('/')) return false;
  return parseIpv4Cidr(text) !== undefined || parseIpv6Cidr(text) !== undefined;
}
