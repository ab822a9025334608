// The daemon's RPC service in ENIIP mode (Terway's daemon/daemon.go `networkService`): AllocIP,
// ReleaseIP and GetIPInfo as the CNI plugin calls them over /var/run/eni/eni.socket, each under
// a 118 s context (daemon/server.go cniInterceptor), one call per pod at a time
// (`PodIsProcessing`), all sharing the RW lock GC takes exclusively.
//
// AllocIP: read the pod uncached → load its stored record → check the pod network type →
// build the request (a LocalIP request carrying the stored ENI id when the record has exactly
// one `eniIp` item; a RemoteIP request for PodENI pods and for every pod of an ENIOnly node) →
// allocate (on failure release any partial result) → net configs with service CIDR and
// bandwidth, default route normalised → patch `k8s.aliyun.com/pod-ips` → persist → reply.
// ReleaseIP: a stored record with another container id is a stale DEL (success, nothing done);
// sticky pods keep their IP; otherwise release everything stored and drop the record.
// GetIPInfo returns what was stored.
//
// Gotcha: a stopped daemon (a crash) answers `Unavailable`, and a call in flight when it stops
// ends without touching the store, as a killed process would.

import { isoSeconds, type Context, type Scheduler } from '@terway-sim/sim-base';
import type { KubeClient } from '../k8s/kube-client.js';
import type { DaemonMode } from '../config/daemon-mode.js';
import { podInfoToRecord, podKey, type PodInfo } from '../k8s/pod-info.js';
import { Mutations } from '../mutations/mutations.js';
import type { Manager } from '../pool/manager.js';
import type { LogFields } from '../log/logger.js';
import type { PoolLogger } from '../pool/telemetry.js';
import { LocalIpRequest, type CniContext, type ResourceRequest } from '../pool/types.js';
import {
  daemonSocketMissing, type AllocIpReply, type AllocIpRequest, type EventRequest,
  type GetInfoReply, type GetInfoRequest, type IpSet, type IpType, type NetConf,
  type ReleaseIpReply, type ReleaseIpRequest, type RpcFailure, type RpcResult, type TerwayBackend,
} from '../rpc/messages.js';
import type { NodeStorage } from '../store/node-storage.js';
import {
  emptyPodResources, resourceItemsByType, resourceTypeEniIp, type PodResources,
} from '../store/records.js';
import {
  defaultForNetConf, getPodIps, netConfsFromGoJson, netConfsToGoJson, parseNetworkResource,
  toNetConfs, toStoreItems,
} from './netconf.js';
import { PendingPods, RwLock } from './rpc-locks.js';

export const daemonRpcTimeoutMs = 118_000;

export interface ServiceSettings {
  readonly daemonMode: DaemonMode;
  /** `crd` switches ReleaseIP to release sticky pods too; "" is the legacy local pool. */
  readonly ipamType: string;
  readonly enableIpv4: boolean;
  readonly enableIpv6: boolean;
  readonly enablePatchPodIps: boolean;
  readonly serviceCidr: IpSet;
}

interface HistogramLike {
  labels(values: { readonly [label: string]: string }): { observe(value: number): void };
}

export interface ServiceDeps {
  readonly scheduler: Scheduler;
  readonly kube: KubeClient;
  readonly storage: NodeStorage;
  readonly manager: Manager;
  readonly logger: PoolLogger;
  /** `terway_rpc_latency{rpc_api, error}`. */
  readonly rpcLatency: HistogramLike;
  /** The daemon's lifetime; when it ends, the service is gone. */
  readonly lifetime: Context;
  /** The node's test-only broken variants (mutations/mutations.ts); absent = none. */
  readonly mutations?: Mutations | undefined;
}

class RpcAbort {
  /**
   * `observedAsError`: the `error` label `terway_rpc_latency` gets. Terway labels the call by
   * its local `err` variable, not by what it returns, and a few refusals leave that nil.
   */
  constructor(readonly failure: RpcFailure, readonly observedAsError = true) {}
}

/**
 * When an AllocIP / ReleaseIP call started its `terway_rpc_latency` clock and how it is labelled.
 * Terway starts the clock once the pod is claimed and the shared lock is held, so a
 * `PodIsProcessing` refusal is not observed and the wait behind a GC pass is not counted.
 */
class RpcTiming {
  startMs: number | undefined;
  observedAsError = false;
}

type NetworkPriority = NonNullable<NetConf['pod']>['networkPriority'];

const terwayError = (code: string, message: string): RpcFailure =>
  ({ code, message: `code: ${code}, msg: ${message}` });

interface PodRequest {
  readonly k8sPodName: string;
  readonly k8sPodNamespace: string;
  readonly k8sPodInfraContainerId: string;
}

const logFields = (request: PodRequest): LogFields => ({
  pod: podKey(request.k8sPodNamespace, request.k8sPodName),
  containerID: request.k8sPodInfraContainerId,
});

export class NetworkService implements TerwayBackend {
  readonly pending = new PendingPods();
  readonly lock = new RwLock();

  constructor(private readonly deps: ServiceDeps, private readonly settings: ServiceSettings) {}

  private get ipType(): IpType {
    return this.settings.daemonMode === 'ENIMultiIP' ? 'TypeENIMultiIP' : 'TypeVPCENI';
  }

  /** Runs an RPC body with the pod claim, the shared lock and the 118 s context. */
  private async call<T>(caller: Context, request: PodRequest,
    body: (ctx: Context, podId: string) => Promise<T>,
    timing?: RpcTiming): Promise<RpcResult<T>> {
    if (this.deps.lifetime.err() !== undefined) return { ok: false, error: daemonSocketMissing };
    const podId = podKey(request.k8sPodNamespace, request.k8sPodName);
    if (!this.pending.tryClaim(podId)) {
      const failure = terwayError('PodIsProcessing', `Pod ${podId} request is processing`);
      return { ok: false, error: failure };
    }
    const { ctx, cancel } = caller.withTimeout(daemonRpcTimeoutMs);
    const unlink = this.deps.lifetime.onDone(cancel);
    try {
      return { ok: true, value: await this.lock.read(() => {
        if (timing !== undefined) timing.startMs = this.deps.scheduler.nowMs();
        return body(ctx, podId);
      }) };
    } catch (error) {
      if (timing !== undefined) timing.observedAsError = !(error instanceof RpcAbort)
        || error.observedAsError;
      if (error instanceof RpcAbort) return { ok: false, error: error.failure };
      throw error;
    } finally {
      unlink();
      cancel();
      this.pending.release(podId);
    }
  }

  /** After an await: a stopped daemon must not act on what it was doing. */
  private checkAlive(): void {
    if (this.deps.lifetime.err() !== undefined) throw new RpcAbort(daemonSocketMissing);
  }

  /** `terway_rpc_latency{rpc_api, error}` of a call whose body ran (see RpcTiming). */
  private observe(api: 'AllocIP' | 'ReleaseIP', timing: RpcTiming): void {
    if (timing.startMs === undefined) return;
    const tookMs = this.deps.scheduler.nowMs() - timing.startMs;
    this.deps.rpcLatency.labels({ rpc_api: api, error: String(timing.observedAsError) })
      .observe(tookMs);
  }

  async allocIp(caller: Context, request: AllocIpRequest): Promise<RpcResult<AllocIpReply>> {
    const log = logFields(request);
    this.deps.logger.info('alloc ip req', log);
    const timing = new RpcTiming();
    const result = await this.call(caller, request,
      (ctx, podId) => this.doAllocIp(ctx, podId, request), timing);
    this.observe('AllocIP', timing);
    if (!result.ok) this.deps.logger.error('alloc ip failed', result.error.message, log);
    else {
      const ips = getPodIps(result.value.netConfs).join(',');
      this.deps.logger.info('alloc ip', { ...log, ips });
    }
    return result;
  }

  private async doAllocIp(ctx: Context, podId: string,
    request: AllocIpRequest): Promise<AllocIpReply> {
    const pod = await this.deps.kube.getPod(request.k8sPodNamespace, request.k8sPodName, false);
    this.checkAlive();
    if (!pod.ok) throw new RpcAbort(terwayError('InvalidArgs', pod.error));
    const cni: CniContext = { podName: request.k8sPodName, podNamespace: request.k8sPodNamespace,
      podId, podUid: pod.value.podUid, netnsPath: request.netns };
    const old = this.deps.storage.relation.get(podId) ?? emptyPodResources();
    const expectedType = this.settings.daemonMode === 'ENIMultiIP' ? 'ENIMultiIP' : 'VPCENI';
    if (pod.value.podNetworkType !== expectedType) {
      const message = 'Unexpected network type, maybe daemon mode changed';
      // Terway returns this refusal with its `err` still nil: observed as error="false".
      throw new RpcAbort(terwayError('InvalidArgs', message), false);
    }
    const localRequest = this.buildRequest(pod.value, old);
    const allocated = await this.deps.manager.allocate(ctx, cni, [localRequest]);
    this.checkAlive();
    if (allocated.error !== undefined) {
      this.deps.manager.release(ctx, cni, allocated.resources);
      throw new RpcAbort({ code: 'Unknown', message: allocated.error });
    }
    const decorated = allocated.resources.flatMap(toNetConfs)
      .map((netConf) => this.decorate(netConf, pod.value));
    const netConfs = defaultForNetConf(decorated);
    if (!netConfs.ok) throw new RpcAbort({ code: 'Unknown', message: netConfs.error });
    if (this.settings.enablePatchPodIps) {
      const ips = getPodIps(netConfs.value);
      if (ips.length > 0) await this.deps.kube.patchPodIpInfo(pod.value, ips.join(','));
      this.checkAlive();
    }
    this.deps.storage.relation.put(podId, {
      Resources: allocated.resources.flatMap(toStoreItems),
      PodInfo: podInfoToRecord(pod.value, isoSeconds),
      NetNs: request.netns,
      ContainerID: request.k8sPodInfraContainerId,
      NetConf: netConfsToGoJson(netConfs.value),
    });
    const { enableIpv4: ipv4, enableIpv6: ipv6 } = this.settings;
    return { success: true, ipType: this.ipType, ipv4, ipv6, netConfs: netConfs.value };
  }

  /** The service CIDR and the pod's bandwidth and priority on every net config. */
  private decorate(netConf: NetConf, pod: PodInfo): NetConf {
    return {
      ...netConf,
      basicInfo: { ...netConf.basicInfo!, serviceCidr: this.settings.serviceCidr },
      pod: {
        ingress: pod.tcIngress,
        egress: pod.tcEgress,
        networkPriority: pod.networkPriority as NetworkPriority,
      },
    };
  }

  private buildRequest(pod: PodInfo, old: PodResources): ResourceRequest {
    if (pod.podEni) return { type: 'RemoteIP' };
    // ENIOnly (VPCENI) pods in crd mode are always PodENI pods (an ENIOnly node is crd).
    const { daemonMode, ipamType } = this.settings;
    if (daemonMode === 'ENIOnly' && ipamType === 'crd') return { type: 'RemoteIP' };
    const request = new LocalIpRequest();
    if (pod.erdma) request.localIpType = 'ERDMA';
    const items = resourceItemsByType(old, resourceTypeEniIp);
    const only = items.length === 1 ? items[0] : undefined;
    if (only !== undefined) {
      request.ipv4 = only.ipv4;
      request.ipv6 = only.ipv6;
      request.networkInterfaceId = only.eni_id;
    }
    return request;
  }

  async releaseIp(caller: Context, request: ReleaseIpRequest): Promise<RpcResult<ReleaseIpReply>> {
    const log = logFields(request);
    this.deps.logger.info('release ip req', log);
    const timing = new RpcTiming();
    const result = await this.call(caller, request,
      (ctx, podId) => this.doReleaseIp(ctx, podId, request), timing);
    this.observe('ReleaseIP', timing);
    const failure = result.ok ? '' : result.error.message;
    this.deps.logger.info('release ip', { ...log, success: result.ok, err: failure });
    return result;
  }

  private async doReleaseIp(ctx: Context, podId: string,
    request: ReleaseIpRequest): Promise<ReleaseIpReply> {
    const { enableIpv4: ipv4, enableIpv6: ipv6 } = this.settings;
    const reply: ReleaseIpReply = { success: true, ipv4, ipv6 };
    const pod = await this.deps.kube.getPod(request.k8sPodNamespace, request.k8sPodName, true);
    this.checkAlive();
    const old = this.deps.storage.relation.get(podId) ?? emptyPodResources();
    if (this.isStale(old, request, podId)) return reply;
    const storedUid = old.PodInfo?.PodUID ?? '';
    const podUid = storedUid !== '' ? storedUid : pod.ok ? pod.value.podUid : '';
    const cni: CniContext = { podName: request.k8sPodName, podNamespace: request.k8sPodNamespace,
      podId, podUid, netnsPath: '' };
    const stickMs = pod.ok ? pod.value.ipStickTimeMs : 0;
    if (this.settings.ipamType === 'crd' || stickMs <= 0) {
      // Mutation site `release-lost` (mutations/mutations.ts; never on outside tests): the
      // record goes below, but the release never reaches the pool.
      const mutations = this.deps.mutations ?? Mutations.none;
      const items = mutations.has('release-lost') ? [] : old.Resources ?? [];
      for (const item of items) {
        const resource = parseNetworkResource(item);
        if (resource !== undefined) this.deps.manager.release(ctx, cni, [resource]);
      }
      this.deps.storage.relation.delete(podId);
    }
    return reply;
  }

  /** A record of another container: the call is for a sandbox that is no longer the pod's. */
  private isStale(old: PodResources, request: PodRequest, podId: string): boolean {
    const stored = old.ContainerID;
    if (stored === null || stored === request.k8sPodInfraContainerId) return false;
    const fields = { pod: podId, old: stored };
    this.deps.logger.info('cni request not match stored resource, ignored', fields);
    return true;
  }

  async getIpInfo(caller: Context, request: GetInfoRequest): Promise<RpcResult<GetInfoReply>> {
    this.deps.logger.info('get ip req', logFields(request));
    return this.call(caller, request, async (_ctx, podId) => {
      const { enableIpv4: ipv4, enableIpv6: ipv6 } = this.settings;
      const reply: GetInfoReply = { ipType: this.ipType, success: true, ipv4, ipv6, netConfs: [],
        error: 'ErrNoErr' };
      const old = this.deps.storage.relation.get(podId) ?? emptyPodResources();
      if (this.isStale(old, request, podId)) return reply;
      return { ...reply, netConfs: netConfsFromGoJson(old.NetConf) ?? [] };
    });
  }

  async recordEvent(_caller: Context,
    request: EventRequest): Promise<RpcResult<{ readonly succeed: boolean }>> {
    if (this.deps.lifetime.err() !== undefined) return { ok: false, error: daemonSocketMissing };
    const { eventType, reason, message } = request;
    const { kube } = this.deps;
    if (request.target === 'EventTargetNode') kube.recordNodeEvent(eventType, reason, message);
    else {
      kube.recordPodEvent(request.k8sPodNamespace, request.k8sPodName, eventType, reason, message);
    }
    return { ok: true, value: { succeed: true } };
  }
}
