// VPC route mode (the design Terway dropped), Terway's side: the VPC-route daemon and node. The
// node IPAM and the route controller it relies on are Kubernetes' (kube-sim/src/controllers).
export {
  VpcRouteService, readNodePodCidr, vpcNetConf, errPodCidrNotAssigned, vpcDaemonRpcTimeoutMs,
  type VpcRouteServiceDeps,
} from './vpc-daemon.js';
export { VpcRouteNode, type VpcRouteNodeDeps, type VpcRouteNodeOptions } from './vpc-node.js';
