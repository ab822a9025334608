// `terway-sim validate FILE`: lint an eni-config (ConfigMap YAML/JSON or eni_conf JSON, or a file
// of several ConfigMaps) before an ACK rollout, optionally against a cluster plan (instance types,
// zones, node and pod counts, vSwitch sizes). The checks are terway-core's (docs/validate.md lists
// every code); this command only reads files and flags and prints the report. `--strict` makes
// warnings fail too, for CI gates.

import { parseIpv4Cidr } from '@terway-sim/sim-base';
import type { Diagnostic, PlannedVSwitch, ValidationPlan } from '@terway-sim/terway-core';
import { printable, quoted } from '../../scenario/printable.js';
import {
  exitBadInput, exitCheckFailed, exitOk, flagOption, intOption, listOption, stringOption,
  UsageError, type Command, type Io, type ParsedArgs,
} from '../command.js';
import { readFlagFile } from '../input.js';

/** `--vswitch ID=CIDR` or `--vswitch ID=N` (free addresses now). */
function parseVSwitches(values: readonly string[]): { [id: string]: PlannedVSwitch } | undefined {
  if (values.length === 0) return undefined;
  const out: { [id: string]: PlannedVSwitch } = {};
  for (const value of values) {
    const [id, size, ...rest] = value.split('=');
    if (id === undefined || id === '' || size === undefined ||
      rest.length > 0) throw new UsageError(
      `--vswitch ${quoted(value)}: expected ID=CIDR (vsw-1=10.0.0.0/20) or ` +
        `ID=FREE_ADDRESSES (vsw-1=4000)`);
    if (/^\d{1,9}$/.test(size)) out[id] = { availableIpCount: Number(size) };
    else if (parseIpv4Cidr(size) !== undefined && size.includes('/')) out[id] = { cidr: size };
    else throw new UsageError(
      `--vswitch ${quoted(value)}: ${quoted(size)} is neither an IPv4 CIDR nor ` +
      `a number of free addresses`);
  }
  return out;
}

/** `--zones Z1,Z2`: zone ids, at least one; an empty entry (",,") is a typo, not "no zone". */
function parseZones(text: string | undefined, pattern: RegExp): string[] | undefined {
  if (text === undefined) return undefined;
  const zones = text.split(',').map((zone) => zone.trim());
  const bad = zones.find((zone) => !pattern.test(zone));
  if (bad !== undefined) {
    throw new UsageError(`--zones ${quoted(text)}: ${bad === '' ? 'an empty entry' :
      quoted(bad)} is not a zone id; expected zone ids separated by commas, e.g. ` +
      'cn-hangzhou-i,cn-hangzhou-j');
  }
  return zones;
}

async function planFrom(args: ParsedArgs): Promise<ValidationPlan> {
  const { zoneIdPattern } = await import('@terway-sim/terway-core');
  const types = listOption(args, 'instance-type')
    .flatMap((value) => value.split(','))
    .filter((id) => id !== '');
  const { resolveInstanceType } = await import('../instance-types.js');
  return {
    instanceTypes: types.map(resolveInstanceType),
    zones: parseZones(stringOption(args, 'zones'), zoneIdPattern),
    nodes: intOption(args, 'nodes', { min: 1, max: 100_000 }),
    podsPerNode: intOption(args, 'pods-per-node', { min: 1, max: 10_000 }),
    vSwitches: parseVSwitches(listOption(args, 'vswitch')),
    scaleUpSeconds: intOption(args, 'scale-up-seconds', { min: 1, max: 86_400 }),
    daemonMode: flagOption(args, 'exclusive-eni') ? 'ENIOnly' : 'ENIMultiIP',
  };
}

/** A node config may be its ConfigMap too; then its data.eni_conf is the document merged over. */
async function eniConfOf(text: string): Promise<string> {
  const { readEniConfigFile } = await import('@terway-sim/terway-core');
  const file = readEniConfigFile(text);
  return file.ok ? file.value.eniConf.text : text;
}

function printHuman(io: Io, file: string, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    const shown = printable(file);
    const where = d.line === undefined ? shown : `${shown}:${d.line}:${d.column ?? 1}`;
    const document = d.document === undefined ? '' : `[${d.document}] `;
    io.out(`${where}: ${d.severity} ${d.code}: ${document}${d.path}: ${d.message}\n`);
  }
  const count = (severity: string) => diagnostics.filter((d) => d.severity === severity).length;
  io.out(`${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info(s)\n`);
}

export const validateCommand: Command = {
  name: 'validate',
  summary: 'lint an eni-config (ConfigMap or eni_conf JSON), optionally against a cluster plan',
  positionals: ['FILE'],
  options: {
    'instance-type': { type: 'string', multiple: true, value: 'T', description:
      'node instance type(s) from the catalog (comma-separated or repeated)' },
    zones: { type: 'string', value: 'Z1,Z2', description:
      'zones that have nodes, e.g. cn-hangzhou-i,cn-hangzhou-j' },
    nodes: { type: 'string', value: 'N', description:
      'planned node count, spread evenly over --zones' },
    'pods-per-node': { type: 'string', value: 'P', description:
      'planned pods per node that take a Terway IP' },
    vswitch: { type: 'string', multiple: true, value: 'ID=CIDR|ID=N', description:
      'a vSwitch\'s CIDR, or its free addresses now' },
    'scale-up-seconds': { type: 'string', value: 'S', description:
      'window the planned pods come up in, for the API rate checks; default 60' },
    'exclusive-eni': { type: 'boolean', description:
      'nodes run exclusive ENIs (label k8s.aliyun.com/exclusive-mode-eni-type=eniOnly)' },
    'node-config': { type: 'string', value: 'FILE', description:
      'a node\'s dynamic eni_conf JSON (label terway-config), merged over FILE' },
    strict: { type: 'boolean', description:
      'warnings fail too (exit 1), for CI gates' },
    json: { type: 'boolean', description: 'print one JSON document' },
  },
  details: `Output (--json): { "ok": bool, "diagnostics": [{ "code", "severity", "path", "message",
"line"?, "column"?, "document"? }] } ("document" names the ConfigMap in a file of several).
Exit codes: 0 no errors (warnings allowed unless --strict), 1 errors found (or warnings with
--strict), 2 the file cannot be read or a flag is wrong. The codes, the plan flags and how the
counts are made: docs/validate.md.
Example: terway-sim validate eni-config.yaml --instance-type ecs.g7.xlarge \\
  --zones cn-hangzhou-i --nodes 50 --pods-per-node 40 --vswitch vsw-aaa=10.0.0.0/22`,
  async run(args, io) {
    const [file] = args.positionals;
    if (file === undefined) return exitBadInput;
    const text = readFlagFile(file, 'FILE');
    const plan = await planFrom(args);
    const nodePath = stringOption(args, 'node-config');
    const nodeEniConf = nodePath === undefined ? undefined
      : await eniConfOf(readFlagFile(nodePath, '--node-config'));
    const { validateEniConfig } = await import('@terway-sim/terway-core');
    const report = validateEniConfig(text, plan, { nodeEniConf });
    const strict = flagOption(args, 'strict');
    const ok = report.ok && !(strict && report.diagnostics.some((d) => d.severity === 'warning'));
    if (flagOption(args, 'json')) {
      io.out(`${JSON.stringify(strict ? { ...report, ok } : report)}\n`);
    }
    else printHuman(io, file, report.diagnostics);
    return ok ? exitOk : exitCheckFailed;
  },
};
