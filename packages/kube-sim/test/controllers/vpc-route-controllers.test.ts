// The controllers VPC route mode relies on, against kube-sim's API server and a scripted route
// table: kube-controller-manager's node IPAM hands each node a podCIDR and says
// CIDRNotAvailable when the range is used up; cloud-controller-manager's route controller makes
// one entry per node, retries a refused create, counts a duplicate as made, sets the node's
// NetworkUnavailable condition, deletes a gone node's entry, and logs under its component name.

import type { V1Node } from '@kubernetes/client-node';
import { Context, createSimEnv, err, ok, type SimEnv } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { ApiServer } from '../../src/api/api-server.js';
import { ComponentLog } from '../../src/controllers/component-log.js';
import { NodeIpam } from '../../src/controllers/node-ipam/range-allocator.js';
import {
  RouteController, cloudControllerManager,
} from '../../src/controllers/route/route-controller.js';
import type {
  NodeRouteEntry, RouteTableFailure, RouteTablePort, RouteTableResult,
} from '../../src/controllers/route/route-table-port.js';

const routeTableId = 'vtb-1';

function node(name: string, instanceId: string): V1Node {
  return { metadata: { name }, spec: { providerID: `cn-hangzhou.${instanceId}` },
    status: { conditions: [{ type: 'Ready', status: 'True' }] } };
}

/** A route table that keeps entries and refuses the next `refusals` creates. */
class ScriptedRouteTable implements RouteTablePort {
  readonly entries: NodeRouteEntry[] = [];
  refusals: RouteTableFailure[] = [];

  listRouteEntries(query: NodeRouteEntry): Promise<RouteTableResult<readonly NodeRouteEntry[]>> {
    return Promise.resolve(ok(this.entries.filter((entry) =>
      entry.destinationCidrBlock === query.destinationCidrBlock
      && entry.instanceId === query.instanceId)));
  }

  createRouteEntry(entry: NodeRouteEntry): Promise<RouteTableResult<void>> {
    const refusal = this.refusals.shift();
    if (refusal !== undefined) return Promise.resolve(err(refusal));
    if (this.entries.some((held) => held.destinationCidrBlock === entry.destinationCidrBlock)) {
      return Promise.resolve(err({ kind: 'duplicate', code: 'InvalidCIDRBlock.Duplicate',
        message: 'exists' }));
    }
    this.entries.push(entry);
    return Promise.resolve(ok(undefined));
  }

  deleteRouteEntry(entry: NodeRouteEntry): Promise<RouteTableResult<void>> {
    const index = this.entries.findIndex((held) =>
      held.destinationCidrBlock === entry.destinationCidrBlock);
    if (index < 0) {
      return Promise.resolve(err({ kind: 'notFound', code: 'InvalidRouteEntry.NotFound',
        message: 'none' }));
    }
    this.entries.splice(index, 1);
    return Promise.resolve(ok(undefined));
  }
}

function controllers(clusterCidr: string): { env: SimEnv; api: ApiServer;
  table: ScriptedRouteTable } {
  const env = createSimEnv({ seed: 'vpc-route-controllers', retainMax: 10_000 });
  const api = new ApiServer(env);
  const table = new ScriptedRouteTable();
  const ipam = new NodeIpam({ scheduler: env.scheduler, api,
    log: new ComponentLog(env.log, 'kube-controller-manager') },
  { clusterCidr, nodeCidrMaskSize: 24 });
  const routes = new RouteController({ scheduler: env.scheduler,
    random: env.rng.stream('route-controller.backoff'), routeTable: table, api,
    log: new ComponentLog(env.log, cloudControllerManager) }, { routeTableId,
    listNodes: () => api.listNodes().map((each) => each.metadata!.name!) });
  api.watchNodes((type, changed, previous) => {
    ipam.nodeEvent(type, changed);
    routes.nodeEvent(type, changed, previous);
  });
  routes.start(Context.background(env.scheduler));
  return { env, api, table };
}

function networkUnavailable(api: ApiServer, name: string): string | undefined {
  return api.getNode(name)?.status?.conditions
    ?.find((condition) => condition.type === 'NetworkUnavailable')?.reason;
}

describe('VPC route controllers', () => {
  it('give each node a podCIDR and a route entry; a gone node\'s entry is deleted', async () => {
    const { env, api, table } = controllers('10.128.0.0/22');
    api.createNode(node('a', 'i-a'));
    api.createNode(node('b', 'i-b'));
    await env.scheduler.run({ untilMs: 60_000 });
    expect(api.getNode('a')?.spec?.podCIDR).toBe('10.128.0.0/24');
    expect(api.getNode('b')?.spec?.podCIDR).toBe('10.128.1.0/24');
    expect(table.entries).toEqual<NodeRouteEntry[]>([
      { routeTableId, destinationCidrBlock: '10.128.0.0/24', instanceId: 'i-a' },
      { routeTableId, destinationCidrBlock: '10.128.1.0/24', instanceId: 'i-b' },
    ]);
    expect(networkUnavailable(api, 'a')).toBe('RouteCreated');
    api.deleteNode('a');
    await env.scheduler.run({ untilMs: 120_000 });
    expect(table.entries.map((entry) => entry.instanceId)).toEqual(['i-b']);
  });

  it('retries a refused create within its backoff, reports it, and tries the node again', async () => {
    const { env, api, table } = controllers('10.128.0.0/22');
    const quota: RouteTableFailure = { kind: 'refused', code: 'QuotaExceeded',
      message: 'QuotaExceeded: route entries' };
    table.refusals = [quota, quota, quota];
    api.createNode(node('a', 'i-a'));
    await env.scheduler.run({ untilMs: 60_000 });
    expect(api.events().filter((event) => event.reason === 'CreateRouteFailed')).toHaveLength(1);
    expect(env.log.lines().some((line) => line.includes(`"component":"${cloudControllerManager}"`)
      && line.includes('Backoff creating route'))).toBe(true);
    expect(table.entries).toHaveLength(1);
    expect(networkUnavailable(api, 'a')).toBe('RouteCreated');
  });

  it('leave a node without a podCIDR when the range is used up, and say so', async () => {
    const { env, api, table } = controllers('10.128.0.0/24');
    api.createNode(node('a', 'i-a'));
    api.createNode(node('b', 'i-b'));
    await env.scheduler.run({ untilMs: 60_000 });
    expect(api.getNode('b')?.spec?.podCIDR).toBeUndefined();
    expect(api.events().some((event) => event.reason === 'CIDRNotAvailable'
      && event.name === 'b')).toBe(true);
    expect(table.entries.map((entry) => entry.instanceId)).toEqual(['i-a']);
    expect(networkUnavailable(api, 'b')).toBe('NoRouteCreated');
  });
});
