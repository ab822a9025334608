// Random sequences of API calls, valid and invalid, never break the cloud's invariants; ENI
// states only move along the machine; and a snapshot restored into a fresh emulator, then fed
// the rest of the sequence, gives the same replies and the same final state.
import fc from 'fast-check';
import { canonicalJson } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import type { CallOutcome, CloudEmulator } from '../src/index.js';
import { buildTestWorld, type TestWorld } from '../src/testing/index.js';
import { allowedEniTransitions, cloudInvariantViolations } from './invariants.js';

type Command =
  | { readonly kind: 'create'; readonly vSwitch: number; readonly secondary: number; readonly trunk: boolean; readonly ipv6: number; readonly prefix: boolean }
  | { readonly kind: 'attach'; readonly eni: number; readonly instance: number; readonly member: boolean }
  | { readonly kind: 'detach'; readonly eni: number; readonly instance: number }
  | { readonly kind: 'delete'; readonly eni: number }
  | { readonly kind: 'assign'; readonly eni: number; readonly count: number; readonly prefix: boolean; readonly token: number }
  | { readonly kind: 'unassign'; readonly eni: number; readonly pick: number; readonly bogus: boolean }
  | { readonly kind: 'assign6'; readonly eni: number; readonly count: number }
  | { readonly kind: 'unassign6'; readonly eni: number; readonly pick: number }
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'deleteInstance'; readonly instance: number }
  | { readonly kind: 'route'; readonly destination: number; readonly instance: number }
  | { readonly kind: 'unroute'; readonly pick: number }
  | { readonly kind: 'garbage'; readonly action: string; readonly key: string; readonly value: string };

const index = fc.nat(12);
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('create' as const),
    vSwitch: fc.constantFrom(0, 0, 0, 0, 1, 2, 3), secondary: fc.constantFrom(0, 0, 1, 2, 3, 4, 5,
      8, 12), trunk: fc.constantFrom(false, false, false, false, true), ipv6: fc.constantFrom(0, 0, 1, 2), prefix: fc.constantFrom(false, false, false, true) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('attach' as const), eni: index,
    instance: fc.nat(3), member: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('detach' as const), eni: index,
    instance: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), eni: index }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('assign' as const), eni: index,
    count: fc.integer({ min: 1, max: 8 }), prefix: fc.constantFrom(false, false, false,
      true), token: fc.nat(3) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('unassign' as const), eni: index,
    pick: fc.nat(8), bogus: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('assign6' as const), eni: index,
    count: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unassign6' as const), eni: index,
    pick: fc.nat(3) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('advance' as const),
    ms: fc.integer({ min: 1, max: 80 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteInstance' as const),
    instance: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('route' as const), destination: fc.nat(5),
    instance: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unroute' as const), pick: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('garbage' as const),
    action: fc.constantFrom('AttachNetworkInterface', 'AssignPrivateIpAddresses',
      'CreateNetworkInterface', 'Nope'),
    key: fc.constantFrom('NetworkInterfaceId', 'SecondaryPrivateIpAddressCount', 'VSwitchId',
      'Tag.1.Key', 'InstanceId'), value: fc.string({ maxLength: 6 }) }) },
);

function sortedEnis(cloud: CloudEmulator): string[] {
  return [...cloud.view().enis()].filter((eni) => eni.type !== 'Primary').map((eni) => eni.id).sort();
}

/** Resolves indexes against the state (so a replay on an equal state picks the same targets). */
function eniAt(cloud: CloudEmulator, position: number): string {
  const enis = sortedEnis(cloud);
  // Index 12 (one draw in 13) names an ENI that does not exist; the others pick an existing one.
  return position === 12 || enis.length === 0 ? 'eni-bp0000000000000zzzz' : enis[position % enis.length]!;
}

function toRequest(world: TestWorld, cloud: CloudEmulator,
  step: Command): { action: string; product: 'ecs' | 'vpc'; params: Record<string, unknown> } | null {
  const instances = [...world.instanceIds, 'i-bp0000000000000zzzz'];
  const instance = (position: number) => instances[position % instances.length]!;
  const eni = (position: number) => cloud.view().eni(eniAt(cloud, position));
  const base = { RegionId: world.regionId };
  switch (step.kind) {
    case 'create': return { product: 'ecs', action: 'CreateNetworkInterface',
      params: { ...base, VSwitchId: [...world.vSwitchIds, 'vsw-none'][step.vSwitch],
        SecurityGroupId: world.securityGroupId,
      ...(step.secondary > 0 && !step.prefix ? { SecondaryPrivateIpAddressCount: step.secondary } : {}), ...(step.prefix ? { Ipv4PrefixCount: 1 } : {}),
      ...(step.trunk ? { InstanceType: 'Trunk' } : {}), ...(step.ipv6 > 0 ? { Ipv6AddressCount: step.ipv6 } : {}) } };
    case 'attach': {
      const trunk = sortedEnis(cloud).map((id) => cloud.view().eni(id)!).find((candidate) => candidate.type === 'Trunk' && candidate.attachment?.instanceId === instance(step.instance));
      return { product: 'ecs', action: 'AttachNetworkInterface',
        params: { ...base, NetworkInterfaceId: eniAt(cloud, step.eni),
          InstanceId: instance(step.instance),
        ...(step.member && trunk !== undefined ? { TrunkNetworkInstanceId: trunk.id } : {}) } };
    }
    case 'detach': return { product: 'ecs', action: 'DetachNetworkInterface',
      params: { ...base, NetworkInterfaceId: eniAt(cloud, step.eni),
        InstanceId: eni(step.eni)?.attachment?.instanceId ?? instance(step.instance) } };
    case 'delete': return { product: 'ecs', action: 'DeleteNetworkInterface',
      params: { ...base, NetworkInterfaceId: eniAt(cloud, step.eni) } };
    case 'assign': return { product: 'ecs', action: 'AssignPrivateIpAddresses',
      params: { ...base, NetworkInterfaceId: eniAt(cloud, step.eni),
      ...(step.prefix ? { Ipv4PrefixCount: 1 } : { SecondaryPrivateIpAddressCount: step.count }), ...(step.token > 0 ? { ClientToken: `t${step.token}` } : {}) } };
    case 'unassign': {
      const held = eni(step.eni)?.ipv4.filter((ip) => !ip.primary).map((ip) => ip.ip) ?? [];
      const address = step.bogus || held.length === 0 ? '192.168.255.1' : held[step.pick % held.length]!;
      return { product: 'ecs', action: 'UnassignPrivateIpAddresses',
        params: { ...base, NetworkInterfaceId: eniAt(cloud, step.eni),
          PrivateIpAddress: [address] } };
    }
    case 'assign6': return { product: 'ecs', action: 'AssignIpv6Addresses',
      params: { ...base, NetworkInterfaceId: eniAt(cloud, step.eni),
        Ipv6AddressCount: step.count } };
    case 'unassign6': {
      const held = eni(step.eni)?.ipv6.map((ip) => ip.ip) ?? [];
      return { product: 'ecs', action: 'UnassignIpv6Addresses',
        params: { ...base, NetworkInterfaceId: eniAt(cloud, step.eni),
          Ipv6Address: [held[step.pick % Math.max(1, held.length)] ?? '2408::1'] } };
    }
    case 'deleteInstance': return { product: 'ecs', action: 'DeleteInstance',
      params: { InstanceId: instance(step.instance), Force: true } };
    case 'route': return { product: 'vpc', action: 'CreateRouteEntry',
      params: { ...base, RouteTableId: world.routeTableId,
        DestinationCidrBlock: `10.${step.destination}.0.0/16`, NextHopId: instance(step.instance) } };
    case 'unroute': {
      const custom = cloud.view().routeEntries(world.routeTableId).filter((entry) => entry.type === 'Custom').map((entry) => entry.id).sort();
      return { product: 'vpc', action: 'DeleteRouteEntry',
        params: { ...base, RouteEntryId: custom[step.pick % Math.max(1,
          custom.length)] ?? 'rte-none' } };
    }
    case 'garbage': return { product: 'ecs', action: step.action,
      params: { ...base, [step.key]: step.value } };
    case 'advance': return null;
  }
}

function outcomeText(outcome: CallOutcome): string {
  if (outcome.kind === 'ok') return canonicalJson(outcome.body);
  return outcome.kind === 'api' ? outcome.error.code : 'transport';
}

/** Applies one command; returns the reply summary. */
function apply(world: TestWorld, step: Command): string {
  const { cloud, env } = world;
  if (step.kind === 'advance') {
    env.scheduler.runSync({ untilMs: env.scheduler.nowMs() + step.ms });
    return `t=${env.scheduler.nowMs()}`;
  }
  const request = toRequest(world, cloud, step)!;
  return outcomeText(cloud.execute(request, { accessKeyId: 'prop' }));
}

function newWorld(seed: number): TestWorld {
  return buildTestWorld({
    seed, instances: 3, instanceType: 'ecs.g7.large', ipv6: true, securityGroupType: 'normal',
    vSwitchCidrs: ['192.168.0.0/26', '192.168.16.0/27', '192.168.32.0/28'],
    cloud: { latency: 'fast', freezeState: true,
      quotas: { enisPerRegion: 8, securityGroupIpsNormal: 40, routeEntriesPerTable: 3 } },
  });
}

describe('cloud properties', () => {
  it('random call sequences keep every invariant and move ENIs only along the state machine',
    () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }),
      fc.array(command, { minLength: 1, maxLength: 80, size: 'max' }), (seed, steps) => {
      const world = newWorld(seed);
      const status = new Map<string, string>();
      for (const line of world.env.log.lines().filter((text) => text.includes('"cloud.eni.state"'))) {
        const event = JSON.parse(line) as { eni: string; to: string };
        status.set(event.eni, event.to);
      }
      let linesSeen = world.env.log.lines().length;
      for (const step of steps) {
        apply(world, step);
        expect(cloudInvariantViolations(world.cloud)).toEqual([]);
        const lines = world.env.log.lines().slice(linesSeen);
        linesSeen = world.env.log.lines().length;
        for (const line of lines.filter((text) => text.includes('"cloud.eni.state"'))) {
          const event = JSON.parse(line) as { eni: string; from: string; to: string };
          expect(allowedEniTransitions.has(`${event.from}>${event.to}`)).toBe(true);
          expect(event.from).toBe(status.get(event.eni) ?? 'None');
          const release = !['None>Available', 'None>InUse', 'Available>Attaching',
            'Attaching>InUse', 'InUse>Detaching',
            'Detaching>Available', 'Available>Deleting', 'Deleting>Gone'].includes(`${event.from}>${event.to}`);
          if (release) expect(step.kind).toBe('deleteInstance');
          status.set(event.eni, event.to);
        }
      }
    }), { numRuns: 150, seed: 20_260_101 });
  });

  it('a snapshot restored in a fresh emulator replays the rest of a sequence identically', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }),
      fc.array(command, { minLength: 2, maxLength: 60, size: 'max' }), fc.nat(), (seed, steps,
        cutAt) => {
      const cut = cutAt % steps.length;
      const original = newWorld(seed);
      steps.slice(0, cut).forEach((step) => apply(original, step));
      const snapshot = JSON.parse(JSON.stringify(original.cloud.snapshot())) as ReturnType<CloudEmulator['snapshot']>;
      const tail = steps.slice(cut);
      const expected = tail.map((step) => apply(original, step));
      const forked = newWorld(seed);
      forked.cloud.restore(snapshot);
      expect(JSON.stringify(forked.cloud.snapshot())).toBe(JSON.stringify(snapshot));
      const replayed = tail.map((step) => apply({ ...forked, routeTableId: original.routeTableId },
        step));
      expect(replayed).toEqual(expected);
      expect(JSON.stringify(forked.cloud.snapshot())).toBe(JSON.stringify(original.cloud.snapshot()));
    }), { numRuns: 100, seed: 20_260_102 });
  });
});
