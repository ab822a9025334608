// API calls a planned scale-up needs, against the buckets that limit them. Each node's daemon has
// its own client buckets (rate_limit, N per minute, burst N); the account's per-minute ECS quota is
// shared by the cluster (Terway's defaults in pkg/aliyun/client/ratelimit.go mirror it). Calls per
// node to bring up P pods on shared ENIs: per ENI one CreateNetworkInterface (with ≤ 10 IPs), one
// AttachNetworkInterface, at least one DescribeNetworkInterfaces, and one AssignPrivateIpAddresses
// per further 10 IPs (BatchSize 10, Terway's daemon/config.go).

import { ipStackFamilies } from '../../config/derive.js';
import { poolBatchSize } from '../../config/pool-config.js';
import type { Check, CheckContext, Diagnostic } from '../diagnostic.js';
import { atKey } from '../locate.js';
import { nodeDemand, type NodeDemand } from './plan-demand.js';
import { defaultRateLimits } from './rate-limit.js';

/** Calls per API for one node to reach `ips` IPs on ENIs of `ipsPerEni`. */
export function scaleUpCalls(ips: number, ipsPerEni: number,
  dualStack: boolean): Record<string, number> {
  const calls: Record<string, number> = { CreateNetworkInterface: 0, AttachNetworkInterface: 0,
    DescribeNetworkInterfaces: 0, AssignPrivateIpAddresses: 0 };
  if (dualStack) calls.AssignIpv6Addresses = 0;
  for (let left = ips; left > 0 && ipsPerEni > 0; left -= ipsPerEni) {
    const onEni = Math.min(left, ipsPerEni);
    const assigns = Math.ceil(Math.max(0, onEni - poolBatchSize) / poolBatchSize);
    calls.CreateNetworkInterface! += 1;
    calls.AttachNetworkInterface! += 1;
    calls.DescribeNetworkInterfaces! += 1;
    calls.AssignPrivateIpAddresses! += assigns;
    if (dualStack) calls.AssignIpv6Addresses! += assigns;
  }
  return calls;
}

function perMinuteLimit(context: CheckContext, api: string): number {
  const configured = context.config.rateLimit;
  return configured[api] ?? defaultRateLimits[api] ?? configured[''] ?? defaultRateLimits['']!;
}

function nodeChecks(context: CheckContext, calls: Record<string, number>,
  windowS: number): Diagnostic[] {
  if (context.config.ipamType === 'crd' || context.daemonMode === 'ENIOnly') return [];
  const out: Diagnostic[] = [];
  for (const [api, needed] of Object.entries(calls)) {
    const limit = perMinuteLimit(context, api);
    const budget = limit + (limit / 60) * windowS;
    if (limit > 0 && needed > budget) {
      const seconds = Math.ceil(((needed - limit) / limit) * 60);
      out.push(atKey(context, 'rate-limit-insufficient', ['rate_limit',
        api in context.config.rateLimit ?
        api : ''],
          `a node needs ${needed} ${api} calls to bring up its pods but rate_limit allows ` +
          `${limit}/min (burst ${limit}): about ${seconds}s instead of ${windowS}s. Raise ` +
          `rate_limit.${api}`));
    }
  }
  return out;
}

function clusterChecks(context: CheckContext, calls: Record<string, number>, nodes: number,
  windowS: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  const minutes = Math.max(1, windowS / 60);
  for (const [api, perNode] of Object.entries(calls)) {
    const perMinute = Math.ceil((perNode * nodes) / minutes);
    const quota = defaultRateLimits[api] ?? defaultRateLimits['']!;
    if (perMinute > quota) {
      out.push(atKey(context, 'cloud-throttling-risk', ['rate_limit'],
        `${nodes} nodes × ${perNode} ${api} calls in ${windowS}s ≈ ${perMinute}/min, above the ` +
        `~${quota}/min an account typically gets: expect Throttling and slow pod start (F05). ` +
        `Stagger the scale-out, lower min_pool_size, or use ipam_type "crd"`));
    }
  }
  return out;
}

export const scaleUpRateCheck: Check = (context) => {
  const { nodes, podsPerNode } = context.plan;
  const type = context.types[0];
  if (podsPerNode === undefined || type === undefined ||
    context.daemonMode === 'ENIOnly') return [];
  const demand: NodeDemand = nodeDemand(context, type, podsPerNode);
  if (demand.ipsPerEni === undefined) return [];
  const windowS = context.plan.scaleUpSeconds ?? 60;
  const calls = scaleUpCalls(demand.warmIps, demand.ipsPerEni, ipStackFamilies(
    context.config).ipv6 && type.limits.ipv6PerAdapter === type.limits.ipv4PerAdapter);
  return [...nodeChecks(context, calls, windowS), ...(nodes === undefined ? [] : clusterChecks(
    context, calls, nodes, windowS))];
};
