// What the daemon writes into its Node CR's spec in centralized IPAM (Terway's
// pkg/eni/node_reconcile.go): the ENI settings, the flavor and the pool, rebuilt from the merged
// eni-config on every Node CR change and written only when they differ. Pure.
// - IP stack: ipv4, dual (IPv6 dropped with a Warning when the instance's per-ENI IPv6 and IPv4
//   counts differ) or ipv6; vSwitches of the node's zone, else the instance's vSwitch; the
//   configured security groups, else the primary ENI's (Terway writes only configured ones);
// - eRDMA on only when configured and the instance has eRDMA interfaces (eriQuantity > 0); trunk
//   on only when configured, the instance has member ENIs and the node is not exclusive-ENI;
// - "ordered" vSwitch selection becomes `most`, anything else `random`;
// - enable_ip_prefix is taken once, when spec.eni was empty; a later change is refused with a
//   Warning `PrefixModeImmutable`;
// - flavor: adapters − 1 slots, one trunk and one HighPerformance slot taken first when on
//   (max_eni, min_eni, eni_cap_ratio/shift do not apply: quirk Q11);
// - pool: max/min pool size and ip_pool_sync_period as configured, warm-up size when set, the
//   reclaim block only with idle_ip_reclaim_after; prefix mode or exclusive ENI ⇒ max/min 0.

import { eniFlavor } from '../capacity/flavor.js';
import type { TerwayConfig } from '../config/terway-config.js';
import type { Flavor, NodeCap, NodeCr, NodeEniSpec, NodePoolSpec } from '../ports/crd.js';

export interface SpecWarning {
  readonly reason: 'ConfigError' | 'PrefixModeImmutable';
  readonly message: string;
}

export interface NodeSpecInput {
  readonly config: TerwayConfig;
  readonly nodeCap: NodeCap;
  /** The zone's configured vSwitches, else the instance's (getPoolConfig's vSwitchOptions). */
  readonly vSwitchOptions: readonly string[];
  /** The configured security groups, else the primary ENI's (getPoolConfig's). */
  readonly securityGroupIds: readonly string[];
  /** The node is exclusive-ENI (ENIOnly). */
  readonly exclusive: boolean;
  /** spec.eni as read; undefined on a CR the daemon never filled. */
  readonly previousEni: NodeEniSpec | undefined;
}

export interface AuthoredSpec {
  readonly eni: NodeEniSpec;
  readonly flavor: Flavor[];
  readonly pool: NodePoolSpec;
  readonly warnings: SpecWarning[];
}

/** The flavor for these switches (capacity/flavor.ts splits the slots; this spells them out). */
export function crdFlavorOf(cap: Pick<NodeCap, 'adapters'>, options: { readonly trunk: boolean;
  readonly erdma: boolean }): Flavor[] {
  const counts = eniFlavor(cap.adapters, options);
  const flavor: Flavor[] = [];
  if (counts.trunk > 0) flavor.push({ networkInterfaceType: 'Trunk',
    networkInterfaceTrafficMode: 'Standard', count: counts.trunk });
  if (counts.highPerformance > 0) flavor.push({ networkInterfaceType: 'Secondary',
    networkInterfaceTrafficMode: 'HighPerformance', count: counts.highPerformance });
  flavor.push({ networkInterfaceType: 'Secondary', networkInterfaceTrafficMode: 'Standard',
    count: counts.secondary });
  return flavor;
}

function stackOf(input: NodeSpecInput, warnings: SpecWarning[]): { v4: boolean; v6: boolean } {
  switch (input.config.ipStack) {
    case 'dual': {
      const equal = input.nodeCap.ipv6PerAdapter === input.nodeCap.ipv4PerAdapter;
      if (!equal) warnings.push({ reason: 'ConfigError', message: 'Instance not support k8s ' +
        'dual stack. ipv4 and ipv6 count is not equal.' });
      return { v4: true, v6: equal };
    }
    case 'ipv6': return { v4: false, v6: true };
    default: return { v4: true, v6: false };
  }
}

function poolOf(config: TerwayConfig, zeroSizes: boolean): NodePoolSpec {
  const reclaim = config.idleIpReclaimAfter === undefined ? undefined : {
    after: config.idleIpReclaimAfter, interval: config.idleIpReclaimInterval,
    batchSize: config.idleIpReclaimBatchSize, jitterFactor: config.idleIpReclaimJitterFactor };
  return { maxPoolSize: zeroSizes ? 0 : config.maxPoolSize,
    minPoolSize: zeroSizes ? 0 : config.minPoolSize, poolSyncPeriod: config.ipPoolSyncPeriod,
    ...(config.ipWarmUpSize === undefined ? {} : { warmUpSize: config.ipWarmUpSize }),
    ...(reclaim === undefined ? {} : { reclaim }) };
}

/** The daemon's spec for its Node CR. */
export function authorNodeSpec(input: NodeSpecInput): AuthoredSpec {
  const { config, nodeCap } = input;
  const warnings: SpecWarning[] = [];
  const stack = stackOf(input, warnings);
  const erdma = config.enableErdma && nodeCap.eriQuantity > 0;
  const trunk = config.enableEniTrunking && nodeCap.memberAdapterLimit > 0 && !input.exclusive;
  let prefix = config.enableIpPrefix;
  if (input.previousEni !== undefined) {
    prefix = input.previousEni.enableIPPrefix === true;
    if (config.enableIpPrefix !== prefix) warnings.push({ reason: 'PrefixModeImmutable',
      message: `enable_ip_prefix changed in config (want=${config.enableIpPrefix}), but Node ` +
        `CR value (${prefix}) is immutable after creation` });
  }
  const eni: NodeEniSpec = { enableIPv4: stack.v4, enableIPv6: stack.v6, enableERDMA: erdma,
    enableTrunk: trunk, enableIPPrefix: prefix,
    ...(prefix ? { ipv4PrefixCount: config.ipv4PrefixCount,
      ipv6PrefixCount: config.ipv6PrefixCount } : {}),
    vSwitchOptions: [...input.vSwitchOptions],
    vSwitchSelectPolicy: config.vSwitchSelectionPolicy === 'ordered' ? 'most' : 'random',
    securityGroupIDs: [...input.securityGroupIds], resourceGroupID: config.resourceGroupId,
    ...(config.eniTags === undefined ? {} : { tag: config.eniTags }),
    ...(Object.keys(config.eniTagFilter).length === 0 ? {} : { tagFilter: config.eniTagFilter }) };
  return { eni, flavor: crdFlavorOf(nodeCap, { trunk, erdma }),
    pool: poolOf(config, prefix || input.exclusive), warnings };
}

/** The CR with the authored spec; `undefined` when nothing changes. */
export function withAuthoredSpec(cr: NodeCr, spec: AuthoredSpec): NodeCr | undefined {
  const next: NodeCr = { ...cr, spec: { ...cr.spec, eni: spec.eni, flavor: spec.flavor,
    pool: spec.pool } };
  return canonical(next.spec) === canonical(cr.spec) ? undefined : next;
}

/** JSON with object keys sorted, so that key order never makes two equal specs differ. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const entries = Object.entries(inner as Record<string, unknown>)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  });
}
