// terway-controlplane's NetworkInterface controller, ECS path (Terway's
// pkg/controller/eni/eni.go): the only controller that calls Attach/Detach/Delete for PodENI
// ENIs. Per reconcile of one CR:
//   Deleting (not yet marked): delete the CR (its finalizer keeps it until the ENI is gone);
//   Detaching / Deleting / marked: DetachNetworkInterface (with the trunk for members), sleep the
//     initial delay (3 s; member ENIs 2 s), describe; not Available ⇒ look again after the ENI's
//     own `wait_eni_status` schedule; Available ⇒ status Unbind, instance cleared;
//   marked for deletion: DeleteNetworkInterface (confirmed gone), then drop the finalizer;
//   Binding: AttachNetworkInterface (`TrunkNetworkInstanceId` for members), sleep, describe;
//     not InUse ⇒ look again on the schedule; InUse ⇒ spec from the cloud (MAC, IPs, vSwitch,
//     security groups), status Bind with eniInfo {type, vid = DeviceIndex}.
// Attach/Detach refusals go to the owning pod, if it still exists, as AttachENIFailed /
// DetachENIFailed events. The bound CR's ENI is the cloud's, wholesale (no attachment options).
// Difference: Terway re-sends Attach/Detach on every requeue; the emulator refuses a second
// request for an ENI already on its way (InvalidOperation.InvalidEniState, or InvalidEniType for
// a member), so that refusal leads to the describe instead of a failure (docs/differences.md).

import {
  canonicalJson, sleepCtx, type Context, type ReconcileError, type ReconcileResult
} from '@terway-sim/sim-base';
import { backoffKeys } from '../backoff/named.js';
import { cloudErrorCodes, codeIs, type ClientFailure } from '../cloud/errors.js';
import { eniStatus, type NetworkInterface } from '../cloud/network-interface.js';
import type { NetworkInterfaceCr } from '../ports/crd.js';
import { eventReason, finalizerEni, labelEniNode } from './names.js';
import { crdEniOf } from './network-interface-ops.js';
import { ResourceBackoff } from './resource-backoff.js';
import type { Runtime } from './runtime.js';

type Outcome = ReconcileResult | ReconcileError;
const done: Outcome = {};
/** ECS's answer to attaching an ENI that is already a trunk member. */
const invalidEniType = 'InvalidOperation.InvalidEniType';

/** Only a real change is written (a write is an event, and every event is a reconcile). */
function unchanged(before: NetworkInterfaceCr, after: NetworkInterfaceCr): boolean {
  return canonicalJson(before) === canonicalJson(after);
}

export class NetworkInterfaceController {
  private readonly backoff: ResourceBackoff;

  constructor(private readonly runtime: Runtime) {
    this.backoff = new ResourceBackoff({ scheduler: runtime.deps.scheduler,
      random: runtime.deps.rng.stream('controlplane.eni.backoff') });
  }

  async reconcile(ctx: Context, name: string): Promise<Outcome> {
    const crd = this.runtime.deps.crd;
    const cr = await crd.get('NetworkInterface', { name });
    if (cr === undefined) {
      this.backoff.del(name);
      return done;
    }
    const marked = cr.metadata.deletionTimestamp !== undefined;
    if (cr.status.phase === 'Deleting' && !marked) {
      const deleted = await crd.delete('NetworkInterface', { name });
      return deleted.ok ? done : { message: deleted.error.message };
    }
    let current = cr;
    if (cr.status.phase === 'Detaching' || cr.status.phase === 'Deleting' || marked) {
      const detached = await this.detach(ctx, cr);
      if (!('cr' in detached)) return detached;
      current = detached.cr;
    }
    if (marked) return this.delete(ctx, current);
    if (current.status.phase === 'Binding') return this.attach(ctx, current);
    return done;
  }

  private waitKeyOf(cr: NetworkInterfaceCr): string {
    return cr.status.trunkENIID === '' ? backoffKeys.waitEniStatus
      : backoffKeys.waitMemberEniStatus;
  }

  /** emitEventToPod: only to a pod that still exists. */
  private async podEvent(cr: NetworkInterfaceCr, reason: string, message: string):
    Promise<void> {
    const ref = cr.spec.podENIRef;
    if (ref === undefined || ref.name === '') return;
    const pod = await this.runtime.deps.kube.getPod(ref.namespace, ref.name, { cached: true });
    if (pod === undefined) return;
    this.runtime.podEvent(ref.namespace, ref.name, 'Warning', reason, message);
  }

  /** Sleep the initial delay, then one describe of the ENI. */
  private async settleAndDescribe(ctx: Context, cr: NetworkInterfaceCr):
    Promise<NetworkInterface[] | ReconcileError> {
    const delayMs = this.runtime.backoffs.get(this.waitKeyOf(cr)).initialDelayMs;
    if (await sleepCtx(this.runtime.deps.scheduler, delayMs, ctx) !== undefined) {
      return { message: 'context canceled' };
    }
    const described = await this.runtime.ecs.describeNetworkInterfaceById(ctx, cr.metadata.name);
    return described.ok ? described.value : { message: described.error.message };
  }

  /** A requeue on the ENI's own schedule, or the timeout. */
  private later(cr: NetworkInterfaceCr): Outcome {
    const delayMs = this.backoff.next(cr.metadata.name,
      this.runtime.backoffs.get(backoffKeys.waitEniStatus));
    return delayMs === undefined ? { message: 'timeout' } : { requeueAfterMs: delayMs };
  }

  /**
   * A refusal that means "not Available any more" (this ENI's own earlier Attach/Detach is on its
   * way, or done) is not a failure here: the describe that follows decides.
   */
  private refused(failure: ClientFailure): boolean {
    return !codeIs(failure, cloudErrorCodes.invalidEniState, invalidEniType);
  }

  private async attach(ctx: Context, cr: NetworkInterfaceCr): Promise<Outcome> {
    const { ecs, deps } = this.runtime;
    let next = cr;
    if (cr.status.instanceID !== '') {
      const attached = await ecs.attachNetworkInterface(ctx, { networkInterfaceId: cr.metadata.name,
        instanceId: cr.status.instanceID,
        ...(cr.status.networkCardIndex === undefined ? {}
          : { networkCardIndex: cr.status.networkCardIndex }),
        ...(cr.status.trunkENIID === '' ? {} : { trunkNetworkInstanceId: cr.status.trunkENIID }) });
      if (!attached.ok && this.refused(attached.error)) {
        await this.podEvent(cr, eventReason.attachEniFailed,
          `Failed to attach ENI ${cr.metadata.name} to instance ${cr.status.instanceID}: ` +
          attached.error.message);
        return { message: attached.error.message };
      }
      const described = await this.settleAndDescribe(ctx, cr);
      if (!Array.isArray(described)) return described;
      const remote = described[0];
      if (described.length !== 1 || remote!.status !== eniStatus.inUse) return this.later(cr);
      this.backoff.del(cr.metadata.name);
      next = this.bound(cr, remote!);
    }
    next = { ...next, metadata: { ...next.metadata, labels: { ...next.metadata.labels,
      [labelEniNode]: next.status.nodeName } } };
    if (unchanged(cr, next)) return done;
    const updated = await deps.crd.update('NetworkInterface', next);
    return updated.ok ? done : { message: `update eni status failed, ${updated.error.message}` };
  }

  private bound(cr: NetworkInterfaceCr, remote: NetworkInterface): NetworkInterfaceCr {
    return {
      ...cr,
      spec: { ...cr.spec, eni: crdEniOf(remote), ipv4: remote.privateIpAddress,
      ipv6: remote.ipv6Set[0]?.ipAddress ?? cr.spec.ipv6 },
      status: { ...cr.status, phase: 'Bind', eniInfo: { id: remote.networkInterfaceId,
        type: remote.type, vid: remote.deviceIndex, networkCardIndex: remote.networkCardIndex,
        status: 'Bind' } },
    };
  }

  private async detach(ctx: Context, cr: NetworkInterfaceCr):
    Promise<{ cr: NetworkInterfaceCr } | Outcome> {
    let next = cr;
    if (cr.status.instanceID !== '') {
      const detached = await this.runtime.ecs.detachNetworkInterface(ctx, cr.metadata.name,
        cr.status.instanceID, cr.status.trunkENIID === '' ? undefined : cr.status.trunkENIID);
      if (!detached.ok && this.refused(detached.error)) {
        await this.podEvent(cr, eventReason.detachEniFailed,
          `Failed to detach ENI ${cr.metadata.name} from instance ${cr.status.instanceID}: ` +
          detached.error.message);
        return { message: detached.error.message };
      }
      const described = await this.settleAndDescribe(ctx, cr);
      if (!Array.isArray(described)) return described;
      if (described.length > 0 && described[0]!.status !== eniStatus.available) {
        return this.later(cr);
      }
      this.backoff.del(cr.metadata.name);
      next = { ...cr, status: { ...cr.status, phase: 'Unbind', instanceID: '', trunkENIID: '',
        nodeName: '', networkCardIndex: undefined, eniInfo: { ...cr.status.eniInfo,
          status: 'Unbind', vid: 0, vfID: undefined, networkCardIndex: undefined } } };
    }
    const { [labelEniNode]: _dropped, ...labels } = next.metadata.labels ?? {};
    next = { ...next, metadata: { ...next.metadata, labels } };
    if (unchanged(cr, next)) return { cr };
    const updated = await this.runtime.deps.crd.update('NetworkInterface', next);
    if (!updated.ok) {
      return { message: `update network interface status to Unbind failed, ${updated.error
        .message}` };
    }
    return { cr: updated.value };
  }

  private async delete(ctx: Context, cr: NetworkInterfaceCr): Promise<Outcome> {
    const deleted = await this.runtime.ecs.deleteNetworkInterface(ctx, cr.metadata.name);
    if (!deleted.ok) return { message: deleted.error.message };
    this.backoff.del(cr.metadata.name);
    const finalizers = (cr.metadata.finalizers ?? []).filter((f) => f !== finalizerEni);
    const updated = await this.runtime.deps.crd.update('NetworkInterface', { ...cr,
      metadata: { ...cr.metadata, finalizers } });
    if (!updated.ok && updated.error.reason !== 'NotFound') {
      return { message: `remove finalizer failed, ${updated.error.message}` };
    }
    return done;
  }
}
