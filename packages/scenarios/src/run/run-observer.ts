// Watches a run from outside and keeps what the report and the expectations need: the sampled
// series (through the Collector), every cloud call's outcome, each pod's time to IP and to Ready,
// the IPs each named pod had over its incarnations, and the node conditions ever seen. Every
// sample also scrapes every Prometheus registry of the world (Terway's own metrics), for the
// report and for whoever listens (`run --metrics` writes them out).

import { isPodReady } from '@terway-sim/kube-sim';
import { scrapeMetrics, type MetricsScrape, type World } from '@terway-sim/world';
import { Collector, type NodeSample } from './collector.js';
import type { NodeConditionChange } from '../report/model.js';
import type { RunFacts } from './expectations.js';
import { TerwayLogRecorder } from './terway-log.js';
import { WhyRecorder } from './why-facts.js';

export class RunObserver {
  readonly collector: Collector;
  /** The facts the report's "why" is decided on (errors, daemons, pools at the main end). */
  readonly why: WhyRecorder;
  /** Terway's log lines, grouped, for the drill report. */
  readonly terwayLog: TerwayLogRecorder;
  /** Creation → Ready of every pod incarnation that became Ready. */
  private readonly readyMs: number[] = [];
  private readonly ipHistory = new Map<string, string[]>();
  private readonly conditionsSeen = new Set<string>();
  private readonly conditionNow = new Map<string, string>();
  private readonly conditionLog: NodeConditionChange[] = [];
  /** The node each pod last got an IP on, for the timeline's node filter. */
  private readonly podNodes = new Map<string, string>();
  private podsCreated = 0;
  private enisCreated = 0;

  /**
   * `ipKeptPods`: the pods whose every IP is remembered (those an `ipKept` expectation names);
   * remembering every pod's would grow with every job a long churn run starts.
   */
  constructor(private readonly world: World, endMs: number,
    private readonly ipKeptPods: ReadonlySet<string>,
    private readonly onScrape?: ((scrape: MetricsScrape) => void) | undefined) {
    const { cloud } = world;
    this.why = new WhyRecorder(world, endMs);
    this.terwayLog = new TerwayLogRecorder(world.env.log);
    this.collector = new Collector({
      podCounts: () => this.podCounts(),
      nodeSamples: () => this.nodeSamples(),
      vSwitchFree: () => Object.fromEntries(cloud.emulator.view().vSwitches(cloud.regionId)
        .map((usage) => [usage.vSwitch.id, usage.available])),
    });
    world.events.subscribe((event) => {
      switch (event.type) {
        case 'cloud.call': {
          const { record } = event;
          const throttled = record.throttled || record.code.includes('Throttling');
          this.collector.recordApiCall(event.atMs, record.action,
            throttled ? 'throttled' : record.code === 'OK' ? 'ok' : 'failed');
          if (record.action === 'CreateNetworkInterface' && record.code === 'OK')
            this.enisCreated++;
          return;
        }
        case 'pod.ip': {
          this.collector.recordTimeToIp(event.ms);
          this.podNodes.set(event.pod, event.node);
          const ip = event.ips[0];
          if (ip !== undefined && this.ipKeptPods.has(event.pod)) {
            this.ipHistory.set(event.pod, [...(this.ipHistory.get(event.pod) ?? []), ip]);
          }
          return;
        }
        case 'pod.ready':
          this.readyMs.push(event.ms);
          return;
        default:
      }
    });
    world.api.watchPods((type) => { if (type === 'ADDED') this.podsCreated++; });
    world.api.watchNodes((_type, node) => {
      for (const condition of node.status?.conditions ?? []) {
        this.conditionsSeen.add(`${condition.type}/${condition.status}/${condition.reason ?? ''}`);
        this.conditionTurned(node.metadata?.name ?? '', condition.type, condition.status,
          condition.reason ?? '');
      }
    });
  }

  /** Node condition changes, in time order (the first sighting only when not healthy). */
  get conditionChanges(): readonly NodeConditionChange[] {
    return this.conditionLog;
  }

  private conditionTurned(node: string, type: string, status: string, reason: string): void {
    const key = `${node}/${type}`;
    const previous = this.conditionNow.get(key);
    if (previous === `${status}/${reason}`) return;
    this.conditionNow.set(key, `${status}/${reason}`);
    const healthy = (type === 'Ready' || type === 'SufficientIP') === (status === 'True');
    if (previous === undefined && healthy) return;
    this.conditionLog.push({ t: this.world.env.scheduler.nowMs(), node, type, status, reason });
  }

  get created(): { pods: number; enis: number } {
    return { pods: this.podsCreated, enis: this.enisCreated };
  }

  sample(): void {
    this.collector.sample(this.world.env.scheduler.nowMs());
    const scrape = scrapeMetrics(this.world);
    this.collector.scrape(scrape);
    this.onScrape?.(scrape);
  }

  /** The node pod `key` (namespace/name) last got an IP on, if it ever got one. */
  nodeOfPod(key: string): string | undefined {
    return this.podNodes.get(key);
  }

  readyNow(): number {
    return this.podCounts().ready;
  }

  private podCounts(): { ready: number; pending: number } {
    let ready = 0;
    let pending = 0;
    this.world.api.eachPod((pod) => {
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
      if (isPodReady(pod)) ready++;
      else pending++;
    });
    return { ready, pending };
  }

  private nodeSamples(): NodeSample[] {
    const view = this.world.cloud.emulator.view();
    return [...this.world.liveNodes().values()].map((node) => {
      let idle = 0;
      let used = 0;
      for (const backend of node.pool?.backendList ?? []) {
        const usage = backend.usage?.();
        idle += usage?.idle ?? 0;
        used += usage?.inUse ?? 0;
      }
      return {
        idle,
        used,
        enis: Math.max(0, (view.instance(node.instanceId)?.eniIds.length ?? 1) - 1),
      };
    });
  }

  /** What the expectations are judged on, at the end of the main phase (before teardown). */
  facts(desiredPods: number): Omit<RunFacts, 'leaks' | 'reachability'> {
    let ready = 0;
    let notReady = 0;
    // Every pod that became Ready during the run counts, also those scaled away since.
    const slowest = this.readyMs.reduce((max, ms) => Math.max(max, ms), 0);
    for (const pod of this.world.api.listPods()) {
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
      if (isPodReady(pod)) ready++;
      else notReady++;
    }
    const eventsByReason: Record<string, number> = {};
    for (const event of this.world.api.events())
      eventsByReason[event.reason] = (eventsByReason[event.reason] ?? 0) + 1;
    return {
      desiredPods,
      readyPods: ready,
      notReadyPods: notReady,
      slowestReadyMs: slowest,
      timeToIpMs: [...this.collector.timeToIpMs],
      throttledCalls: this.collector.totals().throttled,
      conditionsSeen: new Set(this.conditionsSeen),
      eventsByReason,
      ipHistory: new Map(this.ipHistory),
    };
  }
}
