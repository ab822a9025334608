// terway-controlplane's PodENI controller (Terway's pkg/controller/pod-eni/eni_controller.go):
// moves a PodENI through its phases by driving its ENIs' NetworkInterface CRs.
//   "" / Binding: attach every allocation's ENI — member ENIs to the node's trunk
//     (`k8s.aliyun.com/trunk-on`; none yet is an error "trunk eni id not found…"), others to the
//     instance —, wait for each CR to reach Bind (`wait_networkinterface_status`), copy the ENI's
//     MAC/IPs/vSwitch into the allocation, record eniInfos with vid = the member's DeviceIndex,
//     then phase Bind (and podLastSeen for fixed IPs). A re-bind (Binding) is allowed only for a
//     fixed-name pod with a Fixed allocation. On a trunk node, an allocation that asks for a
//     whole ENI is refused ("trunk eni is not allowed for eniOnly pod", F18).
//   Detaching: detach every ENI, wait Unbind, then phase Unbind with the instance cleared.
//   Deleting: delete the PodENI; its finalizer then deletes the ENIs' CRs and goes.
//   Bind / Unbind: nothing to do.
// Events AttachENISucceed/Failed, DetachENISucceed/Failed, UpdatePodENIFailed, CreateENIFailed
// and DeletePodENIFailed (with the elapsed time) go to the pod.
// The controller's watch ignores an update that changes only the resourceVersion and
// podLastSeen (`podEniUpdateMatters`, Terway's predict.go updateFunc): the GC's minutely
// refresh of a fixed-IP PodENI queues no reconcile.

import {
  canonicalJson, err, formatDuration, isoSeconds, ok, type Context, type ReconcileError,
  type ReconcileResult, type Result
} from '@terway-sim/sim-base';
import { backoffKeys } from '../backoff/named.js';
import type { Allocation, CrdEniInfo, PodEni } from '../ports/crd.js';
import {
  attachCr, deleteCr, detachCr, waitCrStatus,
} from './network-interface-ops.js';
import {
  eventReason, finalizerPodEni, finalizerPodEniLegacy,
} from './names.js';
import { isExclusiveNode, nodeInfoOf } from './node-info.js';
import { hasFixedIp, splitKey } from './pod-controller.js';
import type { Runtime } from './runtime.js';
import { isFixedNamePod } from './webhook.js';

type Outcome = ReconcileResult | ReconcileError;

/** Whether a PodENI update is worth a reconcile: more changed than its version and last-seen. */
export function podEniUpdateMatters(previous: PodEni, next: PodEni): boolean {
  const normal = (podEni: PodEni): string => canonicalJson({ ...podEni,
    metadata: { ...podEni.metadata, resourceVersion: '' },
    status: { ...podEni.status, podLastSeen: '' } });
  return normal(previous) !== normal(next);
}
const done: Outcome = {};

export class PodEniController {
  constructor(private readonly runtime: Runtime) {}

  async reconcile(ctx: Context, key: string): Promise<Outcome> {
    const { namespace, name } = splitKey(key);
    const startMs = this.runtime.deps.scheduler.nowMs();
    const podEni = await this.runtime.deps.crd.get('PodENI', { namespace, name });
    if (podEni === undefined) return done;
    if (podEni.metadata.deletionTimestamp !== undefined) {
      const finalizers = podEni.metadata.finalizers ?? [];
      if (!finalizers.includes(finalizerPodEni) && !finalizers.includes(finalizerPodEniLegacy)) {
        return done;
      }
      const outcome = await this.podEniDelete(podEni);
      await this.recordFailure(podEni, outcome, startMs, eventReason.deletePodEniFailed,
        'PodENI delete error');
      return outcome;
    }
    const outcome = await this.podEniCreate(ctx, podEni);
    await this.recordFailure(podEni, outcome, startMs, eventReason.createEniFailed,
      'ENI creation error');
    return outcome;
  }

  private async recordFailure(podEni: PodEni, outcome: Outcome, startMs: number, reason: string,
    text: string): Promise<void> {
    if (!('message' in outcome)) return;
    const { namespace, name } = { namespace: podEni.metadata.namespace ?? '',
      name: podEni.metadata.name };
    const pod = await this.runtime.deps.kube.getPod(namespace, name, { cached: true });
    if (pod === undefined) return;
    const took = formatDuration(this.runtime.deps.scheduler.nowMs() - startMs);
    this.runtime.podEvent(namespace, name, 'Warning', reason,
      `${text}: ${outcome.message}, elapsedTime: ${took}`);
  }

  private event(podEni: PodEni, type: 'Normal' | 'Warning', reason: string, message: string):
    void {
    this.runtime.podEvent(podEni.metadata.namespace ?? '', podEni.metadata.name, type, reason,
      message);
  }

  private async podEniCreate(ctx: Context, podEni: PodEni): Promise<Outcome> {
    switch (podEni.status.phase) {
      case 'Bind':
      case 'Unbind':
        return done;
      case 'Detaching': {
        const outcome = await this.detach(ctx, podEni);
        if ('message' in outcome) {
          this.event(podEni, 'Warning', eventReason.detachEniFailed, outcome.message);
        }
        return outcome;
      }
      case 'Deleting': {
        const deleted = await this.runtime.deps.crd.delete('PodENI', podEni.metadata);
        return deleted.ok || deleted.error.reason === 'NotFound' ? done
          : { message: deleted.error.message };
      }
      default: {
        const outcome = await this.bind(ctx, podEni);
        if ('message' in outcome) {
          this.event(podEni, 'Warning', eventReason.attachEniFailed, outcome.message);
        }
        return outcome;
      }
    }
  }

  /** The checks before an attach; the trunk to attach to ("" for exclusive ENIs). */
  private async bindTarget(podEni: PodEni): Promise<Result<{ instanceId: string;
    trunkEniId: string; nodeName: string }, string>> {
    if (podEni.spec.allocations.length === 0) return err('alloction is empty');
    const { kube } = this.runtime.deps;
    const namespace = podEni.metadata.namespace ?? '';
    const pod = await kube.getPod(namespace, podEni.metadata.name, { cached: true });
    if (pod === undefined) return err(`pods "${podEni.metadata.name}" not found`);
    const nodeName = pod.spec?.nodeName ?? '';
    const node = await kube.getNode(nodeName);
    if (node === undefined) return err(`error get node ${nodeName}, nodes "${nodeName}" not found`);
    const info = nodeInfoOf(node);
    if (!info.ok) return err(`error parse node info ${nodeName}, ${info.error}`);
    let trunkMode = this.runtime.options.enableTrunk;
    if (trunkMode && isExclusiveNode(node)) trunkMode = false;
    else if (trunkMode && podEni.spec.allocations.some((a) => a.eni.attachmentOptions.trunk
      === false)) {
      this.event(podEni, 'Warning', eventReason.attachEniFailed, 'trunk eni is not allowed for ' +
        'eniOnly pod, you must nodeAffinity to a node with trunk eni');
      return err('trunk eni is not allowed for eniOnly pod');
    }
    if (trunkMode && info.value.trunkEniId === '') {
      return err('trunk eni id not found, this may due to terway agent is not started');
    }
    const fixed = isFixedNamePod(pod, this.runtime.options.statefulKinds) && hasFixedIp(podEni);
    if (podEni.status.phase !== '' && !fixed) {
      return err('found previous podENI, but pod is not using fixed ip');
    }
    return ok({ instanceId: info.value.instanceId, nodeName: info.value.nodeName,
      trunkEniId: trunkMode ? info.value.trunkEniId : '' });
  }

  private async bind(ctx: Context, podEni: PodEni): Promise<Outcome> {
    const target = await this.bindTarget(podEni);
    if (!target.ok) return { message: target.error };
    const attached = await this.attachEnis(ctx, podEni, target.value);
    if (!attached.ok) return { message: `attach eni failed, ${attached.error}` };
    const nowText = isoSeconds(this.runtime.deps.scheduler.wallMs());
    const next: PodEni = {
      ...podEni, spec: { ...podEni.spec, allocations: attached.value.allocations },
      status: { ...podEni.status, phase: 'Bind', instanceID: target.value.instanceId,
        trunkENIID: target.value.trunkEniId, eniInfos: attached.value.eniInfos,
        podLastSeen: hasFixedIp(podEni) ? nowText : podEni.status.podLastSeen },
    };
    const updated = await this.runtime.deps.crd.update('PodENI', next);
    if (!updated.ok) {
      this.event(podEni, 'Warning', eventReason.updatePodEniFailed, updated.error.message);
      return { message: updated.error.message };
    }
    this.runtime.logger.info('attached', { eni: podEni.spec.allocations[0]!.eni.id,
      trunk: target.value.trunkEniId, instance: target.value.instanceId });
    return done;
  }

  /** attachENI: every allocation concurrently; the allocations filled from their CRs. */
  private async attachEnis(ctx: Context, podEni: PodEni, target: { instanceId: string;
    trunkEniId: string; nodeName: string }): Promise<Result<{ allocations: Allocation[];
      eniInfos: Record<string, CrdEniInfo> }, string>> {
    const eniInfos: Record<string, CrdEniInfo> = {};
    const allocations = [...podEni.spec.allocations];
    const outcomes = await Promise.all(allocations.map(async (alloc, index) => {
      const one = await this.attachOne(ctx, alloc, target);
      if (!one.ok) return one.error;
      allocations[index] = one.value.allocation;
      eniInfos[alloc.eni.id] = one.value.info;
      return undefined;
    }));
    const failure = outcomes.find((outcome) => outcome !== undefined);
    const ids = podEni.spec.allocations.map((alloc) => alloc.eni.id).join(',');
    if (failure !== undefined) {
      this.event(podEni, 'Warning', eventReason.attachEniFailed, failure);
      return err(failure);
    }
    this.event(podEni, 'Normal', eventReason.attachEniSucceed, `attached eni ${ids}`);
    allocations.sort((a, b) => (a.interface < b.interface ? -1 : a.interface > b.interface ? 1
      : 0));
    return ok({ allocations, eniInfos });
  }

  private async attachOne(ctx: Context, alloc: Allocation, target: { instanceId: string;
    trunkEniId: string; nodeName: string }): Promise<Result<{ allocation: Allocation;
      info: CrdEniInfo }, string>> {
    const { crd } = this.runtime.deps;
    const cardIndex: number | undefined = undefined;
    const attached = await attachCr(crd, { instanceId: target.instanceId, eniId: alloc.eni.id,
      trunkEniId: target.trunkEniId, networkCardIndex: cardIndex, nodeName: target.nodeName });
    if (!attached.ok) return attached;
    const waited = await waitCrStatus(this.runtime, ctx, { eniId: alloc.eni.id, phase: 'Bind',
      backoff: this.runtime.backoffs.get(backoffKeys.waitNetworkInterfaceStatus),
      ignoreNotExist: false });
    if (!waited.ok) return waited;
    const cr = waited.value!;
    const eni = cr.spec.eni;
    return ok({
      allocation: { ...alloc, ipv4: cr.spec.ipv4, ipv6: cr.spec.ipv6, eni: { ...alloc.eni,
        vpcID: eni.vpcID, mac: eni.mac, zone: eni.zone, vSwitchID: eni.vSwitchID,
        resourceGroupID: eni.resourceGroupID, securityGroupIDs: [...eni.securityGroupIDs] } },
      info: { id: cr.metadata.name, type: cr.status.eniInfo.type, vid: cr.status.eniInfo.vid,
        status: 'Bind', networkCardIndex: cardIndex, vfID: cr.status.eniInfo.vfID },
    });
  }

  /** detach + detachMemberENI: every ENI back to Unbind, then the PodENI. */
  private async detach(ctx: Context, podEni: PodEni): Promise<Outcome> {
    const ids = podEni.spec.allocations.map((alloc) => alloc.eni.id).join(',');
    for (const alloc of podEni.spec.allocations) {
      const detached = await detachCr(this.runtime.deps.crd, alloc.eni.id);
      const waited = detached.ok ? await waitCrStatus(this.runtime, ctx, { eniId: alloc.eni.id,
        phase: 'Unbind', ignoreNotExist: true,
        backoff: this.runtime.backoffs.get(backoffKeys.waitNetworkInterfaceStatus) }) : detached;
      if (!waited.ok) {
        this.event(podEni, 'Warning', eventReason.detachEniFailed, waited.error);
        return { message: waited.error };
      }
    }
    this.event(podEni, 'Normal', eventReason.detachEniSucceed, `detach eni ${ids}`);
    const eniInfos = Object.fromEntries(Object.entries(podEni.status.eniInfos).map(([id, info]) =>
      [id, info.status === 'Bind' ? { ...info, status: 'Unbind' as const,
        networkCardIndex: undefined } : info]));
    const updated = await this.runtime.deps.crd.update('PodENI', { ...podEni, status: {
      ...podEni.status, phase: 'Unbind', instanceID: '', trunkENIID: '', eniInfos } });
    return updated.ok ? done : { message: updated.error.message };
  }

  /** podENIDelete: each ENI's CR to Deleting, then the finalizers go. */
  private async podEniDelete(podEni: PodEni): Promise<Outcome> {
    for (const alloc of podEni.spec.allocations) {
      const deleted = await deleteCr(this.runtime.deps.crd, alloc.eni.id);
      if (!deleted.ok) return { message: deleted.error };
    }
    const finalizers = (podEni.metadata.finalizers ?? [])
      .filter((f) => f !== finalizerPodEni && f !== finalizerPodEniLegacy);
    const updated = await this.runtime.deps.crd.update('PodENI', { ...podEni,
      metadata: { ...podEni.metadata, finalizers } });
    return updated.ok || updated.error.reason === 'NotFound' ? done
      : { message: updated.error.message };
  }
}
