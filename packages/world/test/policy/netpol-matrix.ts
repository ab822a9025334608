// The pod topology of the upstream Kubernetes NetworkPolicy e2e ("netpol", k8s.io/kubernetes
// test/e2e/network/netpol): namespaces x, y, z, each with pods a, b, c labelled pod=<name>, each
// serving TCP and UDP on 80 and 81 under the named ports serve-<port>-<tcp|udp>. A case lists
// the pods it creates, its policies, and its truth table as the upstream writes it: everything
// reachable, then expectations applied in order (a later one overrides an earlier one).

import type { NetworkPolicyObject, NetworkPolicySpec } from '@terway-sim/kube-sim';
import { compilePolicy, type PolicyProtocol } from '../../src/policy/compile.js';
import {
  PolicyIndex, type NamedPort, type PolicyPod, type PolicyVerdict,
} from '../../src/policy/evaluate.js';

const namespaceNumber: Readonly<Record<string, number>> = { x: 1, y: 2, z: 3 };
const podNumber: Readonly<Record<string, number>> = { a: 1, b: 2, c: 3 };

/** `x/a` lives at 10.0.1.1, `y/c` at 10.0.2.3. */
export function podIp(pod: string): string {
  const [namespace, name] = pod.split('/') as [string, string];
  return `10.0.${namespaceNumber[namespace]!}.${podNumber[name]!}`;
}

const servedPorts: readonly NamedPort[] = [80, 81].flatMap((port) =>
  (['TCP', 'UDP'] as const).map((protocol) =>
    ({ name: `serve-${port}-${protocol.toLowerCase()}`, port, protocol })));

function policyPod(pod: string): PolicyPod {
  const [namespace, name] = pod.split('/') as [string, string];
  return { key: pod, namespace, labels: { pod: name }, ips: [podIp(pod)],
    namedPorts: servedPorts };
}

export function policy(namespace: string, name: string,
  spec: NetworkPolicySpec): NetworkPolicyObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
    metadata: { namespace, name }, spec };
}

/** One truth-table line: `*` any pod, `x/*` any pod of x, `x/a` one pod. */
export interface Expectation {
  readonly from: string;
  readonly to: string;
  readonly reachable: boolean;
}

export interface Probe {
  readonly protocol: PolicyProtocol;
  readonly port: number;
  readonly expect: readonly Expectation[];
}

export interface MatrixCase {
  /** The upstream test's name (its `f.It` text). */
  readonly name: string;
  readonly pods: readonly string[];
  readonly policies: readonly NetworkPolicyObject[];
  readonly probes: readonly Probe[];
  /** Whether an ipBlock selects pod IPs (felix); the upstream CIDR cases assume it does. */
  readonly ipBlockMatchesPods?: boolean;
}

function covers(pattern: string, pod: string): boolean {
  if (pattern === '*') return true;
  const [namespace, name] = pattern.split('/');
  const [podNamespace, podName] = pod.split('/');
  return namespace === podNamespace && (name === '*' || name === podName);
}

/** The expected table: `from->to` of every pair that should be blocked, sorted. */
export function expectedBlocked(pods: readonly string[], probe: Probe): string[] {
  const blocked: string[] = [];
  for (const from of pods) {
    for (const to of pods) {
      if (from === to) continue;
      let reachable = true;
      for (const line of probe.expect) {
        if (covers(line.from, from) && covers(line.to, to)) reachable = line.reachable;
      }
      if (!reachable) blocked.push(`${from}->${to}`);
    }
  }
  return blocked.sort();
}

export function buildIndex(pods: readonly string[], policies: readonly NetworkPolicyObject[],
  ipBlockMatchesPods: boolean): PolicyIndex {
  const compiled = policies.map((object) => {
    const one = compilePolicy(object);
    if (!one.ok) throw new Error(one.error);
    return one.value;
  });
  return new PolicyIndex({
    policies: compiled, pods: pods.map(policyPod),
    namespaces: ['x', 'y', 'z'].map((name) => ({ name, labels: {} })),
  }, { ipBlockMatchesPods });
}

/** Both sides' verdicts for one packet from pod to pod. */
export function verdicts(index: PolicyIndex, from: string, to: string,
  probe: { readonly protocol: PolicyProtocol; readonly port: number }):
  readonly [PolicyVerdict, PolicyVerdict] {
  const packet = { src: podIp(from), dst: podIp(to), protocol: probe.protocol,
    port: probe.port };
  return [index.egress(policyPod(from), packet), index.ingress(policyPod(to), packet)];
}

/** The table the evaluator produces: `from->to` of every blocked pair, sorted. */
export function actualBlocked(index: PolicyIndex, pods: readonly string[],
  probe: Probe): string[] {
  const blocked: string[] = [];
  for (const from of pods) {
    for (const to of pods) {
      if (from === to) continue;
      const [egress, ingress] = verdicts(index, from, to, probe);
      if (!egress.allowed || !ingress.allowed) blocked.push(`${from}->${to}`);
    }
  }
  return blocked.sort();
}
