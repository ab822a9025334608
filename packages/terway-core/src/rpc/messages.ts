// The daemon's gRPC API (Terway's rpc/rpc.proto, service TerwayBackend) as TypeScript types: what
// the CNI plugin sends over /var/run/eni/eni.socket and what the daemon answers. Field names follow
// the proto's (camelCased); the daemon implements `TerwayBackend`, the CNI plugin calls it.

import type { Context } from '@terway-sim/sim-base';

/** rpc IPType. */
export type IpType = 'TypeVPCIP' | 'TypeVPCENI' | 'TypeENIMultiIP';

/**
 * rpc.proto's `IPSet`: an address per family as text, plain or CIDR depending on the field. The
 * CNI plugin parses it into a datapath `IpPair` or `IpNetSet` (cni/setup-conf.ts).
 */
export interface IpSet {
  readonly ipv4?: string | undefined;
  readonly ipv6?: string | undefined;
}

export interface BasicInfo {
  /** Bare pod addresses. */
  readonly podIp: IpSet;
  /** The vSwitch CIDR (VPC route mode: the node's podCIDR). */
  readonly podCidr: IpSet;
  readonly gatewayIp: IpSet;
  /** Service CIDRs, from eni_conf `service_cidr`. */
  readonly serviceCidr: IpSet;
}

export interface EniInfo {
  readonly mac: string;
  readonly trunk: boolean;
  /** VLAN id of a trunk member (0 otherwise). */
  readonly vid: number;
  readonly gatewayIp: IpSet;
  readonly erdma: boolean;
  readonly vfId?: number | undefined;
}

export interface PodBandwidth {
  /** Bytes per second; 0 = unshaped. */
  readonly ingress: number;
  readonly egress: number;
  readonly networkPriority: '' | 'guaranteed' | 'burstable' | 'best-effort';
}

export interface NetConf {
  readonly basicInfo?: BasicInfo | undefined;
  readonly eniInfo?: EniInfo | undefined;
  readonly pod?: PodBandwidth | undefined;
  /** "" or "eth0" for the default interface. */
  readonly ifName: string;
  readonly extraRoutes: ReadonlyArray<{ readonly dst: string }>;
  readonly defaultRoute: boolean;
}

export interface AllocIpRequest {
  readonly k8sPodName: string;
  readonly k8sPodNamespace: string;
  readonly k8sPodInfraContainerId: string;
  readonly netns: string;
  readonly ifName: string;
}

export interface AllocIpReply {
  readonly success: boolean;
  readonly ipType: IpType;
  readonly ipv4: boolean;
  readonly ipv6: boolean;
  readonly netConfs: readonly NetConf[];
}

export interface ReleaseIpRequest {
  readonly k8sPodName: string;
  readonly k8sPodNamespace: string;
  readonly k8sPodInfraContainerId: string;
  readonly reason: string;
}

export interface ReleaseIpReply {
  readonly success: boolean;
  readonly ipv4: boolean;
  readonly ipv6: boolean;
}

export interface GetInfoRequest {
  readonly k8sPodName: string;
  readonly k8sPodNamespace: string;
  readonly k8sPodInfraContainerId: string;
}

export interface GetInfoReply {
  readonly ipType: IpType;
  readonly success: boolean;
  readonly ipv4: boolean;
  readonly ipv6: boolean;
  readonly netConfs: readonly NetConf[];
  readonly error: 'ErrNoErr' | 'ErrCRDNotFound';
}

export interface EventRequest {
  readonly target: 'EventTargetNode' | 'EventTargetPod';
  readonly k8sPodName: string;
  readonly k8sPodNamespace: string;
  readonly eventType: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

/** A failed RPC: the gRPC status the plugin sees (its text goes into the CNI error). */
export interface RpcFailure {
  /** gRPC-ish code; Terway's own codes (`PodIsProcessing`, `InvalidArgs`) where it uses them. */
  readonly code: string;
  readonly message: string;
}

export type RpcResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RpcFailure };

const dialFailure = 'connection error: desc = "transport: error while dialing: dial unix ' +
  '/var/run/eni/eni.socket: connect: ';

/** What the plugin sees with no daemon process on the node: the socket file is gone. */
export const daemonSocketMissing: RpcFailure = Object.freeze({ code: 'Unavailable',
  message: `${dialFailure}no such file or directory"` });

/** What the plugin sees while a crashed daemon's socket file is still there. */
export const daemonConnectionRefused: RpcFailure = Object.freeze({ code: 'Unavailable',
  message: `${dialFailure}connection refused"` });

/**
 * The daemon's service. Every call runs under the caller's context (the plugin's 120 s); the
 * daemon applies its own 118 s. Never rejects: failures are `{ ok: false }`. An unreachable daemon
 * (stopped, restarting) answers `{ code: 'Unavailable' }`.
 */
export interface TerwayBackend {
  allocIp(ctx: Context, request: AllocIpRequest): Promise<RpcResult<AllocIpReply>>;
  releaseIp(ctx: Context, request: ReleaseIpRequest): Promise<RpcResult<ReleaseIpReply>>;
  getIpInfo(ctx: Context, request: GetInfoRequest): Promise<RpcResult<GetInfoReply>>;
  recordEvent(
    ctx: Context,
    request: EventRequest,
  ): Promise<RpcResult<{ readonly succeed: boolean }>>;
}
