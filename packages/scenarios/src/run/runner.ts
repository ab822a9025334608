// Runs one scenario: setup (the world from the scenario's cloud, cluster and eni-config), start
// (workloads and faults armed on the clock), the main phase in slices of `sampleEvery` (sampling
// series, checking invariants), then the checks of the expectations, teardown with its leak
// check, and the report.
//
// A run is a pure function of (code, scenario, seed): the report.json it yields is byte-identical
// for the same inputs. An invariant violation stops the run where it happened; the outcome names
// the check, the event after which it was found, the seed and the scenario.

import { createHash } from 'node:crypto';
import { err, ok, type Result, type RunSummary } from '@terway-sim/sim-base';
import { decodeEniConf, type JsonObject, type Mutations } from '@terway-sim/terway-core';
import {
  InvariantChecker, World, probeReachability, tearDown, type MetricsScrape,
  type TeardownResult, type Violation,
} from '@terway-sim/world';
import type { RunReport } from '../report/model.js';
import type { LoadedScenario } from '../scenario/load.js';
import { estimateRunSize, runSizeProblems } from '../scenario/run-size.js';
import type { FaultItem } from '../scenario/schema/index.js';
import { resolveEniConfig } from './eni-config-source.js';
import { armChanges, type ChangeRecord } from './change-plan.js';
import { cloudFaultRules } from './fault-plan.js';
import { armNetworkPolicies } from './network-policies.js';
import { probeSelected, sharedProbeSamples } from './probes.js';
import { buildReport } from './report-builder.js';
import { RunObserver } from './run-observer.js';
import { armWorkloads, type Workloads } from './workloads.js';

export interface RunOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: string | undefined;
  /** Run every invariant check after every event (thorough, slower). Default: targeted checks. */
  readonly checkEveryEvent?: boolean;
  /** Keep the event log lines in memory (tests; the CLI streams them through `eventSink`). */
  readonly keepEvents?: boolean;
  /** Called with every event-log line as it is written (events.jsonl). */
  readonly eventSink?: ((line: string) => void) | undefined;
  /** Test only: deliberately broken variants of Terway to run with (the kit's mutation tests). */
  readonly mutations?: Mutations | undefined;
  /** The wall instant virtual time 0 stands for (World's epochMs; serving anchors it to now). */
  readonly epochMs?: number | undefined;
  /** Called with the scrape of every Prometheus registry taken at each sample. */
  readonly onScrape?: ((scrape: MetricsScrape) => void) | undefined;
  /** Called after every slice of virtual time. */
  readonly onProgress?: (progress: { nowMs: number; endMs: number; pods: number; ready: number;
    phase: string }) => void;
}

export interface RunOutcome {
  readonly report: RunReport;
  readonly eventLines: readonly string[] | undefined;
  readonly violation: (Violation & { readonly seed: string; readonly scenario: string;
    readonly atMs: number }) | undefined;
}

const eventsKeptMax = 2_000_000;

/**
 * A run in progress: the world with its workloads, faults, observer and checker armed. A run
 * can pause at any instant of its main phase (`advanceTo`) and be looked at without changing
 * anything; `finish` continues to the end exactly as a run that never paused.
 */
export class RunSession {
  private constructor(
    readonly loaded: LoadedScenario,
    readonly seed: string,
    readonly world: World,
    readonly observer: RunObserver,
    readonly checker: InvariantChecker,
    private readonly workloads: Workloads,
    private readonly options: RunOptions,
    /** What each of the scenario's changes did, in order of time (rehearse reads them). */
    readonly changeRecords: readonly ChangeRecord[],
  ) {}

  /** Builds the world and arms everything on the clock at instant 0. */
  static async start(loaded: LoadedScenario,
    options: RunOptions = {}): Promise<Result<RunSession, string[]>> {
    const { scenario } = loaded;
    const seed = options.seed ?? String(scenario.seed);
    // Refused before anything is built: an absurd run would otherwise hang or exhaust memory.
    const tooLarge = runSizeProblems(estimateRunSize(scenario), scenario);
    if (tooLarge.length > 0) return err(tooLarge.map((problem) => `${loaded.file}: ${problem}`));
    const config = resolveEniConfig(loaded);
    if (!config.ok) return err(config.error);
    const mismatch = modeMismatch(scenario, config.value.eniConf);
    if (mismatch !== undefined) return err([`${loaded.file}: ${mismatch}`]);
    const built = await World.create(scenario, { seed, eniConfig: config.value,
      faults: cloudFaultRules(scenario.faults), mutations: options.mutations,
      epochMs: options.epochMs, eventSink: options.eventSink,
      retainEvents: options.keepEvents === true ? eventsKeptMax : undefined });
    if (!built.ok) return err([`${loaded.file}: ${built.error.message}`]);
    const world = built.value;
    const { env } = world;
    const ipKeptPods = new Set(scenario.expect.flatMap((expectation) =>
      (expectation.kind === 'ipKept' ? [expectation.pod] : [])));
    const observer = new RunObserver(world, scenario.duration, ipKeptPods, options.onScrape);
    const checker = new InvariantChecker(world, { everyEvent: options.checkEveryEvent === true });
    const workloads = armWorkloads(env, world.api, scenario.workload, {
      containerExited: (podKey, nodeName) => world.node(nodeName)?.kubelet.containerExited(podKey),
      scaleNodeGroup: (group, count) => world.scaleGroup(group, count),
    }, scenario.cluster.mode);
    armNodeFaults(world, scenario.faults);
    armNetworkPolicies(env, world.api, scenario.networkPolicies);
    const changeRecords: ChangeRecord[] = [];
    armChanges(world, scenario.changes, changeRecords);
    env.log.record('run.start', { scenario: scenario.name, seed, nodes: world.allNodes().length,
      scenarioDigest: sha256(loaded.text) });
    observer.sample();
    return ok(new RunSession(loaded, seed, world, observer, checker, workloads, options,
      changeRecords));
  }

  /** The main phase's end (the scenario's duration). */
  get endMs(): number {
    return this.loaded.scenario.duration;
  }

  /**
   * Runs the main phase up to `untilMs` (at most its end), sampling and checking at every
   * `sampleEvery` boundary as a straight run does; stops early at an invariant violation.
   */
  async advanceTo(untilMs: number): Promise<void> {
    const { scheduler } = this.world.env;
    const { sampleEvery: sampleEveryMs } = this.loaded.scenario;
    const targetMs = Math.min(untilMs, this.endMs);
    while (scheduler.nowMs() < targetMs && this.checker.violation === undefined) {
      const boundaryMs = Math.min(this.endMs,
        (Math.floor(scheduler.nowMs() / sampleEveryMs) + 1) * sampleEveryMs);
      const summary = await runWithProgress(this.world, Math.min(boundaryMs, targetMs),
        this.options.onProgress === undefined ? undefined : () => this.progress());
      if (summary.stopped) break;
      if (scheduler.nowMs() < boundaryMs) break; // paused between two samples
      this.observer.sample();
      await this.checker.checkAll();
      this.progress();
    }
  }

  private progress(): void {
    this.options.onProgress?.({ nowMs: this.world.env.scheduler.nowMs(), endMs: this.endMs,
      pods: this.world.api.podCount, ready: this.observer.readyNow(), phase: 'run' });
  }

  /** The rest of the main phase, the probes, teardown with its leak check, and the report. */
  async finish(): Promise<RunOutcome> {
    await this.advanceTo(this.endMs);
    const { world, observer, checker, loaded, seed } = this;
    const { env } = world;
    const { scenario } = loaded;
    const facts = observer.facts(this.workloads.desiredPods());
    const whyFacts = observer.why.snapshot();
    const probeSamples = sharedProbeSamples(scenario.expect);
    const reachability = probeSamples === 0 || checker.violation !== undefined ? undefined
      : probeReachability(world, probeSamples, env.rng.stream('check.reachability'));
    const selectedProbes = checker.violation !== undefined ? undefined
      : probeSelected(world, scenario.expect, (name) => env.rng.stream(name));
    let teardown: TeardownResult | undefined;
    if (checker.violation === undefined && scenario.teardown) {
      teardown = await tearDown(world, () => this.workloads.scaleToZero());
      await checker.checkAll();
    }
    const violation = checker.violation;
    const report = buildReport({ loaded, seed, world, observer, checker,
      facts: { ...facts, reachability, declaredIds: world.cloud.idMap,
        ...(selectedProbes === undefined ? {} : { selectedProbes }) }, whyFacts, teardown });
    return {
      report,
      eventLines: this.options.keepEvents === true ? env.log.lines() : undefined,
      violation: violation === undefined ? undefined
        : { ...violation, seed, scenario: loaded.file, atMs: env.scheduler.nowMs() },
    };
  }
}

/** Simulated time between progress reports inside one sample slice. */
const progressStepMs = 10_000;

/**
 * Runs the clock to `untilMs`, reporting progress every `progressStepMs` of simulated time on the
 * way, so a long slice (sampleEvery 1h) still shows progress. Stopping the clock at an instant and
 * resuming it fires the same timers in the same order: a run's digest does not depend on it.
 */
async function runWithProgress(world: World, untilMs: number,
  progress: (() => void) | undefined): Promise<RunSummary> {
  const { scheduler } = world.env;
  if (progress === undefined) return scheduler.run({ untilMs });
  for (;;) {
    const stepUntilMs = Math.min(untilMs, scheduler.nowMs() + progressStepMs);
    const summary = await scheduler.run({ untilMs: stepUntilMs });
    if (summary.stopped || stepUntilMs >= untilMs) return summary;
    progress();
  }
}

export async function runScenario(loaded: LoadedScenario,
  options: RunOptions = {}): Promise<Result<RunOutcome, string[]>> {
  const session = await RunSession.start(loaded, options);
  return session.ok ? ok(await session.value.finish()) : session;
}

function armNodeFaults(world: World, faults: readonly FaultItem[]): void {
  const { scheduler } = world.env;
  for (const fault of faults) {
    if (fault.kind === 'controlplaneRestart') {
      scheduler.at(fault.at, () => world.restartControlplane());
      continue;
    }
    if (fault.kind !== 'daemonRestart' && fault.kind !== 'nodeLoss') continue;
    scheduler.at(fault.at, () => {
      const targets = [...world.liveNodes().values()].filter((node) => (fault.node !== undefined
        ? node.name === fault.node : node.group.name === fault.group));
      if (targets.length === 0) {
        world.env.log.record('fault.no-target', { fault: fault.kind, node: fault.node,
          group: fault.group });
      }
      for (const node of targets) {
        if (fault.kind === 'daemonRestart') node.restartTerway();
        else scheduler.spawn(`lose ${node.name}`, () => node.lose('lost'));
      }
    });
  }
}

/** A mode the eni-config cannot serve: refused, since the author surely meant otherwise. */
function modeMismatch(scenario: LoadedScenario['scenario'],
  eniConf: JsonObject): string | undefined {
  const decoded = decodeEniConf(eniConf);
  const trunking = decoded.ok && decoded.value.config.enableEniTrunking;
  if (scenario.cluster.mode === 'trunk' && decoded.ok && !trunking) {
    return 'cluster.mode trunk needs eni-config `enable_eni_trunking: true` (Terway creates no ' +
      'trunk ENI without it)';
  }
  return undefined;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
