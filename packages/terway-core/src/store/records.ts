// The records the daemon persists, in the exact JSON shape Terway writes with Go's encoding/json
// (pkg/storage + types/daemon/res.go): bucket `relation` of /var/lib/cni/terway/ResRelation.db
// holds one `PodResources` per pod key `ns/name`; bucket `pods` of /var/lib/cni/terway/pod.db holds
// `{ Pod }` for sticky-IP pods. Field names are Go's (PascalCase, or the json tags where Terway has
// them) so a snapshot reads like the real database. The zod schemas validate a restored snapshot
// and name the offending field.

import { z } from 'zod';

export const resourceTypeEniIp = 'eniIp';
export const resourceTypeEni = 'eni';

export const resourceItemSchema = z.object({
  type: z.string(),
  id: z.string(),
  extra_eip_info: z.null(),
  eni_id: z.string(),
  eni_mac: z.string(),
  ipv4: z.string(),
  ipv6: z.string(),
});
export type ResourceItem = z.infer<typeof resourceItemSchema>;

const ipSetSchema = z.object({ IPv4: z.string().nullable(), IPv6: z.string().nullable() });

export const podInfoRecordSchema = z.object({
  Name: z.string(),
  Namespace: z.string(),
  /** bytes/s; 0 = no limit. */
  TcIngress: z.number().int().nonnegative(),
  TcEgress: z.number().int().nonnegative(),
  PodNetworkType: z.string(),
  PodIP: z.string(),
  PodIPs: ipSetSchema,
  SandboxExited: z.boolean(),
  PodENI: z.boolean(),
  PodUID: z.string(),
  NetworkPriority: z.string(),
  ERdma: z.boolean(),
  /** Nanoseconds, as Go's time.Duration; 300000000000 marks a sticky-IP pod. */
  IPStickTime: z.number().int().nonnegative(),
  /** RFC 3339; Go's zero time `0001-01-01T00:00:00Z` when unknown. */
  CreateTime: z.string(),
});
export type PodInfoRecord = z.infer<typeof podInfoRecordSchema>;

export const podResourcesSchema = z.object({
  Resources: z.array(resourceItemSchema).nullable(),
  PodInfo: podInfoRecordSchema.nullable(),
  NetNs: z.string().nullable(),
  ContainerID: z.string().nullable(),
  /** JSON text of the reply's net configs. */
  NetConf: z.string(),
});
export type PodResources = z.infer<typeof podResourcesSchema>;

/** pod.db item: Terway's k8s storageItem (its deletion mark is unexported, so never persisted). */
export const podCacheItemSchema = z.object({ Pod: podInfoRecordSchema });
export type PodCacheItem = z.infer<typeof podCacheItemSchema>;

export const goZeroTime = '0001-01-01T00:00:00Z';

/** Items of one type, copied as Terway's GetResourceItemByType does. */
export function resourceItemsByType(record: PodResources, type: string): ResourceItem[] {
  return (record.Resources ?? []).filter((item) => item.type === type).map((item) => ({ ...item }));
}

export function emptyPodResources(): PodResources {
  return { Resources: null, PodInfo: null, NetNs: null, ContainerID: null, NetConf: '' };
}
