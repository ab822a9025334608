// The custom-resource port: Terway's CRDs of group `network.alibabacloud.com/v1beta1` that the
// controlplane and the daemon read and write for trunking and exclusive ENIs (Terway's
// pkg/apis/network.alibabacloud.com/v1beta1): PodENI,
// PodNetworking, NetworkInterface, Node (with the centralized-IPAM pool) and NodeRuntime.
// Shapes keep the CRDs' JSON field names, reduced to what the simulated controllers touch.
//
// Contract (the API server's, as controller-runtime's client sees it):
// - reads return copies; `get` of a missing object is `undefined`;
// - `create` fills uid, resourceVersion and creationTimestamp, refuses an existing name
//   (`AlreadyExists`);
// - `update` replaces the whole object (spec and status: no status subresource here) and is
//   refused with `Conflict` when the object's resourceVersion is not the stored one, `NotFound`
//   when it is gone; an update that leaves a deleting object without finalizers removes it;
// - `delete` of an object with finalizers only sets deletionTimestamp (a MODIFIED event); the
//   object disappears when the last finalizer goes; without finalizers it disappears at once;
// - watch listeners run synchronously inside the write, in registration order, with copies; a
//   listener that wants to act queues work on the sim clock, as an informer's handler does.
// Every call settles under virtual time and never rejects; refusals are values.

import type { Result } from '@terway-sim/sim-base';
import type { IpPrefix } from '../prefix/types.js';
import type { WatchType } from './kube.js';

export const crdGroupVersion = 'network.alibabacloud.com/v1beta1';

export interface CrdObjectMeta {
  readonly name: string;
  /** Namespaced kinds (PodENI) only; cluster-scoped kinds leave it undefined. */
  readonly namespace?: string | undefined;
  readonly uid?: string | undefined;
  readonly resourceVersion?: string | undefined;
  readonly labels?: { readonly [key: string]: string } | undefined;
  readonly annotations?: { readonly [key: string]: string } | undefined;
  readonly finalizers?: readonly string[] | undefined;
  /** RFC 3339 seconds, as the API server writes them. */
  readonly creationTimestamp?: string | undefined;
  readonly deletionTimestamp?: string | undefined;
}

// ---- PodENI -------------------------------------------------------------------------------

export type IpAllocType = 'Elastic' | 'Fixed';
export type ReleaseStrategy = 'TTL' | 'Never';

export interface AllocationType {
  readonly type: IpAllocType;
  /** Fixed IPs only; absent means TTL-less keep (Terway logs "unsupported ReleaseStrategy"). */
  readonly releaseStrategy?: ReleaseStrategy | undefined;
  /** Go duration text, e.g. `10m`, for `TTL`. */
  readonly releaseAfter?: string | undefined;
}

export interface CrdEni {
  readonly id: string;
  readonly vpcID: string;
  readonly mac: string;
  readonly zone: string;
  readonly vSwitchID: string;
  readonly resourceGroupID: string;
  readonly securityGroupIDs: readonly string[];
  /** `trunk: false` forces an exclusive (non-member) attach; undefined follows the cluster. */
  readonly attachmentOptions: { readonly trunk?: boolean | undefined };
}

export interface CrdRoute {
  readonly dst: string;
}

export interface Allocation {
  readonly allocationType: AllocationType;
  readonly eni: CrdEni;
  readonly ipv4: string;
  readonly ipv6: string;
  readonly ipv4CIDR: string;
  readonly ipv6CIDR: string;
  /** Interface name in the pod (`eth0` for the default network). */
  readonly interface: string;
  readonly defaultRoute: boolean;
  readonly extraRoutes: readonly CrdRoute[];
  readonly extraConfig: { readonly [key: string]: string };
}

/** "" is the initial phase (the CR was just created by the pod controller). */
export type PodEniPhase = '' | 'Binding' | 'Bind' | 'Unbind' | 'Detaching' | 'Deleting';
export type EniBindStatus = 'Bind' | 'Unbind' | 'Deleted';

export interface CrdEniInfo {
  readonly id: string;
  /** ECS ENI type: `Secondary`, `Member`, `Trunk`. */
  readonly type: string;
  /** VLAN id of a trunk member (the attachment's DeviceIndex); 0 otherwise. */
  readonly vid: number;
  readonly status: EniBindStatus;
  readonly networkCardIndex?: number | undefined;
  readonly vfID?: number | undefined;
}

export interface PodEniSpec {
  readonly allocations: readonly Allocation[];
  readonly zone: string;
}

export interface PodEniStatus {
  readonly phase: PodEniPhase;
  readonly instanceID: string;
  readonly trunkENIID: string;
  readonly msg: string;
  /** RFC 3339; refreshed while a fixed-IP pod exists, the base of the TTL release. */
  readonly podLastSeen: string;
  readonly eniInfos: { readonly [eniId: string]: CrdEniInfo };
}

export interface PodEni {
  readonly metadata: CrdObjectMeta;
  readonly spec: PodEniSpec;
  readonly status: PodEniStatus;
}

// ---- PodNetworking ------------------------------------------------------------------------

export type EniOptionType = 'Default' | 'ENI' | 'Trunk';

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[] | undefined;
}

export interface LabelSelector {
  readonly matchLabels?: { readonly [key: string]: string } | undefined;
  readonly matchExpressions?: readonly LabelSelectorRequirement[] | undefined;
}

export interface PodNetworkingSpec {
  readonly eniOptions: { readonly eniType: EniOptionType };
  readonly allocationType: AllocationType;
  readonly selector: {
    readonly podSelector?: LabelSelector | undefined;
    readonly namespaceSelector?: LabelSelector | undefined;
  };
  readonly securityGroupIDs: readonly string[];
  readonly vSwitchOptions: readonly string[];
  readonly vSwitchSelectOptions: { readonly vSwitchSelectionPolicy?: string | undefined };
}

export interface PodNetworkingStatus {
  /** `Ready` once the controlplane checked its vSwitches; only Ready ones are matched. */
  readonly status: '' | 'Ready' | 'Fail';
  readonly vSwitches: ReadonlyArray<{ readonly id: string; readonly zone: string }>;
  readonly message: string;
  /** RFC 3339 seconds of the controller's last sync (`updateAt`). */
  readonly updateAt?: string | undefined;
}

export interface PodNetworking {
  readonly metadata: CrdObjectMeta;
  readonly spec: PodNetworkingSpec;
  readonly status: PodNetworkingStatus;
}

// ---- NetworkInterface ---------------------------------------------------------------------

export type NetworkInterfacePhase = '' | 'Binding' | 'Bind' | 'Unbind' | 'Detaching' | 'Deleting';

export interface NetworkInterfaceSpec {
  readonly eni: CrdEni;
  readonly ipv4: string;
  readonly ipv6: string;
  readonly ipv4CIDR: string;
  readonly ipv6CIDR: string;
  /** The pod whose PodENI owns this ENI (events about the ENI go to it). */
  readonly podENIRef?: { readonly kind: 'Pod'; readonly namespace: string;
    readonly name: string } | undefined;
  readonly extraConfig: { readonly [key: string]: string };
}

export interface NetworkInterfaceStatus {
  readonly phase: NetworkInterfacePhase;
  readonly instanceID: string;
  readonly trunkENIID: string;
  readonly nodeName: string;
  readonly networkCardIndex?: number | undefined;
  readonly eniInfo: CrdEniInfo;
}

export interface NetworkInterfaceCr {
  readonly metadata: CrdObjectMeta;
  readonly spec: NetworkInterfaceSpec;
  readonly status: NetworkInterfaceStatus;
}

// ---- Node -----------------------------------------------------------------------------------
// The node controller creates the CR (metadata, nodeCap); in centralized IPAM (ipam_type crd) the
// daemon authors spec.eni, spec.pool and spec.flavor (pkg/eni/node_reconcile.go) and the multi-ip
// node controller keeps status.networkInterfaces with every IP and the pod bound to it.
// Timestamps are RFC 3339 seconds, as metav1.Time serializes them.

export interface NodeCap {
  readonly adapters: number;
  readonly totalAdapters: number;
  readonly ipv4PerAdapter: number;
  readonly ipv6PerAdapter: number;
  readonly memberAdapterLimit: number;
  readonly maxMemberAdapterLimit: number;
  readonly eriQuantity: number;
}

export type NicType = 'Secondary' | 'Trunk';
export type NicTrafficMode = 'Standard' | 'HighPerformance';

export interface Flavor {
  readonly networkInterfaceType: NicType;
  readonly networkInterfaceTrafficMode: NicTrafficMode;
  readonly count: number;
}

/** Valid: usable; Invalid: gone from the cloud but still bound; Deleting: being unassigned. */
export type NodeIpStatus = 'Valid' | 'Invalid' | 'Deleting';

export interface NodeCrIp {
  readonly ip: string;
  readonly primary: boolean;
  readonly status: NodeIpStatus;
  /** `namespace/name` of the pod the IP is bound to; "" when idle. */
  readonly podID: string;
  readonly podUID: string;
}

export interface NodeCrNicCondition {
  readonly observedTime: string;
  readonly message: string;
}

export interface NodeCrNic {
  readonly id: string;
  /** Cloud status (`InUse`, `Attaching`, …) or the controller's `Deleting`. */
  readonly status: string;
  readonly networkInterfaceType: NicType;
  /** Absent on CRs written before centralized IPAM: Standard. */
  readonly networkInterfaceTrafficMode?: NicTrafficMode | undefined;
  readonly macAddress?: string | undefined;
  readonly vSwitchID?: string | undefined;
  readonly securityGroupIDs?: readonly string[] | undefined;
  readonly primaryIPAddress?: string | undefined;
  readonly ipv4CIDR?: string | undefined;
  readonly ipv6CIDR?: string | undefined;
  readonly ipv4?: { readonly [ip: string]: NodeCrIp } | undefined;
  readonly ipv6?: { readonly [ip: string]: NodeCrIp } | undefined;
  /** Not Terway's to allocate from (block-listed tag, eRDMA ENI while eRDMA is off). */
  readonly unschedulable?: boolean | undefined;
  /** Prefix mode: the ENI's IPv4 /28 and IPv6 /80 prefixes (prefix/types.ts). */
  readonly ipv4Prefix?: readonly IpPrefix[] | undefined;
  readonly ipv6Prefix?: readonly IpPrefix[] | undefined;
  /** `InsufficientIP`, `OperationErr`. */
  readonly conditions?: { readonly [type: string]: NodeCrNicCondition } | undefined;
}

export interface NodeEniSpec {
  readonly enableTrunk: boolean;
  readonly enableIPv4?: boolean | undefined;
  readonly enableIPv6?: boolean | undefined;
  readonly enableERDMA?: boolean | undefined;
  readonly enableIPPrefix?: boolean | undefined;
  /** Prefix mode: the /28s (and, IPv6 only, /80s) the controlplane keeps on the node. */
  readonly ipv4PrefixCount?: number | undefined;
  readonly ipv6PrefixCount?: number | undefined;
  readonly vSwitchOptions?: readonly string[] | undefined;
  readonly securityGroupIDs?: readonly string[] | undefined;
  readonly resourceGroupID?: string | undefined;
  /** `most` (the "ordered" policy) or `random`. */
  readonly vSwitchSelectPolicy?: string | undefined;
  readonly tag?: { readonly [key: string]: string } | undefined;
  readonly tagFilter?: { readonly [key: string]: string } | undefined;
}

export interface NodePoolReclaim {
  /** Go durations. */
  readonly after: string;
  readonly interval: string;
  readonly batchSize: number;
  readonly jitterFactor: string;
}

export interface NodePoolSpec {
  readonly maxPoolSize: number;
  readonly minPoolSize: number;
  /** `ip_pool_sync_period` as configured (Go duration text; "" = the controller's 2 m). */
  readonly poolSyncPeriod: string;
  readonly reclaim?: NodePoolReclaim | undefined;
  readonly warmUpSize?: number | undefined;
}

export interface NodeCrStatus {
  readonly networkInterfaces: { readonly [id: string]: NodeCrNic };
  readonly nextSyncOpenAPITime?: string | undefined;
  readonly lastSyncOpenAPITime?: string | undefined;
  readonly lastModifiedTime?: string | undefined;
  readonly nextIdleIPReclaimTime?: string | undefined;
  readonly warmUpTarget?: number | undefined;
  readonly warmUpAllocatedCount?: number | undefined;
  readonly warmUpCompleted?: boolean | undefined;
}

export interface NodeCr {
  readonly metadata: CrdObjectMeta;
  readonly spec: {
    readonly nodeMetadata: { readonly regionID: string; readonly instanceType: string;
      readonly instanceID: string; readonly zoneID: string };
    readonly nodeCap: NodeCap;
    readonly flavor: readonly Flavor[];
    readonly eni: NodeEniSpec;
    /** Written by the daemon in centralized IPAM; absent = not ready for the pool controller. */
    readonly pool?: NodePoolSpec | undefined;
  };
  readonly status: NodeCrStatus;
}

// ---- NodeRuntime ----------------------------------------------------------------------------
// The daemon's record of CNI deletes (name = node), from which the controlplane learns that an
// IP bound to a vanished pod may be reused (Terway's NodeRuntime, status.pods).

export type CniStatus = 'initial' | 'deleted';

export interface NodeRuntimePod {
  readonly podID: string;
  readonly status: { readonly [status in CniStatus]?: { readonly lastUpdateTime: string } };
}

export interface NodeRuntime {
  readonly metadata: CrdObjectMeta;
  readonly status: { readonly pods: { readonly [podUid: string]: NodeRuntimePod } };
}

// ---- the port -----------------------------------------------------------------------------

export interface CrdTypes {
  readonly PodENI: PodEni;
  readonly PodNetworking: PodNetworking;
  readonly NetworkInterface: NetworkInterfaceCr;
  readonly Node: NodeCr;
  readonly NodeRuntime: NodeRuntime;
}

export type CrdKind = keyof CrdTypes;

/** Cluster-scoped kinds have no namespace; PodENI does. */
export interface ObjectKey {
  readonly namespace?: string | undefined;
  readonly name: string;
}

export type CrdFailure =
  | { readonly reason: 'NotFound'; readonly message: string }
  | { readonly reason: 'AlreadyExists'; readonly message: string }
  | { readonly reason: 'Conflict'; readonly message: string }
  | { readonly reason: 'Invalid'; readonly message: string };

/** A watch event's type (ports/kube.ts `WatchType`), under the name the CRD port's users know. */
export type CrdWatchType = WatchType;
export type CrdListener<T> = (type: CrdWatchType, object: T, previous: T | undefined) => void;

export interface CrdListOptions {
  readonly namespace?: string | undefined;
  /** Equality label selector (`k8s.aliyun.com/node=<node>`). */
  readonly labels?: { readonly [key: string]: string } | undefined;
}

/** Synchronous reads, as a webhook's informer cache answers them. */
export interface CrdReader {
  peek<K extends CrdKind>(kind: K, key: ObjectKey): CrdTypes[K] | undefined;
  peekList<K extends CrdKind>(kind: K, options?: CrdListOptions): Array<CrdTypes[K]>;
}

export interface CrdPort extends CrdReader {
  get<K extends CrdKind>(kind: K, key: ObjectKey): Promise<CrdTypes[K] | undefined>;
  /** In key order (namespace/name), as a list from the API server. */
  list<K extends CrdKind>(kind: K, options?: CrdListOptions): Promise<Array<CrdTypes[K]>>;
  create<K extends CrdKind>(kind: K, object: CrdTypes[K]): Promise<Result<CrdTypes[K], CrdFailure>>;
  update<K extends CrdKind>(kind: K, object: CrdTypes[K]): Promise<Result<CrdTypes[K], CrdFailure>>;
  delete<K extends CrdKind>(kind: K, key: ObjectKey): Promise<Result<void, CrdFailure>>;
  /** Returns a function that stops the watch. */
  watch<K extends CrdKind>(kind: K, listener: CrdListener<CrdTypes[K]>): () => void;
}

/** `namespace/name`, or `name` for cluster-scoped objects. */
export function crdKeyText(key: ObjectKey): string {
  return key.namespace === undefined || key.namespace === '' ? key.name
    : `${key.namespace}/${key.name}`;
}

export function objectKeyOf(meta: CrdObjectMeta): ObjectKey {
  return { namespace: meta.namespace, name: meta.name };
}
