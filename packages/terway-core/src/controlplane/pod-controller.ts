// terway-controlplane's pod controller (Terway's pkg/controller/pod/pod_controller.go): turns a
// PodENI pod into ENIs and a PodENI CR, and a deleted pod into a PodENI on its way out.
//
// Create (a bound, non-host-network pod that uses ENIs: annotated `pod-eni`, on an exclusive-ENI
// node, or in crd mode):
//   an existing PodENI — Unbind: re-config it for this pod (pod uid, node label), then Binding;
//   Bind for this pod's uid: done; Bind for another uid: Fixed ⇒ Detaching, else delete it;
//   Binding/Detaching: look again in 1 s; being deleted: requeue;
//   no PodENI — parse the allocations, create one ENI per allocation (one IPv4, one IPv6 with an
//   ipv6/dual stack, tags `ack.aliyun.com=<cluster>` + `creator=terway-controller`,
//   DeleteOnRelease unless Fixed, retried with `eni_create`), each with its NetworkInterface CR,
//   then the PodENI (finalizer, `pod-uid` annotation, `k8s.aliyun.com/node` label; allocations
//   in the order their ENIs were created, each ENI as the cloud returned it, so without
//   attachment options). Any failure
//   rolls back the ENIs made (through their CRs; an ENI whose CR could not be stored is deleted
//   directly, retried with `eni_release`). Events CreateENISucceed / CreateENIFailed, and
//   PodCreateFailed with the elapsed time when the reconcile fails.
// Delete (the pod is gone, or its sandbox exited): Fixed ⇒ PodENI Detaching (the ENI and its IP
// are kept); else ⇒ Deleting. A pod being deleted is looked at again every 2 s.

import {
  err, exponentialBackoff, formatDuration, ok, type Context, type ReconcileError, type
  ReconcileResult, type Result
} from '@terway-sim/sim-base';
import { backoffKeys } from '../backoff/named.js';
import { isIpNotEnough } from '../cloud/errors.js';
import type { NetworkInterface } from '../cloud/network-interface.js';
import type { Allocation, PodEni } from '../ports/crd.js';
import type { NodeObject, PodObject } from '../ports/kube.js';
import { deleteCr, networkInterfaceCrOf } from './network-interface-ops.js';
import {
  annotationPodUid, eventReason, finalizerPodEni, labelEniNode, labelIgnoreByTerway,
  tagCreatorController, tagKeyClusterId, tagKeyCreator,
} from './names.js';
import { isExclusiveNode, isManagedNode, nodeInfoOf, type NodeInfo } from './node-info.js';
import { parseAllocations } from './pod-allocations.js';
import type { Runtime } from './runtime.js';
import { podUsesEni } from './webhook.js';

type Outcome = ReconcileResult | ReconcileError;
const done: Outcome = {};

export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

export function hasFixedIp(podEni: PodEni): boolean {
  return podEni.spec.allocations.some((alloc) => alloc.allocationType.type === 'Fixed');
}

export function sandboxExited(pod: PodObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** processPod: bound, not host-network, not ignored. */
export function isProcessedPod(pod: PodObject): boolean {
  return (pod.spec?.nodeName ?? '') !== '' && pod.spec?.hostNetwork !== true
    && pod.metadata?.labels?.[labelIgnoreByTerway] !== 'true';
}

export class PodController {
  constructor(private readonly runtime: Runtime) {}

  async reconcile(ctx: Context, key: string): Promise<Outcome> {
    const { namespace, name } = splitKey(key);
    const startMs = this.runtime.deps.scheduler.nowMs();
    const pod = await this.runtime.deps.kube.getPod(namespace, name, { cached: true });
    if (pod === undefined || sandboxExited(pod)) {
      const outcome = await this.podDelete(namespace, name);
      if (pod !== undefined) this.recordFailure(pod, 'PodDelete', startMs, outcome);
      return outcome;
    }
    if (pod.metadata?.deletionTimestamp !== undefined) return { requeueAfterMs: 2_000 };
    const outcome = await this.podCreate(ctx, pod);
    this.recordFailure(pod, 'PodCreate', startMs, outcome);
    return outcome;
  }

  private recordFailure(pod: PodObject, what: 'PodCreate' | 'PodDelete', startMs: number,
    outcome: Outcome): void {
    if (!('message' in outcome)) return;
    const took = formatDuration(this.runtime.deps.scheduler.nowMs() - startMs);
    const [reason, text] = what === 'PodCreate' ? [eventReason.podCreateFailed, 'Pod create']
      : [eventReason.podDeleteFailed, 'Pod delete'];
    this.runtime.podEvent(pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', 'Warning',
      reason, `${text} error: ${outcome.message}, elapsedTime: ${took}`);
  }

  private async podCreate(ctx: Context, pod: PodObject): Promise<Outcome> {
    if (!isProcessedPod(pod)) return done;
    const nodeName = pod.spec!.nodeName!;
    const node = await this.runtime.deps.kube.getNode(nodeName);
    if (node === undefined) {
      return { message: `error get node ${nodeName}, nodes "${nodeName}" not found` };
    }
    if (!isManagedNode(node)) return done;
    const exclusive = isExclusiveNode(node);
    const crdMode = this.runtime.options.ipamType === 'crd';
    if (!podUsesEni(pod.metadata?.annotations) && !exclusive && !crdMode) return done;
    const key = { namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '' };
    const existing = await this.runtime.deps.crd.get('PodENI', key);
    if (existing !== undefined) return this.existing(pod, existing, node);
    return this.createPodEni(ctx, pod, node);
  }

  private async existing(pod: PodObject, podEni: PodEni, node: NodeObject): Promise<Outcome> {
    if (podEni.metadata.deletionTimestamp !== undefined) return { requeue: true };
    const crd = this.runtime.deps.crd;
    switch (podEni.status.phase) {
      case 'Unbind': return this.reConfig(pod, podEni, node);
      case 'Bind': {
        if (podEni.metadata.annotations?.[annotationPodUid] === pod.metadata?.uid) return done;
        const written = hasFixedIp(podEni)
          ? await crd.update('PodENI', { ...podEni, status: { ...podEni.status,
            phase: 'Detaching' } })
          : await crd.delete('PodENI', podEni.metadata);
        return written.ok ? { requeueAfterMs: 5_000 } : { message: written.error.message };
      }
      case 'Binding':
      case 'Detaching':
        return { requeueAfterMs: 1_000 };
      default:
        return { requeue: true };
    }
  }

  /** reConfig: point the PodENI at this pod and node, then let the PodENI controller bind. */
  private async reConfig(pod: PodObject, podEni: PodEni, node: NodeObject): Promise<Outcome> {
    const crd = this.runtime.deps.crd;
    const nodeName = node.metadata?.name ?? '';
    const uid = pod.metadata?.uid ?? '';
    const labels = podEni.metadata.labels ?? {};
    const annotations = podEni.metadata.annotations ?? {};
    if (labels[labelEniNode] !== nodeName || annotations[annotationPodUid] !== uid) {
      const updated = await crd.update('PodENI', { ...podEni, metadata: { ...podEni.metadata,
        labels: { ...labels, [labelEniNode]: nodeName },
        annotations: { ...annotations, [annotationPodUid]: uid } } });
      return updated.ok ? { requeue: true } : { message: updated.error.message };
    }
    const updated = await crd.update('PodENI', { ...podEni,
      status: { ...podEni.status, phase: 'Binding' } });
    return updated.ok ? done : { message: updated.error.message };
  }

  private async createPodEni(ctx: Context, pod: PodObject, node: NodeObject): Promise<Outcome> {
    const info = nodeInfoOf(node);
    if (!info.ok) return { message: `error parse config, ${info.error}` };
    const allocs = await parseAllocations(this.runtime, ctx, pod, {
      name: info.value.nodeName, zone: info.value.zoneId, exclusive: isExclusiveNode(node) });
    if (!allocs.ok) return { message: `error parse config, ${allocs.error}` };
    const namespace = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    this.runtime.logger.info('creating eni', { pod: `${namespace}/${name}` });
    const created = await this.createEnis(ctx, allocs.value, { namespace, name }, info.value);
    const podEni = this.podEniOf(pod, info.value, created.allocations);
    if (!created.ok) {
      await this.rollback(podEni);
      return { message: `error batch create eni,${created.error}` };
    }
    const stored = await this.runtime.deps.crd.create('PodENI', podEni);
    if (!stored.ok) {
      await this.rollback(podEni);
      return { message: `error create cr, ${stored.error.message}` };
    }
    return done;
  }

  private podEniOf(pod: PodObject, info: NodeInfo, allocations: readonly Allocation[]): PodEni {
    return {
      metadata: { namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '',
        finalizers: [finalizerPodEni], annotations: { [annotationPodUid]: pod.metadata?.uid ?? '' },
        labels: { [labelEniNode]: info.nodeName } },
      spec: { allocations: [...allocations], zone: info.zoneId },
      status: { phase: '', instanceID: '', trunkENIID: '', msg: '', podLastSeen: '',
        eniInfos: {} },
    };
  }

  private async rollback(podEni: PodEni): Promise<void> {
    this.runtime.logger.error('error ,will roll back all created eni', undefined,
      { pod: `${podEni.metadata.namespace}/${podEni.metadata.name}` });
    for (const alloc of podEni.spec.allocations) {
      if (alloc.eni.id === '') continue;
      const deleted = await deleteCr(this.runtime.deps.crd, alloc.eni.id);
      if (!deleted.ok) {
        this.runtime.logger.error('error delete eni', deleted.error, { eni: alloc.eni.id });
        return;
      }
    }
  }

  /** createENI: one ENI (and CR) per allocation, concurrently; the ones made are returned too. */
  private async createEnis(ctx: Context, allocs: readonly Allocation[],
    pod: { readonly namespace: string; readonly name: string }, info: NodeInfo):
    Promise<{ ok: boolean; error?: string; allocations: Allocation[] }> {
    const made: Allocation[] = [];
    const outcomes = await Promise.all(allocs.map(async (alloc) => {
      const one = await this.createEni(ctx, alloc, pod);
      if (one.ok) made.push(one.value);
      return one;
    }));
    const failure = outcomes.find((outcome) => !outcome.ok);
    if (failure !== undefined && !failure.ok) {
      this.runtime.podEvent(pod.namespace, pod.name, 'Warning', eventReason.createEniFailed,
        failure.error);
      return { ok: false, error: failure.error, allocations: made };
    }
    const ids = made.map((alloc) => alloc.eni.id).join(',');
    made.forEach((alloc) => this.runtime.logger.info('created', { eni: alloc.eni.id,
      node: info.nodeName }));
    this.runtime.podEvent(pod.namespace, pod.name, 'Normal', eventReason.createEniSucceed,
      `create enis ${ids}`);
    return { ok: true, allocations: made };
  }

  private async createEni(ctx: Context, alloc: Allocation,
    pod: { readonly namespace: string; readonly name: string }): Promise<Result<Allocation,
      string>> {
    const { options, ecs, backoffs, vSwitchPool, deps } = this.runtime;
    const created = await ecs.createNetworkInterface(ctx, {
      vSwitchId: alloc.eni.vSwitchID, securityGroupIds: alloc.eni.securityGroupIDs,
      resourceGroupId: alloc.eni.resourceGroupID, ipCount: 1,
      ipv6Count: options.ipStack === 'ipv4' ? 0 : 1,
      tags: { [tagKeyClusterId]: options.clusterId, [tagKeyCreator]: tagCreatorController },
      deleteOnRelease: alloc.allocationType.type !== 'Fixed', sourceDestCheck: false,
      backoff: backoffs.get(backoffKeys.eniCreate),
    });
    if (!created.ok) {
      if (isIpNotEnough(created.error)) vSwitchPool.block(alloc.eni.vSwitchID);
      return err(`create eni with openAPI err, ${created.error.message}`);
    }
    const eni = created.value;
    const stored = await deps.crd.create('NetworkInterface', networkInterfaceCrOf(eni, pod));
    if (!stored.ok) return err(await this.deleteUnstored(ctx, eni, stored.error.message));
    // The stored ENI is the created one, field for field: Terway replaces the allocation's ENI
    // wholesale here, so the attach type chosen while parsing (attachmentOptions) is not kept.
    return ok({ ...alloc, eni: { id: eni.networkInterfaceId, vpcID: eni.vpcId,
      mac: eni.macAddress, zone: eni.zoneId, vSwitchID: eni.vSwitchId,
      resourceGroupID: eni.resourceGroupId, securityGroupIDs: [...eni.securityGroupIds],
      attachmentOptions: {} },
    ipv4: eni.privateIpAddress, ipv6: eni.ipv6Set[0]?.ipAddress ?? '' });
  }

  /** The ENI exists but its CR could not be stored: delete it, retried with `eni_release`. */
  private async deleteUnstored(ctx: Context, eni: NetworkInterface, cause: string):
    Promise<string> {
    let last = '';
    const deleted = await exponentialBackoff<string>(this.runtime.waitDeps, ctx,
      this.runtime.backoffs.get(backoffKeys.eniRelease), async (loopCtx) => {
        const outcome = await this.runtime.ecs.deleteNetworkInterface(loopCtx,
          eni.networkInterfaceId);
        last = outcome.ok ? '' : outcome.error.message;
        return ok(outcome.ok);
      });
    const rollbackErr = deleted.ok ? '%!s(<nil>)' : last;
    return `create eni cr err,rollbackErr ${rollbackErr} ${cause}`;
  }

  /** podDelete: Fixed ⇒ Detaching (kept), else ⇒ Deleting. */
  private async podDelete(namespace: string, name: string): Promise<Outcome> {
    const crd = this.runtime.deps.crd;
    const podEni = await crd.get('PodENI', { namespace, name });
    if (podEni === undefined) return done;
    if (podEni.status.phase === 'Deleting' || podEni.metadata.deletionTimestamp !== undefined) {
      return done;
    }
    let phase: 'Detaching' | 'Deleting' = 'Deleting';
    if (hasFixedIp(podEni)) {
      if (podEni.status.phase === 'Detaching' || podEni.status.phase === 'Unbind') return done;
      phase = 'Detaching';
    }
    const updated = await crd.update('PodENI', { ...podEni, status: { ...podEni.status, phase } });
    return updated.ok ? done : { message: updated.error.message };
  }
}
