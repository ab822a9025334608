// Test fixtures for kernel-shim users: a plain two-host world (workload namespaces behind veths,
// routed through the VPC) built directly through the Kernel port. It models no Terway datapath;
// terway-core's datapaths do that. The fixed FabricView it uses (`staticFabric`) is product code,
// exported from the package's main entry.

export {
  buildTwoNodeWorld, twoNodeEnis, twoNodeFabric, twoNodeHosts, twoNodeRouteEntries,
  twoNodeVSwitches, type TwoNodeHost,
} from './two-node-world.js';
