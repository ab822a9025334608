// The scenario file: cloud, cluster, eni-config, workload, faults and expectations
// (docs/scenarios.md). Validated with zod; a JSON Schema for editors is generated from it
// (`terway-sim schema`).

import { z } from 'zod';
import { cloudSpec } from './cloud.js';
import { clusterSpec, eniConfigSpec } from './cluster.js';
import { changeItem } from './changes.js';
import { expectationItem } from './expectations.js';
import { faultItem } from './faults.js';
import { bounds } from './bounds.js';
import {
  boundedInt, boundedList, describeValue, durationWithin, paragraph, shortText,
} from './primitives.js';
import { networkPolicyItem } from './network-policies.js';
import { workloadItem } from './workload.js';

const seedInteger = boundedInt({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER,
  why: 'a larger integer loses digits; write it as text' });

export const scenarioSchema = z.strictObject({
  /** Shown in reports; the default output directory is a safe slug of it (output-dir.ts). */
  name: shortText('a scenario name'),
  description: paragraph.default(''),
  /** Default seed; `--seed` overrides. */
  seed: z.union([seedInteger, shortText('a seed')], { error: (issue) =>
    `expected a seed: an integer or text, got ${describeValue(issue.input)}` }).default(1),
  /** Virtual time the run lasts (before teardown). */
  duration: durationWithin(bounds.runDurationMs),
  /** How often metric series are sampled (at most `duration`: checked with it). */
  sampleEvery: durationWithin(bounds.sampleEveryMs).default(10_000),
  cloud: cloudSpec,
  cluster: clusterSpec,
  eniConfig: eniConfigSpec,
  workload: boundedList(workloadItem).default([]),
  faults: boundedList(faultItem).default([]),
  /** NetworkPolicies applied at the start or at a time (network-policies.ts). */
  networkPolicies: boundedList(networkPolicyItem).default([]),
  /** Changes an operator makes during the run (eni-config rollouts, quotas, labels, drains). */
  changes: boundedList(changeItem).default([]),
  expect: boundedList(expectationItem).default([]),
  /** Delete every workload and node at the end and check nothing leaked. */
  teardown: z.boolean().default(true),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type { CloudSpec, VSwitchSpec } from './cloud.js';
export type { ClusterSpec, NodeGroupSpec, EniConfigSpec, NetworkMode } from './cluster.js';
export type { WorkloadItem, DeploymentSpec, StatefulSetSpec, JobChurnSpec } from './workload.js';
export type { FaultItem } from './faults.js';
export type { ChangeItem, ConfigChange } from './changes.js';
export type { ExpectationItem } from './expectations.js';
export type { Ratio } from './primitives.js';

/** JSON Schema (draft 2020-12) of the scenario file, for editors. */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
}
