// kube-sim's RouteTablePort over the emulator's VPC API (cloud/route-table.ts): entries made are
// listed, and the cloud's refusals arrive as the port's tagged failures (a second create of one
// destination is `duplicate`, deleting a missing entry is `notFound`).

import { buildTestWorld } from '@terway-sim/cloud-emulator/testing';
import type { NodeRouteEntry, RouteTableResult } from '@terway-sim/kube-sim';
import { describe, expect, it } from 'vitest';
import { CloudRouteTable } from '../src/cloud/route-table.js';
import { cloudOpenApiPort } from '../src/cloud/ports.js';

describe('CloudRouteTable', () => {
  it('creates, lists and deletes entries, with refusals as tagged failures', async () => {
    const world = buildTestWorld({ seed: 3 });
    const { env, cloud, regionId, routeTableId } = world;
    const table = new CloudRouteTable({ scheduler: env.scheduler,
      openApi: cloudOpenApiPort(cloud, { regionId }) }, regionId);
    const settle = async <T>(call: Promise<RouteTableResult<T>>): Promise<RouteTableResult<T>> => {
      await env.scheduler.run({ untilMs: env.scheduler.nowMs() + 30_000 });
      return call;
    };
    const entry: NodeRouteEntry = { routeTableId, destinationCidrBlock: '10.128.0.0/24',
      instanceId: world.instanceIds[0]! };
    expect(await settle(table.createRouteEntry(entry))).toEqual({ ok: true, value: undefined });
    expect(await settle(table.listRouteEntries(entry))).toEqual({ ok: true, value: [entry] });
    const again = await settle(table.createRouteEntry(entry));
    expect(!again.ok && again.error.kind).toBe('duplicate');
    expect(await settle(table.deleteRouteEntry(entry))).toEqual({ ok: true, value: undefined });
    expect(await settle(table.listRouteEntries(entry))).toEqual({ ok: true, value: [] });
    const missing = await settle(table.deleteRouteEntry(entry));
    expect(!missing.ok && missing.error.kind).toBe('notFound');
  });
});
