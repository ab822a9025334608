// Duration and float strings Terway parses only when it uses them: an unparsable idle-reclaim
// value stops the daemon at startup (getPoolConfig returns the parse error), while an unparsable
// ip_pool_sync_period silently becomes 120 s (GetIPPoolSYncPeriod).

import { parseGoDurationNs, parseGoFloat } from '../../config/go-duration.js';
import type { Check, Diagnostic } from '../diagnostic.js';
import { atKey } from '../locate.js';

export const durationsCheck: Check = (context) => {
  const { config } = context;
  const out: Diagnostic[] = [];
  const reclaim: [string, string | undefined][] = [['idle_ip_reclaim_after',
    config.idleIpReclaimAfter], [
    'idle_ip_reclaim_interval', 'idle_ip_reclaim_interval' in context.raw ?
    config.idleIpReclaimInterval : undefined]];
  for (const [key, value] of reclaim) {
    if (value === undefined) continue;
    const parsed = parseGoDurationNs(value);
    if (!parsed.ok) out.push(atKey(context, 'reclaim-duration-invalid', [key],
      `${parsed.error}: the daemon does not start. Write a Go duration such as "30m", "10m" or ` +
      `"1h30m"`));
    else if (parsed.value < 0) out.push(atKey(context, 'reclaim-duration-invalid', [key],
      `${value} is negative; write a positive Go duration such as "10m"`));
  }
  if ('idle_ip_reclaim_jitter_factor' in context.raw) {
    const factor = parseGoFloat(config.idleIpReclaimJitterFactor);
    if (!factor.ok) out.push(atKey(context, 'reclaim-jitter-invalid', [
      'idle_ip_reclaim_jitter_factor'],
        `${factor.error}: the daemon does not start. Write a float in a string, such as "0.1"`));
  }
  if (config.ipPoolSyncPeriod !== '') {
    const period = parseGoDurationNs(config.ipPoolSyncPeriod);
    if (!period.ok) out.push(atKey(context, 'pool-sync-period-invalid', ['ip_pool_sync_period'],
      `${period.error}: Terway silently uses 120s; write a Go duration such as "2m"`));
    else if (period.value <= 0) out.push(atKey(context, 'pool-sync-period-invalid', [
      'ip_pool_sync_period'],
        `"${config.ipPoolSyncPeriod}" is not a positive period: the pool sync loop would run ` +
        `back to back; use e.g. "2m"`));
  }
  return out;
};
