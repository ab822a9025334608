// Terway's policy container as the trace meets it: whether NetworkPolicy is enforced at all, by
// which agent, and the trace hook that asks the evaluator (evaluate.ts) as a packet leaves a pod
// (its egress) and before it reaches one (its ingress).
//
// Whether and how policy is enforced follows terway-cli's `policy` command
// (cmd/terway-cli/policy.go, common.go, cni.go):
// - the eni-config ConfigMap key `disable_network_policy`: absent, "false", "0" or "" keeps
//   policy on; any other value turns it off (felix is not started, Cilium runs with
//   --enable-policy=never);
// - `network_policy_provider` in 10-terway.conf: "ebpf" runs Cilium, anything else (and absent,
//   terway-cli's default "iptables") runs Calico felix;
// - exclusive-ENI nodes run neither (only masquerade rules), so their pods are never isolated.
// Both agents enforce the Kubernetes API; where they differ (an ipBlock naming pod IPs) the
// evaluator is told which one runs.
//
// The index is rebuilt when the API store's resourceVersion moves, so a burst of probes at one
// instant shares one build.

import type { V1Namespace, V1Pod } from '@kubernetes/client-node';
import type { L4Protocol, TraceHook, TraceVerdict } from '@terway-sim/kernel-shim';
import type { ApiServer, NetworkPolicyObject } from '@terway-sim/kube-sim';
import { compilePolicy, type CompiledPolicy, type PolicyProtocol } from './compile.js';
import {
  PolicyIndex, type NamedPort, type PolicyPacket, type PolicyPod, type PolicyVerdict,
} from './evaluate.js';

export type PolicyProvider = 'ebpf' | 'iptables';

export type PolicyEnforcement =
  | { readonly enforced: true; readonly provider: PolicyProvider }
  | { readonly enforced: false; readonly why: string };

export interface PolicyAgentConfig {
  /** The ConfigMap's `disable_network_policy` as written; undefined when absent. */
  readonly disableNetworkPolicy: string | undefined;
  /** 10-terway.conf's `network_policy_provider`; undefined when absent. */
  readonly provider: string | undefined;
  /** Exclusive-ENI clusters run no policy agent. */
  readonly exclusiveEni: boolean;
}

export function policyEnforcement(config: PolicyAgentConfig): PolicyEnforcement {
  if (config.exclusiveEni) {
    return { enforced: false, why: 'exclusive-ENI nodes run no policy agent (terway-cli policy)' };
  }
  const disabled = config.disableNetworkPolicy;
  if (disabled !== undefined && !['false', '0', ''].includes(disabled)) {
    return { enforced: false, why: `disable_network_policy is "${disabled}"` };
  }
  return { enforced: true, provider: config.provider === 'ebpf' ? 'ebpf' : 'iptables' };
}

/** What the agent reads: the API server, and which pod's sandbox lives in which netns. */
export interface PolicyAgentDeps {
  readonly api: ApiServer;
  /** Every pod sandbox: its pod key and network namespace. */
  readonly sandboxes: () => Iterable<readonly [string, string]>;
}

interface Built {
  readonly version: number;
  readonly index: PolicyIndex;
  readonly byNetns: ReadonlyMap<string, PolicyPod>;
  readonly errors: readonly string[];
  readonly policies: number;
}

export class NetworkPolicyAgent {
  readonly enforcement: PolicyEnforcement;
  private built: Built | undefined;
  /** The hook the world's trace asks; no opinion when policy is off or the pod is not isolated. */
  readonly hook: TraceHook = (point, namespace, packet) => {
    if (!this.enforcement.enforced) return undefined;
    const built = this.current();
    if (built.policies === 0) return undefined;
    const pod = built.byNetns.get(namespace);
    if (pod === undefined) return undefined;
    const asked: PolicyPacket = { src: packet.src, dst: packet.dst,
      protocol: policyProtocol(packet.protocol), port: packet.port };
    const verdict = point === 'sent' ? built.index.egress(pod, asked)
      : built.index.ingress(pod, asked);
    return toTraceVerdict(verdict, point === 'sent' ? 'egress' : 'ingress');
  };

  constructor(private readonly deps: PolicyAgentDeps, config: PolicyAgentConfig) {
    this.enforcement = policyEnforcement(config);
  }

  /** Policies the evaluator could not read (each names the policy and field). */
  errors(): readonly string[] {
    return this.current().errors;
  }

  private current(): Built {
    const version = this.deps.api.store.resourceVersion;
    if (this.built?.version === version) return this.built;
    this.built = this.build(version);
    return this.built;
  }

  private build(version: number): Built {
    const store = this.deps.api.store;
    const compiled: CompiledPolicy[] = [];
    const errors: string[] = [];
    const objects = store.list<NetworkPolicyObject>('networking.k8s.io/networkpolicies');
    for (const object of objects.ok ? objects.value.items : []) {
      const one = compilePolicy(object);
      if (one.ok) compiled.push(one.value);
      else errors.push(one.error);
    }
    const namespaces = store.list<V1Namespace>('namespaces');
    const byNetns = new Map<string, PolicyPod>();
    const pods: PolicyPod[] = [];
    for (const [key, netns] of this.deps.sandboxes()) {
      const pod = this.deps.api.getPod(key);
      if (pod === undefined) continue;
      const policyPod = toPolicyPod(key, pod);
      pods.push(policyPod);
      byNetns.set(netns, policyPod);
    }
    const index = new PolicyIndex({
      policies: compiled, pods,
      namespaces: (namespaces.ok ? namespaces.value.items : []).map((namespace) => ({
        name: namespace.metadata?.name ?? '', labels: namespace.metadata?.labels })),
    }, { ipBlockMatchesPods: this.enforcement.enforced
      && this.enforcement.provider === 'iptables' });
    return { version, index, byNetns, errors, policies: compiled.length };
  }
}

function toPolicyPod(key: string, pod: V1Pod): PolicyPod {
  const namedPorts: NamedPort[] = [];
  for (const container of pod.spec?.containers ?? []) {
    for (const port of container.ports ?? []) {
      if (port.name === undefined) continue;
      namedPorts.push({ name: port.name, port: port.containerPort,
        protocol: (port.protocol ?? 'TCP') as PolicyProtocol });
    }
  }
  const ips = (pod.status?.podIPs ?? []).map((entry) => entry.ip);
  const primary = pod.status?.podIP;
  if (primary !== undefined && primary !== '' && !ips.includes(primary)) ips.push(primary);
  return { key, namespace: pod.metadata?.namespace ?? 'default', labels: pod.metadata?.labels,
    ips, namedPorts };
}

/** The trace's protocol in NetworkPolicy's spelling; ICMP (or none) is no policy protocol. */
function policyProtocol(protocol: L4Protocol | undefined): PolicyProtocol | undefined {
  return protocol === undefined || protocol === 'icmp' ? undefined
    : (protocol.toUpperCase() as PolicyProtocol);
}

function toTraceVerdict(verdict: PolicyVerdict,
  direction: 'egress' | 'ingress'): TraceVerdict | undefined {
  if (verdict.allowed) {
    return verdict.policy === undefined ? undefined : { by: 'network-policy', verdict: 'accept',
      rule: verdict.policy, detail: `${direction} allowed by policy ${verdict.policy}` };
  }
  return { by: 'network-policy', verdict: 'drop', rule: verdict.policy, detail: verdict.detail,
    because: { kind: 'networkPolicy', policy: verdict.policy, direction } };
}
