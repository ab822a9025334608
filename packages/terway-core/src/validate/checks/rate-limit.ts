// rate_limit entries (pkg/aliyun/client/ratelimit.go FromMap): per-API token buckets of N per
// minute with burst N. A name that is not an API Terway calls creates a bucket nobody takes from;
// N ≤ 0 gives a bucket with burst 0, so every call of that API fails to get a token.

import type { Check, Diagnostic } from '../diagnostic.js';
import { atKey } from '../locate.js';

/** Terway's client-side defaults, calls per minute (terway-core.md §4.3). */
export const defaultRateLimits: Readonly<Record<string, number>> = {
  '': 500, AttachNetworkInterface: 500, CreateNetworkInterface: 500, DeleteNetworkInterface: 500,
  DescribeNetworkInterfaces: 800, DescribeNetworkInterfaceAttribute: 2000,
    DetachNetworkInterface: 400,
  AssignPrivateIpAddresses: 400, UnassignPrivateIpAddresses: 400, AssignIpv6Addresses: 400,
  UnassignIpv6Addresses: 400, DescribeInstanceTypes: 400, DescribeVSwitches: 300,
  AssignLeniPrivateIpAddress: 300, AttachElasticNetworkInterface: 300,
    DetachElasticNetworkInterface: 300,
  ListElasticNetworkInterfaces: 6000, CreateElasticNetworkInterface: 1200,
    DeleteElasticNetworkInterface: 1200,
  CreateHighDensityElasticNetworkInterface: 900, DeleteHighDensityElasticNetworkInterface: 300,
  AttachHighDensityElasticNetworkInterface: 300, DetachHighDensityElasticNetworkInterface: 300,
  ListHighDensityElasticNetworkInterfaces: 6000, GetNodeInfoForPod: 6000,
};

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
