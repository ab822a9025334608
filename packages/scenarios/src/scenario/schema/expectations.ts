// What must hold at the end of a run (or at some point during it). Each expectation becomes a
// named assertion in report.json with ok and a detail that says what was measured.

import { z } from 'zod';
import { bounds } from './bounds.js';
import { parseLabelSelector } from '@terway-sim/kube-sim';
import { boundedInt, duration, objectName } from './primitives.js';

/**
 * Pods a probe runs from or to: `{ namespace?, labels? }` (`labels` a selector in kubectl's form,
 * `app=web,tier!=db`), or a plain label map (`{ app: web }`, pods in any namespace whose labels
 * have these values), which is short for `labels: app=web`.
 */
const podSelection = z.union([
  z.strictObject({
    namespace: objectName.optional(),
    labels: z.string().optional().superRefine((text, ctx) => {
      if (text === undefined) return;
      const parsed = parseLabelSelector(text);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
    }),
  }),
  z.record(z.string(), z.string()).refine(
    (map) => !('namespace' in map) && !('labels' in map),
    { message: 'a label map has no `namespace` or `labels` key: use { namespace, labels }' },
  ),
]);

/**
 * Narrows reachability probes: from and to which pods (`from`, `to`), or from pods to one address
 * outside the cluster (`toAddress`, e.g. an Internet address: delivered means it left the VPC),
 * over which L4 protocol and port (without `port`, an ICMP echo).
 */
const probeSelection = {
  from: podSelection.optional(),
  to: podSelection.optional(),
  toAddress: z.ipv4({ error: 'expected an IPv4 address like "8.8.8.8"' }).optional(),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional(),
  port: boundedInt({ min: 1, max: 65535, why: 'a TCP/UDP/SCTP port' }).optional(),
};

/** The NetworkPolicy (`name` or `namespace/name`) that decided a probe. */
const byPolicy = z.strictObject({
  kind: z.literal('networkPolicy'),
  policy: z.string().min(1).optional(),
});

/** A count an expectation asks for: at least 1. */
const positiveCount = boundedInt({ ...bounds.count, min: 1 });

export const expectationItem = z.discriminatedUnion('kind', [
  /**
   * Every pod the workload wants exists and is Ready, at the latest `within` after its creation.
   */
  z.strictObject({ kind: z.literal('allPodsReady'), within: duration }),
  /** Time from pod creation to IP (CNI ADD success), at a percentile. */
  z.strictObject({
    kind: z.literal('timeToIp'),
    percentile: boundedInt(bounds.percentile),
    under: duration,
  }),
  /** No call was refused with a Throttling code. */
  z.strictObject({ kind: z.literal('noThrottling') }),
  /** At least `atLeast` calls were throttled (failure drills). */
  z.strictObject({ kind: z.literal('throttled'), atLeast: positiveCount.default(1) }),
  /** A node condition was seen with this status (and reason) at some point. */
  z.strictObject({
    kind: z.literal('nodeCondition'),
    type: z.string(),
    status: z.enum(['True', 'False']),
    reason: z.string().optional(),
  }),
  /** An event with this reason was (or was not) recorded. */
  z.strictObject({
    kind: z.literal('event'),
    reason: z.string(),
    seen: z.boolean().default(true),
    atLeast: positiveCount.default(1),
  }),
  /**
   * Pods still not Ready at the end: at least / at most this many (capacity walls, failure drills).
   */
  z.strictObject({
    kind: z.literal('podsNotReady'),
    atLeast: boundedInt(bounds.pods).optional(),
    atMost: boundedInt(bounds.pods).optional(),
  }),
  /** After teardown: no ENI, IP, route entry, link, route or rule left behind. */
  z.strictObject({ kind: z.literal('noLeaks') }),
  /** After teardown: at least this many leaks found (drills that show how resources leak, F13). */
  z.strictObject({
    kind: z.literal('leaked'),
    atLeast: positiveCount.default(1),
    mentions: z.string().optional(),
  }),
  /** A pod keeps its IP across deletion and re-creation (StatefulSet sticky / fixed IP). */
  z.strictObject({ kind: z.literal('ipKept'), pod: z.string().min(1) }),
  /**
   * Every Ready pod can reach every other Ready pod's IP through the kernel model and fabric
   * (sampled).
   */
  z.strictObject({
    kind: z.literal('podsReachable'),
    samples: boundedInt(bounds.probes).default(200),
    /**
     * The address families that must be probed and delivered. `ipv6` needs dual-stack pods: a
     * pair whose pods both have an IPv6 address is traced over IPv6 as well.
     */
    families: z.array(z.enum(['ipv4', 'ipv6'])).min(1).default(['ipv4']),
    /** Every delivered probe was let through by a rule of this NetworkPolicy. */
    because: z.strictObject({ kind: z.literal('networkPolicy'), policy: z.string().min(1) })
      .optional(),
    ...probeSelection,
  }),
  /**
   * At least this many sampled pod-to-pod packets are dropped (with `reason` in the drop, if
   * given): black-hole drills.
   */
  z.strictObject({
    kind: z.literal('podsUnreachable'),
    samples: boundedInt(bounds.probes).default(200),
    atLeast: boundedInt({ ...bounds.probes, why: 'at most the probes sent' }).default(1),
    reason: z.string().optional(),
    /**
     * Count only drops by this kind of rule: a security group (this group, a declared id of this
     * file), no SNAT, or a NetworkPolicy (this one).
     */
    because: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('securityGroup'), group: z.string().optional() }),
      z.strictObject({ kind: z.literal('noSnat') }),
      byPolicy,
    ]).optional(),
    ...probeSelection,
  }),
]);

export type ExpectationItem = z.output<typeof expectationItem>;
