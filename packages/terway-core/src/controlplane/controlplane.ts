// terway-controlplane on virtual time: the pod and PodNetworking webhooks, the pod, PodENI,
// NetworkInterface, node and PodNetworking controllers (each on its own work queue with Terway's
// concurrency defaults: 10, 10, 300, 10, 1), and the two GC loops, over the cluster's pods and
// nodes, Terway's CRs and the cloud.
//
// When to use: one per simulated cluster with trunking or exclusive ENIs. Construct it with
// `Controlplane.create`, register `webhook` with the API server's pod admission and
// `podNetworkingWebhook` with the PodNetworking CR's, hand it pod and
// node watch events (or a `cluster` that has `watchPods` / `watchNodes`, as ApiServer does), and
// `start()` it before the first pod. Gotchas: objects that existed before `start` are not listed
// (start it first); events are recorded on the pod, not on the PodENI (the port records on pods
// and nodes only).

import {
  Context, err, ok, WorkQueue, type Reconciler, type Result, type WorkQueueOptions,
} from '@terway-sim/sim-base';
import { GaugeVec } from '../metrics/registry.js';
import { CentralizedIpam } from './multi-ip/centralized-ipam.js';
import type { NodeObject, PodObject, WatchType } from '../ports/kube.js';
import { ControlplaneGc } from './gc.js';
import { controllerConcurrency } from './names.js';
import { NetworkInterfaceController } from './network-interface-controller.js';
import { NodeController } from './node-controller.js';
import { isProcessedNode } from './node-info.js';
import { isProcessedPod, PodController } from './pod-controller.js';
import { PodEniController, podEniUpdateMatters } from './podeni-controller.js';
import { PodNetworkingController, wantsReconcile } from './podnetworking-controller.js';
import {
  admitPodNetworking, type PodNetworkingVerdict,
} from './podnetworking-webhook.js';
import type { PodNetworking } from '../ports/crd.js';
import type { CloudClientSetFailure } from '../cloud/client-set.js';
import {
  createRuntime, type ControlplaneDeps, type ControlplaneOptions, type Runtime,
} from './runtime.js';
import { createPodWebhook, type AdmissionPod, type AdmissionVerdict } from './webhook.js';

/** Pod and node watches (the simulated ApiServer has this shape). */
export interface ClusterWatch {
  watchPods(listener: (type: WatchType, pod: PodObject, previous: PodObject | undefined) =>
    void): void;
  watchNodes(listener: (type: WatchType, node: NodeObject, previous: NodeObject | undefined) =>
    void): void;
}

export interface ControlplaneQueues {
  readonly pod: WorkQueue;
  readonly podEni: WorkQueue;
  readonly networkInterface: WorkQueue;
  readonly node: WorkQueue;
  readonly podNetworking: WorkQueue;
  /** The multi-ip node controller's, with centralized IPAM only. */
  readonly multiIpNode?: WorkQueue | undefined;
}

function podKeyOf(pod: PodObject): string {
  return `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
}

/** Node changes the node controller cares about: labels, annotations, allocatable. */
function nodeChanged(node: NodeObject, previous: NodeObject | undefined): boolean {
  if (previous === undefined) return true;
  const view = (value: NodeObject): string => JSON.stringify([value.metadata?.labels,
    value.metadata?.annotations, value.status?.allocatable, value.spec?.providerID]);
  return view(node) !== view(previous);
}

/**
 * `terway_controlplane_config_info{controller, max_concurrent}` = 1 per controller, as
 * terway-controlplane.go reports its settings (the multi-IP controllers, not modelled here, are
 * reported with their defaults too).
 */
function registerConfigInfo(runtime: Runtime): void {
  const info = runtime.registry.register(new GaugeVec({ name: 'terway_controlplane_config_info',
    help: 'Configured max concurrent reconciles for terway controlplane controllers',
    labelNames: ['controller', 'max_concurrent'] }));
  const settings: Array<readonly [string, number]> = [['pod', controllerConcurrency.pod],
    ['pod-eni', controllerConcurrency.podEni], ['node', controllerConcurrency.node],
    ['eni', controllerConcurrency.networkInterface], ['multi-ip-node', 500],
    ['multi-ip-pod', 500], ['pod-networking', controllerConcurrency.podNetworking]];
  settings.forEach(([controller, max]) => info.labels({ controller,
    max_concurrent: String(max) }).set(1));
}

export class Controlplane {
  readonly queues: ControlplaneQueues;
  readonly gc: ControlplaneGc;
  /** The mutating webhook; register it with ApiServer.addPodAdmission. */
  readonly webhook: <P extends AdmissionPod>(pod: P) => AdmissionVerdict<P>;
  /** The PodNetworking webhooks (defaulting, then validation); register with the CR's admission. */
  readonly podNetworkingWebhook: (networking: PodNetworking) => PodNetworkingVerdict;
  private root: { ctx: Context; cancel: () => void } | undefined;
  private readonly multiIp: CentralizedIpam | undefined;
  private readonly unwatch: Array<() => void> = [];

  private constructor(readonly runtime: Runtime, cluster: ClusterWatch | undefined) {
    const queue = (name: string, maxConcurrent: number, reconcile: Reconciler,
      failureDelay?: WorkQueueOptions['failureDelay']): WorkQueue =>
      new WorkQueue({ scheduler: runtime.deps.scheduler, reconcile,
        onError: (key, message) => runtime.logger.error('Reconciler error', message,
          { controller: name, key }) }, { name, maxConcurrent, failureDelay });
    const pods = new PodController(runtime);
    const podEnis = new PodEniController(runtime);
    const enis = new NetworkInterfaceController(runtime);
    const nodes = new NodeController(runtime);
    const networkings = new PodNetworkingController(runtime);
    const multiIp = runtime.options.centralizedIpam === true
      ? new CentralizedIpam(runtime, (name, max, reconcile, failureDelay) =>
        queue(name, max, reconcile, failureDelay)) : undefined;
    this.multiIp = multiIp;
    this.queues = {
      multiIpNode: multiIp?.queue,
      pod: queue('pod', controllerConcurrency.pod, (ctx, key) => pods.reconcile(ctx, key)),
      podEni: queue('pod-eni', controllerConcurrency.podEni,
        (ctx, key) => podEnis.reconcile(ctx, key)),
      networkInterface: queue('eni', controllerConcurrency.networkInterface,
        (ctx, key) => enis.reconcile(ctx, key)),
      node: queue('node', controllerConcurrency.node, (ctx, key) => nodes.reconcile(ctx, key)),
      podNetworking: queue('pod-networking', controllerConcurrency.podNetworking,
        (ctx, key) => networkings.reconcile(ctx, key)),
    };
    this.gc = new ControlplaneGc(runtime);
    registerConfigInfo(runtime);
    const { options, defaults, deps } = runtime;
    this.webhook = createPodWebhook({ crd: deps.crd }, {
      enableTrunk: options.enableTrunk, ipamType: options.ipamType,
      injectResource: options.injectResource, defaultVSwitchIds: defaults.vSwitchIds,
      defaultSecurityGroupIds: defaults.securityGroupIds, statefulKinds: options.statefulKinds,
    });
    this.podNetworkingWebhook = (networking) => admitPodNetworking(networking, {
      injectResource: options.injectResource, defaults });
    cluster?.watchPods((type, pod, previous) => this.podEvent(type, pod, previous));
    cluster?.watchNodes((type, node, previous) => this.nodeEvent(type, node, previous));
  }

  /** Refuses a `rate_limit` or `backoff_override` it cannot use, naming the key. */
  static create(deps: ControlplaneDeps & { readonly cluster?: ClusterWatch | undefined },
    options: ControlplaneOptions): Result<Controlplane, CloudClientSetFailure> {
    const runtime = createRuntime(deps, options);
    if (!runtime.ok) {
      return err({ ...runtime.error, message: `terway-controlplane: ${runtime.error.message}` });
    }
    return ok(new Controlplane(runtime.value, deps.cluster));
  }

  /** Starts the controllers and GC; queues CRs that already exist. */
  start(parent?: Context): void {
    if (this.root !== undefined) return;
    const { scheduler, crd } = this.runtime.deps;
    this.root = (parent ?? Context.background(scheduler)).withCancel();
    const ctx = this.root.ctx;
    this.unwatch.push(
      crd.watch('PodENI', (type, podEni, previous) => {
        const key = `${podEni.metadata.namespace ?? ''}/${podEni.metadata.name}`;
        if (type !== 'MODIFIED' || previous === undefined
          || podEniUpdateMatters(previous, podEni)) this.queues.podEni.add(key);
        this.queues.pod.add(key);
      }),
      crd.watch('NetworkInterface', (_type, cr) => this.queues.networkInterface
        .add(cr.metadata.name)),
      crd.watch('PodNetworking', (type, networking) => {
        if (!wantsReconcile(type, networking)) return;
        this.queues.podNetworking.add(networking.metadata.name);
      }),
    );
    crd.peekList('PodENI').forEach((podEni) => this.queues.podEni.add(
      `${podEni.metadata.namespace ?? ''}/${podEni.metadata.name}`));
    crd.peekList('NetworkInterface').forEach((cr) => this.queues.networkInterface
      .add(cr.metadata.name));
    crd.peekList('PodNetworking').forEach((networking) => this.queues.podNetworking
      .add(networking.metadata.name));
    if (this.multiIp !== undefined) this.unwatch.push(...this.multiIp.start(ctx));
    Object.values(this.queues).forEach((queue: WorkQueue | undefined) => queue?.start(ctx));
    this.gc.start(ctx);
    this.runtime.logger.info('controlplane started', { clusterID: this.runtime.options.clusterId,
      enableTrunk: this.runtime.options.enableTrunk });
  }

  /** A pod watch event (predicate processPod: bound, not host-network, not ignored). */
  podEvent(type: WatchType, pod: PodObject, _previous?: PodObject): void {
    this.multiIp?.podEvent(type, pod);
    if (isProcessedPod(pod)) this.queues.pod.add(podKeyOf(pod));
  }

  /** A node watch event (predicateForNodeEvent: region label, not ignored, not VK/Lingjun). */
  nodeEvent(_type: WatchType, node: NodeObject, previous?: NodeObject): void {
    const name = node.metadata?.name ?? '';
    if (!isProcessedNode(node)) return;
    if (name !== '' && nodeChanged(node, _type === 'DELETED' ? undefined : previous)) {
      this.queues.node.add(name);
    }
  }

  /** Stops every controller and loop (a controlplane crash); CRs and the cloud keep state. */
  stop(): void {
    this.unwatch.splice(0).forEach((unwatch) => unwatch());
    this.root?.cancel();
    this.root = undefined;
  }
}
