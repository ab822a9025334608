// Test fixtures for kernel-shim users: a fixed FabricView, and a plain two-host world (workload
// namespaces behind veths, routed through the VPC) built directly through the Kernel port. None
// of them models a Terway datapath; terway-core's datapaths do that.

export { staticFabric, type StaticEni, type StaticFabricSpec } from './static-fabric.js';
export {
  buildTwoNodeWorld, twoNodeEnis, twoNodeFabric, twoNodeHosts, twoNodeRouteEntries,
  twoNodeVSwitches, type TwoNodeHost,
} from './two-node-world.js';
