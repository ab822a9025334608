// kube-controller-manager's node IPAM, range allocator (k8s.io/kubernetes
// pkg/controller/nodeipam/ipam/range_allocator.go), as VPC route mode needs it: every node gets a
// podCIDR cut from the cluster CIDR (`--cluster-cidr`, `--node-cidr-mask-size`). A node that
// already has one occupies it; a new node gets the next free block (cidr-set.ts), written to
// `spec.podCIDR` / `spec.podCIDRs` shortly after it registers; a deleted node's block goes back.
// When the range is used up the node stays without a podCIDR and gets the event
// `CIDRNotAvailable` ("Node <n> status is now: CIDRNotAvailable"); it is tried again when a block
// is freed. A failed write (the node went meanwhile) frees the block and records
// `CIDRAssignmentFailed`. It logs as kube-controller-manager; its events come from
// `node-ipam-controller`.

import type { V1Node } from '@kubernetes/client-node';
import type { Scheduler } from '@terway-sim/sim-base';
import type { ApiServer, WatchType } from '../../api/api-server.js';
import type { ComponentLog } from '../component-log.js';
import { CidrSet } from './cidr-set.js';

export interface NodeIpamOptions {
  readonly clusterCidr: string;
  /** `--node-cidr-mask-size` (24 by default). */
  readonly nodeCidrMaskSize: number;
}

export const nodeIpamComponent = 'node-ipam-controller';
/** The process the controller runs in, as its log lines name it. */
export const kubeControllerManager = 'kube-controller-manager';

export interface NodeIpamDeps {
  readonly scheduler: Scheduler;
  readonly api: Pick<ApiServer, 'getNode' | 'updateNode' | 'recordEvent'>;
  readonly log: ComponentLog;
}

/** The IPv4 podCIDR a node carries, if any. */
export function podCidrOf(node: V1Node): string | undefined {
  const cidrs = [...(node.spec?.podCIDRs ?? []), node.spec?.podCIDR ?? ''];
  return cidrs.find((cidr) => cidr !== '' && !cidr.includes(':'));
}

export class NodeIpam {
  readonly cidrs: CidrSet;
  private readonly byNode = new Map<string, string>();
  private readonly waiting = new Set<string>();
  private readonly inFlight = new Set<string>();

  constructor(private readonly deps: NodeIpamDeps, options: NodeIpamOptions) {
    this.cidrs = new CidrSet(options.clusterCidr, options.nodeCidrMaskSize);
  }

  /** The podCIDR handed to a node, if any. */
  cidrOf(nodeName: string): string | undefined {
    return this.byNode.get(nodeName);
  }

  /** A node watch event. Work is queued on the clock, never done inside the watch. */
  nodeEvent(type: WatchType, node: V1Node): void {
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
    this.deps.scheduler.after(0, () => this.allocate(name));
  }

  private release(name: string, cidr: string | undefined): void {
    const held = this.byNode.get(name) ?? cidr;
    this.byNode.delete(name);
    this.waiting.delete(name);
    if (held === undefined) return;
    this.cidrs.release(held);
    this.deps.log.info('released podCIDR', { node: name, cidr: held });
    for (const next of [...this.waiting].sort()) {
      this.waiting.delete(next);
      this.inFlight.add(next);
      this.deps.scheduler.after(0, () => this.allocate(next));
    }
  }

  private allocate(name: string): void {
    try {
      const node = this.deps.api.getNode(name);
      if (node === undefined || podCidrOf(node) !== undefined) return;
      const next = this.cidrs.allocateNext();
      if (!next.ok) {
        this.waiting.add(name);
        this.deps.log.error('failed to allocate cidr from cluster cidr', next.error,
          { node: name });
        this.event(name, 'Normal', 'CIDRNotAvailable', `Node ${name} status is now: ` +
          'CIDRNotAvailable');
        return;
      }
      const cidr = next.value;
      const written = this.deps.api.updateNode(name, (current) => ({ ...current,
        spec: { ...current.spec, podCIDR: cidr, podCIDRs: [cidr] } }));
      if (written === undefined) {
        this.cidrs.release(cidr);
        this.event(name, 'Warning', 'CIDRAssignmentFailed', `Node ${name} status is now: ` +
          `CIDRAssignmentFailed: nodes "${name}" not found`);
        return;
      }
      this.byNode.set(name, cidr);
      this.deps.log.info('set node podCIDR', { node: name, podCIDR: cidr });
    } finally {
      this.inFlight.delete(name);
    }
  }

  private event(name: string, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.deps.api.recordEvent({ kind: 'Node', namespace: '', name, type, reason, message,
      source: nodeIpamComponent });
  }
}
