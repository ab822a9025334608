// Gathers the facts report/why.ts decides on, from the world's typed events and its state at
// the end of the main phase: each cloud error code's first call (time, node, API, message) and
// counts, the daemon's starts, failures and restarts per node, ENIs stuck in Attaching, and each
// node's pods and pool at the end. It only listens and reads, so a run's digest does not depend
// on it. Errors after the main phase (teardown's) are left out: they explain teardown, not the
// run's verdicts.

import { findInstanceType } from '@terway-sim/cloud-emulator';
import { isPodReady } from '@terway-sim/kube-sim';
import { validateEniConfig, type PlannedVSwitch } from '@terway-sim/terway-core';
import type { CloudCallEvent, World } from '@terway-sim/world';
import type { FirstError, WhyDiagnostic } from '../report/model.js';
import type { InstanceTypeLimits, WhyErrorFacts, WhyFacts, WhyNodeFacts,
  WhyVSwitchFacts } from '../report/why.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { ResolvedEniConfig } from './eni-config-source.js';

const vSwitchCodes = new Set(['InvalidVSwitchId.IpNotEnough', 'QuotaExceeded.PrivateIpAddress']);

interface ErrorTally {
  first: FirstError;
  count: number;
  throttled: number;
  byApi: Record<string, number>;
  vSwitches: Set<string>;
}

interface DaemonState {
  capacity: number | undefined;
  error: string | undefined;
  restartsMs: number[];
}

/** What the run's end (the main phase's) leaves for the decision; the rest comes from outside. */
export type RecordedWhyFacts = Pick<WhyFacts, 'nodes' | 'errors' | 'enisAttaching' |
  'instanceTypes' | 'podsUnscheduled'>;

export class WhyRecorder {
  private readonly errors = new Map<string, ErrorTally>();
  private readonly daemons = new Map<string, DaemonState>();
  private readonly eniStatus = new Map<string, string>();
  private readonly nodeOfInstance = new Map<string, string>();

  constructor(private readonly world: World, private readonly endMs: number) {
    world.events.subscribe((event) => {
      switch (event.type) {
        case 'cloud.call':
          if (event.record.code !== 'OK' && event.atMs <= this.endMs) this.callFailed(event);
          return;
        case 'cloud.eni.state':
          this.eniStatus.set(event.eniId, event.to);
          return;
        case 'node.registered':
          this.nodeOfInstance.set(event.instance, event.node);
          return;
        case 'terway.started':
          this.daemon(event.node).capacity = event.capacity;
          this.daemon(event.node).error = undefined;
          return;
        case 'terway.start.failed':
          this.daemon(event.node).error = event.error;
          return;
        case 'terway.restart':
          this.daemon(event.node).restartsMs.push(world.env.scheduler.nowMs());
          return;
        default:
      }
    });
  }

  private daemon(node: string): DaemonState {
    let state = this.daemons.get(node);
    if (state === undefined) {
      state = { capacity: undefined, error: undefined, restartsMs: [] };
      this.daemons.set(node, state);
    }
    return state;
  }

  /** The declared id of a minted vSwitch id (itself when the scenario declared none). */
  private declaredVSwitch(id: string): string {
    return this.world.cloud.vSwitches.find((v) => v.id === id)?.declaredId ?? id;
  }

  /** Nodes that joined before this recorder listened are found by their instance too. */
  private nodeOf(instanceId: string): string | undefined {
    return this.nodeOfInstance.get(instanceId) ??
      this.world.allNodes().find((node) => node.instanceId === instanceId)?.name;
  }

  /** A cloud message with the vSwitch ids the scenario declared in place of the minted ones. */
  private withDeclaredIds(message: string): string {
    return message.replace(/vsw-[0-9a-z]+/g, (id) => this.declaredVSwitch(id));
  }

  private callFailed(event: CloudCallEvent): void {
    const { record } = event;
    let tally = this.errors.get(record.code);
    if (tally === undefined) {
      // Looked up once per code: the node of the instance the call or its ENI names.
      const eni = record.eniId === null ? undefined
        : this.world.cloud.emulator.view().eni(record.eniId);
      const instance = record.instanceId ?? eni?.attachment?.instanceId ?? undefined;
      const node = instance === undefined ? undefined : this.nodeOf(instance);
      tally = {
        first: { t: event.atMs, ...(node === undefined ? {} : { node }), api: record.action,
          code: record.code, count: 0,
          message: this.withDeclaredIds(record.message ?? 'no reply (timed out)') },
        count: 0, throttled: 0, byApi: {}, vSwitches: new Set(),
      };
      this.errors.set(record.code, tally);
    }
    tally.count++;
    if (record.throttled) tally.throttled++;
    tally.byApi[record.action] = (tally.byApi[record.action] ?? 0) + 1;
    if (vSwitchCodes.has(record.code) && record.eniId !== null) {
      const vSwitchId = this.world.cloud.emulator.view().eni(record.eniId)?.vSwitchId;
      if (vSwitchId !== undefined) tally.vSwitches.add(this.declaredVSwitch(vSwitchId));
    }
  }

  /** The facts at this instant (call it at the end of the main phase). */
  snapshot(): RecordedWhyFacts {
    const pods = this.world.api.listPods().filter((pod) =>
      pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed');
    const nodes = [...this.world.liveNodes().values()].map((node): WhyNodeFacts => {
      const bound = pods.filter((pod) => pod.spec?.nodeName === node.name);
      let inUse = 0;
      for (const backend of node.pool?.backendList ?? []) inUse += backend.usage?.().inUse ?? 0;
      const daemon = this.daemons.get(node.name);
      return {
        node: node.name, instanceType: node.group.instanceType, maxPods: node.group.maxPods,
        podsBound: bound.length, podsNotReady: bound.filter((pod) => !isPodReady(pod)).length,
        ipCapacity: daemon?.capacity, ipsInUse: inUse, daemonError: daemon?.error,
        restartsMs: daemon?.restartsMs ?? [],
      };
    });
    const instanceTypes: Record<string, InstanceTypeLimits> = {};
    for (const node of nodes) {
      const record = findInstanceType(node.instanceType);
      if (record !== undefined) instanceTypes[node.instanceType] = {
        eniQuantity: record.EniQuantity, ipsPerEni: record.EniPrivateIpAddressQuantity };
    }
    const errors = [...this.errors.values()].sort((a, b) => a.first.t - b.first.t)
      .map((tally): WhyErrorFacts => ({ code: tally.first.code, count: tally.count,
        throttled: tally.throttled, byApi: { ...tally.byApi },
        first: { ...tally.first, count: tally.count }, vSwitches: [...tally.vSwitches].sort() }));
    return {
      nodes, errors, instanceTypes,
      enisAttaching: [...this.eniStatus.entries()].filter(([, status]) => status === 'Attaching')
        .map(([eni]) => eni).sort(),
      podsUnscheduled: pods.filter((pod) => !pod.spec?.nodeName && !isPodReady(pod)).length,
    };
  }

  /** Each vSwitch's lowest and last free count from the sampled series (declared ids). */
  vSwitchFacts(series: Readonly<Record<string, ReadonlyArray<readonly [number, number]>>>,
    eniConfVSwitches: ReadonlySet<string>): WhyVSwitchFacts[] {
    return this.world.cloud.vSwitches.map((v) => {
      const points = series[v.id] ?? [];
      const id = v.declaredId ?? v.id;
      return {
        id, cidr: v.cidr,
        freeMin: points.length === 0 ? 0 : Math.min(...points.map(([, free]) => free)),
        freeAtEnd: points[points.length - 1]?.[1] ?? 0,
        inEniConf: eniConfVSwitches.has(id) || eniConfVSwitches.has(v.id),
      };
    });
  }
}

/**
 * What `terway-sim validate` says about the scenario's eni-config, against the scenario's own
 * plan: its instance types, zones, node count, and the sizes of the vSwitches eni_conf lists.
 */
export function validateScenarioConfig(loaded: LoadedScenario,
  config: ResolvedEniConfig): WhyDiagnostic[] {
  const { cloud, cluster } = loaded.scenario;
  const listed = eniConfVSwitches(config);
  const vSwitches: Record<string, PlannedVSwitch> = {};
  for (const v of cloud.vSwitches) {
    if (v.id !== undefined && listed.has(v.id)) vSwitches[v.id] = { cidr: v.cidr };
  }
  const types = [...new Set(cluster.nodeGroups.map((group) => group.instanceType))]
    .flatMap((type) => findInstanceType(type) ?? []);
  const report = validateEniConfig(config.text, {
    instanceTypes: types,
    zones: [...new Set(cluster.nodeGroups.map((group) => group.zone))],
    nodes: cluster.nodeGroups.reduce((sum, group) => sum + group.count, 0),
    vSwitches,
    daemonMode: cluster.mode === 'eni' ? 'ENIOnly' : 'ENIMultiIP',
  });
  return report.diagnostics.map((d) => ({ code: d.code, severity: d.severity, path: d.path,
    message: d.message }));
}

/** The vSwitch ids eni_conf.vswitches lists, in every zone. */
export function eniConfVSwitches(config: ResolvedEniConfig): Set<string> {
  const zones = config.eniConf['vswitches'];
  if (zones === null || typeof zones !== 'object' || Array.isArray(zones)) return new Set();
  return new Set(Object.values(zones).flatMap((ids) => (Array.isArray(ids) ? ids : []))
    .filter((id): id is string => typeof id === 'string'));
}
