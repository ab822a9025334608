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
// A duplicate destination (the entry exists already) counts as created, and a not-found answer to
// a delete as deleted. The cloud is reached through the RouteTablePort (route-table-port.ts); the
// controller logs as cloud-controller-manager and its events come from `route-controller`.

import type { V1Node, V1NodeCondition } from '@kubernetes/client-node';
import {
  dateAt, err, exponentialBackoff, ok, sleepCtx, waitFailureMessage, WorkQueue, type Backoff,
  type Context, type ReconcileError, type ReconcileResult, type Result, type WaitDeps
} from '@terway-sim/sim-base';
import type { ApiServer, WatchType } from '../../api/api-server.js';
import type { ComponentLog } from '../component-log.js';
import { podCidrOf } from '../node-ipam/range-allocator.js';
import type { RouteTableFailure, RouteTablePort } from './route-table-port.js';

export const routeReconcilePeriodMs = 5 * 60_000;
export const createRouteBackoff: Backoff = { durationMs: 4_000, factor: 2, jitter: 1, steps: 3,
  capMs: 0 };
export const routeControllerComponent = 'route-controller';
/** The process the controller runs in, as its log lines name it. */
export const cloudControllerManager = 'cloud-controller-manager';

export interface RouteControllerDeps extends WaitDeps {
  readonly routeTable: RouteTablePort;
  readonly api: Pick<ApiServer, 'getNode' | 'updateNode' | 'recordEvent'>;
  readonly log: ComponentLog;
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

function instanceOf(node: V1Node): string {
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
      onError: (key, message) => deps.log.error('Reconciler error', message,
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
  nodeEvent(type: WatchType, node: V1Node, previous?: V1Node): void {
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
    const node = this.deps.api.getNode(name);
    if (node === undefined) {
      const route = this.routes.get(name);
      if (route === undefined) return {};
      const deleted = await this.deleteRoute(route);
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
      this.setCondition(name, false);
      return {};
    }
    const made = await this.ensureRoute(ctx, name, { instanceId, cidr });
    this.setCondition(name, made.ok);
    return made.ok ? {} : { message: made.error };
  }

  private async ensureRoute(ctx: Context, name: string, route: NodeRoute):
    Promise<Result<void, string>> {
    const { routeTableId } = this.options;
    const found = await this.deps.routeTable.listRouteEntries({ routeTableId,
      destinationCidrBlock: route.cidr, instanceId: route.instanceId });
    if (!found.ok) {
      this.event(name, 'Warning', 'DescriberRouteFailed', `Describe Route Failed for ` +
        `${routeTableId} reason: ${found.error.message}`);
      return ok(undefined);
    }
    if (found.value.some((entry) => entry.destinationCidrBlock === route.cidr)) {
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
    let last: RouteTableFailure | undefined;
    const waited = await exponentialBackoff<never>(this.deps, ctx, createRouteBackoff, async () => {
      const created = await this.deps.routeTable.createRouteEntry({
        routeTableId: this.options.routeTableId, destinationCidrBlock: route.cidr,
        instanceId: route.instanceId });
      if (created.ok || created.error.kind === 'duplicate') return ok(true);
      last = created.error;
      this.deps.log.error('Backoff creating route', created.error.message);
      return ok(false);
    });
    if (waited.ok) return ok(undefined);
    const reason = last?.message ?? waitFailureMessage(waited.error, () => '');
    return err(`error create route for node ${route.instanceId}, err: error create route entry ` +
      `for ${route.instanceId}, ${route.cidr}, error: ${reason}`);
  }

  private async deleteRoute(route: NodeRoute): Promise<Result<void, string>> {
    this.deps.log.info('delete route for node', { instance: route.instanceId,
      cidr: route.cidr });
    const deleted = await this.deps.routeTable.deleteRouteEntry({
      routeTableId: this.options.routeTableId, destinationCidrBlock: route.cidr,
      instanceId: route.instanceId });
    if (deleted.ok || deleted.error.kind === 'notFound') return ok(undefined);
    return err(`error delete route entry for ${route.instanceId}, ${route.cidr}, error: ` +
      deleted.error.message);
  }

  private setCondition(name: string, created: boolean): void {
    const now = dateAt(this.deps.scheduler.wallMs());
    const condition: V1NodeCondition = created
      ? { type: 'NetworkUnavailable', status: 'False', reason: 'RouteCreated',
        message: 'RouteController created a route', lastHeartbeatTime: now,
        lastTransitionTime: now }
      : { type: 'NetworkUnavailable', status: 'True', reason: 'NoRouteCreated',
        message: 'RouteController failed to create a route', lastHeartbeatTime: now,
        lastTransitionTime: now };
    this.deps.api.updateNode(name, (node) => {
      const others = (node.status?.conditions ?? [])
        .filter((existing) => existing.type !== condition.type);
      return { ...node, status: { ...node.status, conditions: [...others, condition] } };
    });
  }

  private event(name: string, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.deps.api.recordEvent({ kind: 'Node', namespace: '', name, type, reason, message,
      source: routeControllerComponent });
  }
}
