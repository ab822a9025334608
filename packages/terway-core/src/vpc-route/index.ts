// VPC route mode (the design Terway dropped): node IPAM (kube-controller-manager's role), the
// route controller (cloud-controller-manager's role) and the VPC-route daemon.
export { CidrSet, errCidrRangeNoCidrsRemaining } from './cidr-set.js';
export {
  NodeIpam, podCidrOf, nodeIpamComponent, type NodeCidrWriter, type NodeIpamOptions,
} from './node-ipam.js';
export {
  RouteController, routeReconcilePeriodMs, createRouteBackoff, routeControllerComponent,
  routeCodes, type RouteControllerDeps, type RouteControllerOptions,
} from './route-controller.js';
export {
  VpcRouteService, readNodePodCidr, vpcNetConf, errPodCidrNotAssigned, vpcDaemonRpcTimeoutMs,
  type VpcRouteServiceDeps,
} from './vpc-daemon.js';
export { VpcRouteNode, type VpcRouteNodeDeps, type VpcRouteNodeOptions } from './vpc-node.js';
