// terway-controlplane's PodNetworking controller (Terway's pkg/controller/pod-networking
// networking.go and predict.go): turns the vSwitches a PodNetworking declares into its status,
// the part the pod webhook reads. Only a `Ready` PodNetworking is ever matched to a pod, and the
// zones in `status.vSwitches` become the pod's zone affinity, so this controller decides when a
// PodNetworking starts to work and where its pods may run.
//   - each declared vSwitch is read through the controlplane's vSwitch pool (DescribeVSwitches
//     on a miss); all found ⇒ `status.vSwitches` = [{id, zone}] in declaration order, `Ready`,
//     message emptied; the first failure ⇒ `Fail` with that error as the message (the previous
//     vSwitch list is kept) and a look again in 30 s;
//   - `updateAt` is stamped on every write;
//   - a Ready PodNetworking whose status lists the same vSwitch ids (as a set) is left alone;
//   - watch events: every create; an update only while the status is empty or Fail, or when the
//     declared vSwitches differ from the status's (the predicate); deletes find nothing to do.
// Terway records SyncPodNetworkingSucceed / SyncPodNetworkingFailed events on the PodNetworking;
// the event port records on pods and nodes only, so they are log lines here.

import {
  isoSeconds, type Context, type ReconcileError, type ReconcileResult,
} from '@terway-sim/sim-base';
import type { CrdWatchType, PodNetworking } from '../ports/crd.js';
import type { Runtime } from './runtime.js';

type Outcome = ReconcileResult | ReconcileError;

/** How long a PodNetworking whose vSwitches could not all be read waits for the next try. */
export const podNetworkingRetryMs = 30_000;

/** `changed`: the declared vSwitch ids and the status's differ as sets. */
export function vSwitchesChanged(networking: PodNetworking): boolean {
  const declared = new Set(networking.spec.vSwitchOptions);
  const recorded = new Set(networking.status.vSwitches.map((vsw) => vsw.id));
  if (declared.size !== recorded.size) return true;
  return [...declared].some((id) => !recorded.has(id));
}

/** predicateForPodnetwokringEvent: which watch events reach the queue. */
export function wantsReconcile(type: CrdWatchType, networking: PodNetworking): boolean {
  if (type !== 'MODIFIED') return true;
  const status = networking.status.status;
  return status === '' || status === 'Fail' || vSwitchesChanged(networking);
}

export class PodNetworkingController {
  constructor(private readonly runtime: Runtime) {}

  async reconcile(ctx: Context, name: string): Promise<Outcome> {
    const { crd, scheduler } = this.runtime.deps;
    const current = await crd.get('PodNetworking', { name });
    if (current === undefined) return {};
    if (!vSwitchesChanged(current) && current.status.status === 'Ready') return {};
    const vSwitches: Array<{ id: string; zone: string }> = [];
    let failure: string | undefined;
    for (const id of current.spec.vSwitchOptions) {
      const found = await this.runtime.vSwitchPool.getById(ctx, id);
      if (!found.ok) {
        failure = found.error;
        break;
      }
      vSwitches.push({ id: found.value.id, zone: found.value.zone });
    }
    const updateAt = isoSeconds(scheduler.wallMs());
    const status: PodNetworking['status'] = failure === undefined
      ? { status: 'Ready', vSwitches, message: '', updateAt }
      : { ...current.status, status: 'Fail', message: failure, updateAt };
    if (failure === undefined) {
      this.runtime.logger.info('Synced', { podNetworking: name });
    } else {
      this.runtime.logger.error('Sync failed', failure, { podNetworking: name });
    }
    const updated = await crd.update('PodNetworking', { ...current, status });
    if (failure !== undefined) return { requeueAfterMs: podNetworkingRetryMs };
    return updated.ok ? {} : { message: updated.error.message };
  }
}
