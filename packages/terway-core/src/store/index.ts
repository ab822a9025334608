// The node's Terway databases (ResRelation.db, pod.db): records in Terway's JSON shape, and the
// node-owned storage that survives daemon restarts, with snapshot/restore.
export {
  NodeStorage, resourceDbPath, podDbPath, type NodeStorageSnapshot,
} from './node-storage.js';
export { Bucket } from './bucket.js';
export {
  resourceTypeEniIp, resourceTypeEni, goZeroTime, resourceItemsByType, emptyPodResources,
  resourceItemSchema, podInfoRecordSchema, podResourcesSchema, podCacheItemSchema,
  type ResourceItem, type PodInfoRecord, type PodResources, type PodCacheItem,
} from './records.js';
