// Terway's daemon in VPC route mode, as it worked before the mode was removed (daemon/daemon.go at
// 0eb1f4a9^): the node's podCIDR is read from the Node at
// start (none yet ⇒ the start fails with "pod cidr not assigned", and the daemonset pod restarts
// until node IPAM gives one). AllocIP answers every pod with one NetConf of type TypeVPCIP: no ENI
// info, no pod IP, `PodCIDR` = the node's podCIDR, the service CIDR, the pod's bandwidth and the
// default route; the CNI plugin's host-local IPAM picks the address. The record is stored (for
// GetIPInfo and stale-DEL checks); ReleaseIP drops it. The same 118 s RPC context and one call per
// pod at a time (`PodIsProcessing`) as the ENIIP daemon. Exclusive-ENI pods (`aliyun/eni`) of the
// old VPC mode are not modelled.

import {
  err, isoSeconds, normalizePrefix, ok, type Context, type Result, type Scheduler,
} from '@terway-sim/sim-base';
import { serviceCidrs } from '../config/derive.js';
import type { TerwayConfig } from '../config/terway-config.js';
import { defaultForNetConf, netConfsFromGoJson, netConfsToGoJson } from '../daemon/netconf.js';
import { PendingPods } from '../daemon/rpc-locks.js';
import { KubeClient } from '../k8s/kube-client.js';
import { podInfoToRecord, podKey, type PodInfo } from '../k8s/pod-info.js';
import type { Logger } from '../log/logger.js';
import type { KubePort, NodeObject } from '../ports/kube.js';
import {
  daemonSocketMissing, type AllocIpReply, type AllocIpRequest, type EventRequest,
  type GetInfoReply, type GetInfoRequest, type IpSet, type NetConf, type ReleaseIpReply,
  type ReleaseIpRequest, type RpcResult, type TerwayBackend,
} from '../rpc/messages.js';
import type { NodeStorage } from '../store/node-storage.js';
import { emptyPodResources } from '../store/records.js';

export const vpcDaemonRpcTimeoutMs = 118_000;
export const errPodCidrNotAssigned = 'pod cidr not assigned';

export interface VpcRouteServiceDeps {
  readonly scheduler: Scheduler;
  readonly kube: KubePort;
  readonly storage: NodeStorage;
  readonly logger: Logger;
  /** The process's lifetime: a stopped daemon answers Unavailable. */
  readonly lifetime: Context;
}

type NetworkPriority = NonNullable<NetConf['pod']>['networkPriority'];

/** The node's IPv4 podCIDR as Terway reads it (spec.podCIDRs, then spec.podCIDR). */
function podCidrOf(node: NodeObject): string | undefined {
  const cidrs = [...(node.spec?.podCIDRs ?? []), node.spec?.podCIDR ?? ''];
  return cidrs.find((cidr) => cidr !== '' && !cidr.includes(':'));
}

/** The node's podCIDR in network form, or the start error. */
export async function readNodePodCidr(kube: Pick<KubePort, 'getNode'>, nodeName: string):
  Promise<Result<string, string>> {
  const node = await kube.getNode(nodeName);
  if (node === undefined) {
    return err(`error init k8s: error retrieving node spec for '${nodeName}': nodes ` +
      `"${nodeName}" not found`);
  }
  const cidr = podCidrOf(node);
  const normal = cidr === undefined ? undefined : normalizePrefix(cidr);
  return normal === undefined ? err(`error init k8s: ${errPodCidrNotAssigned}`) : ok(normal);
}

/** The one NetConf of a VPC-route pod. Pure. */
export function vpcNetConf(podCidr: string, serviceCidr: IpSet, pod: PodInfo): NetConf {
  return {
    basicInfo: { podIp: {}, podCidr: { ipv4: podCidr }, gatewayIp: {}, serviceCidr },
    pod: { ingress: pod.tcIngress, egress: pod.tcEgress,
      networkPriority: pod.networkPriority as NetworkPriority },
    ifName: '', extraRoutes: [], defaultRoute: true,
  };
}

export class VpcRouteService implements TerwayBackend {
  private readonly pending = new PendingPods();
  private readonly serviceCidr: IpSet;
  private readonly client: KubeClient;

  constructor(private readonly deps: VpcRouteServiceDeps, private readonly options: {
    readonly nodeName: string; readonly podCidr: string; readonly config: TerwayConfig }) {
    const cidrs = serviceCidrs(options.config).map((cidr) => normalizePrefix(cidr))
      .filter((cidr): cidr is string => cidr !== undefined);
    this.serviceCidr = { ipv4: cidrs.find((cidr) => !cidr.includes(':')) };
    this.client = new KubeClient({ scheduler: deps.scheduler, kube: deps.kube,
      storage: deps.storage }, { nodeName: options.nodeName, daemonMode: 'ENIMultiIP',
      enableErdma: false, statefulKinds: new Set() });
  }

  private async call<T>(caller: Context, request: { k8sPodName: string; k8sPodNamespace: string },
    body: (ctx: Context, podId: string) => Promise<RpcResult<T>>): Promise<RpcResult<T>> {
    if (this.deps.lifetime.err() !== undefined) return { ok: false, error: daemonSocketMissing };
    const podId = podKey(request.k8sPodNamespace, request.k8sPodName);
    if (!this.pending.tryClaim(podId)) {
      return { ok: false, error: { code: 'PodIsProcessing',
        message: `code: PodIsProcessing, msg: Pod ${podId} request is processing` } };
    }
    const { ctx, cancel } = caller.withTimeout(vpcDaemonRpcTimeoutMs);
    try {
      return await body(ctx, podId);
    } finally {
      cancel();
      this.pending.release(podId);
    }
  }

  allocIp(caller: Context, request: AllocIpRequest): Promise<RpcResult<AllocIpReply>> {
    return this.call(caller, request, async (_ctx, podId) => {
      const pod = await this.client.getPod(request.k8sPodNamespace, request.k8sPodName, false);
      if (!pod.ok) {
        return { ok: false, error: { code: 'InvalidArgs',
          message: `code: InvalidArgs, msg: ${pod.error}` } };
      }
      const netConfs = defaultForNetConf([vpcNetConf(this.options.podCidr, this.serviceCidr,
        pod.value)]);
      if (!netConfs.ok) return { ok: false, error: { code: 'Unknown', message: netConfs.error } };
      this.deps.storage.relation.put(podId, { Resources: [],
        PodInfo: podInfoToRecord(pod.value, isoSeconds), NetNs: request.netns,
        ContainerID: request.k8sPodInfraContainerId, NetConf: netConfsToGoJson(netConfs.value) });
      this.deps.logger.info('alloc ip', { pod: podId, podCIDR: this.options.podCidr });
      return { ok: true, value: { success: true, ipType: 'TypeVPCIP', ipv4: true, ipv6: false,
        netConfs: netConfs.value } };
    });
  }

  releaseIp(caller: Context, request: ReleaseIpRequest): Promise<RpcResult<ReleaseIpReply>> {
    return this.call(caller, request, async (_ctx, podId) => {
      const old = this.deps.storage.relation.get(podId) ?? emptyPodResources();
      const stale = old.ContainerID !== null && old.ContainerID !== request.k8sPodInfraContainerId;
      if (!stale) this.deps.storage.relation.delete(podId);
      this.deps.logger.info('release ip', { pod: podId, stale });
      return { ok: true, value: { success: true, ipv4: true, ipv6: false } };
    });
  }

  getIpInfo(caller: Context, request: GetInfoRequest): Promise<RpcResult<GetInfoReply>> {
    return this.call(caller, request, async (_ctx, podId) => {
      const old = this.deps.storage.relation.get(podId) ?? emptyPodResources();
      const same = old.ContainerID === null || old.ContainerID === request.k8sPodInfraContainerId;
      return { ok: true, value: { ipType: 'TypeVPCIP', success: true, ipv4: true, ipv6: false,
        netConfs: same ? netConfsFromGoJson(old.NetConf) ?? [] : [], error: 'ErrNoErr' } };
    });
  }

  async recordEvent(_caller: Context,
    request: EventRequest): Promise<RpcResult<{ readonly succeed: boolean }>> {
    if (this.deps.lifetime.err() !== undefined) return { ok: false, error: daemonSocketMissing };
    const { eventType, reason, message } = request;
    if (request.target === 'EventTargetNode') {
      this.client.recordNodeEvent(eventType, reason, message);
    } else {
      this.client.recordPodEvent(request.k8sPodNamespace, request.k8sPodName, eventType, reason,
        message);
    }
    return { ok: true, value: { succeed: true } };
  }
}
