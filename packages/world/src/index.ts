// world: the one assembly of the cloud emulator, the kernel model, kube-sim and Terway into a
// running cluster. Everything above it (the scenario runner, reports, tests, the CI kit) builds
// a World from a spec, subscribes to its typed events and reads it through what is exported here.

export type {
  WorldSpec, CloudSpec, ClusterSpec, NodeGroupSpec, VSwitchSpec, SecurityGroupSpec, NetworkMode,
  ResolvedEniConfig, SecurityGroupRuleSpec, PodNetworkingSetup, NatGatewaySpec,
} from './spec.js';
export {
  World, type WorldOptions, type WorldFailure, type WorldFailureKind,
} from './world.js';
export type {
  WorldEvent, WorldEventType, NodeActivity, CloudCallEvent, CloudEniStateEvent, ObjectChangeEvent,
} from './events.js';
export {
  buildCloudWorld, mapDeclaredIds, nodeVSwitch, type CloudWorld, type WorldVSwitch,
} from './cloud/cloud-world.js';
export { CloudFabric } from './cloud/fabric.js';
export { cloudOpenApiPort, cloudMetadataPort } from './cloud/ports.js';
export { WorldNode, exclusiveEniLabel, type WorldNodeDeps } from './node/world-node.js';
export { StoreCrdPort, terwayCrds } from './kube/crd-port.js';
export { ApiServerKubePort } from './kube/kube-port.js';
export { clusterId } from './controllers.js';
export { InvariantChecker, type Violation } from './checks/invariants.js';
export { tearDown, type TeardownResult } from './teardown.js';
export {
  rollOutTerway, type RolloutOptions, type RolloutOutcome,
} from './changes/rollout.js';
export {
  probeReachability, type ReachabilityResult, type ProbeSelection, type PodSelection,
} from './reachability.js';
export { datapathVerifyCases, type CaseOptions } from './kernel-verify/index.js';
export {
  captureCheckpoint, WorldCheckpoint, type NodeCheckpoint, type SectionName,
} from './checkpoint.js';
export { encodeCheckpoint, decodeCheckpoint } from './checkpoint-pack.js';
export {
  cloudCallView, terwayCliView, formatAliyunCliJson, restoreCloud, checkpointRegion,
  inspectAccessKeyId, checkpointStore,
} from './views/index.js';
export {
  scrapeMetrics, daemonJob, controlplaneJob, type MetricsScrape, type MetricsSource,
} from './metrics-scrape.js';
