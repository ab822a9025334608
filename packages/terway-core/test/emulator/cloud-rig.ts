// One small Alibaba Cloud for terway-core's tests: the cloud emulator (the project's one model of
// ECS, VPC and instance metadata) built by its own test-world builder, with named vSwitches and
// one instance, its in-process OpenAPI client and the instance's metadata service behind the
// scripting decorators, and every duration fixed, so a test can state a timeline to the
// millisecond. Cloud faults go through the emulator's fault plan (`faults`); only what that plan
// cannot say is scripted on the decorators.
//
// The fixed durations (the `fast` profile with constant overrides) are test choices, not claims
// about Alibaba Cloud: the emulator's own profiles draw them from seeded ranges. One thing to know
// when reading timelines: the emulator applies a call at its arrival and answers after the call's
// latency, so an ENI attached by a call that started at t is InUse at t + attachMs.

import type {
  CloudEmulator, EniRecord, FaultRuleInput, LatencyOverrides,
} from '@terway-sim/cloud-emulator';
import { buildTestWorld } from '@terway-sim/cloud-emulator/testing';
import { assert, type SimEnv } from '@terway-sim/sim-base';
import { ScriptedMetadata } from './scripted-metadata.js';
import { ScriptedOpenApi } from './scripted-openapi.js';

export interface CloudTimings {
  /** Response time of every API call (default 50 ms). */
  readonly apiMs?: number;
  /** Attaching → InUse (default 2,000 ms). */
  readonly attachMs?: number;
  /** Detaching → Available (default 2,000 ms). */
  readonly detachMs?: number;
  /** Deleting → gone (default 1,000 ms). */
  readonly deleteMs?: number;
  /** How long metadata takes to show a change (default 500 ms). */
  readonly metadataLagMs?: number;
}

export interface RigVSwitch {
  /** The name tests use for it; its cloud id comes from the emulator's counters. */
  readonly name: string;
  /** An index into the region's zones (the instance's vSwitch, the first, is in zone 0). */
  readonly zone: number;
  readonly cidr: string;
  /** Give it an IPv6 /64 (the VPC gets IPv6 when any vSwitch asks; the first one then has one). */
  readonly ipv6?: boolean;
}

export interface CloudRigOptions {
  readonly seed?: number;
  readonly timings?: CloudTimings;
  /** The instance is in the first one. */
  readonly vSwitches?: readonly RigVSwitch[];
  /** From the emulator's catalog (default ecs.g7.xlarge: 4 ENIs, 15 IPv4 per ENI). */
  readonly instanceType?: string;
}

export interface CloudRig {
  readonly env: SimEnv;
  readonly cloud: CloudEmulator;
  readonly regionId: string;
  readonly zones: readonly string[];
  readonly vpcId: string;
  readonly routeTableId: string;
  readonly securityGroupId: string;
  readonly instanceId: string;
  /** Terway's OpenApiPort: the emulator's client behind the recording, scripting decorator. */
  readonly openApi: ScriptedOpenApi;
  /** Terway's MetadataPort for the instance, behind the recording, scripting decorator. */
  readonly metadata: ScriptedMetadata;
  /** The cloud id of the vSwitch the test calls `name`. */
  vSwitch(name: string): string;
  /** Replaces the emulator's fault plan (its rule counts start again). */
  faults(...rules: readonly FaultRuleInput[]): void;
  /** The ENI as the cloud holds it now. */
  eni(id: string): EniRecord | undefined;
  /** Secondary ENIs of the region that still exist (any state). */
  secondaryEnis(): EniRecord[];
}

const rigZones = ['cn-hangzhou-i', 'cn-hangzhou-j'];
const defaultApiMs = 50;

const defaultVSwitches: readonly RigVSwitch[] = [
  { name: 'vsw-a', zone: 0, cidr: '192.168.0.0/24', ipv6: true },
  { name: 'vsw-b', zone: 0, cidr: '192.168.1.0/24' },
];

/** The `fast` profile with every duration the tests lean on made constant. */
function fixedLatency(timings: CloudTimings = {}): LatencyOverrides {
  const fixed = (ms: number) => ({ minMs: ms, maxMs: ms });
  const apiMs = timings.apiMs ?? defaultApiMs;
  return {
    base: 'fast',
    apiDefault: { medianMs: apiMs, sigma: 0, minMs: apiMs, maxMs: apiMs },
    async: { attach: fixed(timings.attachMs ?? 2_000), detach: fixed(timings.detachMs ?? 2_000),
      delete: fixed(timings.deleteMs ?? 1_000) },
    metadataLag: fixed(timings.metadataLagMs ?? 500),
  };
}

export function cloudRig(options: CloudRigOptions = {}): CloudRig {
  const vSwitches = options.vSwitches ?? defaultVSwitches;
  const [first, ...rest] = vSwitches;
  assert(first !== undefined && first.zone === 0,
    'cloud rig: the first vSwitch (the instance\'s) is in zone 0');
  const ipv6 = vSwitches.some((spec) => spec.ipv6 === true);
  const world = buildTestWorld({
    seed: options.seed ?? 1, instanceType: options.instanceType ?? 'ecs.g7.xlarge', ipv6,
    vSwitchCidrs: [first.cidr],
    cloud: { regions: [{ regionId: 'cn-hangzhou', zones: rigZones }],
      latency: fixedLatency(options.timings) },
  });
  const { env, cloud } = world;
  const ids = new Map([[first.name, world.vSwitchIds[0]!]]);
  rest.forEach((spec, index) => {
    const made = cloud.world.createVSwitch({ vpcId: world.vpcId, zoneId: rigZones[spec.zone]!,
      cidrBlock: spec.cidr, ...(spec.ipv6 === true ? { ipv6CidrBlock: index + 1 } : {}) });
    assert(made.ok, () => `cloud rig: vSwitch ${spec.name}: ${made.ok ? '' : made.error.message}`);
    ids.set(spec.name, made.value);
  });
  const instanceId = world.instanceIds[0]!;
  const openApi = new ScriptedOpenApi({ scheduler: env.scheduler, ids: env.ids,
    inner: cloud.client({ regionId: world.regionId }) },
  { scriptedLatencyMs: options.timings?.apiMs ?? defaultApiMs });
  const metadata = new ScriptedMetadata({ scheduler: env.scheduler,
    inner: cloud.metadata(instanceId) }, { scriptedLatencyMs: cloud.latency.metadataReadMs });
  return {
    env, cloud, regionId: world.regionId, zones: rigZones, vpcId: world.vpcId,
    routeTableId: world.routeTableId, securityGroupId: world.securityGroupId, instanceId,
    openApi, metadata,
    vSwitch(name) {
      const id = ids.get(name);
      assert(id !== undefined, () => `cloud rig: no vSwitch named ${name}`);
      return id;
    },
    faults: (...rules) => cloud.setFaultPlan(rules),
    eni: (id) => cloud.view().eni(id),
    secondaryEnis: () => [...cloud.view().enis()].filter((eni) => eni.type !== 'Primary'),
  };
}

/** A fault rule: the next `times` calls of `api` are refused with `code` (a catalog code). */
export function refuseNext(api: string, code: string, times = 1): FaultRuleInput {
  return { kind: 'error', api, code, countMax: times };
}

/** Attaches a secondary ENI to the instance as set-up (no latency; metadata shows it at once). */
export async function attachEniAsSetup(rig: CloudRig, options: { vSwitch: string;
  trunk?: boolean; tags?: Array<{ Key: string; Value: string }>; secondaryIps?: number;
  ipv6?: number }): Promise<string> {
  const created = rig.cloud.world.call('ecs', 'CreateNetworkInterface', {
    VSwitchId: rig.vSwitch(options.vSwitch), SecurityGroupIds: [rig.securityGroupId],
    InstanceType: options.trunk === true ? 'Trunk' : 'Secondary',
    ...(options.secondaryIps === undefined ? {}
      : { SecondaryPrivateIpAddressCount: options.secondaryIps }),
    ...(options.ipv6 === undefined ? {} : { Ipv6AddressCount: options.ipv6 }),
    ...(options.tags === undefined ? {} : { Tag: options.tags }) });
  if (!created.ok) throw new Error(created.error.message);
  const eniId = String(created.value['NetworkInterfaceId']);
  const attached = rig.cloud.world.call('ecs', 'AttachNetworkInterface',
    { NetworkInterfaceId: eniId, InstanceId: rig.instanceId });
  if (!attached.ok) throw new Error(attached.error.message);
  await rig.env.scheduler.run({ untilMs: rig.env.scheduler.nowMs() + 1 });
  return eniId;
}

/**
 * Takes every free address of the vSwitch with unattached ENIs, as other nodes draining it would
 * (set-up calls: no latency, no faults). Returns the ENIs it made.
 */
export function drainVSwitch(rig: CloudRig, name: string): string[] {
  const made: string[] = [];
  const free = (): number => rig.cloud.view().vSwitches().find((usage) =>
    usage.vSwitch.id === rig.vSwitch(name))!.available;
  // One ENI takes its primary address and at most 49 secondary ones.
  for (let left = free(); left > 0; left = free()) {
    const secondaries = Math.min(left - 1, 49);
    const created = rig.cloud.world.call('ecs', 'CreateNetworkInterface', {
      VSwitchId: rig.vSwitch(name), SecurityGroupIds: [rig.securityGroupId],
      ...(secondaries > 0 ? { SecondaryPrivateIpAddressCount: secondaries } : {}) });
    assert(created.ok, () => `drainVSwitch: ${created.ok ? '' : created.error.message}`);
    made.push(String(created.value['NetworkInterfaceId']));
  }
  return made;
}

/** Runs `work` as a task on the rig's scheduler until nothing is left to do; returns its result. */
export async function runTask<T>(env: SimEnv, work: () => Promise<T>): Promise<T> {
  let result: { value: T } | undefined;
  env.scheduler.spawn('test', async () => {
    result = { value: await work() };
  });
  await env.scheduler.run({ stepsMax: 100_000 });
  assert(result !== undefined, 'the test task did not finish');
  return result.value;
}
