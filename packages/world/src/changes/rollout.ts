// A DaemonSet rolling update of the terway pods on a set of nodes, as the DaemonSet controller
// does it with `updateStrategy: RollingUpdate`: at most `maxUnavailable` pods are replaced at a
// time; the next batch starts only when the new pods are up (and have stayed up `minReady`); an
// operator may pause between batches. A pod whose daemon cannot start keeps its slot unavailable,
// so the rollout stops there, as a real one does; `progressDeadline` is how long it is watched
// before it is declared stalled (`kubectl rollout status --timeout`), and nothing after it is
// restarted. Each restart is the daemon restart of the `daemonRestart` fault: the new process
// reads the eni-config as it is now (Terway reads its config only at start).

import type { World } from '../world.js';

export interface RolloutOptions {
  /** Names what is rolled out, in the event log. */
  readonly change: string;
  /** Nodes in the order they are updated. */
  readonly nodes: readonly string[];
  readonly maxUnavailable: number;
  /** Time a batch must stay up before the next (the DaemonSet's minReadySeconds). */
  readonly minReadyMs: number;
  /** Time between batches (a staged rollout's pause). */
  readonly pauseMs: number;
  readonly progressDeadlineMs: number;
}

export type RolloutOutcome =
  | { readonly kind: 'done'; readonly nodes: readonly string[]; readonly tookMs: number }
  | { readonly kind: 'stalled'; readonly updated: readonly string[];
    readonly waitingOn: readonly string[]; readonly notStarted: readonly string[] };

const pollMs = 1_000;

/** Restarts Terway on `options.nodes` batch by batch; resolves when done or stalled. */
export async function rollOutTerway(world: World,
  options: RolloutOptions): Promise<RolloutOutcome> {
  const { scheduler, log } = world.env;
  const startMs = scheduler.nowMs();
  log.record('change.rollout.start', { change: options.change, nodes: options.nodes.length,
    maxUnavailable: options.maxUnavailable });
  const updated: string[] = [];
  for (let index = 0; index < options.nodes.length; index += options.maxUnavailable) {
    if (index > 0 && options.pauseMs > 0) await scheduler.sleep(options.pauseMs);
    const batch = options.nodes.slice(index, index + options.maxUnavailable);
    for (const name of batch) world.node(name)?.restartTerway();
    log.record('change.rollout.batch', { change: options.change, nodes: batch.join(',') });
    const waitingOn = await waitUntilUp(world, batch, options.progressDeadlineMs);
    if (waitingOn.length > 0) {
      log.record('change.rollout.stalled', { change: options.change,
        waitingOn: waitingOn.join(',') });
      return { kind: 'stalled', updated: [...updated, ...batch.filter((name) =>
        !waitingOn.includes(name))], waitingOn,
      notStarted: options.nodes.slice(index + options.maxUnavailable) };
    }
    updated.push(...batch);
    if (options.minReadyMs > 0) await scheduler.sleep(options.minReadyMs);
  }
  const tookMs = scheduler.nowMs() - startMs;
  log.record('change.rollout.done', { change: options.change, nodes: updated.length, tookMs });
  return { kind: 'done', nodes: updated, tookMs };
}

/** The batch's nodes whose daemon is still not up at the deadline (lost nodes count as up). */
async function waitUntilUp(world: World, batch: readonly string[],
  deadlineMs: number): Promise<string[]> {
  const down = (): string[] => batch.filter((name) => {
    const node = world.node(name);
    return node !== undefined && !node.isLost && !node.terway.running;
  });
  for (let waited = 0; down().length > 0 && waited < deadlineMs; waited += pollMs) {
    await world.env.scheduler.sleep(pollMs);
  }
  return down();
}
