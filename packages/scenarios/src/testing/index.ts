// `@terway-sim/scenarios/testing`: test helpers and the property-testing kit for CI.
//   - arbitraries of eni-configs, clusters, workloads and fault schedules composing into scenario
//     files the runner accepts (arbitraries/);
//   - the property runner that shrinks a failure to a small scenario and prints its replay line
//     (property/);
//   - the model-based test of one node's daemon against the cloud emulator (node-model/);
//   - a sample report for renderer tests.
// docs/ci.md shows how a team adds the kit to its own CI.

export { sampleReport } from './sample-report.js';

export * from './arbitraries/bounds.js';
export {
  eniConfigArbitrary, poolSettingsArbitrary, composeEniConf, expectedDiagnostic, modeEniConf,
  type EniConfMistake, type PoolSettings, type GeneratedEniConfig, type EniConfigArbitraryOptions,
} from './arbitraries/eni-config.js';
export {
  clusterArbitrary, smallInstanceTypes, composeCloud, composeCluster, capacityPerNode,
  clusterFacts, groupName, clusterForMode, trunkFallbackType,
  type GeneratedCluster, type GeneratedNodeGroup, type ClusterArbitraryOptions,
  type ClusterFacts, type CloudInput, type ClusterInput,
} from './arbitraries/cluster.js';
export {
  workloadArbitrary, composeWorkload, peakPods, type GeneratedWorkload, type WorkloadInput,
  type WorkloadArbitraryOptions,
} from './arbitraries/workload.js';
export { fitWorkload, stickyHeld } from './arbitraries/fit-workload.js';
export {
  faultsArbitrary, composeFaults, isTransient, healedAfterMs, transientFaultKinds,
  lastingFaultKinds, allFaultKinds, terwayActions, routeActions, actionInMode, apiErrorCodes,
  type GeneratedFault, type FaultKind, type FaultInput, type FaultArbitraryOptions,
  type ApiErrorCode,
} from './arbitraries/faults.js';
export {
  scenarioArbitrary, scenarioPartsArbitrary, composeScenario, scenarioSize, allModes,
  type ScenarioInput, type ScenarioArbitraryOptions, type ScenarioParts, type ScenarioFacts,
  type GeneratedScenario, type ExpectationInput,
} from './arbitraries/scenario.js';

export {
  runHolds, invariantsHold, runsOrRefusesClearly, allOf, type ScenarioProperty, type ScenarioRun,
  type RunResult,
} from './property/properties.js';
export { kitSeed, defaultKitSeed } from './property/kit-seed.js';
export {
  scenarioYaml, writeReplay, replayCommand, type ReplayFile, type ReplayOptions,
} from './property/replay.js';
export {
  checkScenarios, assertScenarios, runGenerated, type CheckScenariosOptions, type PropertyFailure,
  type ScenarioCheck,
} from './property/check-scenarios.js';

export {
  NodeRig, rigPool, rigScenario, type NodeRigOptions, type PoolAddress,
} from './node-model/node-rig.js';
export {
  emptyModel, observe, checkNode, quietForMs, type NodeModel, type PodModel,
} from './node-model/node-model.js';
export {
  nodeCommands, livePodsMax, NodeModelViolation, type NodeCommandOptions,
} from './node-model/commands.js';
export {
  checkNodeModel, type CheckNodeModelOptions, type NodeModelCheck,
} from './node-model/check-node-model.js';
