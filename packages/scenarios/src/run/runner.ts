// Runs one scenario: setup (cloud world, nodes, Terway), start (workloads and faults armed on the
// clock), the main phase in slices of `sampleEvery` (sampling series, checking invariants), then
// the checks of the expectations, teardown with its leak check, and the report.
//
// A run is a pure function of (code, scenario, seed): the report.json it yields is byte-identical
// for the same inputs. An invariant violation stops the run where it happened; the outcome names
// the check, the event after which it was found, the seed and the scenario.

import { createHash } from 'node:crypto';
import { createSimEnv, err, ok, type Result } from '@terway-sim/sim-base';
import type { Mutations } from '@terway-sim/terway-core';
import type { LoadedScenario } from '../scenario/load.js';
import { resolveEniConfig } from './eni-config-source.js';
import { cloudFaultRules } from './fault-plan.js';
import { buildReport } from './report-builder.js';
import { RunObserver } from './run-observer.js';
import {
  ClusterSim, InvariantChecker, buildCloudWorld, probeReachability, tearDown,
  type TeardownResult, type Violation,
} from '@terway-sim/world';
import { armWorkloads } from './workloads.js';
import type { RunReport } from '../report/model.js';

export interface RunOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: string | undefined;
  /** Run every invariant check after every event (thorough, slower). Default: targeted checks. */
  readonly checkEveryEvent?: boolean;
  /** Keep the event log lines (for events.jsonl). */
  readonly keepEvents?: boolean;
  /** Test only: deliberately broken variants of Terway to run with (the kit's mutation tests). */
  readonly mutations?: Mutations | undefined;
  /** Called after every slice of virtual time. */
  readonly onProgress?: (progress: { nowMs: number; endMs: number; pods: number; ready: number; phase: string }) => void;
}

export interface RunOutcome {
  readonly report: RunReport;
  readonly eventLines: readonly string[] | undefined;
  readonly violation: (Violation & { readonly seed: string; readonly scenario: string; readonly atMs: number }) | undefined;
}

const eventsKeptMax = 2_000_000;

export async function runScenario(loaded: LoadedScenario, options: RunOptions = {}): Promise<Result<RunOutcome, string[]>> {
  const { scenario } = loaded;
  const seed = options.seed ?? String(scenario.seed);
  const env = createSimEnv({ seed, regionCode: 'bp', ...(options.keepEvents === true ? { retainMax: eventsKeptMax } : {}) });
  const world = buildCloudWorld(env, scenario, cloudFaultRules(scenario.faults));
  if (!world.ok) return err([`${loaded.file}: ${world.error}`]);
  const config = resolveEniConfig(loaded, world.value.idMap);
  if (!config.ok) return err(config.error);
  const built = ClusterSim.create(env, world.value, scenario, config.value,
    { mutations: options.mutations });
  if (!built.ok) return err([`${loaded.file}: ${built.error}`]);
  const cluster = built.value;
  for (const group of scenario.cluster.nodeGroups) {
    for (let i = 0; i < group.count; i++) {
      const added = await cluster.addNode(group);
      if (!added.ok) return err([`${loaded.file}: ${added.error}`]);
    }
  }
  const observer = new RunObserver(env, cluster);
  const checker = new InvariantChecker({ env, cloud: world.value.cloud, vpcId: world.value.vpcId, api: cluster.api, kernel: cluster.kernel,
    nodes: () => cluster.liveNodes() }, { everyEvent: options.checkEveryEvent === true });
  env.log.subscribe((event) => checker.onEvent(event));
  const workloads = armWorkloads(env, cluster.api, scenario.workload, {
    containerExited: (podKey, nodeName) => cluster.node(nodeName)?.kubelet.containerExited(podKey),
    scaleNodeGroup: (group, count) => cluster.scaleGroup(group, count),
  }, scenario.cluster.mode);
  armNodeFaults(cluster, scenario.faults);
  env.log.record('run.start', { scenario: scenario.name, seed, nodes: cluster.allNodes().length, scenarioDigest: sha256(loaded.text) });

  await runMainPhase(env, scenario.duration, scenario.sampleEvery, observer, checker, options, cluster);
  const facts = observer.facts(workloads.desiredPods());
  const probeSamples = Math.max(0, ...scenario.expect.map((expectation) =>
    (expectation.kind === 'podsReachable' || expectation.kind === 'podsUnreachable' ? expectation.samples : 0)));
  const reachability = probeSamples === 0 || checker.violation !== undefined ? undefined
    : probeReachability(cluster, probeSamples, env.rng.stream('check.reachability'));
  let teardown: TeardownResult | undefined;
  if (checker.violation === undefined && scenario.teardown) {
    teardown = await tearDown({ env, cloud: world.value.cloud, regionId: world.value.regionId, routeTableId: world.value.routeTableId,
      api: cluster.api, kernel: cluster.kernel, nodes: () => cluster.allNodes(), scaleWorkloadsToZero: () => workloads.scaleToZero() });
    checker.checkAll();
  }
  const violation = checker.violation;
  const report = buildReport({ loaded, seed, env, cluster, observer, checker, facts: { ...facts, reachability }, teardown });
  return ok({
    report,
    eventLines: options.keepEvents === true ? env.log.lines() : undefined,
    violation: violation === undefined ? undefined : { ...violation, seed, scenario: loaded.file, atMs: env.scheduler.nowMs() },
  });
}

async function runMainPhase(env: ReturnType<typeof createSimEnv>, durationMs: number, sampleEveryMs: number, observer: RunObserver,
  checker: InvariantChecker, options: RunOptions, cluster: ClusterSim): Promise<void> {
  observer.sample();
  while (env.scheduler.nowMs() < durationMs && checker.violation === undefined) {
    const untilMs = Math.min(durationMs, env.scheduler.nowMs() + sampleEveryMs);
    const summary = await env.scheduler.run({ untilMs });
    if (summary.stopped) break;
    observer.sample();
    checker.checkAll();
    const pods = cluster.api.listPods();
    options.onProgress?.({ nowMs: env.scheduler.nowMs(), endMs: durationMs, pods: pods.length, ready: observer.readyNow(), phase: 'run' });
  }
}

function armNodeFaults(cluster: ClusterSim, faults: LoadedScenario['scenario']['faults']): void {
  const { scheduler } = cluster.env;
  for (const fault of faults) {
    if (fault.kind !== 'daemonRestart' && fault.kind !== 'nodeLoss') continue;
    scheduler.at(fault.at, () => {
      const targets = [...cluster.liveNodes().values()].filter((node) => (fault.node !== undefined ? node.name === fault.node : node.group.name === fault.group));
      if (targets.length === 0) cluster.env.log.record('fault.no-target', { fault: fault.kind, node: fault.node, group: fault.group });
      for (const node of targets) {
        if (fault.kind === 'daemonRestart') node.restartTerway();
        else scheduler.spawn(`lose ${node.name}`, () => node.lose('lost'));
      }
    });
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
