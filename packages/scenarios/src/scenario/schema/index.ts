// The scenario file: cloud, cluster, eni-config, workload, faults and expectations
// (docs/scenarios.md). Validated with zod; a JSON Schema for editors is generated from it
// (`terway-sim schema`).

import { z } from 'zod';
import { cloudSpec } from './cloud.js';
import { clusterSpec, eniConfigSpec } from './cluster.js';
import { expectationItem } from './expectations.js';
import { faultItem } from './faults.js';
import { duration } from './primitives.js';
import { workloadItem } from './workload.js';

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().default(''),
  /** Default seed; `--seed` overrides. */
  seed: z.union([z.number().int(), z.string().min(1)]).default(1),
  /** Virtual time the run lasts (before teardown). */
  duration: duration,
  /** How often metric series are sampled. */
  sampleEvery: duration.default(10_000),
  cloud: cloudSpec,
  cluster: clusterSpec,
  eniConfig: eniConfigSpec,
  workload: z.array(workloadItem).default([]),
  faults: z.array(faultItem).default([]),
  expect: z.array(expectationItem).default([]),
  /** Delete every workload and node at the end and check nothing leaked. */
  teardown: z.boolean().default(true),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type { CloudSpec, VSwitchSpec } from './cloud.js';
export type { ClusterSpec, NodeGroupSpec, EniConfigSpec, NetworkMode } from './cluster.js';
export type { WorkloadItem, DeploymentSpec, StatefulSetSpec, JobChurnSpec } from './workload.js';
export type { FaultItem } from './faults.js';
export type { ExpectationItem } from './expectations.js';
export type { Ratio } from './primitives.js';

/** JSON Schema (draft 2020-12) of the scenario file, for editors. */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
}
