// kube-controller-manager's node IPAM, range allocator (k8s.io/kubernetes
// pkg/controller/nodeipam/ipam/range_allocator.go), as VPC route mode needs it: every node gets a
// podCIDR cut from the cluster CIDR (`--cluster-cidr`, `--node-cidr-mask-size`). A node that
// already has one occupies it; a new node gets the next free block (cidr-set.ts), written to
// `spec.podCIDR` / `spec.podCIDRs` shortly after it registers; a deleted node's block goes back.
// When the range is used up the node stays without a podCIDR and gets the event
// `CIDRNotAvailable` ("Node <n> status is now: CIDRNotAvailable"); it is tried again when a block
// is freed. A failed write frees the block and records `CIDRAssignmentFailed`.

import type { Result, Scheduler } from '@terway-sim/sim-base';
import type { Logger } from '../log/logger.js';
import type { KubePort, NodeObject, WatchType } from '../ports/kube.js';
import { CidrSet } from './cidr-set.js';

/** How the allocator writes a node's podCIDR (a patch of spec.podCIDR and spec.podCIDRs). */
export interface NodeCidrWriter {
  setNodePodCidr(nodeName: string, cidr: string): Promise<Result<void, string>>;
}

export interface NodeIpamOptions {
  readonly clusterCidr: string;
  /** `--node-cidr-mask-size` (24 by default). */
  readonly nodeCidrMaskSize: number;
}

export const nodeIpamComponent = 'node-ipam-controller';

/** The IPv4 podCIDR a node carries, if any. */
export function podCidrOf(node: NodeObject): string | undefined {
  const cidrs = [...(node.spec?.podCIDRs ?? []), node.spec?.podCIDR ?? ''];
  return cidrs.find((cidr) => cidr !== '' && !cidr.includes(':'));
}

export class NodeIpam {
  readonly cidrs: CidrSet;
  private readonly byNode = new Map<string, string>();
  private readonly waiting = new Set<string>();
  private readonly inFlight = new Set<string>();

  constructor(private readonly deps: { readonly scheduler: Scheduler;
    readonly kube: Pick<KubePort, 'getNode' | 'recordEvent'>; readonly writer: NodeCidrWriter;
    readonly logger: Logger }, options: NodeIpamOptions) {
    this.cidrs = new CidrSet(options.clusterCidr, options.nodeCidrMaskSize);
  }

  /** The podCIDR handed to a node, if any. */
  cidrOf(nodeName: string): string | undefined {
    return this.byNode.get(nodeName);
  }

  /** A node watch event. Work is queued on the clock, never done inside the watch. */
  nodeEvent(type: WatchType, node: NodeObject): void {
    const name = node.metadata?.name ?? '';
    if (name === '') return;
    if (type === 'DELETED') {
      this.release(name, podCidrOf(node));
      return;
    }
    const existing = podCidrOf(node);
    if (existing !== undefined) {
      if (!this.byNode.has(name) && this.cidrs.occupy(existing)) this.byNode.set(name, existing);
      this.waiting.delete(name);
      return;
    }
    if (this.byNode.has(name) || this.inFlight.has(name)) return;
    this.inFlight.add(name);
    this.deps.scheduler.spawn(`node-ipam ${name}`, () => this.allocate(name));
  }

  private release(name: string, cidr: string | undefined): void {
    const held = this.byNode.get(name) ?? cidr;
    this.byNode.delete(name);
    this.waiting.delete(name);
    if (held === undefined) return;
    this.cidrs.release(held);
    this.deps.logger.info('released podCIDR', { node: name, cidr: held });
    for (const next of [...this.waiting].sort()) {
      this.waiting.delete(next);
      this.inFlight.add(next);
      this.deps.scheduler.spawn(`node-ipam ${next}`, () => this.allocate(next));
    }
  }

  private async allocate(name: string): Promise<void> {
    try {
      const node = await this.deps.kube.getNode(name);
      if (node === undefined || podCidrOf(node) !== undefined) return;
      const next = this.cidrs.allocateNext();
      if (!next.ok) {
        this.waiting.add(name);
        this.deps.logger.error('failed to allocate cidr from cluster cidr', next.error,
          { node: name });
        this.event(name, 'Normal', 'CIDRNotAvailable', `Node ${name} status is now: ` +
          'CIDRNotAvailable');
        return;
      }
      const written = await this.deps.writer.setNodePodCidr(name, next.value);
      if (!written.ok) {
        this.cidrs.release(next.value);
        this.event(name, 'Warning', 'CIDRAssignmentFailed', `Node ${name} status is now: ` +
          `CIDRAssignmentFailed: ${written.error}`);
        return;
      }
      this.byNode.set(name, next.value);
      this.deps.logger.info('set node podCIDR', { node: name, podCIDR: next.value });
    } finally {
      this.inFlight.delete(name);
    }
  }

  private event(name: string, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.deps.kube.recordEvent({ target: { kind: 'Node', name }, type, reason, message,
      source: nodeIpamComponent });
  }
}
