// "Did you mean …?" for eni_conf keys Terway does not read. Terway ignores unknown keys silently
// (Go JSON), so a misspelt `vswitch` or a key copied from another CNI's docs leaves the setting at
// its default and nobody notices until the pods land on the wrong subnet (failure catalog F09).
// First a table of misspellings and keys from other tools and blog posts, then case and
// camelCase folding, then an edit-distance guess.

/** Known wrong key -> the key Terway reads, with a reason when it is not a plain misspelling. */
const knownMistakes: Readonly<Record<string, { readonly key: string; readonly why?: string }>> = {
  vswitch: { key: 'vswitches' }, vswitchs: { key: 'vswitches' }, v_switches: { key: 'vswitches' },
  vswitch_ids: { key: 'vswitches' }, vswitch_id: { key: 'vswitches' }, 'vswitch-ids': {
    key: 'vswitches' },
  'security-groups': { key: 'security_groups' }, 'security-group': { key: 'security_group' },
  security_group_ids: { key: 'security_groups' }, security_groups_ids: { key: 'security_groups' },
  sg: { key: 'security_group' }, sgs: { key: 'security_groups' },
  max_pool: { key: 'max_pool_size' }, min_pool: { key: 'min_pool_size' },
  'max-pool-size': { key: 'max_pool_size' }, 'min-pool-size': { key: 'min_pool_size' },
  pool_max: { key: 'max_pool_size' }, pool_min: { key: 'min_pool_size' },
  'service-cidr': { key: 'service_cidr' }, service_cidrs: { key: 'service_cidr' }, svc_cidr: {
    key: 'service_cidr' },
  eni_tag: { key: 'eni_tags' }, 'eni-tags': { key: 'eni_tags' }, tags: { key: 'eni_tags' },
  'ip-stack': { key: 'ip_stack' }, ip_family: { key: 'ip_stack' }, ip_families: { key: 'ip_stack' },
  ipam: { key: 'ipam_type' }, 'ipam-type': { key: 'ipam_type' }, ipam_mode: { key: 'ipam_type' },
  enable_trunk: { key: 'enable_eni_trunking' }, enable_trunking: { key: 'enable_eni_trunking' },
  trunk: { key: 'enable_eni_trunking' }, trunking: { key: 'enable_eni_trunking' },
  max_eni_count: { key: 'max_eni' }, min_eni_count: { key: 'min_eni' },
  vswitch_policy: { key: 'vswitch_selection_policy' }, vswitch_selection: {
    key: 'vswitch_selection_policy' },
  eni_policy: { key: 'eni_selection_policy' },
  rate_limits: { key: 'rate_limit' }, ratelimit: { key: 'rate_limit' },
  backoff: { key: 'backoff_override' }, backoff_overrides: { key: 'backoff_override' },
  warm_up_size: { key: 'ip_warm_up_size' }, pool_sync_period: { key: 'ip_pool_sync_period' },
  access_key_id: { key: 'access_key' }, access_key_secret: { key: 'access_secret' },
  region: { key: 'region_id' },
  // The names old guides give these settings in the CNI config (10-terway.conf).
  eni_max_pool_size: { key: 'max_pool_size', why: 'the name old guides use in the CNI config' },
  eni_min_pool_size: { key: 'min_pool_size', why: 'the name old guides use in the CNI config' },
  eni_vswitches: { key: 'vswitches', why: 'the name old guides use in the CNI config' },
  eni_conf: { key: 'the top level of eni_conf', why:
    'eni_conf nested in eni_conf is never read: move its keys up one level' },
  // Keys from other CNIs' documentation (AWS VPC CNI environment variables).
  WARM_IP_TARGET: { key: 'min_pool_size', why:
    'an AWS VPC CNI setting; Terway keeps min_pool_size idle IPs warm' },
  MINIMUM_IP_TARGET: { key: 'min_pool_size', why:
    'an AWS VPC CNI setting; Terway keeps min_pool_size idle IPs warm' },
  WARM_ENI_TARGET: { key: 'min_eni', why:
    'an AWS VPC CNI setting; Terway pre-warms min_eni whole ENIs' },
  MAX_ENI: { key: 'max_eni', why: 'an AWS VPC CNI setting' },
  // Keys of the CNI config, which lives in data["10-terway.conf"], not in eni_conf.
  mtu: { key: '10-terway.conf mtu', why: 'a CNI plugin key: put it in data["10-terway.conf"]' },
  eniip_virtual_type: { key: '10-terway.conf eniip_virtual_type', why:
    'a CNI plugin key: put it in data["10-terway.conf"]' },
  host_stack_cidrs: { key: '10-terway.conf host_stack_cidrs', why:
    'a CNI plugin key: put it in data["10-terway.conf"]' },
  disable_network_policy: { key: 'data.disable_network_policy', why:
    'a ConfigMap data key of its own, not an eni_conf key' },
};

function toSnake(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toLowerCase();
}

/** Levenshtein distance, bounded work (keys are short). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(current[j - 1]! + 1, previous[j]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}

export interface KeySuggestion {
  readonly key: string;
  readonly why: string;
}

/** The table's entry for `key`: own keys only, so "__proto__" or "constructor" finds nothing. */
function knownMistake(key: string): { key: string; why?: string } | undefined {
  return Object.hasOwn(knownMistakes, key) ? knownMistakes[key] : undefined;
}

/** The key Terway reads that `unknown` was probably meant to be, or undefined. */
export function suggestKey(unknown: string,
  knownKeys: readonly string[]): KeySuggestion | undefined {
  const mistake = knownMistake(unknown);
  if (mistake !== undefined) return { key: mistake.key,
    why: mistake.why ?? 'a common misspelling' };
  const known = new Set(knownKeys);
  if (known.has(unknown.toLowerCase())) return { key: unknown.toLowerCase(),
    why: 'keys are case-sensitive' };
  const snake = toSnake(unknown);
  if (known.has(snake)) return { key: snake, why: 'eni_conf keys are snake_case' };
  const folded = knownMistake(snake);
  if (folded !== undefined) return { key: folded.key, why: folded.why ??
    'eni_conf keys are snake_case' };
  let best: { key: string; distance: number } | undefined;
  for (const candidate of knownKeys) {
    const distance = editDistance(snake, candidate);
    if (best === undefined || distance < best.distance) best = { key: candidate, distance };
  }
  const allowed = snake.length <= 6 ? 1 : snake.length <= 12 ? 2 : 3;
  return best !== undefined && best.distance <= allowed ? { key: best.key, why:
    `${best.distance} edit(s) away` } : undefined;
}
