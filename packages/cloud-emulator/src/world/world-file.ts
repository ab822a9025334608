// A world file: the VPCs, vSwitches, security groups and instances a served cloud starts with,
// written as YAML by a person (docs/serve.md). Everything is named; references go by name, and
// the emulator mints the ids (printed after loading). Every problem names the file, the path in
// the document and what is expected, and all problems are reported at once.

import { err, ok, type Result } from '@terway-sim/sim-base';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import type { CloudEmulator } from '../emulator/cloud-emulator.js';
import { ownValue } from '../state/own.js';

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
  'a name of letters, digits, ".", "_" or "-" (at most 64)');

const vSwitchSchema = z
  .object({
    name,
    zone: z.string().min(1),
    cidr: z.string().min(1),
    ipv6Index: z.number().int().min(0).max(255).optional(),
  })
  .strict();

const vpcSchema = z.object({
  name, cidr: z.string().min(1), ipv6: z.boolean().optional(),
  vSwitches: z.array(vSwitchSchema).min(1),
  securityGroups: z.array(z.object({ name,
    type: z.enum(['normal', 'enterprise']).optional() }).strict()).min(1),
}).strict();

const instanceSchema = z
  .object({
    name,
    vpc: name.optional(),
    vSwitch: name,
    securityGroups: z.array(name).min(1),
    instanceType: z.string().min(1),
    count: z.number().int().min(1).max(1000).optional(),
    tags: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export const worldFileSchema = z.object({
  region: z.string().min(1).optional(),
  vpcs: z.array(vpcSchema).min(1),
  instances: z.array(instanceSchema).optional(),
}).strict();

export type WorldFile = z.output<typeof worldFileSchema>;

export interface WorldSummary {
  readonly regionId: string;
  readonly vpcs: readonly {
    readonly name: string;
    readonly id: string;
    readonly routeTableId: string;
    readonly vSwitches: Readonly<Record<string, string>>;
    readonly securityGroups: Readonly<Record<string, string>>;
  }[];
  readonly instances: Readonly<Record<string, readonly string[]>>;
}

/** Parses and validates YAML text; each problem is `file: path: expected …`. */
export function parseWorldFile(text: string, fileName: string): Result<WorldFile, string[]> {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    return err(
      document.errors.map(
        (problem) =>
          `${fileName}: line ${problem.linePos?.[0].line ?? '?'}: ${problem.message.split('\n')[0]}`,
      ),
    );
  }
  const parsed = worldFileSchema.safeParse(document.toJS());
  if (!parsed.success) {
    return err(
      parsed.error.issues.map(
        (issue) =>
          `${fileName}: ${issue.path.length === 0 ? '(document)' : issue.path.join('.')}: ${issue.message}`,
      ),
    );
  }
  return ok(parsed.data);
}

function vpcFor(summary: WorldSummary['vpcs'],
  wanted: string | undefined): WorldSummary['vpcs'][number] | string {
  if (wanted === undefined)
    return summary.length === 1
      ? summary[0]!
      : 'more than one VPC is declared: name one with `vpc`';
  return summary.find((vpc) => vpc.name === wanted) ?? `no VPC named ${wanted}`;
}

/** Launches the file's instances into the VPCs just made; refusals go to `problems`. */
function launchInstances(cloud: CloudEmulator, ctx: { readonly world: WorldFile;
  readonly fileName: string; readonly regionId: string;
  readonly vpcs: readonly WorldSummary['vpcs'][number][]; readonly problems: string[] }):
  Record<string, string[]> {
  const { world, fileName, regionId, vpcs, problems } = ctx;
  const instances: Record<string, string[]> = {};
  for (const [index, spec] of (world.instances ?? []).entries()) {
    const at = `${fileName}: instances.${index}`;
    const vpc = vpcFor(vpcs, spec.vpc);
    if (typeof vpc === 'string') {
      problems.push(`${at}.vpc: ${vpc}`);
      continue;
    }
    const vSwitchId = ownValue(vpc.vSwitches, spec.vSwitch);
    const groupIds = spec.securityGroups.map((group) => ownValue(vpc.securityGroups, group));
    if (vSwitchId === undefined)
      problems.push(`${at}.vSwitch: no vSwitch named ${spec.vSwitch} in VPC ${vpc.name}`);
    groupIds.forEach((id, gIndex) => {
      if (id === undefined)
        problems.push(
          `${at}.securityGroups.${gIndex}: no security group named ${spec.securityGroups[gIndex]} in VPC ${vpc.name}`,
        );
    });
    if (vSwitchId === undefined || groupIds.some((id) => id === undefined)) continue;
    const ids: string[] = [];
    // RunInstances takes at most 100 at a time.
    for (let left = spec.count ?? 1; left > 0; left -= 100) {
      const launched = cloud.world.runInstances({
        regionId,
        instanceType: spec.instanceType,
        vSwitchId,
        securityGroupIds: groupIds as string[],
        amount: Math.min(100, left),
        name: spec.name,
        ...(spec.tags === undefined ? {} : { tags: spec.tags }),
      });
      if (!launched.ok) {
        problems.push(`${at}: ${launched.error.code}: ${launched.error.message}`);
        break;
      }
      ids.push(...launched.value);
    }
    instances[spec.name] = ids;
  }
  return instances;
}

/** Builds the world in the cloud (world building: no latency, no faults). */
export function applyWorldFile(cloud: CloudEmulator, world: WorldFile,
  fileName: string): Result<WorldSummary, string[]> {
  const regionId = world.region ?? cloud.defaultRegion;
  const problems: string[] = [];
  const vpcs: WorldSummary['vpcs'][number][] = [];
  for (const [index, spec] of world.vpcs.entries()) {
    const at = `${fileName}: vpcs.${index}`;
    const vpc = cloud.world.createVpc({ regionId, cidrBlock: spec.cidr, name: spec.name,
      ...(spec.ipv6 === undefined ? {} : { enableIpv6: spec.ipv6 }) });
    if (!vpc.ok) {
      problems.push(`${at}.cidr: ${vpc.error.code}: ${vpc.error.message}`);
      continue;
    }
    const vSwitches: Record<string, string> = {};
    for (const [vIndex, vSpec] of spec.vSwitches.entries()) {
      const made = cloud.world.createVSwitch({
        regionId,
        vpcId: vpc.value.vpcId,
        zoneId: vSpec.zone,
        cidrBlock: vSpec.cidr,
        name: vSpec.name,
        ...(vSpec.ipv6Index === undefined ? {} : { ipv6CidrBlock: vSpec.ipv6Index }),
      });
      if (made.ok) vSwitches[vSpec.name] = made.value;
      else problems.push(`${at}.vSwitches.${vIndex}: ${made.error.code}: ${made.error.message}`);
    }
    const securityGroups: Record<string, string> = {};
    for (const [gIndex, gSpec] of spec.securityGroups.entries()) {
      const made = cloud.world.createSecurityGroup({ regionId, vpcId: vpc.value.vpcId,
        name: gSpec.name, ...(gSpec.type === undefined ? {} : { type: gSpec.type }) });
      if (made.ok) securityGroups[gSpec.name] = made.value;
      else
        problems.push(`${at}.securityGroups.${gIndex}: ${made.error.code}: ${made.error.message}`);
    }
    vpcs.push({ name: spec.name, id: vpc.value.vpcId, routeTableId: vpc.value.routeTableId,
      vSwitches, securityGroups });
  }
  const instances = launchInstances(cloud, { world, fileName, regionId, vpcs, problems });
  return problems.length > 0 ? err(problems) : ok({ regionId, vpcs, instances });
}
