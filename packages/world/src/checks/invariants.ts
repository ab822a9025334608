// The checks that hold everywhere (DESIGN.md): no IP owned twice; every pod IP lies on an ENI
// attached to the pod's node, inside that ENI's vSwitch; vSwitch free counts equal size minus
// reserved minus used; per-instance ENI and per-ENI IP quotas hold; the daemons' stores, the cloud
// and the kernel model agree. Checkers sit outside the system (style guide F5): they read state,
// never change it.
//
// `onEvent` runs the cheap checks an event can break (a pod got an IP: is it unique and placed
// right?); `checkAll` runs everything and is called at every sample, at the end, and — with
// `everyEvent` — after every event. The first violation asks the scheduler to stop; the runner
// reports it with the seed, the scenario and the event that broke it.

import { findInstanceType, type CloudEmulator } from '@terway-sim/cloud-emulator';
import type { KernelMachine } from '@terway-sim/kernel-shim';
import { ipv4CidrSize, parseIpv4Cidr, prefixContains, type LoggedEvent, type SimEnv } from '@terway-sim/sim-base';
import type { ApiServer } from '@terway-sim/kube-sim';
import type { SimNode } from '../node/sim-node.js';

export interface Violation {
  readonly check: string;
  readonly detail: string;
  /** The event after which it was found (undefined: a periodic or final check). */
  readonly afterEvent?: { readonly t: number; readonly kind: string; readonly fields: string } | undefined;
}

export interface CheckedWorld {
  readonly env: SimEnv;
  readonly cloud: CloudEmulator;
  readonly vpcId: string;
  readonly api: ApiServer;
  readonly kernel: KernelMachine;
  /** Live nodes by name. */
  nodes(): ReadonlyMap<string, SimNode>;
}

type Finding = { check: string; detail: string };

export class InvariantChecker {
  private fullChecks = 0;
  private eventsChecked = 0;
  private found: Violation | undefined;
  /** Pod IP → pod key, for Running pods, kept from `pod.ip` events and pod deletions. */
  private readonly podByIp = new Map<string, string>();

  constructor(private readonly world: CheckedWorld, private readonly options: { everyEvent: boolean }) {
    world.api.watchPods((type, pod) => {
      if (type !== 'DELETED') return;
      for (const entry of pod.status?.podIPs ?? []) {
        if (this.podByIp.get(entry.ip) === `${pod.metadata?.namespace}/${pod.metadata?.name}`) this.podByIp.delete(entry.ip);
      }
    });
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

  onEvent(event: LoggedEvent): void {
    if (this.found !== undefined) return;
    this.eventsChecked++;
    const findings = event.kind === 'pod.ip' ? this.podIpFindings(event) : [];
    if (this.options.everyEvent && findings.length === 0) findings.push(...this.allFindings());
    if (findings.length > 0) this.fail(findings[0]!, event);
  }

  /** Every check now; returns (and records) the first violation. */
  checkAll(): Violation | undefined {
    if (this.found !== undefined) return this.found;
    const findings = this.allFindings();
    if (findings.length > 0) this.fail(findings[0]!, undefined);
    return this.found;
  }

  private fail(finding: Finding, event: LoggedEvent | undefined): void {
    this.found = {
      ...finding,
      afterEvent: event === undefined ? undefined : { t: event.t, kind: event.kind, fields: JSON.stringify(event.fields) },
    };
    this.world.env.log.record('invariant.violated', { check: finding.check, detail: finding.detail });
    this.world.env.scheduler.requestStop();
  }

  private podIpFindings(event: LoggedEvent): Finding[] {
    const podKey = String(event.fields['pod']);
    const ips = (event.fields['ips'] as string[] | undefined) ?? [];
    const findings: Finding[] = [];
    for (const ip of ips) {
      const holder = this.podByIp.get(ip);
      const holderPod = holder === undefined ? undefined : this.world.api.getPod(holder);
      // A finished pod (Succeeded/Failed) keeps status.podIP, but its sandbox and IP are gone.
      if (holder !== podKey && holderPod?.status?.phase === 'Running' && holderPod.status.podIP === ip) {
        findings.push({ check: 'ip-owned-once', detail: `${ip} given to ${podKey} while ${holder} holds it` });
      }
      this.podByIp.set(ip, podKey);
    }
    const pod = this.world.api.getPod(podKey);
    const node = pod?.spec?.nodeName === undefined ? undefined : this.world.nodes().get(pod.spec.nodeName);
    if (pod !== undefined && node !== undefined) findings.push(...podPlacementFindings(this.world, node, podKey, ips[0]));
    return findings;
  }

  private allFindings(): Finding[] {
    this.fullChecks++;
    return [...cloudFindings(this.world), ...podFindings(this.world), ...storeFindings(this.world)];
  }
}

/** A pod's IPv4 must be owned by an InUse ENI on its node's instance (directly or through its trunk). */
function podPlacementFindings(world: CheckedWorld, node: SimNode, podKey: string, ip: string | undefined): Finding[] {
  if (ip === undefined || ip.includes(':')) return [];
  const podCidr = world.api.getNode(node.name)?.spec?.podCIDR;
  if (podCidr !== undefined) {
    return prefixContains(podCidr, ip) ? [] : [{ check: 'pod-ip-placement', detail: `${podKey} has ${ip}, outside its node's podCIDR ${podCidr}` }];
  }
  const view = world.cloud.view();
  const owner = view.ipv4Owner(world.vpcId, ip);
  if (owner === undefined) return [{ check: 'pod-ip-placement', detail: `${podKey} has ${ip}, which no ENI owns` }];
  const eni = view.eni(owner.eniId)!;
  const attachedTo = eni.attachment?.instanceId;
  if (eni.status !== 'InUse' || attachedTo !== node.instanceId) {
    return [{ check: 'pod-ip-placement', detail: `${podKey} on ${node.name} (${node.instanceId}) has ${ip} of ${eni.id}, which is ${eni.status} on ${attachedTo ?? 'no instance'}` }];
  }
  return [];
}

function podFindings(world: CheckedWorld): Finding[] {
  const findings: Finding[] = [];
  const seen = new Map<string, string>();
  const nodes = world.nodes();
  for (const pod of world.api.listPods()) {
    const ip = pod.status?.podIP;
    const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
    if (ip === undefined || ip === '' || pod.status?.phase !== 'Running') continue;
    const other = seen.get(ip);
    if (other !== undefined) findings.push({ check: 'ip-owned-once', detail: `${ip} is the IP of both ${other} and ${key}` });
    seen.set(ip, key);
    const node = nodes.get(pod.spec?.nodeName ?? '');
    if (node !== undefined) findings.push(...podPlacementFindings(world, node, key, ip));
  }
  return findings;
}

/** Cloud-side accounting, recomputed from the ENIs (not read from the emulator's counters). */
function cloudFindings(world: CheckedWorld): Finding[] {
  const findings: Finding[] = [];
  const view = world.cloud.view();
  const owners = new Map<string, string>();
  const usedPerVSwitch = new Map<string, number>();
  for (const eni of view.enis()) {
    for (const assigned of eni.ipv4) {
      const other = owners.get(assigned.ip);
      if (other !== undefined) findings.push({ check: 'ip-owned-once', detail: `${assigned.ip} is on both ${other} and ${eni.id}` });
      owners.set(assigned.ip, eni.id);
    }
    const prefixAddresses = eni.ipv4Prefixes.reduce((sum, prefix) => sum + ipv4CidrSize(parseIpv4Cidr(prefix.prefix)!), 0);
    usedPerVSwitch.set(eni.vSwitchId, (usedPerVSwitch.get(eni.vSwitchId) ?? 0) + eni.ipv4.length + prefixAddresses);
  }
  for (const usage of view.vSwitches()) {
    const used = usedPerVSwitch.get(usage.vSwitch.id) ?? 0;
    if (usage.used !== used || usage.available !== usage.size - usage.reserved - used) {
      findings.push({ check: 'vswitch-accounting', detail: `${usage.vSwitch.id}: ${used} addresses on ENIs, but used ${usage.used} and available ${usage.available} of ${usage.size} (${usage.reserved} reserved)` });
    }
  }
  for (const instance of view.instances()) {
    const type = findInstanceType(instance.instanceType);
    if (type === undefined) continue;
    if (instance.eniIds.length > type.EniQuantity) {
      findings.push({ check: 'eni-quota', detail: `${instance.id} (${type.InstanceTypeId}) holds ${instance.eniIds.length} ENIs; EniQuantity is ${type.EniQuantity}` });
    }
    if (instance.memberEniIds.length > Math.max(0, type.EniTotalQuantity - type.EniQuantity)) {
      findings.push({ check: 'member-eni-quota', detail: `${instance.id} holds ${instance.memberEniIds.length} member ENIs; the type allows ${type.EniTotalQuantity - type.EniQuantity}` });
    }
    for (const eniId of instance.eniIds) {
      const eni = view.eni(eniId);
      if (eni !== undefined && eni.status === 'InUse' && eni.ipv4.length > type.EniPrivateIpAddressQuantity) {
        findings.push({ check: 'ip-per-eni-quota', detail: `${eni.id} holds ${eni.ipv4.length} IPv4; EniPrivateIpAddressQuantity is ${type.EniPrivateIpAddressQuantity}` });
      }
    }
  }
  return findings;
}

/**
 * The daemon's store, the cloud and the kernel agree: an IP the store says a live pod holds is on
 * one of the node's ENIs, and a Running pod's IP is configured in its network namespace.
 */
function storeFindings(world: CheckedWorld): Finding[] {
  const findings: Finding[] = [];
  const view = world.cloud.view();
  const model = world.kernel as KernelMachine & { namespaces?: Map<string, { addrs?: unknown }> };
  for (const node of world.nodes().values()) {
    const attached = new Set(view.enisOf(node.instanceId).map((eni) => eni.id));
    for (const record of node.storage.relation.list()) {
      for (const item of record.Resources ?? []) {
        if (item.type !== 'eniIp' || item.ipv4 === '') continue;
        const owner = view.ipv4Owner(world.vpcId, item.ipv4);
        if (owner === undefined || !attached.has(owner.eniId)) {
          findings.push({ check: 'store-cloud-agree', detail: `${node.name} stores ${item.ipv4} for ${record.PodInfo?.Namespace}/${record.PodInfo?.Name}, but it is ${owner === undefined ? 'on no ENI' : `on ${owner.eniId}, not attached to ${node.instanceId}`}` });
        }
      }
    }
    for (const [podKey, ns] of node.podNetwork.podNamespace) {
      const pod = world.api.getPod(podKey);
      const ip = pod?.status?.podIP;
      if (pod?.status?.phase !== 'Running' || ip === undefined || ip === '') continue;
      if (model.namespaces !== undefined && !model.namespaces.has(ns)) {
        findings.push({ check: 'kernel-agree', detail: `${podKey} is Running with ${ip}, but its network namespace ${ns} is gone` });
      }
    }
  }
  return findings;
}
