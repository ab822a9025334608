// A scripted terwayd, for running Terway's CNI plugin without a daemon: `kernel verify` drives
// the plugin's datapaths on a kernel backend with it (world/src/kernel-verify), and the plugin's
// tests script failures with it. It answers AllocIP with the NetConfs assigned to the pod (or
// with a scripted failure), remembers the allocation so GetIPInfo returns it under the same
// infra container id, forgets it on ReleaseIP, and records every call and pod event with its
// virtual instant. Faults: `unavailable` makes every call answer `Unavailable` (a stopped
// daemon); `failNext` scripts one method's next answer.

import type { Context, Scheduler } from '@terway-sim/sim-base';
import type {
  AllocIpReply, AllocIpRequest, EventRequest, GetInfoReply, GetInfoRequest, IpType, NetConf,
  ReleaseIpReply,
  ReleaseIpRequest, RpcFailure, RpcResult, TerwayBackend,
} from './messages.js';

export interface ScriptedPod {
  readonly ipType: IpType;
  readonly ipv4: boolean;
  readonly ipv6: boolean;
  readonly netConfs: readonly NetConf[];
}

export type BackendMethod = 'allocIp' | 'releaseIp' | 'getIpInfo' | 'recordEvent';

export interface BackendCall {
  readonly t: number;
  readonly method: BackendMethod;
  readonly request: AllocIpRequest | ReleaseIpRequest | GetInfoRequest | EventRequest;
}

const key = (namespace: string, name: string): string => `${namespace}/${name}`;

export class ScriptedTerwayBackend implements TerwayBackend {
  /** What AllocIP hands out, by `namespace/name`. */
  readonly pods = new Map<string, ScriptedPod>();
  /** Live allocations: pod → infra container id. */
  readonly allocated = new Map<string, string>();
  readonly calls: BackendCall[] = [];
  unavailable = false;
  private readonly scripted = new Map<BackendMethod, RpcFailure | 'notSuccess'>();

  constructor(private readonly deps: { readonly scheduler: Scheduler }) {}

  /** The pod events recorded, as `Type Reason: message`. */
  get events(): string[] {
    return this.calls.filter((c) => c.method === 'recordEvent').map((c) => {
      const e = c.request as EventRequest;
      return `${e.eventType} ${e.reason}: ${e.message}`;
    });
  }

  /** Makes the next call of `method` fail with an RPC error, or answer Success=false. */
  failNext(method: BackendMethod, failure: RpcFailure | 'notSuccess'): void {
    this.scripted.set(method, failure);
  }

  private begin(
    method: BackendMethod, request: BackendCall['request'],
  ): RpcFailure | 'notSuccess' | undefined {
    this.calls.push({ t: this.deps.scheduler.nowMs(), method, request });
    if (this.unavailable) return {
      code: 'Unavailable',
      message: 'connection error: desc = "transport: Error while dialing: dial unix '
        + '/var/run/eni/eni.socket: connect: no such file or directory"',
    };
    const failure = this.scripted.get(method);
    this.scripted.delete(method);
    return failure;
  }

  allocIp(_ctx: Context, request: AllocIpRequest): Promise<RpcResult<AllocIpReply>> {
    const failure = this.begin('allocIp', request);
    const pod = this.pods.get(key(request.k8sPodNamespace, request.k8sPodName));
    if (failure !== undefined && failure !== 'notSuccess') return Promise.resolve({
      ok: false, error: failure,
    });
    if (pod === undefined) return Promise.resolve({
      ok: false,
      error: {
        code: 'Unknown', message: `pod ${request.k8sPodNamespace}/${request.k8sPodName} not found`,
      },
    });
    this.allocated.set(
      key(request.k8sPodNamespace, request.k8sPodName), request.k8sPodInfraContainerId,
    );
    return Promise.resolve({
      ok: true,
      value: {
        success: failure !== 'notSuccess', ipType: pod.ipType, ipv4: pod.ipv4, ipv6: pod.ipv6,
        netConfs: pod.netConfs,
      },
    });
  }

  releaseIp(_ctx: Context, request: ReleaseIpRequest): Promise<RpcResult<ReleaseIpReply>> {
    const failure = this.begin('releaseIp', request);
    if (failure !== undefined && failure !== 'notSuccess') return Promise.resolve({
      ok: false, error: failure,
    });
    const podKey = key(request.k8sPodNamespace, request.k8sPodName);
    if (this.allocated.get(podKey) === request.k8sPodInfraContainerId) this.allocated.delete(
      podKey
    );
    const pod = this.pods.get(podKey);
    return Promise.resolve({
      ok: true,
      value: {
        success: failure !== 'notSuccess', ipv4: pod?.ipv4 ?? false, ipv6: pod?.ipv6 ?? false,
      },
    });
  }

  getIpInfo(_ctx: Context, request: GetInfoRequest): Promise<RpcResult<GetInfoReply>> {
    const failure = this.begin('getIpInfo', request);
    if (failure !== undefined && failure !== 'notSuccess') return Promise.resolve({
      ok: false, error: failure,
    });
    const podKey = key(request.k8sPodNamespace, request.k8sPodName);
    const pod = this.pods.get(podKey);
    const live = this.allocated.get(podKey) === request.k8sPodInfraContainerId;
    return Promise.resolve({
      ok: true,
      value: {
        ipType: pod?.ipType ?? 'TypeENIMultiIP', success: failure !== 'notSuccess',
        ipv4: pod?.ipv4 ?? false, ipv6: pod?.ipv6 ?? false,
        netConfs: live && pod !== undefined ? pod.netConfs : [], error: 'ErrNoErr',
      },
    });
  }

  recordEvent(_ctx: Context, request: EventRequest): Promise<RpcResult<{
    readonly succeed: boolean
  }>> {
    const failure = this.begin('recordEvent', request);
    if (failure !== undefined && failure !== 'notSuccess') return Promise.resolve({
      ok: false, error: failure,
    });
    return Promise.resolve({ ok: true, value: { succeed: true } });
  }
}
