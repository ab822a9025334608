// Terway's custom resources in the cluster's API server: installs the CRDs of
// `network.alibabacloud.com/v1beta1` (PodENI, PodNetworking, NetworkInterface, Node,
// NodeRuntime; Terway's config/crds) into kube-sim's object store and serves terway-core's
// CrdPort over it. The API semantics (uid, resourceVersion, Conflict, finalizers, watch order)
// are the store's; this adapter only maps kinds to resources, refusals to the port's reasons,
// and hands out copies, as the port's contract says (controllers may edit what they read before
// they write it back).
//
// Every change of a Terway CR is written to the event log as `k8s.crd` before any watcher sees it.

import {
  labelSelectorFromObject, objectKey, type KubeObject, type ObjectStore, type PrinterColumn,
  type ResourceInfo, type StatusFailure,
} from '@terway-sim/kube-sim';
import { err, ok, type EventLog, type Result } from '@terway-sim/sim-base';
import {
  crdKeyText, type CrdFailure, type CrdKind, type CrdListener, type CrdListOptions, type CrdPort,
  type CrdTypes, type ObjectKey,
} from '@terway-sim/terway-core';

const group = 'network.alibabacloud.com';

function crd(kind: CrdKind, plural: string, namespaced: boolean,
  printerColumns?: readonly PrinterColumn[]): ResourceInfo {
  return { id: `${group}/${plural}`, group, version: 'v1beta1', kind, plural,
    singular: kind.toLowerCase(), shortNames: [], namespaced, fields: {},
    timestamps: 'rfc3339', uidSpace: 'crd',
    ...(printerColumns === undefined ? {} : { printerColumns }) };
}

/** NetworkInterface's additionalPrinterColumns in Terway's chart; the others declare none. */
const networkInterfaceColumns: readonly PrinterColumn[] = [
  { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
  { name: 'InstanceID', type: 'string', jsonPath: '.status.instanceID' },
  { name: 'TrunkENIID', type: 'string', jsonPath: '.status.trunkENIID' },
  { name: 'NodeName', type: 'string', jsonPath: '.status.nodeName' },
  { name: 'PodNamespace', type: 'string', jsonPath: '.spec.podENIRef.namespace' },
  { name: 'PodName', type: 'string', jsonPath: '.spec.podENIRef.name' },
  { name: 'Type', type: 'string', jsonPath: '.status.eniInfo.type' },
];

/** Terway's CRDs, as its chart installs them. */
export const terwayCrds: Readonly<Record<CrdKind, ResourceInfo>> = {
  PodENI: crd('PodENI', 'podenis', true),
  PodNetworking: crd('PodNetworking', 'podnetworkings', false),
  NetworkInterface: crd('NetworkInterface', 'networkinterfaces', false, networkInterfaceColumns),
  Node: crd('Node', 'nodes', false),
  NodeRuntime: crd('NodeRuntime', 'noderuntimes', false),
};

const clone = <T>(value: T): T => structuredClone(value);

export class StoreCrdPort implements CrdPort {
  /** Installs Terway's CRDs into `store` and logs their changes to `log`. */
  constructor(private readonly store: ObjectStore, log: EventLog) {
    for (const info of Object.values(terwayCrds)) store.register(info);
    const ids = new Set(Object.values(terwayCrds).map((info) => info.id));
    store.onChange((info, change) => {
      if (!ids.has(info.id)) return;
      const status = (change.object as { status?: { phase?: string } }).status;
      log.record('k8s.crd', { kind: info.kind, type: change.type,
        object: objectKey(change.object.metadata?.namespace, change.object.metadata?.name ?? ''),
        phase: status !== undefined && 'phase' in status ? status.phase : undefined });
    });
  }

  peek<K extends CrdKind>(kind: K, key: ObjectKey): CrdTypes[K] | undefined {
    const found = this.store.get(terwayCrds[kind].id, crdKeyText(key));
    return found === undefined ? undefined : clone(found) as unknown as CrdTypes[K];
  }

  peekList<K extends CrdKind>(kind: K, options?: CrdListOptions): Array<CrdTypes[K]> {
    const selector = labelSelectorFromObject({ matchLabels: options?.labels });
    const listed = this.store.list(terwayCrds[kind].id, {
      namespace: options?.namespace, labelSelector: selector.ok ? selector.value : undefined,
    });
    return listed.ok ? listed.value.items.map((item) => clone(item) as unknown as CrdTypes[K]) : [];
  }

  get<K extends CrdKind>(kind: K, key: ObjectKey): Promise<CrdTypes[K] | undefined> {
    return Promise.resolve(this.peek(kind, key));
  }

  list<K extends CrdKind>(kind: K, options?: CrdListOptions): Promise<Array<CrdTypes[K]>> {
    return Promise.resolve(this.peekList(kind, options));
  }

  create<K extends CrdKind>(kind: K, object: CrdTypes[K]):
    Promise<Result<CrdTypes[K], CrdFailure>> {
    return Promise.resolve(this.answer(this.store.create(terwayCrds[kind].id,
      clone(object) as unknown as KubeObject)));
  }

  update<K extends CrdKind>(kind: K, object: CrdTypes[K]):
    Promise<Result<CrdTypes[K], CrdFailure>> {
    return Promise.resolve(this.answer(this.store.update(terwayCrds[kind].id,
      clone(object) as unknown as KubeObject)));
  }

  delete<K extends CrdKind>(kind: K, key: ObjectKey): Promise<Result<void, CrdFailure>> {
    const deleted = this.store.delete(terwayCrds[kind].id, crdKeyText(key));
    return Promise.resolve(deleted.ok ? ok(undefined) : err(failure(deleted.error)));
  }

  watch<K extends CrdKind>(kind: K, listener: CrdListener<CrdTypes[K]>): () => void {
    const watched = this.store.watch(terwayCrds[kind].id, (change) => {
      listener(change.type, clone(change.object) as unknown as CrdTypes[K],
        change.previous === undefined ? undefined
          : clone(change.previous) as unknown as CrdTypes[K]);
    });
    return watched.ok ? watched.value : () => undefined;
  }

  private answer<T>(result: Result<KubeObject, StatusFailure>): Result<T, CrdFailure> {
    return result.ok ? ok(clone(result.value) as unknown as T) : err(failure(result.error));
  }
}

function failure(status: StatusFailure): CrdFailure {
  const reason = status.reason === 'NotFound' || status.reason === 'AlreadyExists'
    || status.reason === 'Conflict' ? status.reason : 'Invalid';
  return { reason, message: status.message };
}
