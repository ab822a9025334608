// The checks that hold everywhere (ARCHITECTURE.md, "Checks"): the cloud's own invariants (no IP
// owned twice, vSwitch accounting, ENI and per-ENI IP quotas and the rest of
// cloud-emulator/src/checks/cloud-invariants.ts, with the quotas the world's cloud was built
// with); every ENI status change is one the cloud's state machine allows; every pod IP lies on an
// ENI attached to the pod's node, inside that ENI's vSwitch; the daemons' stores, the cloud and
// the kernel agree. The checker sits outside the system: it subscribes to the world's
// typed events and reads state through public views, never changing it.
//
// After each event it runs the checks that event can break (a pod got an IP: is the IP unique and
// placed right? an ENI changed status: was that change allowed?), at a cost that does not grow
// with the cluster; with `everyEvent` it runs every synchronous check after every event.
// `checkAll` adds what needs the kernel (a Running pod's network namespace exists), which is
// asynchronous on the real-kernel backend, and runs at every sample and at the end. The first
// violation asks the scheduler to stop; the runner reports it with the seed, the scenario and the
// event.

import type { V1Pod } from '@kubernetes/client-node';
import {
  allowedEniTransitions, cloudInvariantViolations, type CloudView,
} from '@terway-sim/cloud-emulator';
import { prefixContains } from '@terway-sim/sim-base';
import type { CloudEniStateEvent, WorldEvent } from '../events.js';
import type { WorldNode } from '../node/world-node.js';
import type { World } from '../world.js';

export interface Violation {
  readonly check: string;
  readonly detail: string;
  /** The event after which it was found (undefined: a periodic or final check). */
  readonly afterEvent?: { readonly t: number; readonly kind: string; readonly fields: string }
    | undefined;
}

type Finding = { readonly check: string; readonly detail: string };

export class InvariantChecker {
  private fullChecks = 0;
  private eventsChecked = 0;
  private found: Violation | undefined;
  /** Pod IP → pod key, for Running pods, kept from `pod.ip` events and pod deletions. */
  private readonly podByIp = new Map<string, string>();
  /** Each live ENI's status: the cloud's view at the start, then each `cloud.eni.state` event. */
  private readonly eniStatus = new Map<string, string>();

  constructor(private readonly world: World, private readonly options: { everyEvent: boolean }) {
    for (const eni of world.cloud.emulator.view().enis()) this.eniStatus.set(eni.id, eni.status);
    world.events.subscribe((event) => this.onEvent(event));
  }

  /** Whether every check ran after every event (else: targeted per event, full per sample). */
  get everyEvent(): boolean {
    return this.options.everyEvent;
  }

  get violation(): Violation | undefined {
    return this.found;
  }

  /** Events seen (each got the checks it can break) and full passes over the whole world. */
  get counts(): { events: number; full: number } {
    return { events: this.eventsChecked, full: this.fullChecks };
  }

  /** Every check now, the kernel's included; returns (and records) the first violation. */
  async checkAll(): Promise<Violation | undefined> {
    if (this.found !== undefined) return this.found;
    const findings = [...this.syncFindings(), ...await kernelFindings(this.world)];
    if (findings.length > 0) this.fail(findings[0]!, undefined);
    return this.found;
  }

  private onEvent(event: WorldEvent): void {
    if (this.found !== undefined) return;
    if (event.type === 'object' && event.resource === 'pods' && event.change.type === 'DELETED') {
      this.forget(event.change.object as V1Pod);
    }
    this.eventsChecked++;
    const findings = event.type === 'pod.ip' ? this.podIpFindings(event.pod, event.ips)
      : event.type === 'cloud.eni.state' ? this.eniTransitionFindings(event) : [];
    if (this.options.everyEvent && findings.length === 0) findings.push(...this.syncFindings());
    if (findings.length > 0) this.fail(findings[0]!, event);
  }

  private forget(pod: V1Pod): void {
    const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
    for (const entry of pod.status?.podIPs ?? []) {
      if (this.podByIp.get(entry.ip) === key) this.podByIp.delete(entry.ip);
    }
  }

  private fail(finding: Finding, event: WorldEvent | undefined): void {
    const { env } = this.world;
    this.found = { ...finding, afterEvent: event === undefined ? undefined
      : { t: env.scheduler.nowMs(), kind: event.type, fields: describeEvent(event) } };
    env.log.record('invariant.violated', { check: finding.check, detail: finding.detail });
    env.scheduler.requestStop();
  }

  private podIpFindings(podKey: string, ips: readonly string[]): Finding[] {
    const { api } = this.world;
    const findings: Finding[] = [];
    for (const ip of ips) {
      const holder = this.podByIp.get(ip);
      const holderPod = holder === undefined ? undefined : api.getPod(holder);
      // A finished pod (Succeeded/Failed) keeps status.podIP, but its sandbox and IP are gone.
      if (holder !== podKey && holderPod?.status?.phase === 'Running'
        && podAddresses(holderPod).includes(ip)) {
        findings.push({
          check: 'ip-owned-once',
          detail: `${ip} given to ${podKey} while ${holder} holds it`,
        });
      }
      this.podByIp.set(ip, podKey);
    }
    const pod = api.getPod(podKey);
    const node = pod?.spec?.nodeName === undefined ? undefined
      : this.world.liveNodes().get(pod.spec.nodeName);
    if (pod !== undefined && node !== undefined) {
      const view = this.world.cloud.emulator.view();
      for (const ip of ips) {
        const placed = podPlacementFinding(this.world, view, node, podKey, ip);
        if (placed !== undefined) findings.push(placed);
      }
    }
    return findings;
  }

  /** The change is one the cloud allows, from the status the ENI last had. */
  private eniTransitionFindings(event: CloudEniStateEvent): Finding[] {
    const { eniId, from, to } = event;
    const before = this.eniStatus.get(eniId) ?? 'None';
    if (to === 'Gone') this.eniStatus.delete(eniId);
    else this.eniStatus.set(eniId, to);
    if (!allowedEniTransitions.has(`${from}>${to}`)) {
      return [{ check: 'eni-transition',
        detail: `${eniId} went from ${from} to ${to}, which the cloud's ENI states do not allow` }];
    }
    if (from !== before) {
      return [{ check: 'eni-transition',
        detail: `${eniId} went from ${from} to ${to}, but its status was ${before}` }];
    }
    return [];
  }

  private syncFindings(): Finding[] {
    this.fullChecks++;
    const { emulator } = this.world.cloud;
    return [...cloudInvariantViolations(emulator.view(), emulator.quotas),
      ...podFindings(this.world), ...storeFindings(this.world)];
  }
}

function describeEvent(event: WorldEvent): string {
  return JSON.stringify(event, (key, value: unknown) => (key === 'type' ? undefined : value));
}

/**
 * A pod's IPv4 (and, dual stack, its IPv6) is owned by an InUse ENI on its node's instance
 * (directly or via its trunk); in VPC route mode the IPv4 lies in the node's podCIDR.
 */
function podPlacementFinding(world: World, view: CloudView, node: WorldNode, podKey: string,
  ip: string | undefined): Finding | undefined {
  if (ip === undefined) return undefined;
  const ipv6 = ip.includes(':');
  const podCidr = world.api.getNode(node.name)?.spec?.podCIDR;
  if (podCidr !== undefined) {
    if (ipv6) return undefined;
    return prefixContains(podCidr, ip) ? undefined : { check: 'pod-ip-placement',
      detail: `${podKey} has ${ip}, outside its node's podCIDR ${podCidr}` };
  }
  const owner = ipv6 ? view.ipv6Owner(ip) : view.ipv4Owner(world.cloud.vpcId, ip);
  if (owner === undefined) {
    return { check: 'pod-ip-placement', detail: `${podKey} has ${ip}, which no ENI owns` };
  }
  const eni = view.eni(owner.eniId)!;
  const attachedTo = eni.attachment?.instanceId;
  if (eni.status !== 'InUse' || attachedTo !== node.instanceId) {
    return { check: 'pod-ip-placement', detail: `${podKey} on ${node.name} (${node.instanceId}) ` +
      `has ${ip} of ${eni.id}, which is ${eni.status} on ${attachedTo ?? 'no instance'}` };
  }
  return undefined;
}

/** Every address of a pod: status.podIPs (dual stack: IPv4 then IPv6), else status.podIP. */
function podAddresses(pod: V1Pod): string[] {
  const listed = (pod.status?.podIPs ?? []).map((entry) => entry.ip).filter((ip) => ip !== '');
  if (listed.length > 0) return listed;
  const ip = pod.status?.podIP;
  return ip === undefined || ip === '' ? [] : [ip];
}

function podFindings(world: World): Finding[] {
  const findings: Finding[] = [];
  const seen = new Map<string, V1Pod>();
  const nodes = world.liveNodes();
  const view = world.cloud.emulator.view();
  const key = (pod: V1Pod): string => `${pod.metadata?.namespace}/${pod.metadata?.name}`;
  world.api.eachPod((pod) => {
    if (pod.status?.phase !== 'Running') return;
    for (const ip of podAddresses(pod)) {
      const other = seen.get(ip);
      if (other !== undefined) {
        findings.push({
          check: 'ip-owned-once',
          detail: `${ip} is the IP of both ${key(other)} and ${key(pod)}`,
        });
      }
      seen.set(ip, pod);
      const node = nodes.get(pod.spec?.nodeName ?? '');
      const placed = node === undefined ? undefined
        : podPlacementFinding(world, view, node, key(pod), ip);
      if (placed !== undefined) findings.push(placed);
    }
  });
  return findings;
}

/** The daemon's store and the cloud agree: a stored pod IP is on one of the node's ENIs. */
function storeFindings(world: World): Finding[] {
  const findings: Finding[] = [];
  const view = world.cloud.emulator.view();
  for (const node of world.liveNodes().values()) {
    const attached = new Set(view.enisOf(node.instanceId).map((eni) => eni.id));
    node.storage.relation.readEach((record) => {
      for (const item of record.Resources ?? []) {
        if (item.type !== 'eniIp' || item.ipv4 === '') continue;
        const owner = view.ipv4Owner(world.cloud.vpcId, item.ipv4);
        if (owner === undefined || !attached.has(owner.eniId)) {
          const where = owner === undefined ? 'on no ENI'
            : `on ${owner.eniId}, not attached to ${node.instanceId}`;
          findings.push({ check: 'store-cloud-agree', detail: `${node.name} stores ${item.ipv4} ` +
            `for ${record.PodInfo?.Namespace}/${record.PodInfo?.Name}, but it is ${where}` });
        }
      }
    });
  }
  return findings;
}

/** The kernel agrees with the API server: a Running pod's network namespace exists. */
async function kernelFindings(world: World): Promise<Finding[]> {
  // One listing, not one question per pod: at a thousand nodes a sample asks about 30,000.
  const listed = await world.kernel.netnsList();
  if (!listed.ok) return [];
  const existing = new Set(listed.value);
  const findings: Finding[] = [];
  for (const node of world.liveNodes().values()) {
    for (const [podKey, ns] of node.podNetwork.podNamespace) {
      if (existing.has(ns)) continue;
      const pod = world.api.getPod(podKey);
      const ip = pod?.status?.podIP;
      if (pod?.status?.phase !== 'Running' || ip === undefined || ip === '') continue;
      findings.push({ check: 'kernel-agree',
        detail: `${podKey} is Running with ${ip}, but its network namespace ${ns} is gone` });
    }
  }
  return findings;
}
