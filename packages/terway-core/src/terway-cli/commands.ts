// terway-cli (Terway's cmd/terway-cli: main.go, cmd.go, tree.go) run against a node at one
// instant: `list [TYPE]`, `show TYPE`, `mapping` and `metadata`, printing what the real binary
// prints (pterm.ts draws the trees and lists). The first three ask the daemon over its tracing
// service (tracing.ts holds the answers); with no daemon listening they fail as the gRPC client
// does. `metadata` asks the metadata service and the host's links, and needs no daemon.
//
// Argument checks are Terway's, quirks included: `show` refuses a second argument ("too many
// arguments") although its usage line offers `[resource_name]`, so it always shows the first
// resource of the type; `list` of an unknown type prints an empty list; `mapping` ignores extra
// arguments. Errors come back as the one line terway-cli prints before exiting 1.
//
// When to use: `runTerwayCli(input, args)` from an inspector that built `input` from a checkpoint.

import { err, ok, type Result } from '@terway-sim/sim-base';
import { metadataCommand, type MetadataCommandInput } from './metadata-command.js';
import { renderBulletList, renderTree, treeFromLeveledList, type LeveledItem } from './pterm.js';
import type {
  ResourceDbEntry, ResourceMappingEntry, TracingEntry, TracingSnapshot,
} from './tracing.js';

export interface TerwayCliInput extends MetadataCommandInput {
  /** What the daemon answers on /var/run/eni/eni.socket; undefined when no daemon listens. */
  readonly daemon: TracingSnapshot | undefined;
}

/** The subcommands this model answers, in terway-cli's order. */
export const terwayCliCommands = ['list', 'show', 'mapping', 'metadata'] as const;
/** terway-cli's other subcommands: real, but about the host or the cluster, not modelled. */
const unmodelledCommands: readonly string[] = [
  'execute',
  'cni',
  'nodeconfig',
  'policy',
  'eni',
  'migrate',
];

/** grpc-go's status text when the socket's file is missing (the daemon is not running). */
export const daemonUnavailable = 'rpc error: code = Unavailable desc = connection error: desc = ' +
  '"transport: Error while dialing: dial unix /var/run/eni/eni.socket: connect: no such file ' +
  'or directory"';

function daemonOf(input: TerwayCliInput): Result<TracingSnapshot, string> {
  return input.daemon === undefined ? err(daemonUnavailable) : ok(input.daemon);
}

function bullets(names: readonly string[]): string {
  return renderBulletList(names.map((text) => ({ level: 0, text })), '*');
}

function runList(input: TerwayCliInput, args: readonly string[]): Result<string, string> {
  if (args.length > 1) return err('too many arguments');
  const daemon = daemonOf(input);
  if (!daemon.ok) return daemon;
  const { handlers } = daemon.value;
  const type = args[0];
  return ok(bullets(Object.keys(type === undefined ? handlers : handlers[type] ?? {})));
}

/** tree.go: keys split on `/` become branches, in the order they first appear. */
interface KeyTree {
  readonly key: string;
  readonly value?: string;
  readonly leaves: KeyTree[];
}

function addLeaf(tree: KeyTree, path: readonly string[], value: string): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    tree.leaves.push({ key: head, value, leaves: [] });
    return;
  }
  let branch = tree.leaves.find((leaf) => leaf.key === head && leaf.value === undefined);
  if (branch === undefined) {
    branch = { key: head, leaves: [] };
    tree.leaves.push(branch);
  }
  addLeaf(branch, rest, value);
}

function leveled(tree: KeyTree, level: number, items: LeveledItem[]): void {
  if (tree.value !== undefined) {
    items.push({ level, text: `${tree.key}: ${tree.value}` });
    return;
  }
  items.push({ level, text: tree.key });
  tree.leaves.forEach((leaf) => leveled(leaf, level + 1, items));
}

/** tree.go `printPTermTree`; the root's empty key is drawn as an empty first item. */
function keyValueTree(entries: readonly TracingEntry[]): string {
  const root: KeyTree = { key: '', leaves: [] };
  entries.forEach((entry) => addLeaf(root, entry.key.split('/'), entry.value));
  const items: LeveledItem[] = [];
  leveled(root, 0, items);
  return renderTree(treeFromLeveledList(items));
}

function runShow(input: TerwayCliInput, args: readonly string[]): Result<string, string> {
  if (args.length >= 2) return err('too many arguments');
  const type = args[0];
  if (type === undefined) return err('no arguments');
  const daemon = daemonOf(input);
  if (!daemon.ok) return daemon;
  const resources = daemon.value.handlers[type] ?? {};
  const name = Object.keys(resources)[0];
  if (name === undefined) return err(`no resource in the specified type ${type}`);
  const resource = resources[name]!;
  return ok(keyValueTree([...resource.config, ...resource.trace]));
}

function eniTree(entry: ResourceMappingEntry): string {
  const items: LeveledItem[] = [{ level: 0, text: `ENI: ${entry.networkInterfaceId}` },
    { level: 1, text: `MAC: ${entry.mac}` }, { level: 1, text: `Status: ${entry.status}` },
    { level: 1, text: `Type: ${entry.type}` }];
  if (entry.allocInhibitExpireAt !== '') {
    items.push({ level: 1, text: `InhibitExpireAt: ${entry.allocInhibitExpireAt}` });
  }
  if (entry.info.length > 0) {
    items.push({ level: 1, text: 'IPs' }, ...entry.info.map((text) => ({ level: 2, text })));
  }
  return renderTree(treeFromLeveledList(items));
}

function resourceDbTree(entries: readonly ResourceDbEntry[]): string {
  const podKey = (entry: ResourceDbEntry): string => `${entry.podNamespace}/${entry.podName}`;
  const sorted = [...entries].sort((a, b) => (podKey(a) < podKey(b) ? -1
    : podKey(a) > podKey(b) ? 1 : 0));
  const items: LeveledItem[] = [{ level: 0,
    text: `Resource DB (${entries.length} entries)` }];
  sorted.forEach((entry) => {
    const ip = entry.ipv4 !== '' && entry.ipv6 !== '' ? `${entry.ipv4},${entry.ipv6}`
      : entry.ipv4 !== '' ? entry.ipv4 : entry.ipv6;
    items.push({ level: 1, text: `${podKey(entry)} -> ${entry.eniId} ${ip}` });
  });
  return renderTree(treeFromLeveledList(items));
}

function runMapping(input: TerwayCliInput): Result<string, string> {
  const daemon = daemonOf(input);
  if (!daemon.ok) return daemon;
  const { info, resourceDb } = daemon.value.mapping;
  const trees = info.map(eniTree);
  if (resourceDb.length > 0) trees.push(resourceDbTree(resourceDb));
  return ok(trees.join(''));
}

/** Runs `terway-cli ARGS…` against a node's state; the error is terway-cli's one line. */
export function runTerwayCli(input: TerwayCliInput,
  args: readonly string[]): Result<string, string> {
  const [command, ...rest] = args;
  const modelled = `commands: ${terwayCliCommands.join(', ')}`;
  switch (command) {
    case 'list': return runList(input, rest);
    case 'show': return runShow(input, rest);
    case 'mapping': return runMapping(input);
    case 'metadata': return metadataCommand(input);
    case undefined: return err(`terway-cli needs a command; ${modelled}`);
    default:
      return unmodelledCommands.includes(command)
        ? err(`terway-cli ${command} is not modelled; ${modelled}`)
        : err(`unknown command "${command}" for "terway-cli"; ${modelled}`);
  }
}
