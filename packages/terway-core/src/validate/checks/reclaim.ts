// Idle IP reclaim settings that cannot do anything (calculateToDel in Terway's pkg/eni/manager.go):
// the feature is on only when idle_ip_reclaim_after is set; it only removes idle IPs above
// min_pool_size; and it acts at pool syncs, so an interval shorter than the sync period is
// effectively the sync period.

import { idleIpReclaim, ipPoolSyncPeriodMs } from '../../config/derive.js';
import { parseGoFloat } from '../../config/go-duration.js';
import type { Check, Diagnostic } from '../diagnostic.js';
import { atKey } from '../locate.js';

const tuningKeys: readonly string[] = ['idle_ip_reclaim_batch_size', 'idle_ip_reclaim_interval',
  'idle_ip_reclaim_jitter_factor'];

export const reclaimCheck: Check = (context) => {
  const { config, raw } = context;
  const out: Diagnostic[] = [];
  const tuned = tuningKeys.filter((key) => key in raw);
  if (config.idleIpReclaimAfter === undefined) {
    if (tuned.length > 0) out.push(atKey(context, 'reclaim-inconsistent', [tuned[0]!],
      `${tuned.join(', ')} set but idle_ip_reclaim_after is not: idle IP reclaim stays off. ` +
      `Set idle_ip_reclaim_after (e.g. "30m") to turn it on`));
    return out;
  }
  const reclaim = idleIpReclaim(config);
  if (!reclaim.ok) return out;
  if ('idle_ip_reclaim_batch_size' in raw && (raw.idle_ip_reclaim_batch_size as number) <= 0) {
    out.push(atKey(context, 'reclaim-inconsistent', ['idle_ip_reclaim_batch_size'],
      `batch size ${String(raw.idle_ip_reclaim_batch_size)} is replaced by 5; set a positive ` +
      `number`));
  }
  const factor = parseGoFloat(config.idleIpReclaimJitterFactor);
  if (factor.ok && factor.value <= 0) out.push(atKey(context, 'reclaim-inconsistent', [
    'idle_ip_reclaim_jitter_factor'],
      `jitter factor ${config.idleIpReclaimJitterFactor} is replaced by 0.1 when reclaiming; ` +
      `set a positive factor`));
  if (context.daemonMode === 'ENIMultiIP' && config.ipamType !== 'crd' &&
    config.minPoolSize >= config.maxPoolSize) {
    out.push(atKey(context, 'reclaim-inconsistent', ['idle_ip_reclaim_after'],
      `idle reclaim only frees idle IPs above min_pool_size (${config.minPoolSize}), and ` +
      `max_pool_size (${config.maxPoolSize}) already caps the pool there: reclaim has nothing ` +
      `to do. Raise max_pool_size above min_pool_size or drop the reclaim keys`));
  }
  const syncMs = ipPoolSyncPeriodMs(config);
  if (reclaim.value.intervalMs < syncMs) {
    out.push(atKey(context, 'reclaim-inconsistent', ['idle_ip_reclaim_interval'],
      `reclaim runs at pool syncs (every ${syncMs / 1000}s and up to twice that with jitter), ` +
      `so an interval of ${reclaim.value.intervalMs / 1000}s acts like the sync period; ` +
      `lengthen it or shorten ip_pool_sync_period`));
  }
  return out;
};
