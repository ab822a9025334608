// The `eni_conf` document as Terway's daemon Config struct reads it (types/daemon/config.go), in
// zod. Each key has the Go type Terway declares, so a document Terway would refuse to unmarshal
// ("json: cannot unmarshal string into Go struct field Config.max_pool_size of type int") is
// refused
// here too, and one it accepts is accepted.
//
// Go's decoding rules this schema reproduces:
// - keys are case-sensitive (k8s.io/apimachinery util/json decodes with sigs.k8s.io/json);
// - unknown keys are ignored; the schema keeps them (looseObject) so `validate` can flag them;
// - `null` leaves a field at its zero value (pointer fields stay nil), so null reads as absent;
// - int fields refuse fractions, string fields refuse numbers, bool fields refuse "true".

import { z } from 'zod';

/** Go `null` into a non-pointer value leaves the zero value; into a pointer leaves nil. */
function goOptional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === null ? undefined : value), schema.optional());
}

/** A slice or map element that is null decodes to the element's zero value. */
function goElement<T extends z.ZodType>(schema: T, zero: z.input<T>) {
  return z.preprocess((value) => (value === null ? zero : value), schema);
}

const goInt = z.int();
const goString = z.string();
const goStringList = z.array(goElement(goString, ''));
const goStringMap = z.record(z.string(), goElement(goString, ''));

/** pkg/backoff ExtendedBackoff: durations are time.Duration, i.e. integer nanoseconds. */
export const backoffOverrideSchema = z.looseObject({
  InitialDelay: goOptional(goInt),
  Duration: goOptional(goInt),
  Factor: goOptional(z.number()),
  Jitter: goOptional(z.number()),
  Steps: goOptional(goInt),
  Cap: goOptional(goInt),
});

export const eniTagBlockListItemSchema = z.looseObject({
  key: goOptional(goString),
  value: goOptional(goString),
});

export const extraRouteSchema = z.looseObject({ dst: goOptional(goString) });

/** Every key Terway's daemon Config has, with its Go type. */
export const eniConfSchema = z.looseObject({
  version: goOptional(goString),
  access_key: goOptional(goString),
  access_secret: goOptional(goString),
  region_id: goOptional(goString),
  credential_path: goOptional(goString),
  service_cidr: goOptional(goString),
  vswitches: goOptional(z.record(z.string(), goElement(goStringList, []))),
  eni_tags: goOptional(goStringMap),
  max_pool_size: goOptional(goInt),
  min_pool_size: goOptional(goInt),
  ip_warm_up_size: goOptional(goInt),
  idle_ip_reclaim_after: goOptional(goString),
  idle_ip_reclaim_batch_size: goOptional(goInt),
  idle_ip_reclaim_interval: goOptional(goString),
  idle_ip_reclaim_jitter_factor: goOptional(goString),
  min_eni: goOptional(goInt),
  max_eni: goOptional(goInt),
  prefix: goOptional(goString),
  security_group: goOptional(goString),
  security_groups: goOptional(goStringList),
  eni_cap_ratio: goOptional(z.number()),
  eni_cap_shift: goOptional(goInt),
  vswitch_selection_policy: goOptional(goString),
  eni_selection_policy: goOptional(goString),
  ip_stack: goOptional(goString),
  enable_eni_trunking: goOptional(z.boolean()),
  enable_erdma: goOptional(z.boolean()),
  custom_stateful_workload_kinds: goOptional(goStringList),
  ipam_type: goOptional(goString),
  backoff_override: goOptional(z.record(z.string(), goElement(backoffOverrideSchema, {}))),
  extra_routes: goOptional(z.array(goElement(extraRouteSchema, {}))),
  disable_device_plugin: goOptional(z.boolean()),
  eni_tag_filter: goOptional(goStringMap),
  eni_tag_block_list: goOptional(z.array(goElement(eniTagBlockListItemSchema, {}))),
  kube_client_qps: goOptional(z.number()),
  kube_client_burst: goOptional(goInt),
  resource_group_id: goOptional(goString),
  rate_limit: goOptional(z.record(z.string(), goElement(goInt, 0))),
  enable_patch_pod_ips: goOptional(z.boolean()),
  ip_pool_sync_period: goOptional(goString),
  enable_ip_prefix: goOptional(z.boolean()),
  ipv4_prefix_count: goOptional(goInt),
  ipv6_prefix_count: goOptional(goInt),
});

export type EniConfInput = z.output<typeof eniConfSchema>;

/** The keys Terway reads from eni_conf, in declaration order. */
export const eniConfKeys: readonly string[] = Object.keys(eniConfSchema.shape);

/** The Go type of each key, as Terway declares it (for messages). */
export const eniConfGoTypes: Readonly<Record<string, string>> = {
  vswitches: 'map[string][]string', eni_tags: 'map[string]string',
    eni_tag_filter: 'map[string]string',
  security_groups: '[]string', custom_stateful_workload_kinds: '[]string',
  backoff_override: 'map[string]ExtendedBackoff', extra_routes: '[]{dst}',
  eni_tag_block_list: '[]{key,value}', rate_limit: 'map[string]int',
  max_pool_size: 'int', min_pool_size: 'int', ip_warm_up_size: '*int',
    idle_ip_reclaim_batch_size: 'int',
  min_eni: 'int', max_eni: 'int', eni_cap_shift: 'int', kube_client_burst: 'int',
  ipv4_prefix_count: 'int', ipv6_prefix_count: 'int', eni_cap_ratio: 'float64',
    kube_client_qps: 'float32',
  enable_eni_trunking: 'bool', enable_erdma: 'bool', disable_device_plugin: 'bool',
  enable_patch_pod_ips: '*bool', enable_ip_prefix: 'bool',
  idle_ip_reclaim_after: '*string', idle_ip_reclaim_interval: '*string',
    idle_ip_reclaim_jitter_factor: '*string',
};

/** Go type of a key, defaulting to string for the plain string keys. */
export function eniConfGoType(key: string): string {
  return Object.hasOwn(eniConfGoTypes, key) ? eniConfGoTypes[key]! : 'string';
}
