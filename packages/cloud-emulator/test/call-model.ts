// A model of API calls for property tests: random sequences of valid and invalid calls against a
// small, tight world (quotas of a few ENIs, small vSwitches, a normal security group), with
// targets resolved against the current state so that a replay on an equal state picks the same
// ones. Shared by the invariant, snapshot and typed-event properties.
import fc from 'fast-check';
import { canonicalJson } from '@terway-sim/sim-base';
import type { CallOutcome, CloudEmulator, CloudProduct } from '../src/index.js';
import { buildTestWorld, type TestWorld } from '../src/testing/index.js';

export type Command =
  | { readonly kind: 'create'; readonly vSwitch: number; readonly secondary: number;
    readonly trunk: boolean; readonly ipv6: number; readonly prefix: boolean }
  | { readonly kind: 'attach'; readonly eni: number; readonly instance: number;
    readonly member: boolean }
  | { readonly kind: 'detach'; readonly eni: number; readonly instance: number }
  | { readonly kind: 'delete'; readonly eni: number }
  | { readonly kind: 'assign'; readonly eni: number; readonly count: number;
    readonly prefix: boolean; readonly token: number }
  | { readonly kind: 'unassign'; readonly eni: number; readonly pick: number;
    readonly bogus: boolean }
  | { readonly kind: 'assign6'; readonly eni: number; readonly count: number }
  | { readonly kind: 'unassign6'; readonly eni: number; readonly pick: number }
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'launch'; readonly vSwitch: number; readonly amount: number }
  | { readonly kind: 'deleteInstance'; readonly instance: number }
  | { readonly kind: 'route'; readonly destination: number; readonly instance: number }
  | { readonly kind: 'unroute'; readonly pick: number }
  | { readonly kind: 'garbage'; readonly action: string; readonly key: string;
    readonly value: string };

const index = fc.nat(12);
const rarely = <T>(usual: T, rare: T) => fc.constantFrom(usual, usual, usual, usual, rare);

export const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('create' as const),
    vSwitch: fc.constantFrom(0, 0, 0, 0, 1, 2, 3),
    secondary: fc.constantFrom(0, 0, 1, 2, 3, 4, 5, 8, 12), trunk: rarely(false, true),
    ipv6: fc.constantFrom(0, 0, 1, 2), prefix: fc.constantFrom(false, false, false, true) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('attach' as const), eni: index,
    instance: fc.nat(3), member: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('detach' as const), eni: index,
    instance: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), eni: index }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('assign' as const), eni: index,
    count: fc.integer({ min: 1, max: 8 }), prefix: fc.constantFrom(false, false, false, true),
    token: fc.nat(3) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('unassign' as const), eni: index,
    pick: fc.nat(8), bogus: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('assign6' as const), eni: index,
    count: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unassign6' as const), eni: index,
    pick: fc.nat(3) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('advance' as const),
    ms: fc.integer({ min: 1, max: 80 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('launch' as const),
    vSwitch: fc.constantFrom(0, 1, 2), amount: fc.integer({ min: 1, max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteInstance' as const),
    instance: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('route' as const),
    destination: fc.nat(5), instance: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unroute' as const), pick: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('garbage' as const),
    action: fc.constantFrom('AttachNetworkInterface', 'AssignPrivateIpAddresses',
      'CreateNetworkInterface', 'Nope'),
    key: fc.constantFrom('NetworkInterfaceId', 'SecondaryPrivateIpAddressCount', 'VSwitchId',
      'Tag.1.Key', 'InstanceId'), value: fc.string({ maxLength: 6 }) }) },
);

const missingEni = 'eni-bp0000000000000zzzz';
const missingInstance = 'i-bp0000000000000zzzz';

function sortedEnis(cloud: CloudEmulator): string[] {
  return [...cloud.view().enis()].filter((eni) => eni.type !== 'Primary')
    .map((eni) => eni.id).sort();
}

/** Resolves indexes against the state (so a replay on an equal state picks the same targets). */
function eniAt(cloud: CloudEmulator, position: number): string {
  const enis = sortedEnis(cloud);
  // Index 12 (one draw in 13) names an ENI that does not exist; the others pick an existing one.
  return position === 12 || enis.length === 0 ? missingEni : enis[position % enis.length]!;
}

/** Live instances in id order, then one that does not exist. */
function instanceAt(cloud: CloudEmulator, position: number): string {
  const instances = [...[...cloud.view().instances()].map((instance) => instance.id).sort(),
    missingInstance];
  return instances[position % instances.length]!;
}

interface ModelRequest {
  readonly product: CloudProduct;
  readonly action: string;
  readonly params: Record<string, unknown>;
}

function eniRequest(world: TestWorld, cloud: CloudEmulator, step: Command): ModelRequest | null {
  const base = { RegionId: world.regionId };
  const ecs = (action: string, params: Record<string, unknown>): ModelRequest =>
    ({ product: 'ecs', action, params: { ...base, ...params } });
  const eni = (position: number) => cloud.view().eni(eniAt(cloud, position));
  switch (step.kind) {
    case 'create': return ecs('CreateNetworkInterface', {
      VSwitchId: [...world.vSwitchIds, 'vsw-none'][step.vSwitch],
      SecurityGroupId: world.securityGroupId,
      ...(step.secondary > 0 && !step.prefix
        ? { SecondaryPrivateIpAddressCount: step.secondary } : {}),
      ...(step.prefix ? { Ipv4PrefixCount: 1 } : {}),
      ...(step.trunk ? { InstanceType: 'Trunk' } : {}),
      ...(step.ipv6 > 0 ? { Ipv6AddressCount: step.ipv6 } : {}) });
    case 'attach': {
      const instanceId = instanceAt(cloud, step.instance);
      const trunk = sortedEnis(cloud).map((id) => cloud.view().eni(id)!).find((candidate) =>
        candidate.type === 'Trunk' && candidate.attachment?.instanceId === instanceId);
      return ecs('AttachNetworkInterface', { NetworkInterfaceId: eniAt(cloud, step.eni),
        InstanceId: instanceId,
        ...(step.member && trunk !== undefined ? { TrunkNetworkInstanceId: trunk.id } : {}) });
    }
    case 'detach': return ecs('DetachNetworkInterface', {
      NetworkInterfaceId: eniAt(cloud, step.eni),
      InstanceId: eni(step.eni)?.attachment?.instanceId ?? instanceAt(cloud, step.instance) });
    case 'delete': return ecs('DeleteNetworkInterface',
      { NetworkInterfaceId: eniAt(cloud, step.eni) });
    case 'assign': return ecs('AssignPrivateIpAddresses', {
      NetworkInterfaceId: eniAt(cloud, step.eni),
      ...(step.prefix ? { Ipv4PrefixCount: 1 } : { SecondaryPrivateIpAddressCount: step.count }),
      ...(step.token > 0 ? { ClientToken: `t${step.token}` } : {}) });
    case 'unassign': {
      const prefixes = eni(step.eni)?.ipv4Prefixes.map((prefix) => prefix.prefix) ?? [];
      // Now and then a /28 goes back instead of an address.
      if (!step.bogus && step.pick >= 6 && prefixes.length > 0) {
        return ecs('UnassignPrivateIpAddresses', { NetworkInterfaceId: eniAt(cloud, step.eni),
          Ipv4Prefix: [prefixes[step.pick % prefixes.length]!] });
      }
      const held = eni(step.eni)?.ipv4.filter((ip) => !ip.primary).map((ip) => ip.ip) ?? [];
      const address = step.bogus || held.length === 0
        ? '192.168.255.1' : held[step.pick % held.length]!;
      return ecs('UnassignPrivateIpAddresses',
        { NetworkInterfaceId: eniAt(cloud, step.eni), PrivateIpAddress: [address] });
    }
    case 'assign6': return ecs('AssignIpv6Addresses',
      { NetworkInterfaceId: eniAt(cloud, step.eni),
        ...(step.count === 3 ? { Ipv6PrefixCount: 1 } : { Ipv6AddressCount: step.count }) });
    case 'unassign6': {
      const prefixes = eni(step.eni)?.ipv6Prefixes.map((prefix) => prefix.prefix) ?? [];
      if (step.pick === 3 && prefixes.length > 0) {
        return ecs('UnassignIpv6Addresses', { NetworkInterfaceId: eniAt(cloud, step.eni),
          Ipv6Prefix: [prefixes[0]!] });
      }
      const held = eni(step.eni)?.ipv6.map((ip) => ip.ip) ?? [];
      return ecs('UnassignIpv6Addresses', { NetworkInterfaceId: eniAt(cloud, step.eni),
        Ipv6Address: [held[step.pick % Math.max(1, held.length)] ?? '2408::1'] });
    }
    default: return null;
  }
}

function otherRequest(world: TestWorld, cloud: CloudEmulator, step: Command): ModelRequest | null {
  const base = { RegionId: world.regionId };
  switch (step.kind) {
    case 'launch': return { product: 'ecs', action: 'RunInstances', params: { ...base,
      ImageId: 'any', InstanceType: 'ecs.g7.large', VSwitchId: world.vSwitchIds[step.vSwitch],
      SecurityGroupId: world.securityGroupId, Amount: step.amount } };
    case 'deleteInstance': return { product: 'ecs', action: 'DeleteInstance',
      params: { InstanceId: instanceAt(cloud, step.instance), Force: true } };
    case 'route': return { product: 'vpc', action: 'CreateRouteEntry', params: { ...base,
      RouteTableId: world.routeTableId, DestinationCidrBlock: `10.${step.destination}.0.0/16`,
      NextHopId: instanceAt(cloud, step.instance) } };
    case 'unroute': {
      const custom = cloud.view().routeEntries(world.routeTableId)
        .filter((entry) => entry.type === 'Custom').map((entry) => entry.id).sort();
      return { product: 'vpc', action: 'DeleteRouteEntry', params: { ...base,
        RouteEntryId: custom[step.pick % Math.max(1, custom.length)] ?? 'rte-none' } };
    }
    case 'garbage': return { product: 'ecs', action: step.action,
      params: { ...base, [step.key]: step.value } };
    default: return null;
  }
}

function outcomeText(outcome: CallOutcome): string {
  if (outcome.kind === 'ok') return canonicalJson(outcome.body);
  return outcome.kind === 'api' ? outcome.error.code : 'transport';
}

/** Applies one command; returns the reply summary. */
export function apply(world: TestWorld, step: Command): string {
  const { cloud, env } = world;
  if (step.kind === 'advance') {
    env.scheduler.runSync({ untilMs: env.scheduler.nowMs() + step.ms });
    return `t=${env.scheduler.nowMs()}`;
  }
  const request = eniRequest(world, cloud, step) ?? otherRequest(world, cloud, step)!;
  return outcomeText(cloud.execute(request, { accessKeyId: 'prop' }));
}

export function newWorld(seed: number): TestWorld {
  return buildTestWorld({
    seed, instances: 3, instanceType: 'ecs.g7.large', ipv6: true, securityGroupType: 'normal',
    vSwitchCidrs: ['192.168.0.0/26', '192.168.16.0/27', '192.168.32.0/28'],
    cloud: { latency: 'fast', freezeState: true,
      quotas: { enisPerRegion: 8, securityGroupIpsNormal: 40, routeEntriesPerTable: 3 } },
  });
}
