// The views of `terway-sim inspect`: each renders one instant of a run, from its checkpoint
// only, as the real tool prints it. A view is a pure function of (checkpoint, arguments); a bad
// argument is a one-line error naming what exists.

import {
  checkDevices, parseIpCommand, parseTcCommand, renderView, selectLink, type CommandLineResult,
} from '@terway-sim/kernel-shim';
import { err, ok, type Result } from '@terway-sim/sim-base';
import { kubectlCommand } from '@terway-sim/kube-sim';
import {
  checkpointStore, cloudCallView, terwayCliView, type NodeCheckpoint, type WorldCheckpoint,
} from '@terway-sim/world';

export interface InspectView {
  /** The first word of the view on the command line (`kubectl`, `ip`, `metrics`, …). */
  readonly name: string;
  /** Usage, one line: `metrics [NODE|controlplane]`. */
  readonly usage: string;
  render(checkpoint: WorldCheckpoint, args: readonly string[]): Result<string, string>;
}

/** A node by name; the error lists the nodes that exist at that instant. */
export function findNode(checkpoint: WorldCheckpoint,
  name: string | undefined): Result<NodeCheckpoint, string> {
  const live = checkpoint.nodes.filter((node) => !node.lost);
  const node = checkpoint.nodes.find((candidate) => candidate.name === name);
  if (node !== undefined && !node.lost) return ok(node);
  const names = live.map((candidate) => candidate.name).join(', ') || 'none';
  if (node !== undefined) return err(`node ${name} is gone at this instant; nodes: ${names}`);
  return err(`${name === undefined ? 'a node is required' : `no node ${name}`}; nodes: ${names}`);
}

/**
 * `NODE` (its host network namespace) or `NODE/POD` (the pod's, where POD is `name` in the
 * default namespace or `namespace/name`): the kernel namespace a view looks into.
 */
export function findNetns(checkpoint: WorldCheckpoint,
  target: string | undefined): Result<{ readonly node: NodeCheckpoint; readonly netns: string },
    string> {
  const [nodeName, ...podParts] = (target ?? '').split('/');
  const node = findNode(checkpoint, nodeName === '' ? undefined : nodeName);
  if (!node.ok) return node;
  if (podParts.length === 0) return ok({ node: node.value, netns: node.value.hostNs });
  const podKey = podParts.length === 1 ? `default/${podParts[0]}` : podParts.join('/');
  const netns = node.value.podNamespaces[podKey];
  if (netns !== undefined) return ok({ node: node.value, netns });
  const pods = Object.keys(node.value.podNamespaces).join(', ') || 'none';
  return err(`no pod ${podKey} with a sandbox on ${node.value.name}; pods there: ${pods}`);
}

const metricsView: InspectView = {
  name: 'metrics',
  usage: 'metrics NODE|controlplane',
  render(checkpoint, args) {
    const [target] = args;
    if (target === 'controlplane') {
      const { controlplaneMetrics } = checkpoint.header;
      return controlplaneMetrics === undefined
        ? err(`no terway-controlplane runs in ${checkpoint.mode} mode`)
        : ok(controlplaneMetrics);
    }
    const node = findNode(checkpoint, target);
    if (!node.ok) return err(`${node.error}, or controlplane`);
    const metrics = checkpoint.daemon(node.value.name)?.metrics;
    return metrics === undefined
      ? err(`Terway's daemon on ${node.value.name} is not running at this instant (no /metrics)`)
      : ok(metrics);
  },
};

/** terway-cli run on a node (world's terwayCliView; terway-core prints it). */
const terwayCliInspectView: InspectView = {
  name: 'terway-cli',
  usage: 'terway-cli NODE list [TYPE] | show TYPE | mapping | metadata',
  render(checkpoint, args) {
    const [target, ...rest] = args;
    const node = findNode(checkpoint, target);
    return node.ok ? terwayCliView(checkpoint, node.value, rest) : node;
  },
};

/** One ECS/VPC API call against the instant's cloud (a throwaway copy), as the aliyun CLI. */
const cloudView: InspectView = {
  name: 'cloud',
  usage: 'cloud ACTION [Key=Value…]',
  render: cloudCallView,
};

/**
 * `ip NODE[/POD] …` and `tc NODE[/POD] …`: the kernel model's namespace at that instant, in the
 * text iproute2 prints (kernel-shim's renderer, checked against Linux by `kernel verify`).
 */
function iproute2View(tool: 'ip' | 'tc',
  parse: (args: readonly string[]) => CommandLineResult): InspectView {
  return {
    name: tool,
    usage: tool === 'ip'
      ? 'ip NODE[/POD] [-4|-6] [-d] link|addr|route|rule|neigh [show …]'
      : 'tc NODE[/POD] qdisc|filter show [dev NAME] [ingress|egress|parent H]',
    render(checkpoint, args) {
      const [target, ...rest] = args;
      const found = findNetns(checkpoint, target);
      if (!found.ok) return found;
      const snapshot = checkpoint.namespace(found.value.netns);
      if (snapshot === undefined) {
        return err(`network namespace ${found.value.netns} does not exist at this instant`);
      }
      const command = parse(rest);
      if (!command.ok) return command;
      const missing = checkDevices(snapshot, command.value);
      if (missing !== undefined) return err(missing);
      const text = renderView(snapshot, command.value.view);
      const dev = command.value.dev;
      return ok(dev === undefined ? text : selectLink(text, dev));
    },
  };
}

/** `kubectl get|describe …` against the API server's objects at the instant. */
const kubectlView: InspectView = {
  name: 'kubectl',
  usage: 'kubectl get|describe RESOURCE [NAME] [-n NS|-A] [-o wide|yaml|json] [-l SEL]',
  render(checkpoint, args) {
    const ran = kubectlCommand({ store: checkpointStore(checkpoint) }, checkpoint.wallMs, args);
    // kubectl says "No resources found" on stderr; a view has one output, so it is that.
    const said = ran.stdout === '' ? ran.stderr : ran.stdout;
    if (ran.exitCode === 0) return ok(said === '' || said.endsWith('\n') ? said : `${said}\n`);
    return err(ran.stderr.trim().split('\n')[0] ?? `kubectl exited ${ran.exitCode}`);
  },
};

export const inspectViews: readonly InspectView[] = [
  kubectlView, metricsView, terwayCliInspectView, cloudView, iproute2View('ip', parseIpCommand),
  iproute2View('tc', parseTcCommand),
];
