// Short-lived pods arriving as a Poisson process (batch jobs, CronJob churn): each arrival is a
// Job with one pod that runs for a log-normal time once Ready, then exits (Succeeded) and is
// cleaned up 30 s later (ttlSecondsAfterFinished). This is what churns Terway's pool.

import type { SimEnv } from '@terway-sim/sim-base';
import type { ApiServer } from '../api/api-server.js';
import { isPodReady } from '../api/objects.js';
import { buildPod, nameSuffix, type PodTemplate } from './pod-template.js';

export interface JobChurnOptions {
  readonly namespace: string;
  readonly name: string;
  readonly template: PodTemplate;
  readonly fromMs: number;
  readonly toMs: number;
  readonly perMinute: number;
  readonly runForMedianMs: number;
  readonly runForSigma: number;
  /** Called when a job's container finishes: the kubelet of its node ends the sandbox. */
  readonly onExit: (podKey: string, nodeName: string) => void;
}

const ttlAfterFinishedMs = 30_000;

export class JobChurn {
  private count = 0;
  private stopped = false;
  private readonly running = new Set<string>();

  constructor(private readonly env: SimEnv, private readonly api: ApiServer, private readonly options: JobChurnOptions) {
    api.watchPods((type, pod) => {
      const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
      if (type === 'DELETED' || !this.running.has(key)) return;
      if (isPodReady(pod)) {
        this.running.delete(key);
        const runFor = env.rng.stream(`workload.jobs.${options.name}.runtime`).lognormalInt({ medianMs: options.runForMedianMs, sigma: options.runForSigma, min: 1_000 });
        env.scheduler.after(runFor, () => this.finish(key, pod.spec?.nodeName ?? ''));
      }
    });
    env.scheduler.at(Math.max(options.fromMs, env.scheduler.nowMs()), () => this.arrive());
  }

  /** Jobs started so far. */
  get started(): number {
    return this.count;
  }

  /** No more arrivals; jobs already running finish as usual. */
  stop(): void {
    this.stopped = true;
  }

  private arrive(): void {
    const arrivals = this.env.rng.stream(`workload.jobs.${this.options.name}.arrivals`);
    const now = this.env.scheduler.nowMs();
    if (now >= this.options.toMs || this.stopped) return;
    this.count++;
    const jobName = `${this.options.name}-${this.count}`;
    const names = this.env.rng.stream(`workload.names.${this.options.name}`);
    const pod = this.api.createPod(buildPod({
      namespace: this.options.namespace, name: `${jobName}-${nameSuffix(names)}`,
      template: this.options.template, owner: { kind: 'Job', name: jobName, uid: '' },
      labels: { 'job-name': jobName },
    }));
    if (pod !== undefined) this.running.add(`${pod.metadata?.namespace}/${pod.metadata?.name}`);
    this.env.scheduler.after(Math.max(1, arrivals.exponentialInt(60_000 / this.options.perMinute)), () => this.arrive());
  }

  private finish(key: string, nodeName: string): void {
    if (this.api.getPod(key) === undefined) return;
    this.options.onExit(key, nodeName);
    this.env.scheduler.after(ttlAfterFinishedMs, () => this.api.deletePod(key));
  }
}
