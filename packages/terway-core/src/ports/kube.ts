// What Terway reads from and writes to Kubernetes, as a port. The shapes are the Kubernetes API
// objects' own fields, reduced to what Terway touches, so that @kubernetes/client-node's V1Pod and
// V1Node (which the scenario runner uses) are assignable to them without this package depending
// on a Kubernetes client.
//
// Contract: reads return copies; writes are merge patches applied in order. `getPod` with
// `cached: false` reads "from the API server" (it sees a deletion at once); `cached: true` may lag
// as an informer cache does. Every call settles under virtual time and never rejects; a missing
// object is `undefined`.

export interface ObjectMeta {
  readonly name?: string | undefined;
  readonly namespace?: string | undefined;
  readonly uid?: string | undefined;
  readonly labels?: { readonly [key: string]: string } | undefined;
  readonly annotations?: { readonly [key: string]: string } | undefined;
  readonly ownerReferences?:
    ReadonlyArray<{ readonly kind: string; readonly name: string }> | undefined;
  readonly creationTimestamp?: Date | string | undefined;
  readonly deletionTimestamp?: Date | string | undefined;
}

export interface ResourceRequirements {
  readonly limits?: { readonly [resource: string]: string | number } | undefined;
  readonly requests?: { readonly [resource: string]: string | number } | undefined;
}

export interface PodObject {
  readonly metadata?: ObjectMeta | undefined;
  readonly spec?:
    | {
        readonly nodeName?: string | undefined;
        readonly hostNetwork?: boolean | undefined;
        readonly containers: ReadonlyArray<{
          readonly name: string;
          readonly resources?: ResourceRequirements | undefined;
        }>;
      }
    | undefined;
  readonly status?:
    | {
        readonly phase?: string | undefined;
        readonly podIP?: string | undefined;
        readonly podIPs?: ReadonlyArray<{ readonly ip: string }> | undefined;
      }
    | undefined;
}

export interface NodeCondition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason?: string | undefined;
  readonly message?: string | undefined;
  readonly lastHeartbeatTime?: Date | string | undefined;
  readonly lastTransitionTime?: Date | string | undefined;
}

/** A condition as read back: Kubernetes types `status` as a plain string. */
export interface NodeConditionView extends Omit<NodeCondition, 'status'> {
  readonly status: string;
}

export interface NodeObject {
  readonly metadata?: ObjectMeta | undefined;
  readonly spec?:
    | {
        readonly providerID?: string | undefined;
        readonly podCIDR?: string | undefined;
        readonly podCIDRs?: readonly string[] | undefined;
      }
    | undefined;
  readonly status?:
    | {
        readonly conditions?: readonly NodeConditionView[] | undefined;
        readonly allocatable?: { readonly [resource: string]: string | number } | undefined;
        readonly capacity?: { readonly [resource: string]: string | number } | undefined;
      }
    | undefined;
}

export type EventType = 'Normal' | 'Warning';

/** What a watch event reports, for pods, nodes and Terway's custom resources alike. */
export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface EventRecord {
  /** `node` or `pod`; the pod is named by namespace/name. */
  readonly target:
    | { readonly kind: 'Node'; readonly name: string }
    | { readonly kind: 'Pod'; readonly namespace: string; readonly name: string };
  readonly type: EventType;
  /** Production's reason string, e.g. `AllocIPFailed`. */
  readonly reason: string;
  readonly message: string;
  /** The reporting component, e.g. `terway-daemon`. */
  readonly source: string;
}

export interface KubePort {
  getPod(
    namespace: string,
    name: string,
    options: { readonly cached: boolean },
  ): Promise<PodObject | undefined>;
  /** Pods bound to the node whose phase is neither Succeeded nor Failed. */
  listPodsOnNode(nodeName: string): Promise<readonly PodObject[]>;
  getNode(name: string): Promise<NodeObject | undefined>;
  /** Sets (or replaces, by type) one node condition. */
  setNodeCondition(nodeName: string, condition: NodeCondition): Promise<void>;
  /** Merge-patches annotations; a `null` value deletes the key. */
  patchNodeAnnotations(
    nodeName: string,
    annotations: { readonly [key: string]: string | null },
  ): Promise<void>;
  patchPodAnnotations(
    namespace: string,
    name: string,
    annotations: { readonly [key: string]: string | null },
  ): Promise<void>;
  /**
   * Sets extended-resource capacity/allocatable (`aliyun/eni`, `aliyun/member-eni`) on the node.
   */
  setNodeExtendedResources(
    nodeName: string,
    resources: { readonly [resource: string]: number },
  ): Promise<void>;
  recordEvent(event: EventRecord): void;
}
