// The vocabulary between the daemon, the manager and its backends, as Terway's pkg/eni/types.go and
// manager.go define it: resource requests (a local secondary IP, a remote PodENI allocation),
// the resources granted, the traces a backend leaves when it declines, and the `NetworkInterface`
// backend contract every allocation source implements (Local ENI slots here; trunk / PodENI
// backends are added by other modes through the same interface).

import type { Context, Result } from '@terway-sim/sim-base';
import type { AttachedEni } from '../eni/types.js';
import type { PodEni } from '../ports/crd.js';
import type { PodResources } from '../store/records.js';

export type ResourceType = 'LocalIP' | 'RemoteIP';

/** The pod a call is for (Terway's daemon.CNI). `podId` is `ns/name`; "" for pre-warm. */
export interface CniContext {
  readonly podName: string;
  readonly podNamespace: string;
  readonly podId: string;
  readonly podUid: string;
  readonly netnsPath: string;
}

export const prewarmCni: CniContext = {
  podName: '', podNamespace: '', podId: '', podUid: '', netnsPath: '',
};

/**
 * A request for one secondary IP (per enabled family) from a Local slot (Terway's LocalIPRequest).
 * `workerAlive` models the request's worker context: the slot's queues count only live requests,
 * and a pre-warm (`noCache`) request completes when a batch that includes it lands.
 */
export class LocalIpRequest {
  readonly type = 'LocalIP' as const;
  networkInterfaceId = '';
  localIpType: '' | 'ERDMA' = '';
  ipv4 = '';
  ipv6 = '';
  noCache = false;
  private alive = true;
  private readonly endListeners: Array<() => void> = [];

  get workerAlive(): boolean {
    return this.alive;
  }

  /** Ends the worker context (Terway's `request.cancel()`); idempotent. */
  endWorker(): void {
    if (!this.alive) return;
    this.alive = false;
    this.endListeners.splice(0).forEach((listener) => listener());
  }

  onWorkerEnd(listener: () => void): void {
    if (this.alive) this.endListeners.push(listener);
    else listener();
  }
}

/** A PodENI allocation served by the controlplane (trunk / exclusive; no Local slot takes it). */
export interface RemoteIpRequest {
  readonly type: 'RemoteIP';
}

export type ResourceRequest = LocalIpRequest | RemoteIpRequest;

/** A secondary IP (or dual-stack pair) on a shared ENI (Terway's LocalIPResource). */
export interface LocalIpResource {
  readonly type: 'LocalIP';
  readonly podId: string;
  readonly eni: AttachedEni;
  readonly ipv4?: string | undefined;
  readonly ipv6?: string | undefined;
}

/**
 * A PodENI allocation the controlplane bound for the pod (Terway's RemoteIPResource): the PodENI
 * as read, and the node's trunk ENI when the pod's ENIs are its members. Never stored; releasing
 * it is a no-op (remote/ builds its net configs).
 */
export interface RemoteIpResource {
  readonly type: 'RemoteIP';
  readonly podEni: PodEni;
  readonly trunkEni?: AttachedEni | undefined;
}

export type NetworkResource = LocalIpResource | RemoteIpResource;

/** Why a backend declined (Terway's ConditionType). */
export type TraceCondition =
  'Full' | 'ResourceTypeMismatch' | 'NetworkInterfaceMismatch' | 'InsufficientVSwitchIP';

export interface Trace {
  readonly condition: TraceCondition;
  readonly reason?: string | undefined;
}

/** What an accepted allocation eventually answers; `undefined` models a closed channel. */
export interface AllocResponse {
  readonly error?: string | undefined;
  readonly resources: readonly NetworkResource[];
}

export type AllocOffer =
  | { readonly accepted: true; readonly reply: Promise<AllocResponse | undefined> }
  | { readonly accepted: false; readonly traces: readonly Trace[] };

export interface Usage {
  readonly idle: number;
  readonly inUse: number;
}

/** One row of the pool's debug view (Terway's eni.Status; `terway-cli mapping`). */
export interface BackendStatus {
  readonly networkInterfaceId: string;
  readonly mac: string;
  readonly type: string;
  readonly status: string;
  readonly allocInhibitExpireAtMs: number;
  /** `[ip, podId, status]` rows, highest address first as Terway sorts them. */
  readonly usage: ReadonlyArray<readonly [string, string, string]>;
}

/**
 * An allocation source the manager offers requests to (Terway's NetworkInterface interface).
 *
 * Contract: `allocate`, `release`, `priority`, `dispose` and `usage` run synchronously (Terway
 * holds the backend's lock for them and never waits inside); `allocate` either accepts (the reply
 * settles later) or declines with traces (none: a silent decline). `release` answers whether this
 * backend owned the resource. `run` loads state and starts the backend's tasks (they end with
 * `ctx`).
 */
export interface NetworkInterfaceBackend {
  allocate(ctx: Context, cni: CniContext, request: ResourceRequest): AllocOffer;
  release(ctx: Context, cni: CniContext, resource: NetworkResource): boolean;
  priority(): number;
  dispose(count: number): number;
  run(ctx: Context, podResources: readonly PodResources[]): Promise<Result<void, string>>;
  usage?(): Usage;
  status?(): BackendStatus;
}
