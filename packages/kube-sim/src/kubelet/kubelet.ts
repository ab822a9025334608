// A node's kubelet, reduced to the pod sandbox lifecycle that exercises the CNI plugin:
// - a pod bound to the node is picked up by its pod worker after a short seeded delay, then gets a
//   sandbox: CNI ADD through the pod network; on failure the kubelet
//   records `FailedCreatePodSandBox`, containerd tears the half-made sandbox down (CNI DEL), and
//   the pod worker retries after its back-off (10 s, jittered ×[1, 1.5), as kubelet's pod workers
//   do);
// - with an IP the pod is Running, and Ready once its containers start (a seeded short delay);
// - a deleted pod's containers stop first (a seeded share of the grace period), then its sandbox
//   is torn down (CNI DEL) and the object disappears; a DEL that fails is retried the same way;
// - a finished job container ends the sandbox but leaves the pod object (phase Succeeded);
// - a sandbox whose cleanup DEL failed stays dead but present, and the kubelet's garbage
//   collection retries the DEL (StopPodSandbox) until it succeeds, so its netns is not leaked;
// - `stop()` models a lost node: nothing more happens here, no DEL is ever sent.

import type { V1Pod } from '@kubernetes/client-node';
import { dateAt, type SimEnv } from '@terway-sim/sim-base';
import { podKey, type ApiServer } from '../api/api-server.js';
import { createdAtMs, isPodTerminal } from '../api/objects.js';
import type { PodNetwork, SandboxRequest } from './pod-network.js';
import { podStatusAt, type PodStage } from './pod-status.js';

export interface KubeletOptions {
  readonly sandboxRetryMs?: number;
  readonly containerStartMedianMs?: number;
  /** How long the pod worker takes to pick up a newly bound pod (median). */
  readonly podPickupMedianMs?: number;
  /** How long a deleted pod's containers take to stop before the sandbox goes (median). */
  readonly containerStopMedianMs?: number;
}

/** DEL retries for one dead sandbox before the kubelet gives up on it (bounded, so a run ends). */
const deadSandboxRetriesMax = 1_000;

type SandboxPhase = 'creating' | 'running' | 'backoff' | 'terminating' | 'exited';

interface Sandbox {
  phase: SandboxPhase;
  request: SandboxRequest | undefined;
  attempts: number;
  deleteRequested: boolean;
}

export class Kubelet {
  private readonly sandboxes = new Map<string, Sandbox>();
  private readonly retryMs: number;
  private readonly startMedianMs: number;
  private readonly pickupMedianMs: number;
  private readonly stopMedianMs: number;
  private stopped = false;

  constructor(
    private readonly deps: { env: SimEnv; api: ApiServer; network: PodNetwork; nodeName: string },
    options: KubeletOptions = {},
  ) {
    this.retryMs = options.sandboxRetryMs ?? 10_000;
    this.startMedianMs = options.containerStartMedianMs ?? 800;
    this.pickupMedianMs = options.podPickupMedianMs ?? 300;
    this.stopMedianMs = options.containerStopMedianMs ?? 1_000;
    deps.api.watchPods((type, pod) => {
      if (type !== 'DELETED' && pod.spec?.nodeName === deps.nodeName) this.onPod(pod);
    });
  }

  /** The node is lost: the kubelet stops acting on anything. */
  stop(): void {
    this.stopped = true;
  }

  /** Sandboxes in each phase (for progress and reports). */
  phaseCounts(): Record<SandboxPhase, number> {
    const counts: Record<SandboxPhase, number> = {
      creating: 0,
      running: 0,
      backoff: 0,
      terminating: 0,
      exited: 0,
    };
    this.sandboxes.forEach((sandbox) => counts[sandbox.phase]++);
    return counts;
  }

  /** A job's container finished: the pod becomes Succeeded and its sandbox is torn down. */
  containerExited(key: string): void {
    const sandbox = this.sandboxes.get(key);
    if (this.stopped || sandbox?.phase !== 'running') return;
    this.reportStatus(key, { stage: 'succeeded' });
    sandbox.phase = 'exited';
    this.deps.env.scheduler.spawn(`kubelet ${key} exit`, () =>
      this.tearDown(key, sandbox, { remove: false }),
    );
  }

  private onPod(pod: V1Pod): void {
    if (this.stopped) return;
    const key = podKey(pod);
    const sandbox = this.sandboxes.get(key);
    if (pod.metadata?.deletionTimestamp !== undefined) {
      this.requestDelete(key, sandbox);
    } else if (sandbox === undefined && !isPodTerminal(pod)) {
      const fresh: Sandbox = {
        phase: 'creating',
        request: undefined,
        attempts: 0,
        deleteRequested: false,
      };
      this.sandboxes.set(key, fresh);
      const { env } = this.deps;
      const pickup = env.rng
        .stream('kubelet.pickup')
        .lognormalInt({ medianMs: this.pickupMedianMs, sigma: 0.5, min: 10, max: 5_000 });
      env.scheduler.after(pickup, () =>
        env.scheduler.spawn(`kubelet ${key} add`, () => this.createSandbox(key, fresh)),
      );
    }
  }

  private requestDelete(key: string, sandbox: Sandbox | undefined): void {
    if (sandbox === undefined) {
      this.deps.api.removePod(key);
      return;
    }
    if (sandbox.deleteRequested) return;
    sandbox.deleteRequested = true;
    // A sandbox being created is torn down when the ADD returns; others go now.
    if (sandbox.phase === 'running' || sandbox.phase === 'backoff' || sandbox.phase === 'exited') {
      const hadNetwork = sandbox.phase === 'running';
      sandbox.phase = 'terminating';
      const { env } = this.deps;
      const stopMs = hadNetwork
        ? env.rng
            .stream('kubelet.container-stop')
            .lognormalInt({ medianMs: this.stopMedianMs, sigma: 0.5, min: 50, max: 30_000 })
        : 0;
      env.scheduler.after(stopMs, () => {
        if (!this.stopped)
          env.scheduler.spawn(`kubelet ${key} del`, () =>
            this.tearDown(key, sandbox, { remove: true, hadNetwork }),
          );
      });
    }
  }

  private async createSandbox(key: string, sandbox: Sandbox): Promise<void> {
    const { env, api, network, nodeName } = this.deps;
    const pod = api.getPod(key);
    if (pod === undefined || this.stopped) return;
    if (sandbox.attempts === 0) this.reportStatus(key, { stage: 'creating' });
    const sandboxId = env.rng.stream('kubelet.sandbox-ids').hex(64);
    const request: SandboxRequest = {
      pod,
      nodeName,
      sandboxId,
      netns: `/var/run/netns/cni-${sandboxId.slice(0, 8)}-${sandboxId.slice(8, 12)}`,
    };
    sandbox.request = request;
    sandbox.attempts++;
    const reply = await network.add(request);
    if (this.stopped) return;
    if (!reply.ok) {
      api.recordEvent({
        kind: 'Pod',
        namespace: pod.metadata!.namespace!,
        name: pod.metadata!.name!,
        type: 'Warning',
        reason: 'FailedCreatePodSandBox',
        message: `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${sandboxId}": plugin type="terway" name="terway" failed (add): ${reply.error.message}`,
        source: 'kubelet',
      });
      api.activity.publish({
        type: 'pod.sandbox.failed',
        pod: key,
        node: nodeName,
        attempt: sandbox.attempts,
      });
      // containerd cleans up a sandbox whose setup failed
      const cleanup = await network.del(request);
      if (!cleanup.ok) this.collectDeadSandbox(request, 1);
      sandbox.request = undefined;
      sandbox.phase = 'backoff';
      if (sandbox.deleteRequested) return this.finish(key);
      env.scheduler.after(env.rng.stream('kubelet.backoff').jitter(this.retryMs, 0.5), () => {
        if (this.stopped || sandbox.deleteRequested || sandbox.phase !== 'backoff') return;
        sandbox.phase = 'creating';
        env.scheduler.spawn(`kubelet ${key} add`, () => this.createSandbox(key, sandbox));
      });
      return;
    }
    sandbox.phase = 'running';
    if (sandbox.deleteRequested) {
      sandbox.phase = 'terminating';
      return this.tearDown(key, sandbox, { remove: true, hadNetwork: true });
    }
    this.markRunning(key, reply.value.ips, sandbox);
  }

  private markRunning(key: string, ips: readonly string[], sandbox: Sandbox): void {
    const { env, api, nodeName } = this.deps;
    const containerId = `containerd://${sandbox.request?.sandboxId ?? ''}`;
    const pod = this.reportStatus(key, { stage: 'running', ips, containerId });
    if (pod === undefined) return;
    const sinceCreatedMs = env.scheduler.wallMs() - createdAtMs(pod);
    api.activity.publish({
      type: 'pod.ip',
      pod: key,
      node: nodeName,
      ips: [...ips],
      ms: sinceCreatedMs,
      attempts: sandbox.attempts,
    });
    const startMs = env.rng
      .stream('kubelet.container-start')
      .lognormalInt({ medianMs: this.startMedianMs, sigma: 0.3, min: 100, max: 10_000 });
    env.scheduler.after(startMs, () => {
      if (this.stopped || sandbox.phase !== 'running' || sandbox.deleteRequested) return;
      const ready = this.reportStatus(key, { stage: 'ready' });
      if (ready !== undefined)
        api.activity.publish({
          type: 'pod.ready',
          pod: key,
          node: nodeName,
          ms: env.scheduler.wallMs() - createdAtMs(ready),
        });
    });
  }

  private async tearDown(
    key: string,
    sandbox: Sandbox,
    how: { remove: boolean; hadNetwork?: boolean },
  ): Promise<void> {
    const { env, network, nodeName } = this.deps;
    const request = sandbox.request;
    if (request !== undefined && how.hadNetwork !== false) {
      const reply = await network.del(request);
      if (this.stopped) return;
      if (!reply.ok) {
        const pod = this.deps.api.getPod(key);
        this.deps.api.recordEvent({
          kind: 'Pod',
          namespace: pod?.metadata?.namespace ?? 'default',
          name: pod?.metadata?.name ?? key,
          type: 'Warning',
          reason: 'FailedKillPod',
          message: `error killing pod: failed to "KillPodSandbox" for "${pod?.metadata?.uid ?? ''}" with KillPodSandboxError: "rpc error: code = Unknown desc = failed to destroy network for sandbox \\"${request.sandboxId}\\": plugin type=\\"terway\\" name=\\"terway\\" failed (delete): ${reply.error.message}"`,
          source: 'kubelet',
        });
        env.scheduler.after(env.rng.stream('kubelet.backoff').jitter(this.retryMs, 0.5), () => {
          env.scheduler.spawn(`kubelet ${key} del`, () => this.tearDown(key, sandbox, how));
        });
        return;
      }
      this.deps.api.activity.publish({ type: 'pod.sandbox.deleted', pod: key, node: nodeName });
    }
    sandbox.request = undefined;
    if (how.remove) this.finish(key);
  }

  /** Retries the DEL of a dead sandbox on the pod-worker back-off until it succeeds. */
  private collectDeadSandbox(request: SandboxRequest, attempt: number): void {
    const { env, network } = this.deps;
    if (attempt > deadSandboxRetriesMax) {
      this.deps.api.activity.publish({
        type: 'pod.sandbox.abandoned',
        node: this.deps.nodeName,
        sandbox: request.sandboxId,
        attempts: attempt - 1,
      });
      return;
    }
    env.scheduler.after(env.rng.stream('kubelet.backoff').jitter(this.retryMs, 0.5), () => {
      if (this.stopped) return;
      env.scheduler.spawn(`kubelet gc ${request.sandboxId.slice(0, 12)}`, async () => {
        const reply = await network.del(request);
        if (!this.stopped && !reply.ok) this.collectDeadSandbox(request, attempt + 1);
      });
    });
  }

  /** Writes the pod's status for `stage` (the kubelet's status manager). */
  private reportStatus(key: string, stage: PodStage): V1Pod | undefined {
    const { env, api, nodeName } = this.deps;
    const hostIP = api
      .getNode(nodeName)
      ?.status?.addresses?.find((address) => address.type === 'InternalIP')?.address;
    return api.updatePod(key, (pod) => ({
      ...pod,
      status: podStatusAt(pod, stage, dateAt(env.scheduler.wallMs()), hostIP),
    }));
  }

  private finish(key: string): void {
    this.sandboxes.delete(key);
    this.deps.api.removePod(key);
  }
}

