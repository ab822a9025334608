// rate_limit entries (pkg/aliyun/client/ratelimit.go FromMap): per-API token buckets of N per
// minute with burst N. A name that is not an API Terway calls creates a bucket nobody takes from;
// N ≤ 0 gives a bucket with burst 0, so every call of that API fails to get a token.

import type { Check, Diagnostic } from '../diagnostic.js';
import { atKey } from '../locate.js';
import { defaultApiRateLimits } from '../../ratelimit/api-limiter.js';

/**
 * Terway's client-side defaults, calls per minute (pkg/aliyun/client/ratelimit.go): the rate
 * limiter's own table.
 */
export const defaultRateLimits = defaultApiRateLimits;

export const rateLimitCheck: Check = (context) => {
  const out: Diagnostic[] = [];
  for (const [api, perMinute] of Object.entries(context.config.rateLimit).sort(([a], [
    b]) => a.localeCompare(b))) {
    if (!(api in defaultRateLimits)) {
      out.push(atKey(context, 'rate-limit-unknown-api', ['rate_limit', api],
        `"${api}" is not an API Terway calls, so this limit applies to nothing; API names are ` +
        `case-sensitive (e.g. CreateNetworkInterface, AssignPrivateIpAddresses)`));
    }
    if (perMinute <= 0) {
      out.push(atKey(context, 'rate-limit-non-positive', ['rate_limit', api],
        `${perMinute} calls per minute leaves the bucket empty (burst ${perMinute}): every ` +
        `${api || 'unlisted'} call fails to get a token. Remove the entry to keep Terway's ` +
        `default, or set a positive number`));
    }
  }
  return out;
};
