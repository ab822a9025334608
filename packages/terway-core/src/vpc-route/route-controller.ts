// The route controller of Alibaba's cloud-controller-manager (kubernetes/cloud-provider-alibaba-
// cloud pkg/controller/route), which VPC route mode relies on: one custom VPC route entry per node,
// `<node podCIDR> → <node's ECS instance>`, in the cluster VPC's route table.
// - per node (one reconcile at a time): skip nodes without providerID or podCIDR (condition
//   NetworkUnavailable True / NoRouteCreated) and nodes whose Ready is Unknown; look the entry
//   up (DescribeRouteEntryList: custom, next hop = the instance, destination = the podCIDR);
//   missing ⇒ CreateRouteEntry, retried on any error with backoff 4 s ×2, jitter 1, 3 tries
//   (TaskConflict while another route of the VPC is Creating/Deleting is the usual one);
//   success ⇒ event CreatedRoute and condition NetworkUnavailable False / RouteCreated; failure ⇒
//   event CreateRouteFailed, condition True / NoRouteCreated, and the node is tried again with the
//   queue's failure backoff (the route table quota, 200, makes QuotaExceeded the lasting one);
// - a deleted node's entry is deleted (its podCIDR and instance remembered when it was made);
// - every 5 min the whole cluster is reconciled again.
// `InvalidCIDRBlock.Duplicate` (the entry exists already) counts as created, and the not-found
// answer to a delete (`InvalidRouteEntryId.NotFound`) as deleted.

import {
  err, exponentialBackoff, isoMillis, ok, sleepCtx, waitFailureMessage, WorkQueue, type Backoff,
  type Context, type ReconcileError, type ReconcileResult, type Result, type WaitDeps
} from '@terway-sim/sim-base';
import { codeIs, type ClientFailure } from '../cloud/errors.js';
import type { RouteEntry, VpcClient } from '../cloud/vpc-client.js';
import type { Logger } from '../log/logger.js';
import type { KubePort, NodeObject, WatchType } from '../ports/kube.js';
import { podCidrOf } from './node-ipam.js';

export const routeReconcilePeriodMs = 5 * 60_000;
export const createRouteBackoff: Backoff = { durationMs: 4_000, factor: 2, jitter: 1, steps: 3,
  capMs: 0 };
export const routeControllerComponent = 'route-controller';
export const routeCodes = { duplicate: 'InvalidCIDRBlock.Duplicate',
  notFound: ['InvalidRouteEntry.NotFound', 'InvalidRouteEntryId.NotFound'] } as const;

export interface RouteControllerDeps extends WaitDeps {
  readonly vpc: Pick<VpcClient, 'createRouteEntry' | 'deleteRouteEntry' | 'describeRouteEntryList'>;
  readonly kube: Pick<KubePort, 'getNode' | 'recordEvent' | 'setNodeCondition'>;
  readonly logger: Logger;
}

export interface RouteControllerOptions {
  readonly routeTableId: string;
  /** Node names to look at in the periodic pass (the cluster's node list). */
  readonly listNodes: () => readonly string[];
}

interface NodeRoute {
  readonly instanceId: string;
  readonly cidr: string;
}

function instanceOf(node: NodeObject): string {
  return (node.spec?.providerID ?? '').split('.')[1] ?? '';
}

export class RouteController {
  readonly queue: WorkQueue;
  /** Routes made, by node: what to delete when the node goes. */
  private readonly routes = new Map<string, NodeRoute>();

  constructor(private readonly deps: RouteControllerDeps,
    private readonly options: RouteControllerOptions) {
    this.queue = new WorkQueue({ scheduler: deps.scheduler,
      reconcile: (ctx, name) => this.reconcile(ctx, name),
      onError: (key, message) => deps.logger.error('Reconciler error', message,
        { controller: 'route-controller', key }) }, { name: 'route-controller',
      maxConcurrent: 1 });
  }

  start(ctx: Context): void {
    this.queue.start(ctx);
    this.deps.scheduler.spawn('route-controller.periodic', async () => {
      for (;;) {
        if (await sleepCtx(this.deps.scheduler, routeReconcilePeriodMs, ctx) !== undefined) return;
        this.options.listNodes().forEach((name) => this.queue.add(name));
      }
    });
  }

  /** A node watch event (creation, a podCIDR or providerID change, deletion). */
  nodeEvent(type: WatchType, node: NodeObject, previous?: NodeObject):
    void {
    const name = node.metadata?.name ?? '';
    const changed = type !== 'MODIFIED' || previous === undefined
      || podCidrOf(node) !== podCidrOf(previous) || node.spec?.providerID !== previous.spec
        ?.providerID;
    if (name !== '' && changed) this.queue.add(name);
  }

  /** The node a route entry was made for, if any (for reports). */
  routeOf(nodeName: string): { readonly instanceId: string; readonly cidr: string } | undefined {
    return this.routes.get(nodeName);
  }

  private async reconcile(ctx: Context, name: string): Promise<ReconcileResult | ReconcileError> {
    const node = await this.deps.kube.getNode(name);
    if (node === undefined) {
      const route = this.routes.get(name);
      if (route === undefined) return {};
      const deleted = await this.deleteRoute(ctx, route);
      if (!deleted.ok) return { message: deleted.error };
      this.routes.delete(name);
      return {};
    }
    const ready = node.status?.conditions?.find((condition) => condition.type === 'Ready');
    if (ready?.status === 'Unknown') return {};
    const instanceId = instanceOf(node);
    const cidr = podCidrOf(node);
    if (instanceId === '') return {};
    if (cidr === undefined) {
      await this.setCondition(name, false);
      return {};
    }
    const made = await this.ensureRoute(ctx, name, { instanceId, cidr });
    await this.setCondition(name, made.ok);
    return made.ok ? {} : { message: made.error };
  }

  private async ensureRoute(ctx: Context, name: string, route: NodeRoute):
    Promise<Result<void, string>> {
    const { routeTableId } = this.options;
    const found = await this.deps.vpc.describeRouteEntryList(ctx, { routeTableId,
      routeEntryType: 'Custom', nextHopId: route.instanceId, destinationCidrBlock: route.cidr });
    if (!found.ok) {
      this.event(name, 'Warning', 'DescriberRouteFailed', `Describe Route Failed for ` +
        `${routeTableId} reason: ${found.error.message}`);
      return ok(undefined);
    }
    if (found.value.some((entry: RouteEntry) => entry.destinationCidrBlock === route.cidr)) {
      this.routes.set(name, route);
      return ok(undefined);
    }
    const created = await this.createRoute(ctx, route);
    if (!created.ok) {
      this.event(name, 'Warning', 'CreateRouteFailed', `Create Route Failed for ${routeTableId} ` +
        `reason: ${created.error}`);
      return created;
    }
    this.routes.set(name, route);
    this.event(name, 'Normal', 'CreatedRoute', `Created route for ${routeTableId} with ${name} ` +
      `-> ${route.cidr} successfully`);
    return ok(undefined);
  }

  /** createRouteForInstance: any failure is retried within createRouteBackoff. */
  private async createRoute(ctx: Context, route: NodeRoute): Promise<Result<void, string>> {
    let last: ClientFailure | undefined;
    const waited = await exponentialBackoff<never>(this.deps, ctx, createRouteBackoff, async () => {
      const created = await this.deps.vpc.createRouteEntry(ctx, {
        routeTableId: this.options.routeTableId, destinationCidrBlock: route.cidr,
        nextHopId: route.instanceId, nextHopType: 'Instance' });
      if (created.ok || codeIs(created.error, routeCodes.duplicate)) return ok(true);
      last = created.error;
      this.deps.logger.error('Backoff creating route', created.error.message);
      return ok(false);
    });
    if (waited.ok) return ok(undefined);
    const reason = last?.message ?? waitFailureMessage(waited.error, () => '');
    return err(`error create route for node ${route.instanceId}, err: error create route entry ` +
      `for ${route.instanceId}, ${route.cidr}, error: ${reason}`);
  }

  private async deleteRoute(ctx: Context, route: NodeRoute): Promise<Result<void, string>> {
    this.deps.logger.info('delete route for node', { instance: route.instanceId,
      cidr: route.cidr });
    const deleted = await this.deps.vpc.deleteRouteEntry(ctx, {
      routeTableId: this.options.routeTableId, destinationCidrBlock: route.cidr,
      nextHopId: route.instanceId });
    if (deleted.ok || codeIs(deleted.error, ...routeCodes.notFound)) return ok(undefined);
    return err(`error delete route entry for ${route.instanceId}, ${route.cidr}, error: ` +
      deleted.error.message);
  }

  private async setCondition(name: string, created: boolean): Promise<void> {
    const now = isoMillis(this.deps.scheduler.wallMs());
    await this.deps.kube.setNodeCondition(name, created
      ? { type: 'NetworkUnavailable', status: 'False', reason: 'RouteCreated',
        message: 'RouteController created a route', lastHeartbeatTime: now,
        lastTransitionTime: now }
      : { type: 'NetworkUnavailable', status: 'True', reason: 'NoRouteCreated',
        message: 'RouteController failed to create a route', lastHeartbeatTime: now,
        lastTransitionTime: now });
  }

  private event(name: string, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.deps.kube.recordEvent({ target: { kind: 'Node', name }, type, reason, message,
      source: routeControllerComponent });
  }
}
