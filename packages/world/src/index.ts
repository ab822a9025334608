// world: the one assembly of the cloud emulator, the kernel model, kube-sim and Terway into a
// running cluster. Everything above it (the scenario runner, reports, tests, the CI kit) builds
// a world from a spec and reads it through what is exported here.

export type {
  WorldSpec, CloudSpec, ClusterSpec, NodeGroupSpec, VSwitchSpec, SecurityGroupSpec, NetworkMode,
  ResolvedEniConfig,
} from './spec.js';
export { ClusterSim, type ClusterSimOptions } from './cluster-sim.js';
export {
  buildCloudWorld, mapDeclaredIds, nodeVSwitch, type CloudWorld, type WorldVSwitch,
} from './cloud/cloud-world.js';
export { CloudFabric } from './cloud/fabric.js';
export { cloudOpenApiPort, cloudMetadataPort } from './cloud/ports.js';
export { SimNode, exclusiveEniLabel, type SimNodeDeps } from './node/sim-node.js';
export { CustomResources } from './kube/custom-resources.js';
export { ApiServerKubePort } from './kube/kube-port.js';
export { InvariantChecker, type Violation, type CheckedWorld } from './checks/invariants.js';
export { tearDown, type TeardownWorld, type TeardownResult } from './teardown.js';
export { probeReachability } from './reachability.js';
export { datapathVerifyCases, type CaseOptions } from './kernel-verify/index.js';
