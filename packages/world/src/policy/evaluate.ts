// Decides whether NetworkPolicy lets one packet through, as the agent in Terway's policy
// container does on each node: the sender's egress policies are checked where the packet leaves
// its pod, the receiver's ingress policies where it arrives. A side is isolated in a direction
// when at least one policy of its namespace selects the pod and covers that direction; an
// isolated side lets the packet through only when some rule of one of those policies matches
// both the peer and the port (policies are additive allow-lists, never denies).
//
// What Kubernetes leaves to the implementation follows Cilium (the `ebpf` policy provider that
// Terway's chart installs): an ipBlock does not select the IPs of pods in the cluster (Cilium
// matches pods by identity, and its CIDR rules skip cluster endpoints), unless the caller says
// the provider matches them (Calico felix, the `iptables` provider, does). A pod talking to
// itself is never checked (the upstream e2e ignores loopback too).
//
// The index is built once per state of the API store: policies grouped by namespace, the
// policies selecting each pod found on first use and kept, and the namespaces each selector
// matches kept, so a probe costs a few map lookups plus the rules of the policies selecting its
// two ends, not a walk of every policy.

import { labelsMatch, type LabelSelector, type Labels } from '@terway-sim/kube-sim';
import { prefixContains } from '@terway-sim/sim-base';
import type {
  CompiledPeer, CompiledPolicy, CompiledPort, CompiledRule, PolicyProtocol,
} from './compile.js';

export interface NamedPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: PolicyProtocol;
}

/** A pod as policy sees it: where it lives, its labels, its addresses and its named ports. */
export interface PolicyPod {
  /** `namespace/name`. */
  readonly key: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly ips: readonly string[];
  readonly namedPorts: readonly NamedPort[];
}

export interface PolicyNamespace {
  readonly name: string;
  readonly labels: Labels;
}

/**
 * The part of a packet policy reads: addresses, L4 protocol and destination port. A packet
 * without a protocol (an ICMP echo) matches only rules that name no ports.
 */
export interface PolicyPacket {
  readonly src: string;
  readonly dst: string;
  readonly protocol: PolicyProtocol | undefined;
  readonly port: number | undefined;
}

export type PolicyDirection = 'ingress' | 'egress';

export type PolicyVerdict =
  | {
      readonly allowed: true;
      /** The policy whose rule allowed it; undefined when no policy isolates the pod. */
      readonly policy: string | undefined;
    }
  | {
      readonly allowed: false;
      readonly direction: PolicyDirection;
      /**
       * The policy named as the cause: the first (by namespace/name) isolating policy without a
       * rule for this direction (a default deny), else the first isolating policy.
       */
      readonly policy: string;
      /** Every policy selecting the pod in that direction, sorted. */
      readonly policies: readonly string[];
      readonly detail: string;
    };

export interface PolicyIndexOptions {
  /** Whether an ipBlock selects pod IPs (Calico felix: yes; Cilium: no). */
  readonly ipBlockMatchesPods: boolean;
}

const namespaceNameLabel = 'kubernetes.io/metadata.name';

interface Selecting {
  readonly ingress: readonly CompiledPolicy[];
  readonly egress: readonly CompiledPolicy[];
}

export class PolicyIndex {
  private readonly byNamespace = new Map<string, CompiledPolicy[]>();
  private readonly podsByIp = new Map<string, PolicyPod>();
  private readonly namespaceLabels = new Map<string, Labels>();
  private readonly selecting = new Map<string, Selecting>();
  private readonly namespacesMatching = new Map<LabelSelector, Set<string>>();

  constructor(input: {
    readonly policies: readonly CompiledPolicy[];
    readonly pods: readonly PolicyPod[];
    readonly namespaces: readonly PolicyNamespace[];
  }, private readonly options: PolicyIndexOptions) {
    const sorted = [...input.policies].sort((a, b) => (a.key < b.key ? -1 : 1));
    for (const policy of sorted) {
      const list = this.byNamespace.get(policy.namespace) ?? [];
      list.push(policy);
      this.byNamespace.set(policy.namespace, list);
    }
    for (const pod of input.pods) for (const ip of pod.ips) this.podsByIp.set(ip, pod);
    for (const namespace of input.namespaces) {
      // The API server labels every namespace with its name (since Kubernetes 1.21).
      this.namespaceLabels.set(namespace.name,
        { ...namespace.labels, [namespaceNameLabel]: namespace.name });
    }
  }

  /** The pod holding `ip`, if any. */
  podAt(ip: string): PolicyPod | undefined {
    return this.podsByIp.get(ip);
  }

  /** Whether the policies of the packet's sender let it leave (`src` is the sending pod). */
  egress(src: PolicyPod, packet: PolicyPacket): PolicyVerdict {
    const remote = this.podsByIp.get(packet.dst);
    return this.decide(src, 'egress', { ip: packet.dst, pod: remote }, packet,
      remote?.namedPorts ?? []);
  }

  /** Whether the policies of the packet's receiver let it in (`dst` is the receiving pod). */
  ingress(dst: PolicyPod, packet: PolicyPacket): PolicyVerdict {
    return this.decide(dst, 'ingress', { ip: packet.src, pod: this.podsByIp.get(packet.src) },
      packet, dst.namedPorts);
  }

  private decide(pod: PolicyPod, direction: PolicyDirection,
    remote: { readonly ip: string; readonly pod: PolicyPod | undefined },
    packet: PolicyPacket, destinationPorts: readonly NamedPort[]): PolicyVerdict {
    if (remote.pod === pod) return { allowed: true, policy: undefined };
    const policies = this.selectingPolicies(pod)[direction];
    if (policies.length === 0) return { allowed: true, policy: undefined };
    for (const policy of policies) {
      const rules = policy[direction] ?? [];
      for (const rule of rules) {
        if (this.ruleMatches(rule, policy, remote, packet, destinationPorts)) {
          return { allowed: true, policy: policy.key };
        }
      }
    }
    // Every isolating policy shares the blame; a pure default-deny (no rule in that direction)
    // is the one a person looks for, so it is named first when there is one.
    const first = policies.find((policy) => (policy[direction] ?? []).length === 0)
      ?? policies[0]!;
    const peer = remote.pod === undefined ? remote.ip : `${remote.pod.key} (${remote.ip})`;
    const way = direction === 'ingress' ? 'from' : 'to';
    return {
      allowed: false, direction, policy: first.key,
      policies: policies.map((policy) => policy.key),
      detail: `default deny by policy ${first.key} selecting ${pod.key} (${direction}): ` +
        `no rule of ${policies.map((policy) => policy.key).join(', ')} allows ${way} ${peer} ` +
        `on ${packet.protocol === undefined ? 'a packet without ports'
          : `${packet.protocol}/${packet.port ?? 0}`}`,
    };
  }

  private selectingPolicies(pod: PolicyPod): Selecting {
    const known = this.selecting.get(pod.key);
    if (known !== undefined) return known;
    const ingress: CompiledPolicy[] = [];
    const egress: CompiledPolicy[] = [];
    for (const policy of this.byNamespace.get(pod.namespace) ?? []) {
      if (!labelsMatch(policy.podSelector, pod.labels)) continue;
      if (policy.ingress !== undefined) ingress.push(policy);
      if (policy.egress !== undefined) egress.push(policy);
    }
    const selecting = { ingress, egress };
    this.selecting.set(pod.key, selecting);
    return selecting;
  }

  private ruleMatches(rule: CompiledRule, policy: CompiledPolicy,
    remote: { readonly ip: string; readonly pod: PolicyPod | undefined },
    packet: PolicyPacket, destinationPorts: readonly NamedPort[]): boolean {
    const portOk = rule.ports === undefined
      || rule.ports.some((port) => portMatches(port, packet, destinationPorts));
    if (!portOk) return false;
    return rule.peers === undefined
      || rule.peers.some((peer) => this.peerMatches(peer, policy, remote));
  }

  private peerMatches(peer: CompiledPeer, policy: CompiledPolicy,
    remote: { readonly ip: string; readonly pod: PolicyPod | undefined }): boolean {
    if (peer.kind === 'ipBlock') {
      if (remote.pod !== undefined && !this.options.ipBlockMatchesPods) return false;
      return prefixContains(peer.cidr, remote.ip)
        && !peer.except.some((except) => prefixContains(except, remote.ip));
    }
    const pod = remote.pod;
    if (pod === undefined) return false;
    const namespaceOk = peer.namespaces === undefined ? pod.namespace === policy.namespace
      : this.namespaceSet(peer.namespaces).has(pod.namespace);
    return namespaceOk && labelsMatch(peer.pods, pod.labels);
  }

  private namespaceSet(selector: LabelSelector): Set<string> {
    const known = this.namespacesMatching.get(selector);
    if (known !== undefined) return known;
    const names = new Set<string>();
    for (const [name, labels] of this.namespaceLabels) {
      if (labelsMatch(selector, labels)) names.add(name);
    }
    this.namespacesMatching.set(selector, names);
    return names;
  }
}

function portMatches(port: CompiledPort, packet: PolicyPacket,
  destinationPorts: readonly NamedPort[]): boolean {
  if (port.protocol !== packet.protocol || packet.port === undefined) return false;
  if (port.port === undefined) return true;
  if (typeof port.port === 'string') {
    return destinationPorts.some((named) => named.name === port.port
      && named.protocol === packet.protocol && named.port === packet.port);
  }
  const last = port.endPort ?? port.port;
  return packet.port >= port.port && packet.port <= last;
}
