// terway-controlplane's two garbage collectors (Terway's pkg/controller/pod-eni
// eni_controller.go gc, gcCRPodENIs, gcSecondaryENI / gcMemberENI / gcENIs):
// - every jitter(1 min, 1.1): for each PodENI, a pod that still needs it refreshes podLastSeen
//   (fixed IPs only); a PodENI whose pod is gone (and that is not Binding, Detaching or Deleting)
//   goes to Deleting — unless a Fixed allocation keeps it: `Never`, a TTL not yet past
//   podLastSeen + releaseAfter, or an unparsable / negative / unknown strategy;
// - every jitter(10 min, 1.1): ENIs of the VPC tagged for this cluster by terway-controller,
//   created more than 10 min ago and named by no PodENI are leaked: an InUse member ENI is
//   detached from its trunk, an Available secondary ENI is deleted.
// Both loops run first at start, then sleep after each pass (wait.JitterUntil, sliding).
// Decisions are pure (`decideOrphanPodEni`, `leakedEnis`); the loops act on them.

import { isoSeconds, parseDuration, parseIso, sleepCtx, type Context } from '@terway-sim/sim-base';
import { eniStatus, eniType, type NetworkInterface } from '../cloud/network-interface.js';
import type { PodEni } from '../ports/crd.js';
import type { PodObject } from '../ports/kube.js';
import {
  gcJitterFactor, labelIgnoreByTerway, leakedEniCheckPeriodMs, leakedEniMinAgeMs,
  podEniCheckPeriodMs, tagCreatorController, tagKeyClusterId, tagKeyCreator,
} from './names.js';
import { isExclusiveNode, isManagedNode } from './node-info.js';
import { hasFixedIp, sandboxExited } from './pod-controller.js';
import type { Runtime } from './runtime.js';
import { podUsesEni } from './webhook.js';

export type OrphanDecision = 'keep' | 'wait' | 'delete';

/** For a PodENI whose pod is gone: keep it, leave it (still moving), or send it to Deleting. */
export function decideOrphanPodEni(podEni: PodEni, nowMs: number): OrphanDecision {
  const phase = podEni.status.phase;
  if (phase === 'Detaching' || phase === 'Deleting' || phase === 'Binding') return 'wait';
  let keep = false;
  for (const alloc of podEni.spec.allocations) {
    if (alloc.allocationType.type !== 'Fixed') continue;
    const strategy = alloc.allocationType.releaseStrategy;
    if (strategy !== 'TTL') {
      keep = true; // Never, or a strategy Terway does not know
      continue;
    }
    const afterMs = parseDuration(alloc.allocationType.releaseAfter ?? '');
    const lastSeenMs = parseIso(podEni.status.podLastSeen) ?? 0;
    if (afterMs === undefined || afterMs < 0 || lastSeenMs + afterMs > nowMs) keep = true;
  }
  return keep ? 'keep' : 'delete';
}

/** gcENIs: the tagged, old enough ENIs no PodENI names. */
export function leakedEnis(enis: readonly NetworkInterface[], podEnis: readonly PodEni[],
  options: { readonly clusterId: string; readonly nowWallMs: number }): NetworkInterface[] {
  const referenced = new Set(podEnis.flatMap((podEni) =>
    podEni.spec.allocations.map((alloc) => alloc.eni.id)));
  const tagged = (eni: NetworkInterface, key: string, value: string): boolean =>
    eni.tags.some((tag) => tag.tagKey === key && tag.tagValue === value);
  return enis.filter((eni) => {
    if (!tagged(eni, tagKeyClusterId, options.clusterId)
      || !tagged(eni, tagKeyCreator, tagCreatorController)) return false;
    const createdMs = parseIso(eni.creationTime);
    if (createdMs === undefined || createdMs + leakedEniMinAgeMs > options.nowWallMs) return false;
    return !referenced.has(eni.networkInterfaceId);
  });
}

export class ControlplaneGc {
  constructor(private readonly runtime: Runtime) {}

  start(ctx: Context): void {
    const { scheduler } = this.runtime.deps;
    scheduler.spawn('controlplane.gc.leakedEni', () => this.loop(ctx, leakedEniCheckPeriodMs,
      () => this.gcLeakedEnis(ctx)));
    scheduler.spawn('controlplane.gc.podEni', () => this.loop(ctx, podEniCheckPeriodMs,
      () => this.gcPodEnis()));
  }

  private async loop(ctx: Context, periodMs: number, pass: () => Promise<void>): Promise<void> {
    for (;;) {
      if (ctx.err() !== undefined) return;
      await pass();
      const delayMs = this.runtime.jitter(periodMs, gcJitterFactor);
      if (await sleepCtx(this.runtime.deps.scheduler, delayMs, ctx) !== undefined) return;
    }
  }

  /** podRequirePodENI: does this pod still need its PodENI? */
  private async podRequiresPodEni(pod: PodObject): Promise<boolean> {
    if (sandboxExited(pod) || pod.spec?.hostNetwork === true) return false;
    if (pod.metadata?.labels?.[labelIgnoreByTerway] === 'true') return false;
    if (this.runtime.options.ipamType === 'crd' || podUsesEni(pod.metadata?.annotations)) {
      return true;
    }
    const nodeName = pod.spec?.nodeName ?? '';
    if (nodeName === '') return true;
    const node = await this.runtime.deps.kube.getNode(nodeName);
    if (node === undefined) return true;
    return isManagedNode(node) && isExclusiveNode(node);
  }

  async gcPodEnis(): Promise<void> {
    const { crd, kube, scheduler } = this.runtime.deps;
    for (const podEni of await crd.list('PodENI')) {
      const key = { namespace: podEni.metadata.namespace ?? '', name: podEni.metadata.name };
      const pod = await kube.getPod(key.namespace, key.name, { cached: true });
      if (pod !== undefined && await this.podRequiresPodEni(pod)) {
        if (!hasFixedIp(podEni)) continue;
        await crd.update('PodENI', { ...podEni, metadata: { ...podEni.metadata,
          resourceVersion: undefined }, status: { ...podEni.status,
          podLastSeen: isoSeconds(scheduler.wallMs()) } });
        continue;
      }
      const decision = decideOrphanPodEni(podEni, scheduler.wallMs());
      if (decision !== 'delete') continue;
      this.runtime.logger.info('fixed ip recycle or orphan podENI', { pod: `${key.namespace}/` +
        `${key.name}`, lastSeen: podEni.status.podLastSeen });
      const updated = await crd.update('PodENI', { ...podEni,
        status: { ...podEni.status, phase: 'Deleting' } });
      if (!updated.ok) this.runtime.logger.error('error prune eni', updated.error.message);
    }
  }

  async gcLeakedEnis(ctx: Context): Promise<void> {
    const { ecs, options, deps } = this.runtime;
    const secondary = await ecs.describeNetworkInterfaces(ctx, { vpcId: options.vpcId,
      type: eniType.secondary, status: eniStatus.available });
    const member = await ecs.describeNetworkInterfaces(ctx, { vpcId: options.vpcId,
      type: eniType.member, status: eniStatus.inUse });
    const candidates = [...(secondary.ok ? secondary.value : []),
      ...(member.ok ? member.value : [])];
    if (candidates.length === 0) return;
    const podEnis = await deps.crd.list('PodENI');
    const leaked = leakedEnis(candidates, podEnis, { clusterId: options.clusterId,
      nowWallMs: deps.scheduler.wallMs() });
    for (const eni of leaked) {
      if (eni.type === eniType.member && eni.status === eniStatus.inUse) {
        this.runtime.logger.info('detach eni', { eni: eni.networkInterfaceId,
          'trunk-eni': eni.trunkNetworkInterfaceId });
        await ecs.detachNetworkInterface(ctx, eni.networkInterfaceId, eni.instanceId,
          eni.trunkNetworkInterfaceId);
      } else if (eni.status === eniStatus.available) {
        this.runtime.logger.info('delete eni', { eni: eni.networkInterfaceId });
        await ecs.deleteNetworkInterface(ctx, eni.networkInterfaceId);
      }
    }
  }
}
