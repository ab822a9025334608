// The model of the model-based node test: which pods exist and which IP each Running pod owns, as
// the API server reports them over time, and the checks that must hold after every command:
//   - an IP is owned by one Running pod at a time, and a Running pod keeps its IP;
//   - every owned IP is on one of the node's ENIs in the cloud (directly, or a trunk member) — or
//     in the node's podCIDR in VPC route mode;
//   - the daemon's store agrees with the model: a record for every Running pod (with its IP), no
//     record of a pod that is gone;
//   - the pool agrees with the model: every address it marks in use belongs to a pod that still
//     exists, and each Running ENIIP pod holds its own address there;
//   - once the node has been quiet for a while (no pod, fault or restart), the pool keeps at most
//     max_pool_size idle addresses (plus the primary address of each of its ENIs, which Terway
//     counts but cannot give back, quirk Q9);
//   - the runner's invariants (placement, accounting, store/cloud/kernel agreement) after every
//     event.
// Checks are pure reads; `observe` folds the API server's view into the model first.

import { prefixContains } from '@terway-sim/sim-base';
import type { NodeRig } from './node-rig.js';

export interface PodModel {
  ip: string | undefined;
}

export interface NodeModel {
  /** Pods that exist in the API server (pending, running or being deleted). */
  readonly pods: Map<string, PodModel>;
  /** Pods deleted and gone. */
  readonly gone: Set<string>;
  nextPod: number;
  /** Last command that changed demand or the daemon: a pod, a fault or a restart. */
  quietSinceMs: number;
  /** When the last injected fault window ends. */
  faultsUntilMs: number;
}

/** How long the node must be quiet before the pool must have shrunk: a few 30 s sync passes. */
export const quietForMs = 4 * 60_000;

export function emptyModel(): NodeModel {
  return { pods: new Map(), gone: new Set(), nextPod: 0, quietSinceMs: 0, faultsUntilMs: 0 };
}

/** Folds the API server's view into the model; returns findings (an IP that changed). */
export function observe(model: NodeModel, rig: NodeRig): string[] {
  const findings: string[] = [];
  for (const [name, pod] of model.pods) {
    const object = rig.pod(name);
    if (object === undefined) {
      model.pods.delete(name);
      model.gone.add(name);
      continue;
    }
    const ip = object.status?.phase === 'Running' ? object.status.podIP : undefined;
    if (ip === undefined || ip === '') continue;
    if (pod.ip !== undefined && pod.ip !== ip) {
      findings.push(`pod ${name} changed its IP from ${pod.ip} to ${ip} while Running`);
    }
    pod.ip = ip;
  }
  return findings;
}

function running(model: NodeModel, rig: NodeRig): Array<[string, string]> {
  return [...model.pods]
    .filter(([name, pod]) => pod.ip !== undefined && rig.pod(name)?.status?.phase === 'Running')
    .map(([name, pod]) => [name, pod.ip!]);
}

/** Every check; an empty list means the node agrees with the model. */
export function checkNode(model: NodeModel, rig: NodeRig): string[] {
  const violation = rig.checker.violation;
  const findings = violation === undefined ? []
    : [`runner invariant ${violation.check}: ${violation.detail}`];
  const owners = new Map<string, string>();
  for (const [name, ip] of running(model, rig)) {
    const other = owners.get(ip);
    if (other !== undefined) findings.push(`${ip} is owned by both ${other} and ${name}`);
    owners.set(ip, name);
    findings.push(...placementFindings(rig, name, ip));
  }
  findings.push(...storeFindings(model, rig), ...poolFindings(model, rig));
  return findings;
}

function placementFindings(rig: NodeRig, name: string, ip: string): string[] {
  if (rig.mode === 'vpc') {
    const cidr = rig.podCidr();
    if (cidr !== undefined && prefixContains(cidr, ip)) return [];
    return [`${name} has ${ip}, outside the node's podCIDR ${cidr ?? '(none)'}`];
  }
  const eni = rig.eniOf(ip);
  if (eni === undefined) return [`${name} has ${ip}, which no ENI holds`];
  return rig.eniOnNode(eni) ? []
    : [`${name} has ${ip} of ${eni.id} (${eni.status}), not on the node`];
}

function storeFindings(model: NodeModel, rig: NodeRig): string[] {
  const findings: string[] = [];
  const relation = rig.node.storage.relation;
  for (const [name, ip] of running(model, rig)) {
    const record = relation.get(`default/${name}`);
    if (record === undefined) {
      findings.push(`the daemon stores nothing for Running pod ${name} (${ip})`);
      continue;
    }
    const stored = (record.Resources ?? [])
      .filter((item) => item.type === 'eniIp' && item.ipv4 !== '').map((item) => item.ipv4);
    if (stored.length > 0 && !stored.includes(ip)) {
      findings.push(`the daemon stores ${stored.join(', ')} for ${name}, which has ${ip}`);
    }
  }
  for (const key of relation.keys()) {
    const name = podName(key);
    if (model.gone.has(name)) {
      findings.push(`the daemon still stores a record of ${name}, which is gone`);
    }
  }
  return findings;
}

function poolFindings(model: NodeModel, rig: NodeRig): string[] {
  if (rig.pool === undefined) return [];
  const findings: string[] = [];
  const addresses = rig.poolAddresses();
  for (const address of addresses) {
    if (address.podId === '') continue;
    const name = podName(address.podId);
    if (model.gone.has(name)) {
      findings.push(`the pool holds ${address.ip} for ${name}, which is gone`);
    }
  }
  if (rig.mode === 'eniip') {
    for (const [name, ip] of running(model, rig)) {
      const held = addresses.find((address) => address.ip === ip);
      if (held?.podId === `default/${name}`) continue;
      const where = held === undefined ? 'nowhere' : `for "${held.podId}"`;
      findings.push(`the pool has ${ip} ${where}, but ${name} runs with it`);
    }
  }
  const quiet = rig.nowMs - Math.max(model.quietSinceMs, model.faultsUntilMs) >= quietForMs;
  if (quiet && rig.daemonRunning()) {
    const idle = addresses.filter((address) => address.podId === '').length;
    const bound = rig.maxPoolSize + rig.poolEnis();
    if (idle > bound) {
      findings.push(`${idle} idle addresses after ${quietForMs / 60_000} quiet minutes; ` +
        `max_pool_size ${rig.maxPoolSize} allows ${bound} with the ENIs' primaries`);
    }
  }
  return findings;
}

/** `default/p3` → `p3` (the model names pods without their namespace). */
function podName(podId: string): string {
  return podId.startsWith('default/') ? podId.slice('default/'.length) : podId;
}
