// The controlplane's `SufficientIP` node condition in centralized IPAM (Terway's pool.go
// updateNodeCondition): True / SufficientIP / "node has sufficient IP" while the node can still
// serve a pod, else False / InsufficientIP / "node has insufficient IP"; an identical condition
// less than 5 minutes old is not rewritten; the transition time is kept when the status holds.
// And the per-ENI CR conditions (updateCrCondition): InsufficientIP ("<vsw> ip is not enough",
// its time refreshed only when older than 5 minutes) and OperationErr (≤ 256 characters),
// cleared when the ENI's option had no error this reconcile.

import { isoSeconds, parseIso } from '@terway-sim/sim-base';
import type { KubePort } from '../../ports/kube.js';
import { aggregateMessage } from '../../vswitch/pool.js';
import { hasSufficientIp, type EniOption } from './eni-options.js';

export const conditionHeartbeatMs = 5 * 60_000;

function timeOf(value: Date | string | undefined): number {
  if (value === undefined) return 0;
  return typeof value === 'string' ? parseIso(value) ?? 0 : value.getTime();
}

export async function updateNodeCondition(kube: KubePort, nodeName: string,
  options: readonly EniOption[], wallMs: number): Promise<void> {
  const node = await kube.getNode(nodeName);
  if (node === undefined) return;
  const sufficient = hasSufficientIp(options);
  const status = sufficient ? 'True' : 'False';
  const reason = sufficient ? 'SufficientIP' : 'InsufficientIP';
  const message = sufficient ? 'node has sufficient IP' : 'node has insufficient IP';
  let transitionMs = wallMs;
  for (const cond of node.status?.conditions ?? []) {
    if (cond.type !== 'SufficientIP' || cond.status !== status || cond.reason !== reason
      || cond.message !== message) continue;
    if (timeOf(cond.lastHeartbeatTime) + conditionHeartbeatMs > wallMs) return;
    transitionMs = timeOf(cond.lastTransitionTime);
  }
  await kube.setNodeCondition(nodeName, { type: 'SufficientIP', status, reason, message,
    lastHeartbeatTime: isoSeconds(wallMs), lastTransitionTime: isoSeconds(transitionMs) });
}

export function updateCrConditions(options: readonly EniOption[], wallMs: number): void {
  for (const entry of options) {
    const nic = entry.nic;
    if (nic === undefined) continue;
    if (entry.errors.length === 0) {
      delete nic.conditions;
      continue;
    }
    const conditions = { ...nic.conditions };
    const short = entry.errors.filter((error) => error.ipNotEnough);
    const other = entry.errors.filter((error) => !error.ipNotEnough);
    const previous = conditions['InsufficientIP'];
    if (short.length > 0 && (previous === undefined
      || (parseIso(previous.observedTime) ?? 0) + conditionHeartbeatMs < wallMs)) {
      conditions['InsufficientIP'] = { observedTime: isoSeconds(wallMs),
        message: `${nic.vSwitchID ?? ''} ip is not enough` };
    }
    if (other.length > 0) {
      conditions['OperationErr'] = { observedTime: isoSeconds(wallMs),
        message: aggregateMessage(other.map((error) => error.message)).slice(0, 256) };
    }
    nic.conditions = conditions;
  }
}
