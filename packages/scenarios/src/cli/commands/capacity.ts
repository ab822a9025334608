// `terway-sim capacity`: how many pods one node of an instance type holds in a Terway network
// mode, what binds, and the arithmetic. The numbers come from terway-core's capacity model
// (the same code the simulated daemon sizes its pool with) over the cloud-emulator's catalog.

import { parseIpv4Cidr } from '@terway-sim/sim-base';
import type {
  ConfigIssue, NetworkMode, NodeCapacity, TerwayConfig,
} from '@terway-sim/terway-core';
import { printable, quoted } from '../../scenario/printable.js';
import { exitOk, flagOption, intOption, stringOption, UsageError, type Command,
  type Io } from '../command.js';
import { readFlagFile } from '../input.js';

/** The modes, as terway-core's `networkModes` lists them (kept here so --help needs no import). */
const modes: readonly NetworkMode[] = ['vpc', 'eni', 'eniip', 'trunk'];

function formatIssue(file: string, issue: ConfigIssue): string {
  const where = issue.line === undefined ? file : `${file}:${issue.line}:${issue.column ?? 1}`;
  return `${where}: ${issue.path}: ${issue.message}`;
}

/** Reads an eni-config file for a command, or a UsageError naming the file and the key. */
async function readConfigFile(path: string, flag: string): Promise<TerwayConfig> {
  const text = readFlagFile(path, flag);
  const { parseEniConfigFile } = await import('@terway-sim/terway-core');
  const parsed = parseEniConfigFile(text);
  if (!parsed.ok) throw new UsageError(
    `${flag} ${printable(path)} is not a config Terway can start with`,
    parsed.error.map((issue) => ({ file: path, line: issue.line, column: issue.column,
      path: issue.path, message: issue.message })));
  return parsed.value.eniConf.config;
}

function parseMode(text: string | undefined): NetworkMode {
  if (text === undefined) throw new UsageError(
    `--mode is required: one of ${modes.join(', ')}`);
  if (!(modes as readonly string[]).includes(text)) throw new UsageError(
    `--mode ${quoted(text)}: expected one of ${modes.join(', ')}`);
  return text as NetworkMode;
}

function printHuman(io: Io, capacity: NodeCapacity): void {
  const rows: [string, string][] = [
    ['instance type', capacity.instanceType], ['mode', capacity.mode],
    ['max pods', String(capacity.maxPods)], ['limited by', capacity.limitedBy],
    ...(capacity.bounds ?? []).slice(1).map((bound): [string, string] =>
      ['then', `${bound.limitedBy} ${bound.maxPods}`]),
    ['ipam', capacity.ipam], ['ENIs for pods', String(capacity.enis)],
    ['IPs per ENI', String(capacity.ipsPerEni)],
  ];
  if (capacity.pool !== undefined) rows.push(['pool (min/max idle)',
    `${capacity.pool.minPoolSize} / ${capacity.pool.maxPoolSize}`]);
  if (capacity.advertisedMaxAvailableIp !== undefined) rows.push(['Terway advertises',
    `${capacity.advertisedMaxAvailableIp} (k8s.aliyun.com/max-available-ip)`]);
  if (capacity.cluster !== undefined) rows.push(['cluster',
    `${capacity.cluster.maxNodes} nodes, ${capacity.cluster.maxPods} pods ` +
    `(${capacity.cluster.limitedBy})`]);
  const width = Math.max(...rows.map(([name]) => name.length));
  io.out(rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n') + '\n');
  io.out(`\nformula: ${capacity.formula}\n`);
  if (capacity.notes.length > 0) io.out(
    `notes:\n${capacity.notes.map((note) => `  - ${note}`).join('\n')}\n`);
}

/**
 * The --json document: contract fields first, absent optional fields left out, pool null when none.
 */
function jsonDocument(c: NodeCapacity): Record<string, unknown> {
  return {
    instanceType: c.instanceType, mode: c.mode, maxPods: c.maxPods, limitedBy: c.limitedBy,
      ipam: c.ipam,
    enis: c.enis, ipsPerEni: c.ipsPerEni, pool: c.pool ?? null,
    ...(c.advertisedMaxAvailableIp === undefined ? {} : {
      advertisedMaxAvailableIp: c.advertisedMaxAvailableIp }),
    formula: c.formula, notes: c.notes, ...(c.cluster === undefined ? {} : { cluster: c.cluster }),
    ...(c.bounds === undefined ? {} : { bounds: c.bounds }),
  };
}

export const capacityCommand: Command = {
  name: 'capacity',
  summary: 'pods per node for an instance type and network mode, and what limits them',
  options: {
    'instance-type': { type: 'string', value: 'T', description:
      'ECS instance type, e.g. ecs.g7.xlarge (required)' },
    mode: { type: 'string', value: 'MODE', description: 'vpc | eni | eniip | trunk (required)' },
    config: { type: 'string', value: 'FILE', description:
      'eni-config (ConfigMap YAML/JSON or eni_conf JSON); default: every key at its default' },
    'node-cidr-mask': { type: 'string', value: 'N', description:
      'vpc: node podCIDR prefix length (kube-controller-manager --node-cidr-mask-size); ' +
      'default 24' },
    'cluster-cidr': { type: 'string', value: 'CIDR', description:
      'vpc: cluster CIDR the podCIDRs come from (bounds the node count)' },
    'max-pods': { type: 'string', value: 'N', description:
      'vpc: kubelet --max-pods (default 110), which binds before a /24 podCIDR\'s 253' },
    json: { type: 'boolean', description: 'print one JSON document' },
  },
  details: `Output (--json): { "instanceType", "mode", "maxPods", "limitedBy", "ipam", "enis",
"ipsPerEni", "pool", "advertisedMaxAvailableIp"?, "formula", "notes", "cluster"?, "bounds"? }.
maxPods counts pods that take an IP from Terway (host-network pods aside); limitedBy names the
binding quota or eni-config key; bounds (vpc) lists every limit, the binding one first.
Example: terway-sim capacity --instance-type ecs.g7.xlarge --mode eniip --config eni-config.yaml`,
  async run(args, io) {
    const typeId = stringOption(args, 'instance-type');
    if (typeId === undefined) throw new UsageError(
      '--instance-type is required, e.g. --instance-type ecs.g7.xlarge');
    const mode = parseMode(stringOption(args, 'mode'));
    if (mode !== 'vpc' && stringOption(args, 'max-pods') !== undefined) throw new UsageError(
      `--max-pods applies to --mode vpc (a podCIDR node); in ${mode} mode the ENIs bound the ` +
      'pods and kubelet maxPods should be set from that figure');
    const { resolveInstanceType } = await import('../instance-types.js');
    const record = resolveInstanceType(typeId);
    const clusterCidr = stringOption(args, 'cluster-cidr');
    if (clusterCidr !== undefined && parseIpv4Cidr(clusterCidr) === undefined) throw new UsageError(
      `--cluster-cidr ${quoted(clusterCidr)}: expected an IPv4 CIDR such as 172.20.0.0/16`);
    const configPath = stringOption(args, 'config');
    const config = configPath === undefined ? undefined
      : await readConfigFile(configPath, '--config');
    const { nodeCapacity } = await import('@terway-sim/terway-core');
    const result = nodeCapacity({
      instanceType: record, mode, config, modelledFields: record.modelled,
      nodeCidrMask: intOption(args, 'node-cidr-mask', { min: 1, max: 32 }), clusterCidr,
      kubeletMaxPods: intOption(args, 'max-pods', { min: 1, max: 10_000 }),
    });
    if (!result.ok) throw new UsageError(formatIssue(printable(configPath ?? '--config'),
      result.error));
    if (flagOption(args, 'json')) io.out(`${JSON.stringify(jsonDocument(result.value))}\n`);
    else printHuman(io, result.value);
    return exitOk;
  },
};
