// Arbitrary eni-configs (the `eni_conf` object of the ConfigMap): valid pool settings — pool
// bounds, max_eni, idle reclaim, selection policies, sync period — and the plausibly wrong ones
// platform engineers write: a misspelt key (Terway ignores it silently, F09), min_pool_size above
// max_pool_size (Terway lowers it), a duration Go cannot parse (the daemon does not start, or the
// sync period silently falls back to 120 s).
//
// The generated value is settings plus mistakes as data; `composeEniConf` turns them into the
// eni_conf of a cluster (its zones' pod vSwitches, its security group) with the mistakes applied,
// and `expectedDiagnostics` says what `terway-sim validate` must report for each mistake.
//
// When to use: through `scenarioArbitrary` (which composes it with a cluster), or alone to
// property-test anything that reads eni_conf. Gotcha: mistakes make the expectations of a run
// unknowable (pods may never get an IP), so the scenario arbitrary attaches no liveness
// expectation to a scenario whose config has one.

import fc from 'fast-check';
import type { NetworkMode } from '../../scenario/schema/cluster.js';
import { securityGroupId, serviceCidr, zoneSuffix } from './bounds.js';

export type EniConfMistake =
  | { readonly kind: 'misspelled-key'; readonly key: string; readonly as: string }
  | { readonly kind: 'min-above-max'; readonly by: number }
  | { readonly kind: 'bad-duration'; readonly key: DurationKey; readonly value: string };

type DurationKey = 'idle_ip_reclaim_after' | 'idle_ip_reclaim_interval' | 'ip_pool_sync_period';

export interface PoolSettings {
  readonly max_pool_size: number;
  readonly min_pool_size: number;
  readonly max_eni?: number | undefined;
  readonly idle_ip_reclaim_after?: string | undefined;
  readonly idle_ip_reclaim_interval?: string | undefined;
  readonly idle_ip_reclaim_batch_size?: number | undefined;
  readonly eni_selection_policy?: string | undefined;
  readonly vswitch_selection_policy?: string | undefined;
  readonly ip_pool_sync_period?: string | undefined;
  /** Centralized IPAM (drawn only with `centralizedIpam`; ENIIP clusters only). */
  readonly ipam_type?: 'crd' | undefined;
  readonly ip_warm_up_size?: number | undefined;
}

export interface GeneratedEniConfig {
  readonly settings: PoolSettings;
  readonly mistakes: readonly EniConfMistake[];
}

export interface EniConfigArbitraryOptions {
  /** Plausibly wrong configs too (default false: valid only). */
  readonly mistakes?: boolean;
  /**
   * Draw `ipam_type: crd` (with an optional ip_warm_up_size) for about half the configs (default
   * false: the draws are exactly those of before this option existed).
   */
  readonly centralizedIpam?: boolean;
}



/** Keys every composed eni_conf has, with the misspellings people write for them. */
const misspellings: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['vswitches', ['vswitch', 'vSwitches', 'v_switches']],
  ['security_group', ['securityGroup', 'security-group']],
  ['max_pool_size', ['max_pool', 'maxPoolSize', 'max_poolsize']],
  ['min_pool_size', ['min_pool', 'minPoolSize']],
  ['service_cidr', ['service_cird', 'serviceCIDR']],
];

const badDurations = ['5 minutes', '10', '1d', 'two minutes', '-'];

const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.option(arb, { nil: undefined, freq: 3 });

const seconds = (min: number, max: number): fc.Arbitrary<string> =>
  fc.integer({ min, max }).map((s) => (s % 60 === 0 ? `${s / 60}m` : `${s}s`));

export const poolSettingsArbitrary: fc.Arbitrary<PoolSettings> = fc.record({
  max_pool_size: fc.integer({ min: 0, max: 15 }),
  minRatio: fc.integer({ min: 0, max: 4 }),
  max_eni: optional(fc.integer({ min: 1, max: 3 })),
  reclaim: optional(fc.record({
    idle_ip_reclaim_after: seconds(60, 360),
    idle_ip_reclaim_interval: seconds(30, 180),
    idle_ip_reclaim_batch_size: fc.integer({ min: 1, max: 5 }),
  })),
  eni_selection_policy: optional(fc.constantFrom('most_ips', 'least_ips')),
  vswitch_selection_policy: optional(fc.constantFrom('ordered', 'random')),
  ip_pool_sync_period: optional(fc.constantFrom('30s', '1m', '2m')),
}).map(({ minRatio, reclaim, ...rest }) => ({
  ...rest,
  // min ≤ max for a valid config: a quarter step of max.
  min_pool_size: Math.floor((rest.max_pool_size * minRatio) / 4),
  ...(reclaim ?? {}),
}));

const centralizedArbitrary: fc.Arbitrary<Pick<PoolSettings, 'ipam_type' | 'ip_warm_up_size'>> =
  fc.record({ crd: fc.boolean(), warmUp: optional(fc.integer({ min: 1, max: 20 })) })
    .map(({ crd, warmUp }) => (crd ? { ipam_type: 'crd' as const, ip_warm_up_size: warmUp }
      : {}));

const mistakeArbitrary: fc.Arbitrary<EniConfMistake> = fc.oneof(
  fc.integer({ min: 0, max: misspellings.length - 1 }).chain((index) => {
    const [key, typos] = misspellings[index]!;
    return fc.constantFrom(...typos)
      .map((as): EniConfMistake => ({ kind: 'misspelled-key', key, as }));
  }),
  fc.integer({ min: 1, max: 5 }).map((by): EniConfMistake => ({ kind: 'min-above-max', by })),
  fc.record({
    key: fc.constantFrom<DurationKey>('idle_ip_reclaim_after', 'idle_ip_reclaim_interval',
      'ip_pool_sync_period'),
    value: fc.constantFrom(...badDurations),
  }).map(({ key, value }): EniConfMistake => ({ kind: 'bad-duration', key, value })),
);

/** Settings and (with `mistakes`) up to two mistakes of different kinds. */
export function eniConfigArbitrary(
  options: EniConfigArbitraryOptions = {},
): fc.Arbitrary<GeneratedEniConfig> {
  const mistakes = options.mistakes === true
    ? fc.uniqueArray(mistakeArbitrary, { maxLength: 2, selector: (mistake) => mistake.kind })
    : fc.constant([]);
  const settings = options.centralizedIpam === true
    ? fc.tuple(poolSettingsArbitrary, centralizedArbitrary).map(([pool, crd]) => ({ ...pool,
      ...crd }))
    : poolSettingsArbitrary;
  return fc.record({ settings, mistakes })
    .map(({ settings: drawn, mistakes: list }) => ({ settings: drawn,
      mistakes: compatible(list) }));
}

/** The config as `mode` runs it: centralized IPAM is drawn for ENIIP clusters only. */
export function eniConfigForMode(generated: GeneratedEniConfig,
  mode: NetworkMode): GeneratedEniConfig {
  if (mode === 'eniip' || generated.settings.ipam_type === undefined) return generated;
  const { ipam_type: _ipam, ip_warm_up_size: _warmUp, ...settings } = generated.settings;
  return { ...generated, settings };
}

/** A misspelt pool key would hide min-above-max; such a pair keeps only the first. */
function compatible(mistakes: readonly EniConfMistake[]): EniConfMistake[] {
  const poolTouched = mistakes.some((mistake) => mistake.kind === 'min-above-max');
  return mistakes.filter((mistake) => !(poolTouched && mistake.kind === 'misspelled-key' &&
    (mistake.key === 'max_pool_size' || mistake.key === 'min_pool_size')));
}

/**
 * The inline eni_conf for `zones` (pod vSwitch `vsw-bp1pods<suffix>` each) with `extra` keys (a
 * mode's switches, e.g. enable_eni_trunking), mistakes applied last.
 */
export function composeEniConf(generated: GeneratedEniConfig, zones: readonly string[],
  extra: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const conf: Record<string, unknown> = {
    version: '1',
    ...withoutUndefined(generated.settings),
    ...extra,
    vswitches: Object.fromEntries(zones.map((zone) => [zone, [`vsw-bp1pods${zoneSuffix(zone)}`]])),
    security_group: securityGroupId,
    service_cidr: serviceCidr,
  };
  for (const mistake of generated.mistakes) applyMistake(conf, mistake);
  return conf;
}

/** eni_conf keys a mode needs: trunk mode is the ENIIP daemon with trunking on. */
export function modeEniConf(mode: NetworkMode): Record<string, unknown> {
  return mode === 'trunk' ? { enable_eni_trunking: true } : {};
}

function applyMistake(conf: Record<string, unknown>, mistake: EniConfMistake): void {
  if (mistake.kind === 'misspelled-key') {
    conf[mistake.as] = conf[mistake.key];
    delete conf[mistake.key];
  } else if (mistake.kind === 'min-above-max') {
    const max = typeof conf['max_pool_size'] === 'number' ? conf['max_pool_size'] : 0;
    conf['min_pool_size'] = max + mistake.by;
  } else {
    conf[mistake.key] = mistake.value;
    // A reclaim duration is parsed only when reclaim is on (after + batch size).
    if (mistake.key !== 'ip_pool_sync_period') {
      conf['idle_ip_reclaim_after'] ??= '5m';
      conf['idle_ip_reclaim_batch_size'] ??= 2;
    }
  }
}

/** What `terway-sim validate` must say about one mistake: the code and the key path. */
export function expectedDiagnostic(
  mistake: EniConfMistake,
): { readonly code: string; readonly path: string } {
  switch (mistake.kind) {
    case 'misspelled-key': return { code: 'unknown-key', path: `eni_conf.${mistake.as}` };
    case 'min-above-max': return { code: 'pool-min-above-max', path: 'eni_conf.min_pool_size' };
    case 'bad-duration':
      return mistake.key === 'ip_pool_sync_period'
        ? { code: 'pool-sync-period-invalid', path: 'eni_conf.ip_pool_sync_period' }
        : { code: 'reclaim-duration-invalid', path: `eni_conf.${mistake.key}` };
  }
}

function withoutUndefined(record: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
