// Test fixtures for kernel-shim users: a fixed FabricView and Terway's veth policy-route pod
// setup done directly through the Kernel port.

export { staticFabric, type StaticEni, type StaticFabricSpec } from './static-fabric.js';
export { setupPolicyRoutePod, teardownPolicyRoutePod, type PolicyRoutePod } from './policy-route-pod.js';
export { buildTwoNodeWorld, twoNodeEnis, twoNodePods, twoNodeVSwitches } from './two-node-world.js';
