// The cluster-level controllers a mode needs, wired to the world's API server and cloud:
// - trunk and exclusive-ENI modes: terway-controlplane (its pod webhook as mutating admission of
//   pods, its PodNetworking webhooks as admission of PodNetworkings, and the PodENI /
//   NetworkInterface / node / PodNetworking controllers);
// - VPC route mode: kube-controller-manager's node IPAM (podCIDRs) and cloud-controller-manager's
//   route controller (one VPC route entry per node).

import {
  ComponentLog, NodeIpam, RouteController, cloudControllerManager, kubeControllerManager,
  type ApiServer, type KubeObject,
} from '@terway-sim/kube-sim';
import { Context, err, ok, type Result, type SimEnv } from '@terway-sim/sim-base';
import {
  Controlplane, type CrdPort, type PodNetworking, type TerwayConfig,
} from '@terway-sim/terway-core';
import type { CloudWorld } from './cloud/cloud-world.js';
import { cloudOpenApiPort } from './cloud/ports.js';
import { CloudRouteTable } from './cloud/route-table.js';
import { terwayCrds } from './kube/crd-port.js';
import { ApiServerKubePort } from './kube/kube-port.js';
import type { ClusterSpec } from './spec.js';

/** The cluster id the controlplane tags its ENIs with (`ack.aliyun.com`). */
export const clusterId = 'c-terway-sim';

export interface ControllerDeps {
  readonly env: SimEnv;
  readonly cloud: CloudWorld;
  readonly api: ApiServer;
  readonly crd: CrdPort;
}

/**
 * terway-controlplane: the webhooks and the controllers. Its `ipStack` follows eni-config's
 * `ip_stack`, as ACK renders both from the cluster's one IP stack setting: on a dual-stack cluster
 * the member ENIs it creates for trunk pods get an IPv6 address too.
 */
export function startTerwayControlplane(deps: ControllerDeps, eniConfig: TerwayConfig,
  enableTrunk: boolean): Result<Controlplane, string> {
  const { env, cloud, api, crd } = deps;
  const ipStack = eniConfig.ipStack === 'dual' || eniConfig.ipStack === 'ipv6'
    ? eniConfig.ipStack : 'ipv4';
  const made = Controlplane.create({
    scheduler: env.scheduler, rng: env.rng, log: env.log, kube: new ApiServerKubePort(api), crd,
    openApi: cloud.emulator.client({ regionId: cloud.regionId }), cluster: api,
  }, { clusterId, regionId: cloud.regionId, vpcId: cloud.vpcId, eniConfig, enableTrunk,
    ipStack });
  if (!made.ok) return err(`controlplane: ${made.error.message}`);
  const controlplane = made.value;
  api.addPodAdmission((pod) => controlplane.webhook(pod));
  api.addAdmission<KubeObject>(terwayCrds.PodNetworking.id, (object) => {
    const verdict = controlplane.podNetworkingWebhook(object as unknown as PodNetworking);
    return 'denied' in verdict ? verdict
      : { object: verdict.podNetworking as unknown as KubeObject };
  });
  controlplane.start(Context.background(env.scheduler));
  return ok(controlplane);
}

/**
 * Node IPAM (kube-controller-manager) and the route controller (cloud-controller-manager), which
 * reaches the VPC route table through the emulator's OpenAPI client, as the real one does.
 */
export function startVpcRouteControllers(deps: Pick<ControllerDeps, 'env' | 'cloud' | 'api'>,
  cluster: Pick<ClusterSpec, 'podCidr' | 'nodeCidrMaskSize'>): void {
  const { env, cloud, api } = deps;
  const ipam = new NodeIpam({ scheduler: env.scheduler, api,
    log: new ComponentLog(env.log, kubeControllerManager) },
  { clusterCidr: cluster.podCidr, nodeCidrMaskSize: cluster.nodeCidrMaskSize });
  const routeTable = new CloudRouteTable({ scheduler: env.scheduler,
    openApi: cloudOpenApiPort(cloud.emulator, { regionId: cloud.regionId }) }, cloud.regionId);
  const routes = new RouteController({ scheduler: env.scheduler,
    random: env.rng.stream('route-controller.backoff'), routeTable, api,
    log: new ComponentLog(env.log, cloudControllerManager) }, { routeTableId: cloud.routeTableId,
    listNodes: () => api.listNodes().map((node) => node.metadata!.name!) });
  api.watchNodes((type, node, previous) => {
    ipam.nodeEvent(type, node);
    routes.nodeEvent(type, node, previous);
  });
  routes.start(Context.background(env.scheduler));
}
