// Terway on one VPC-route node, across daemon restarts (the old `--daemon-mode VPC` daemonset
// pod): each `start()` is a new process that reads the merged eni-config (service CIDR) and the
// node's podCIDR, then serves the CNI plugin; `stop()` is a crash. `backend` stays valid across
// restarts and answers Unavailable while the daemon is down — the same surface as TerwayNode, so
// the runner can hold either. The cloud is never called by this daemon: the node's route entry
// is the route controller's (route-controller.ts).

import { Context, err, ok, type EventLog, type Result, type Scheduler } from '@terway-sim/sim-base';
import type { JsonObject } from '../config/merge-patch.js';
import { decodeEniConf, mergeEniConf } from '../config/parse.js';
import {
  alreadyRunning, startupFailed, stoppedDuringStartup, type StartFailure,
} from '../daemon/start-failure.js';
import { Logger } from '../log/logger.js';
import type { Mutations } from '../mutations/mutations.js';
import type { KubePort } from '../ports/kube.js';
import { daemonSocketMissing, type RpcResult, type TerwayBackend } from '../rpc/messages.js';
import type { NodeStorage } from '../store/node-storage.js';
import { readNodePodCidr, VpcRouteService } from './vpc-daemon.js';

export interface VpcRouteNodeDeps {
  readonly scheduler: Scheduler;
  readonly log: EventLog;
  readonly kube: KubePort;
  readonly storage: NodeStorage;
  /**
   * Test-only broken variants (mutations/mutations.ts), accepted so a world hands every node the
   * same value; no variant has a site in the VPC-route daemon, so none changes what it does.
   */
  readonly mutations?: Mutations | undefined;
}

export interface VpcRouteNodeOptions {
  readonly nodeName: string;
  readonly eniConf: JsonObject;
  readonly nodeEniConf?: JsonObject | undefined;
}

export class VpcRouteNode {
  readonly backend: TerwayBackend;
  private service: VpcRouteService | undefined;
  private process: { cancel: () => void } | undefined;
  private startedPodCidr: string | undefined;
  private eniConf: JsonObject;
  private nodeEniConf: JsonObject | undefined;

  constructor(private readonly deps: VpcRouteNodeDeps,
    private readonly options: VpcRouteNodeOptions) {
    this.eniConf = options.eniConf;
    this.nodeEniConf = options.nodeEniConf;
    const route = <T>(call: (service: VpcRouteService) => Promise<RpcResult<T>>):
      Promise<RpcResult<T>> => (this.service === undefined
      ? Promise.resolve({ ok: false, error: daemonSocketMissing })
      : call(this.service));
    this.backend = {
      allocIp: (ctx, request) => route((service) => service.allocIp(ctx, request)),
      releaseIp: (ctx, request) => route((service) => service.releaseIp(ctx, request)),
      getIpInfo: (ctx, request) => route((service) => service.getIpInfo(ctx, request)),
      recordEvent: (ctx, request) => route((service) => service.recordEvent(ctx, request)),
    };
  }

  get running(): boolean {
    return this.service !== undefined;
  }

  /**
   * Replaces the eni-config the daemon reads (the ConfigMaps changed); like Terway's ENI daemon,
   * the running process keeps what it read at start, and the next start reads these.
   */
  setEniConf(eniConf: JsonObject, nodeEniConf: JsonObject | undefined): void {
    this.eniConf = eniConf;
    this.nodeEniConf = nodeEniConf;
  }

  /** The podCIDR the running process serves. */
  get podCidr(): string | undefined {
    return this.startedPodCidr;
  }

  /** Starts a process; only a `startup-failed` failure is a crash the container restarts from. */
  async start(): Promise<Result<{ readonly podCidr: string }, StartFailure>> {
    if (this.process !== undefined) {
      return err(alreadyRunning('terway is already running on this node'));
    }
    const logger = new Logger({ log: this.deps.log }, { component: 'terway-daemon',
      fields: { node: this.options.nodeName } });
    logger.info('start network service', { daemonMode: 'VPC' });
    const decoded = decodeEniConf(mergeEniConf(this.eniConf, this.nodeEniConf));
    if (!decoded.ok) {
      return err(startupFailed(`failed process input: ${decoded.error.map((issue) =>
        `${issue.path}: ${issue.message}`).join('; ')}`));
    }
    const root = Context.background(this.deps.scheduler).withCancel();
    this.process = root;
    const podCidr = await readNodePodCidr(this.deps.kube, this.options.nodeName);
    if (root.ctx.err() !== undefined) return err(stoppedDuringStartup);
    if (!podCidr.ok) {
      this.process = undefined;
      logger.error('start network service failed', podCidr.error);
      return err(startupFailed(podCidr.error));
    }
    this.service = new VpcRouteService({ ...this.deps, logger, lifetime: root.ctx },
      { nodeName: this.options.nodeName, podCidr: podCidr.value, config: decoded.value.config });
    this.startedPodCidr = podCidr.value;
    logger.info('network service started', { podCIDR: podCidr.value });
    return ok({ podCidr: podCidr.value });
  }

  /** A crash: the process ends; the node's storage remains. */
  stop(): void {
    this.process?.cancel();
    this.process = undefined;
    this.service = undefined;
  }
}
