// The emulator's typed events: each is delivered right after its event-log line, one for one and
// in log order, and every status change of an ENI, and every completed change of an instance or
// a route entry, reaches subscribers exactly once, agreeing with the cloud's own view.
import fc from 'fast-check';
import type { LoggedEvent } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import type { CloudEvent, EniStateEvent } from '../src/index.js';
import { buildTestWorld, type TestWorld } from '../src/testing/index.js';
import { apply, command, newWorld, type Command } from './call-model.js';
import { body, caller, runTask } from './helpers.js';

type Delivery = { readonly line: LoggedEvent } | { readonly event: CloudEvent };

/** Everything the emulator wrote to the log and published, interleaved as it happened. */
function record(world: TestWorld): Delivery[] {
  const seen: Delivery[] = [];
  world.env.log.subscribe((line) => {
    if (line.kind.startsWith('cloud.')) seen.push({ line });
  });
  world.cloud.subscribe((event) => seen.push({ event }));
  return seen;
}

/** The line kind of each event type, and the field of the line that names what the event names. */
const lineOf: Record<CloudEvent['type'], { kind: string; id: (event: CloudEvent) => unknown;
  field: string }> = {
  'call': { kind: 'cloud.api', field: 'rid',
    id: (event) => (event.type === 'call' ? event.record.requestId : null) },
  'eni.state': { kind: 'cloud.eni.state', field: 'eni',
    id: (event) => (event.type === 'eni.state' ? event.eniId : null) },
  'instance.state': { kind: 'cloud.instance.state', field: 'i',
    id: (event) => (event.type === 'instance.state' ? event.instanceId : null) },
  'route.state': { kind: 'cloud.route.state', field: 'rte',
    id: (event) => (event.type === 'route.state' ? event.routeEntryId : null) },
  'fault': { kind: 'cloud.fault', field: 'rule',
    id: (event) => (event.type === 'fault' ? event.rule : null) },
  'world': { kind: 'cloud.world', field: 'api',
    id: (event) => (event.type === 'world' ? event.action : null) },
};

/** Each cloud line is followed at once by its own event, and each event follows its line. */
function pairingProblems(seen: readonly Delivery[]): string[] {
  for (let index = 0; index < seen.length; index += 2) {
    const first = seen[index]!;
    const second = seen[index + 1];
    if (!('line' in first) || second === undefined || !('event' in second)) {
      return [`delivery ${index}: expected a line, then its event`];
    }
    const expected = lineOf[second.event.type];
    if (expected.kind !== first.line.kind ||
      expected.id(second.event) !== first.line.fields[expected.field]) {
      return [`delivery ${index}: line ${first.line.kind} ${JSON.stringify(first.line.fields)} ` +
        `is followed by ${JSON.stringify(second.event)}`];
    }
  }
  return [];
}

function statusesNow(world: TestWorld): Map<string, string> {
  return new Map([...world.cloud.view().enis()].map((eni) => [eni.id, eni.status]));
}

function instanceStatuses(world: TestWorld): Map<string, string> {
  return new Map([...world.cloud.view().instances()].map((instance) => [instance.id,
    instance.status]));
}

function routeStatuses(world: TestWorld): Map<string, string> {
  return new Map(world.cloud.view().routeEntries(world.routeTableId)
    .map((entry) => [entry.id, entry.status]));
}

/** What an advance of the clock completed: records that left a pending status, and to what. */
function completed(before: Map<string, string>, after: Map<string, string>,
  pending: readonly string[]): string[] {
  const changes: string[] = [];
  for (const [id, status] of before) {
    if (!pending.includes(status)) continue;
    const now = after.get(id) ?? 'Gone';
    if (now !== status) changes.push(`${id}>${now}`);
  }
  return changes.sort();
}

function checkStep(world: TestWorld, step: Command, events: readonly CloudEvent[],
  enis: Map<string, string>): void {
  for (const event of events.filter((one): one is EniStateEvent => one.type === 'eni.state')) {
    expect(event.from).toBe(enis.get(event.eniId) ?? 'None');
    if (event.to === 'Gone') enis.delete(event.eniId);
    else enis.set(event.eniId, event.to);
  }
  expect(enis).toEqual(statusesNow(world));
  if (step.kind !== 'advance') {
    expect(events.filter((event) => event.type === 'instance.state' ||
      event.type === 'route.state')).toEqual([]);
  }
}

describe('typed cloud events', () => {
  it('are the log lines one for one, in order, and report every status change exactly once', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }),
      fc.array(command, { minLength: 1, maxLength: 80, size: 'max' }), (seed, steps) => {
      const world = newWorld(seed);
      const seen = record(world);
      const enis = statusesNow(world);
      for (const step of steps) {
        const from = seen.length;
        const instancesBefore = instanceStatuses(world);
        const routesBefore = routeStatuses(world);
        apply(world, step);
        const events = seen.slice(from).flatMap((delivery) => ('event' in delivery
          ? [delivery.event] : []));
        checkStep(world, step, events, enis);
        if (step.kind !== 'advance') continue;
        expect(events.flatMap((event) => (event.type === 'instance.state'
          ? [`${event.instanceId}>${event.to}`] : [])).sort())
          .toEqual(completed(instancesBefore, instanceStatuses(world), ['Pending']));
        expect(events.flatMap((event) => (event.type === 'route.state'
          ? [`${event.routeEntryId}>${event.to}`] : [])).sort())
          .toEqual(completed(routesBefore, routeStatuses(world), ['Creating', 'Deleting']));
      }
      expect(pairingProblems(seen)).toEqual([]);
      expect(seen.filter((delivery) => 'event' in delivery && delivery.event.type === 'call'))
        .toHaveLength(steps.filter((step) => step.kind !== 'advance').length);
    }), { numRuns: 150, seed: 20_260_111 });
  });

  it('tell an ENI’s life with the instance it was on, and stop after unsubscribing', async () => {
    const world = buildTestWorld();
    const call = caller(world.cloud.client());
    const instanceId = world.instanceIds[0]!;
    const events: string[] = [];
    const stop = world.cloud.subscribe((event) => {
      if (event.type === 'eni.state') {
        events.push(`${event.from}>${event.to} on ${event.instanceId ?? 'none'}`);
      }
      if (event.type === 'call') events.push(`${event.record.action} ${event.record.code}`);
    });
    let eniId = '';
    await runTask(world.env, async () => {
      eniId = body(await call('CreateNetworkInterface', { VSwitchId: world.vSwitchIds[0],
        SecurityGroupId: world.securityGroupId })).NetworkInterfaceId as string;
      await call('AttachNetworkInterface', { NetworkInterfaceId: eniId, InstanceId: instanceId });
      await world.env.scheduler.sleep(100);
      await call('DetachNetworkInterface', { NetworkInterfaceId: eniId, InstanceId: instanceId });
      await world.env.scheduler.sleep(100);
      stop();
      await call('DeleteNetworkInterface', { NetworkInterfaceId: eniId });
    });
    expect(events).toEqual([
      'CreateNetworkInterface OK', 'None>Available on none',
      'AttachNetworkInterface OK', `Available>Attaching on ${instanceId}`,
      `Attaching>InUse on ${instanceId}`,
      'DetachNetworkInterface OK', `InUse>Detaching on ${instanceId}`,
      `Detaching>Available on ${instanceId}`,
    ]);
  });

  it('carry the faults of the fault plan as typed values', async () => {
    const world = buildTestWorld({ cloud: { faults: [
      { kind: 'error', code: 'InternalError', api: 'DescribeNetworkInterfaces', countMax: 1 },
      { kind: 'timeout', applied: false, api: 'DescribeVSwitches', countMax: 1 },
      { kind: 'metadataUnreachable', status: 500, countMax: 1 },
    ] } });
    const faults: CloudEvent[] = [];
    world.cloud.subscribe((event) => {
      if (event.type === 'fault') faults.push(event);
    });
    const call = caller(world.cloud.client());
    await runTask(world.env, async () => {
      await call('DescribeNetworkInterfaces');
      await call('DescribeVSwitches', {}, 'vpc');
    });
    world.cloud.readMetadata(world.instanceIds[0]!, 'instance-id');
    expect(faults).toEqual([
      { type: 'fault', kind: 'error', rule: 0, action: 'DescribeNetworkInterfaces',
        requestId: expect.any(String), region: 'cn-hangzhou', code: 'InternalError' },
      { type: 'fault', kind: 'timeout', rule: 1, action: 'DescribeVSwitches',
        requestId: expect.any(String), region: 'cn-hangzhou', applied: false },
      { type: 'fault', kind: 'metadataUnreachable', rule: 2, instanceId: world.instanceIds[0],
        path: 'instance-id', status: 500 },
    ]);
  });
});
