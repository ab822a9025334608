// The commands of the model-based node test (fast-check `AsyncCommand`s): create a pod, delete
// one, let virtual time pass, inject a cloud fault for a while, restart the daemon. Each command
// acts on the node, lets the clock run until its effect settles (bounded), folds the API server's
// view into the model and runs every check; a finding fails the run with the node's name, the
// virtual instant and what disagreed.
//
// Pods go through the kubelet and the CNI plugin on the kernel model (ADD/DEL as containerd
// calls them), so every mode is driven the same way: the ENIIP pool, trunk member ENIs, exclusive
// ENIs and host-local addresses of the node's podCIDR.

import type { FaultRuleInput } from '@terway-sim/cloud-emulator';
import fc from 'fast-check';
import { checkNode, observe, type NodeModel } from './node-model.js';
import type { NodeRig } from './node-rig.js';

/** Live pods at most: a small node fills up, and a command sequence stays short. */
export const livePodsMax = 8;
/** How long a pod is given to get an IP, or to go once deleted. */
const settleMs = 30_000;
const restartMaxMs = 120_000;

export class NodeModelViolation extends Error {}

/** Folds, checks, and throws the findings (the runner prints the command sequence with them). */
function verify(model: NodeModel, rig: NodeRig): void {
  const findings = [...observe(model, rig), ...checkNode(model, rig)];
  if (findings.length > 0) {
    const where = `at ${rig.nowMs} ms on ${rig.node.name} (${rig.mode})`;
    throw new NodeModelViolation(`${where}:\n  - ${findings.join('\n  - ')}`);
  }
}

type NodeCommand = fc.AsyncCommand<NodeModel, NodeRig>;

class CreatePod implements NodeCommand {
  check(model: Readonly<NodeModel>): boolean {
    return model.pods.size < livePodsMax;
  }

  async run(model: NodeModel, rig: NodeRig): Promise<void> {
    const name = `p${model.nextPod++}`;
    model.pods.set(name, { ip: undefined });
    model.quietSinceMs = rig.nowMs;
    rig.createPod(name);
    await rig.runUntil(() => rig.pod(name)?.status?.phase === 'Running', settleMs);
    verify(model, rig);
  }

  toString(): string {
    return 'createPod';
  }
}

class DeletePod implements NodeCommand {
  constructor(private readonly pick: number) {}

  check(model: Readonly<NodeModel>): boolean {
    return model.pods.size > 0;
  }

  async run(model: NodeModel, rig: NodeRig): Promise<void> {
    const names = [...model.pods.keys()];
    const name = names[this.pick % names.length]!;
    model.quietSinceMs = rig.nowMs;
    rig.deletePod(name);
    await rig.runUntil(() => rig.pod(name) === undefined, settleMs);
    verify(model, rig);
  }

  toString(): string {
    return `deletePod(#${this.pick})`;
  }
}

class Advance implements NodeCommand {
  constructor(private readonly ms: number) {}

  check(): boolean {
    return true;
  }

  async run(model: NodeModel, rig: NodeRig): Promise<void> {
    await rig.run(this.ms);
    verify(model, rig);
  }

  toString(): string {
    return `advance(${this.ms})`;
  }
}

/** A cloud API error for a while (the emulator's fault plan, replaced as a whole). */
class InjectFault implements NodeCommand {
  constructor(private readonly action: string, private readonly code: string,
    private readonly oneIn: number, private readonly forMs: number) {}

  check(): boolean {
    return true;
  }

  async run(model: NodeModel, rig: NodeRig): Promise<void> {
    const fromMs = rig.nowMs;
    const probability = this.oneIn === 1 ? 1 : `1/${this.oneIn}`;
    const rule: FaultRuleInput = { kind: 'error', code: this.code, api: this.action, probability,
      fromMs, untilMs: fromMs + this.forMs };
    rig.setFaults([rule]);
    model.faultsUntilMs = Math.max(model.faultsUntilMs, fromMs + this.forMs);
    model.quietSinceMs = rig.nowMs;
    await rig.run(1_000);
    verify(model, rig);
  }

  toString(): string {
    return `fault(${this.action}, ${this.code}, 1/${this.oneIn}, ${this.forMs} ms)`;
  }
}

class RestartDaemon implements NodeCommand {
  check(): boolean {
    return true;
  }

  async run(model: NodeModel, rig: NodeRig): Promise<void> {
    model.quietSinceMs = rig.nowMs;
    rig.restartDaemon();
    await rig.runUntil(() => rig.daemonRunning(), restartMaxMs);
    verify(model, rig);
  }

  toString(): string {
    return 'restartDaemon';
  }
}

/** The calls each mode makes, where injected errors bite. */
const faultActions: Readonly<Record<NodeRig['mode'], readonly string[]>> = {
  eniip: ['CreateNetworkInterface', 'AttachNetworkInterface', 'AssignPrivateIpAddresses',
    'UnassignPrivateIpAddresses', 'DeleteNetworkInterface'],
  trunk: ['CreateNetworkInterface', 'AttachNetworkInterface', 'DetachNetworkInterface',
    'DeleteNetworkInterface'],
  eni: ['CreateNetworkInterface', 'AttachNetworkInterface', 'DetachNetworkInterface',
    'DeleteNetworkInterface'],
  vpc: ['CreateRouteEntry', 'DescribeRouteEntryList'],
};

const faultCodes = ['Throttling', 'InternalError', 'ServiceUnavailable', 'Operation.Conflict'];

export interface NodeCommandOptions {
  readonly mode: NodeRig['mode'];
  /** Include daemon restarts (default true). */
  readonly restarts?: boolean;
  readonly commandsMax?: number;
}

export function nodeCommands(options: NodeCommandOptions): fc.Arbitrary<Iterable<NodeCommand>> {
  const create = fc.constant(new CreatePod());
  const remove = fc.nat({ max: livePodsMax - 1 }).map((pick) => new DeletePod(pick));
  const advance = fc.oneof(fc.integer({ min: 1_000, max: 30_000 }),
    fc.integer({ min: 60_000, max: 300_000 })).map((ms) => new Advance(ms));
  const fault = fc.tuple(fc.constantFrom(...faultActions[options.mode]),
    fc.constantFrom(...faultCodes),
    fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5_000, max: 120_000 }))
    .map(([action, code, oneIn, forMs]) => new InjectFault(action, code, oneIn, forMs));
  const restart = fc.constant(new RestartDaemon());
  const restarts = options.restarts === false ? [] : [restart];
  const all = [create, create, create, remove, remove, advance, advance, fault, ...restarts];
  return fc.commands(all, { maxCommands: options.commandsMax ?? 40, size: 'large' });
}
