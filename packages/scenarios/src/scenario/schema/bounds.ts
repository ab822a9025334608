// The bounds of every number in a scenario file, and why each is where it is. A value outside
// them is refused when the file is read (exit 2, naming the key, the bound and the reason), so a
// typo such as `replicas: 1000000000` or `sampleEvery: 0` ends at once instead of running for
// hours or eating memory (issue 17). Kubernetes' and Alibaba Cloud's own limits are used where
// they exist; the others are the simulator's, stated as such. docs/scenarios.md lists them all
// (a test keeps the two in step).

export interface Bound {
  readonly min: number;
  readonly max: number;
  /** Why the bound is where it is: shown in the refusal and in docs/scenarios.md. */
  readonly why: string;
}

const minuteMs = 60_000;
const dayMs = 24 * 60 * minuteMs;

/** Every bound, by the name docs/scenarios.md uses. */
export const bounds = {
  /** Any duration in the file (the run's, a fault's, a timeout's). */
  durationMs: {
    min: 0,
    max: 7 * dayMs,
    why: 'a run simulates at most 7 days; every Terway and Kubernetes loop repeats within minutes',
  },
  /** The run's own `duration`. */
  runDurationMs: {
    min: 1_000,
    max: 7 * dayMs,
    why: 'a run simulates at least one second and at most 7 days',
  },
  /** `sampleEvery`: the upper end is the run's duration (checked with it). */
  sampleEveryMs: {
    min: 1_000,
    max: 7 * dayMs,
    why: 'metric series are sampled at most once a simulated second, and at least once a run',
  },
  /** Nodes in one group, and in the whole cluster at any time. */
  nodes: { min: 0, max: 5_000, why: 'Kubernetes supports clusters of up to 5,000 nodes' },
  /** kubelet --max-pods. */
  maxPods: {
    min: 1,
    max: 250,
    why:
      'kubelet defaults to 110, the per-node figure Kubernetes documents for large clusters; ' +
      '250 is the most that distributions support',
  },
  /** Replicas of one workload, and pods wanted at once in the whole cluster. */
  pods: { min: 0, max: 150_000, why: 'Kubernetes supports up to 150,000 pods per cluster' },
  /** Job arrivals per minute. */
  jobsPerMinute: {
    min: 0,
    max: 3_000,
    why: 'kube-scheduler binds at most 50 pods a second with its default client QPS (50)',
  },
  /** Log-normal shape of a job's run time. */
  sigma: {
    min: 0,
    max: 3,
    why: 'sigma 3 already spreads run times over a factor of 20 either way',
  },
  /** Extended resources one pod requests (aliyun/eni, aliyun/member-eni). */
  resource: { min: 1, max: 1_000, why: 'no node advertises more ENIs than this' },
  /** StatefulSet pod ordinals. */
  ordinal: { min: 0, max: 149_999, why: 'an ordinal is below the replicas (at most 150,000)' },
  /** `cloud.vpc.routeEntryQuota`. */
  routeEntries: {
    min: 1,
    max: 5_000,
    why: 'VPC route mode takes one route entry per node, and a cluster has at most 5,000 nodes',
  },
  /** `cloud.quotas.enisPerRegion`. */
  enisPerRegion: {
    min: 1,
    max: 1_000_000,
    why: 'a larger quota never binds: 5,000 nodes attach fewer ENIs',
  },
  /** `rollout.maxUnavailable` of a `configChange`: terway pods replaced at once. */
  rolloutMaxUnavailable: {
    min: 1,
    max: 5_000,
    why: 'a rollout replaces at least one pod at a time and at most every node of a cluster',
  },
  /** `cloud.rateLimits` values, calls per minute. */
  callsPerMinute: {
    min: 1,
    max: 1_000_000,
    why: 'a limit above a million calls a minute never binds in a run this tool accepts',
  },
  /** `cluster.nodeCidrMaskSize`. */
  nodeCidrMask: {
    min: 16,
    max: 28,
    why:
      'a /16 podCIDR per node is the widest kube-controller-manager hands out in practice; a /28 ' +
      'leaves 13 pod addresses',
  },
  /** A probability's denominator. */
  denominator: { min: 1, max: 1_000_000_000, why: 'one in a billion is below what a run draws' },
  /** `timeToIp.percentile`. */
  percentile: { min: 1, max: 100, why: 'a percentile is from 1 to 100' },
  /** Counts in expectations (`atLeast`, `atMost`). */
  count: { min: 0, max: 1_000_000_000, why: 'no run records more than a billion of anything' },
  /** Reachability probes. */
  probes: {
    min: 1,
    max: 10_000,
    why: 'each probe traces one packet through the kernel model; 10,000 cover a 100-pod cluster pairwise',
  },
  /** Items in one list (workloads, faults, expectations, node groups, steps). */
  listItems: {
    min: 0,
    max: 1_000,
    why: 'a scenario is written by hand; each item arms its own timers',
  },
  /** vSwitches declared. */
  vSwitches: { min: 1, max: 150, why: "Alibaba Cloud's quota of vSwitches per VPC" },
  /** Security groups declared. */
  securityGroups: { min: 0, max: 10, why: 'eni_conf takes at most 10 security groups' },
  /** Characters of a name, a seed or another short string. */
  nameChars: { min: 1, max: 253, why: 'Kubernetes object names are at most 253 characters' },
} as const satisfies Record<string, Bound>;

/** The run as a whole, estimated before it starts (run-size.ts). */
export const runSizeBounds = {
  /** Peak nodes × simulated minutes: each node's daemon and kubelet run on the clock. */
  nodeMinutes: { min: 0, max: 1_000_000, why:
    'e.g. 5,000 nodes for 3 hours, or 100 nodes for a week; the scale bench uses 75,000' },
  /** Nodes launched over the run: each is an instance, a daemon and a kubelet. */
  nodesCreated: { min: 0, max: 20_000, why:
    'four times the 5,000 nodes Kubernetes supports in one cluster' },
  /** Pods wanted at once: deployments and StatefulSets at their peak, plus running jobs. */
  podsPeak: { min: 0, max: 150_000, why: 'Kubernetes supports up to 150,000 pods per cluster' },
  /** Pods created over the whole run (scaling, rollouts, job arrivals). */
  podsCreated: { min: 0, max: 500_000, why:
    'each pod is a few dozen events and objects; the scale bench creates about 66,000' },
  /** Samples of the metric series (duration / sampleEvery). */
  samples: { min: 1, max: 10_000, why:
    'report.json keeps one point per sample per series; a chart shows far fewer' },
  /** Samples × (nodes + pods): every sample runs the full invariant checks over the world. */
  sampleVisits: { min: 0, max: 100_000_000, why:
    'every sample checks every node and pod; the scale bench needs 2.5 million visits' },
} as const satisfies Record<string, Bound>;
