// The cluster-level controllers a mode needs, wired to the world's API server and cloud:
// - trunk and exclusive-ENI modes: terway-controlplane (its pod webhook as mutating admission,
//   and the PodENI / NetworkInterface / node controllers);
// - VPC route mode: kube-controller-manager's node IPAM (podCIDRs) and cloud-controller-manager's
//   route controller (one VPC route entry per node).

import type { ApiServer } from '@terway-sim/kube-sim';
import { Context, err, ok, type Result, type SimEnv } from '@terway-sim/sim-base';
import {
  Controlplane, NodeIpam, RouteController, createRuntime, type CrdPort, type TerwayConfig,
} from '@terway-sim/terway-core';
import type { CloudWorld } from './cloud/cloud-world.js';
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

/** terway-controlplane: the pod webhook and the PodENI/NetworkInterface/node controllers. */
export function startTerwayControlplane(deps: ControllerDeps, eniConfig: TerwayConfig,
  enableTrunk: boolean): Result<Controlplane, string> {
  const { env, cloud, api, crd } = deps;
  const made = Controlplane.create({
    scheduler: env.scheduler, rng: env.rng, log: env.log, kube: new ApiServerKubePort(api), crd,
    openApi: cloud.emulator.client({ regionId: cloud.regionId }), cluster: api,
  }, { clusterId, regionId: cloud.regionId, vpcId: cloud.vpcId, eniConfig, enableTrunk });
  if (!made.ok) return err(`controlplane: ${made.error.message}`);
  const controlplane = made.value;
  api.addPodAdmission((pod) => controlplane.webhook(pod));
  controlplane.start(Context.background(env.scheduler));
  return ok(controlplane);
}

/** Node IPAM (kube-controller-manager) and the route controller (cloud-controller-manager). */
export function startVpcRouteControllers(deps: ControllerDeps, eniConfig: TerwayConfig,
  cluster: Pick<ClusterSpec, 'podCidr' | 'nodeCidrMaskSize'>): Result<void, string> {
  const { env, cloud, api, crd } = deps;
  const kube = new ApiServerKubePort(api);
  const runtime = createRuntime({ scheduler: env.scheduler, rng: env.rng, log: env.log, kube, crd,
    openApi: cloud.emulator.client({ regionId: cloud.regionId }) },
  { clusterId, regionId: cloud.regionId, vpcId: cloud.vpcId, eniConfig });
  if (!runtime.ok) return err(`route controller: ${runtime.error.message}`);
  const ipam = new NodeIpam({ scheduler: env.scheduler, kube, logger: runtime.value.logger,
    writer: {
      setNodePodCidr: (name, cidr) => {
        const updated = api.updateNode(name, (node) => ({ ...node,
          spec: { ...node.spec, podCIDR: cidr, podCIDRs: [cidr] } }));
        return Promise.resolve(updated === undefined ? err(`nodes "${name}" not found`)
          : ok(undefined));
      },
    } }, { clusterCidr: cluster.podCidr, nodeCidrMaskSize: cluster.nodeCidrMaskSize });
  const routes = new RouteController({ scheduler: env.scheduler,
    random: env.rng.stream('route-controller.backoff'), vpc: runtime.value.vpc, kube,
    logger: runtime.value.logger }, { routeTableId: cloud.routeTableId,
    listNodes: () => api.listNodes().map((node) => node.metadata!.name!) });
  api.watchNodes((type, node, previous) => {
    ipam.nodeEvent(type, node);
    routes.nodeEvent(type, node, previous);
  });
  routes.start(Context.background(env.scheduler));
  return ok(undefined);
}
