// What one run of a rehearsal shows about the change it carries, watched from outside the world:
// each pod's IP when the change is applied and at the end of the main phase (did it keep it?),
// every new pod's time to IP by when it was created, the pods created after the change that never
// got one, every daemon start that failed, the idle pool and ENIs before and after, and the cloud
// calls per minute with those throttled. The same probe watches the baseline run, so the two are
// compared figure for figure.

import { isPodReady } from '@terway-sim/kube-sim';
import type { World } from '@terway-sim/world';

export interface PoolFigures {
  /** Idle IPs held in every node's pool (warm IPs, not used by a pod). */
  readonly idleIps: number;
  readonly usedIps: number;
  /** Secondary ENIs attached to the nodes. */
  readonly enis: number;
}

export interface StartFailure {
  readonly atMs: number;
  readonly node: string;
  readonly error: string;
}

export interface ProbeFigures {
  /** Pods Ready at the change with their IP: same IP at the end, another IP or none. */
  readonly podsAtChange: number;
  readonly podsKeptIp: number;
  readonly podsLostIp: readonly string[];
  /** Creation → IP of pods created after the change, by creation instant. */
  readonly newPodIps: ReadonlyArray<{ readonly createdMs: number; readonly ms: number }>;
  /** Pods created after the change and not Ready at the end of the main phase. */
  readonly newPodsNotReady: readonly string[];
  readonly startFailures: readonly StartFailure[];
  readonly poolAtChange: PoolFigures;
  readonly poolAtEnd: PoolFigures;
  /** Calls per minute from the change on (minute index of the run → calls, throttled). */
  readonly callsPerMinute: ReadonlyMap<number, { calls: number; throttled: number }>;
  /** The API with the most calls in one minute from the change on, against its rate limit. */
  readonly busiestApi: BusiestApi | undefined;
}

export interface BusiestApi {
  readonly action: string;
  readonly callsInMinute: number;
  readonly limitPerMinute: number;
}

/** Watches a world from `changeMs` on; `atChange` and `atEnd` are called by the rehearsal. */
export class RehearsalProbe {
  private readonly ipsAtChange = new Map<string, string>();
  private readonly created = new Map<string, number>();
  private readonly newPodIps: Array<{ createdMs: number; ms: number }> = [];
  private readonly startFailures: StartFailure[] = [];
  private readonly perMinute = new Map<number, { calls: number; throttled: number }>();
  /** Calls per `minute/action`. */
  private readonly perActionMinute = new Map<string, number>();
  private poolAtChange: PoolFigures = { idleIps: 0, usedIps: 0, enis: 0 };

  constructor(private readonly world: World, private readonly changeMs: number) {
    const { scheduler } = world.env;
    world.events.subscribe((event) => {
      const nowMs = scheduler.nowMs();
      if (nowMs < changeMs) return;
      if (event.type === 'pod.ip') {
        const createdMs = nowMs - event.ms;
        if (createdMs >= changeMs) this.newPodIps.push({ createdMs, ms: event.ms });
      } else if (event.type === 'terway.start.failed') {
        this.startFailures.push({ atMs: nowMs, node: event.node, error: event.error });
      } else if (event.type === 'cloud.call') {
        const minute = Math.floor(event.atMs / 60_000);
        const count = this.perMinute.get(minute) ?? { calls: 0, throttled: 0 };
        count.calls++;
        if (event.record.throttled || event.record.code.includes('Throttling')) count.throttled++;
        this.perMinute.set(minute, count);
        const key = `${minute}/${event.record.action}`;
        this.perActionMinute.set(key, (this.perActionMinute.get(key) ?? 0) + 1);
      }
    });
    world.api.watchPods((type, pod) => {
      const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
      if (type === 'ADDED' && scheduler.nowMs() >= changeMs) {
        this.created.set(key, scheduler.nowMs());
      }
    });
  }

  /** Called at the change's instant, before it is applied. */
  atChange(): void {
    for (const pod of this.world.api.listPods()) {
      const ip = pod.status?.podIP;
      if (isPodReady(pod) && ip !== undefined) {
        this.ipsAtChange.set(`${pod.metadata?.namespace}/${pod.metadata?.name}`, ip);
      }
    }
    this.poolAtChange = poolFigures(this.world);
  }

  /** Called at the end of the main phase, before teardown. */
  atEnd(): ProbeFigures {
    const lost: string[] = [];
    let kept = 0;
    const pods = new Map(this.world.api.listPods().map((pod) =>
      [`${pod.metadata?.namespace}/${pod.metadata?.name}`, pod]));
    for (const [key, ip] of this.ipsAtChange) {
      const pod = pods.get(key);
      // A pod its controller deleted since (a scale-in) neither kept nor lost its IP.
      if (pod === undefined || pod.metadata?.deletionTimestamp !== undefined) continue;
      if (isPodReady(pod) && pod.status?.podIP === ip) kept++;
      else lost.push(key);
    }
    const notReady = [...this.created.keys()].filter((key) => {
      const pod = pods.get(key);
      return pod !== undefined && pod.status?.phase !== 'Succeeded' && !isPodReady(pod);
    }).sort();
    return { podsAtChange: kept + lost.length, podsKeptIp: kept, podsLostIp: lost.sort(),
      newPodIps: [...this.newPodIps], newPodsNotReady: notReady,
      startFailures: [...this.startFailures], poolAtChange: this.poolAtChange,
      poolAtEnd: poolFigures(this.world), callsPerMinute: new Map(this.perMinute),
      busiestApi: this.busiestApi() };
  }

  private busiestApi(): BusiestApi | undefined {
    let busiest: { action: string; calls: number } | undefined;
    for (const [key, calls] of [...this.perActionMinute].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (busiest === undefined || calls > busiest.calls) {
        busiest = { action: key.slice(key.indexOf('/') + 1), calls };
      }
    }
    return busiest === undefined ? undefined : { action: busiest.action,
      callsInMinute: busiest.calls,
      limitPerMinute: this.world.cloud.emulator.throttle.limitOf(busiest.action) };
  }
}

function poolFigures(world: World): PoolFigures {
  const view = world.cloud.emulator.view();
  let idleIps = 0;
  let usedIps = 0;
  let enis = 0;
  for (const node of world.liveNodes().values()) {
    for (const backend of node.pool?.backendList ?? []) {
      const usage = backend.usage?.();
      idleIps += usage?.idle ?? 0;
      usedIps += usage?.inUse ?? 0;
    }
    enis += Math.max(0, (view.instance(node.instanceId)?.eniIds.length ?? 1) - 1);
  }
  return { idleIps, usedIps, enis };
}
