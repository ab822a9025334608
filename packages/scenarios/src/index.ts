// scenarios: the scenario DSL, the runner, the expectations, the reports and the CLI.
export { main } from './cli/main.js';
// The scenario file's types, for programs that write scenarios (the JSON Schema is `schema`).
export type {
  Scenario, CloudSpec, VSwitchSpec, ClusterSpec, NodeGroupSpec, EniConfigSpec, NetworkMode,
  WorkloadItem, DeploymentSpec, StatefulSetSpec, JobChurnSpec, FaultItem, ExpectationItem, Ratio,
} from './scenario/schema/index.js';
