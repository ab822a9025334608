// Conformance of the NetworkPolicy evaluator with the upstream Kubernetes e2e "netpol" cases
// (k8s.io/kubernetes test/e2e/network/netpol/network_policy.go). Each case is named after its
// upstream `f.It`, creates the same pods and policies, and checks the whole truth table (every
// ordered pair of its pods, loopback aside as upstream ignores it) for each port it probes.
// Cases that change state midway (update, delete, relabel) are checked at their final state,
// or split into the states upstream validates.

import { describe, expect, it } from 'vitest';
import type { NetworkPolicySpec } from '@terway-sim/kube-sim';
import {
  actualBlocked, buildIndex, expectedBlocked, policy, type MatrixCase,
} from './netpol-matrix.js';

const nsName = 'kubernetes.io/metadata.name';
const tcp80 = { protocol: 'TCP', port: 80 } as const;
const tcp81 = { protocol: 'TCP', port: 81 } as const;
const podA = { matchLabels: { pod: 'a' } };
const denyIngress: NetworkPolicySpec = { podSelector: {}, policyTypes: ['Ingress'] };
const denyAll: NetworkPolicySpec = { podSelector: {}, policyTypes: ['Ingress', 'Egress'] };

const cases: readonly MatrixCase[] = [
  { name: "should support a 'default-deny-ingress' policy",
    pods: ['x/a', 'x/b', 'y/a', 'y/b'], policies: [policy('x', 'deny-ingress', denyIngress)],
    probes: [{ ...tcp80, expect: [{ from: '*', to: 'x/*', reachable: false }] }] },
  { name: "should support a 'default-deny-all' policy",
    pods: ['x/a', 'x/b', 'y/a'], policies: [policy('x', 'deny-all', denyAll)],
    probes: [{ ...tcp80, expect: [{ from: '*', to: 'x/*', reachable: false },
      { from: 'x/*', to: '*', reachable: false }] }] },
  { name: 'should enforce policy to allow traffic from pods within server namespace based on ' +
      'PodSelector',
    pods: ['x/a', 'x/b', 'x/c', 'y/a'],
    policies: [policy('x', 'x-a-allows-x-b', { podSelector: podA,
      ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }] }] })],
    probes: [{ ...tcp80, expect: [{ from: '*', to: 'x/a', reachable: false },
      { from: 'x/b', to: 'x/a', reachable: true }] }] },
  { name: 'should enforce policy to allow ingress traffic for a target',
    pods: ['x/a', 'x/b', 'y/a'],
    policies: [policy('x', 'deny-all', denyIngress), policy('x', 'allow-all-to-a', {
      podSelector: podA, ingress: [{ from: [{ podSelector: {}, namespaceSelector: {} }] }] })],
    probes: [{ ...tcp80, expect: [{ from: '*', to: 'x/a', reachable: true },
      { from: '*', to: 'x/b', reachable: false }] }] },
  { name: 'should enforce policy to allow ingress traffic from pods in all namespaces',
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    policies: [policy('x', 'allow-from-another-ns', { podSelector: podA,
      ingress: [{ from: [{ namespaceSelector: { matchLabels: {} } }] }] })],
    probes: [{ ...tcp80, expect: [] }] },
  { name: 'should enforce policy to allow traffic only from a different namespace, based on ' +
      'NamespaceSelector',
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    policies: [policy('x', 'allow-client-a-via-ns-selector', { podSelector: podA,
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { [nsName]: 'y' } } }] }] })],
    probes: [{ ...tcp80, expect: [{ from: 'x/*', to: 'x/a', reachable: false },
      { from: 'z/*', to: 'x/a', reachable: false }] }] },
  { name: 'should enforce policy based on PodSelector with MatchExpressions',
    pods: ['x/a', 'x/b', 'y/a'],
    policies: [policy('x', 'x-a-allows-x-b', { podSelector: podA, ingress: [{ from: [{
      podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['b'] }] } }] }] })],
    probes: [{ ...tcp80, expect: [{ from: '*', to: 'x/a', reachable: false },
      { from: 'x/b', to: 'x/a', reachable: true }] }] },
  { name: 'should enforce policy based on NamespaceSelector with MatchExpressions',
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    policies: [policy('x', 'allow-ns-y-match-selector', { podSelector: podA, ingress: [{ from: [{
      namespaceSelector: { matchExpressions: [{ key: nsName, operator: 'In',
        values: ['y'] }] } }] }] })],
    probes: [{ ...tcp80, expect: [{ from: 'x/*', to: 'x/a', reachable: false },
      { from: 'z/*', to: 'x/a', reachable: false }] }] },
  { name: 'should enforce policy based on PodSelector or NamespaceSelector',
    pods: ['x/a', 'x/b', 'x/c', 'y/a'],
    policies: [policy('x', 'allow-ns-y-match-selector', { podSelector: podA, ingress: [{ from: [
      { namespaceSelector: { matchExpressions: [{ key: nsName, operator: 'NotIn',
        values: ['x'] }] } },
      { podSelector: { matchLabels: { pod: 'b' } } }] }] })],
    probes: [{ ...tcp80, expect: [{ from: 'x/c', to: 'x/a', reachable: false }] }] },
  { name: 'should enforce policy based on PodSelector and NamespaceSelector',
    pods: ['x/a', 'x/b', 'y/a', 'y/b', 'z/b'],
    policies: [policy('x', 'allow-ns-y-podselector-and-nsselector', { podSelector: podA,
      ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: nsName,
        operator: 'NotIn', values: ['x'] }] }, podSelector: { matchLabels: { pod: 'b' } } }] }] })],
    probes: [{ ...tcp80, expect: [{ from: '*', to: 'x/a', reachable: false },
      { from: 'y/b', to: 'x/a', reachable: true },
      { from: 'z/b', to: 'x/a', reachable: true }] }] },
  { name: 'should enforce policy based on Multiple PodSelectors and NamespaceSelectors',
    pods: ['x/a', 'x/b', 'y/a', 'y/b', 'y/c'],
    policies: [policy('x', 'allow-ns-y-z-pod-b-c', { podSelector: podA, ingress: [{ from: [{
      namespaceSelector: { matchExpressions: [{ key: nsName, operator: 'NotIn', values: ['x'] }] },
      podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['b', 'c'] }] },
    }] }] })],
    probes: [{ ...tcp80, expect: [{ from: 'x/*', to: 'x/a', reachable: false },
      { from: 'y/a', to: 'x/a', reachable: false }] }] },
  { name: 'should enforce policy based on any PodSelectors',
    pods: ['x/a', 'x/b', 'x/c'],
    policies: [policy('x', 'allow-ns-x-pod-b-c', { podSelector: podA, ingress: [{ from: [
      { podSelector: { matchLabels: { pod: 'b' } } },
      { podSelector: { matchLabels: { pod: 'c' } } }] }] })],
    probes: [{ ...tcp80, expect: [{ from: '*', to: 'x/a', reachable: false },
      { from: 'x/b', to: 'x/a', reachable: true },
      { from: 'x/c', to: 'x/a', reachable: true }] }] },
  { name: 'should enforce policy to allow traffic only from a pod in a different namespace based ' +
      'on PodSelector and NamespaceSelector',
    pods: ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'],
    policies: [policy('x', 'allow-ns-y-pod-a-via-namespace-pod-selector', { podSelector: podA,
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { [nsName]: 'y' } },
        podSelector: podA }] }] })],
    probes: [{ ...tcp80, expect: [{ from: '*', to: 'x/a', reachable: false },
      { from: 'y/a', to: 'x/a', reachable: true }] }] },
  { name: 'should enforce policy based on Ports',
    pods: ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'],
    policies: [policy('x', 'allow-client-a-via-ns-selector', { podSelector: podA, ingress: [{
      from: [{ namespaceSelector: { matchLabels: { [nsName]: 'y' } } }],
      ports: [{ port: 81, protocol: 'TCP' }] }] })],
    probes: [{ ...tcp81, expect: [{ from: 'x/*', to: 'x/a', reachable: false },
      { from: 'y/*', to: 'x/a', reachable: true }, { from: 'z/*', to: 'x/a', reachable: false }] }],
  },
  { name: 'should enforce multiple, stacked policies with overlapping podSelectors',
    pods: ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'],
    policies: [80, 81].map((port) => policy('x', `allow-client-a-via-ns-selector-${port}`, {
      podSelector: podA, ingress: [{ from: [{ namespaceSelector: { matchLabels:
        { [nsName]: 'y' } } }], ports: [{ port, protocol: 'TCP' }] }] })),
    probes: [tcp80, tcp81].map((probe) => ({ ...probe, expect: [
      { from: 'x/*', to: 'x/a', reachable: false }, { from: 'y/*', to: 'x/a', reachable: true },
      { from: 'z/*', to: 'x/a', reachable: false }] })) },
  { name: 'should support allow-all policy',
    pods: ['x/a', 'x/b', 'y/a'],
    policies: [policy('x', 'allow-all', { podSelector: {}, ingress: [{}] })],
    probes: [{ ...tcp80, expect: [] }, { ...tcp81, expect: [] }] },
  { name: 'should allow ingress access on one named port',
    pods: ['x/a', 'x/b', 'y/a'],
    policies: [policy('x', 'allow-all', { podSelector: {},
      ingress: [{ ports: [{ port: 'serve-81-tcp' }] }] })],
    probes: [{ ...tcp81, expect: [] },
      { ...tcp80, expect: [{ from: '*', to: 'x/*', reachable: false }] }] },
  { name: 'should allow ingress access from namespace on one named port',
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    policies: [policy('x', 'allow-client-a-via-ns-selector-80', { podSelector: podA, ingress: [{
      from: [{ namespaceSelector: { matchLabels: { [nsName]: 'y' } } }],
      ports: [{ port: 'serve-80-tcp', protocol: 'TCP' }] }] })],
    probes: [{ ...tcp80, expect: [{ from: 'x/*', to: 'x/a', reachable: false },
      { from: 'z/*', to: 'x/a', reachable: false }] },
    { ...tcp81, expect: [{ from: '*', to: 'x/a', reachable: false }] }] },
  { name: 'should allow egress access on one named port',
    pods: ['x/a', 'y/a'],
    policies: [policy('x', 'allow-egress', { podSelector: {}, policyTypes: ['Egress'],
      egress: [{ ports: [{ port: 'serve-80-tcp' }] }] })],
    probes: [{ ...tcp80, expect: [] },
      { ...tcp81, expect: [{ from: 'x/*', to: '*', reachable: false }] }] },
  { name: 'should enforce updated policy (after the update to deny all)',
    pods: ['x/a', 'y/a'],
    policies: [policy('x', 'allow-all-mutate-to-deny-all', { podSelector: {}, ingress: [] })],
    probes: [{ ...tcp81, expect: [{ from: '*', to: 'x/*', reachable: false }] }] },
  { name: 'should deny ingress from pods on other namespaces',
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    policies: [policy('x', 'deny-empty-policy', { podSelector: {},
      ingress: [{ from: [{ podSelector: { matchLabels: {} } }] }] })],
    probes: [{ ...tcp80, expect: [{ from: 'y/*', to: 'x/*', reachable: false },
      { from: 'z/*', to: 'x/*', reachable: false }] }] },
  { name: 'should deny egress from pods based on PodSelector',
    pods: ['x/a', 'x/b', 'y/a'],
    policies: [policy('x', 'deny-egress-pod-a', { podSelector: podA, policyTypes: ['Egress'] })],
    probes: [{ ...tcp80, expect: [{ from: 'x/a', to: '*', reachable: false }] }] },
  { name: 'should deny egress from all pods in a namespace',
    pods: ['x/a', 'x/b', 'y/a'],
    policies: [policy('x', 'deny-egress-ns-x', { podSelector: {}, policyTypes: ['Egress'] })],
    probes: [{ ...tcp80, expect: [{ from: 'x/*', to: '*', reachable: false }] }] },
  { name: 'should work with Ingress, Egress specified together',
    pods: ['x/a', 'x/b', 'x/c', 'y/a'],
    policies: [policy('x', 'allow-client-a-via-pod-selector', { podSelector: podA,
      policyTypes: ['Egress', 'Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }] }],
      egress: [{ ports: [{ port: 80 }] }] })],
    probes: [{ ...tcp80, expect: [{ from: '*', to: 'x/a', reachable: false },
      { from: 'x/b', to: 'x/a', reachable: true }] },
    { ...tcp81, expect: [{ from: '*', to: 'x/a', reachable: false },
      { from: 'x/a', to: '*', reachable: false }, { from: 'x/b', to: 'x/a', reachable: true }] }] },
  { name: 'should support denying of egress traffic on the client side (even if the server ' +
      'explicitly allows this traffic)',
    pods: ['x/a', 'y/a', 'y/b'],
    policies: [
      policy('x', 'allow-to-ns-y-pod-a', { podSelector: podA, policyTypes: ['Egress'], egress: [{
        to: [{ namespaceSelector: { matchLabels: { [nsName]: 'y' } }, podSelector: podA }] }] }),
      ...['a', 'b'].map((name) => policy('y', `allow-from-xa-on-y${name}-match-selector`, {
        podSelector: { matchLabels: { pod: name } }, ingress: [{ from: [{ namespaceSelector:
          { matchLabels: { [nsName]: 'x' } }, podSelector: podA }] }] }))],
    probes: [{ ...tcp80, expect: [{ from: 'x/a', to: '*', reachable: false },
      { from: '*', to: 'y/a', reachable: false }, { from: 'x/a', to: 'y/a', reachable: true },
      { from: '*', to: 'y/b', reachable: false }] }] },
  { name: 'should enforce egress policy allowing traffic to a server in a different namespace ' +
      'based on PodSelector and NamespaceSelector',
    pods: ['x/a', 'y/a', 'y/b'],
    policies: [policy('x', 'allow-to-ns-y-pod-a', { podSelector: podA, policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { [nsName]: 'y' } },
        podSelector: podA }] }] })],
    probes: [{ ...tcp80, expect: [{ from: 'x/a', to: '*', reachable: false },
      { from: 'x/a', to: 'y/a', reachable: true }] }] },
  { name: 'should enforce ingress policy allowing any port traffic to a server on a specific ' +
      'protocol',
    pods: ['x/a', 'y/a'],
    policies: [policy('x', 'allow-ingress-by-proto', { podSelector: podA,
      ingress: [{ ports: [{ protocol: 'TCP' }] }] })],
    probes: [{ ...tcp80, expect: [] }, { protocol: 'UDP', port: 80,
      expect: [{ from: '*', to: 'x/a', reachable: false }] }] },
  { name: 'should enforce multiple ingress policies with ingress allow-all policy taking ' +
      'precedence',
    pods: ['x/a', 'y/a'],
    policies: [policy('x', 'allow-ingress-port-80', { podSelector: {},
      ingress: [{ ports: [{ port: 80 }] }] }),
    policy('x', 'allow-ingress', { podSelector: {}, ingress: [{}] })],
    probes: [{ ...tcp81, expect: [] }] },
  { name: 'should enforce multiple egress policies with egress allow-all policy taking precedence',
    pods: ['x/a', 'y/a'],
    policies: [policy('x', 'allow-egress-port-80', { podSelector: {}, policyTypes: ['Egress'],
      egress: [{ ports: [{ port: 80 }] }] }),
    policy('x', 'allow-egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{}] })],
    probes: [{ ...tcp81, expect: [] }] },
  { name: 'should allow egress access to server in CIDR block',
    pods: ['x/a', 'y/a', 'y/b'], ipBlockMatchesPods: true,
    policies: [policy('x', 'allow-client-a-via-cidr-egress-rule', { podSelector: podA,
      policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.2.2/32' } }] }] })],
    probes: [{ ...tcp80, expect: [{ from: 'x/a', to: '*', reachable: false },
      { from: 'x/a', to: 'y/b', reachable: true }] }] },
  { name: 'should enforce except clause while egress access to server in CIDR block',
    pods: ['x/a', 'x/b', 'x/c'], ipBlockMatchesPods: true,
    policies: [policy('x', 'allow-client-a-via-cidr-egress-rule', { podSelector: podA,
      policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.1.0/24',
        except: ['10.0.1.2/32'] } }] }] })],
    probes: [{ ...tcp80, expect: [{ from: 'x/a', to: 'x/b', reachable: false }] }] },
  { name: 'should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed ' +
      '(after the second policy replaces the first)',
    pods: ['x/a', 'x/b', 'x/c'], ipBlockMatchesPods: true,
    policies: [policy('x', 'allow-client-a-via-cidr-egress-rule', { podSelector: podA,
      policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.1.2/32' } }] }] })],
    probes: [{ ...tcp80, expect: [{ from: 'x/a', to: '*', reachable: false },
      { from: 'x/a', to: 'x/b', reachable: true }] }] },
  { name: 'should enforce policies to check ingress and egress policies can be controlled ' +
      'independently based on PodSelector',
    pods: ['x/a', 'x/b', 'y/a'],
    policies: [policy('x', 'allow-egress-for-target', { podSelector: podA,
      policyTypes: ['Egress'], egress: [{}] }),
    policy('x', 'deny-ingress-via-label-selector', { podSelector: podA,
      policyTypes: ['Ingress'] })],
    probes: [{ ...tcp80, expect: [{ from: '*', to: 'x/a', reachable: false }] }] },
  { name: "should not mistakenly treat 'protocol: SCTP' as 'protocol: TCP', even if the plugin " +
      "doesn't support SCTP",
    pods: ['x/a', 'y/a'],
    policies: [policy('x', 'deny-ingress', denyIngress),
      policy('x', 'allow-only-sctp-ingress-on-port-81', { podSelector: podA,
        ingress: [{ ports: [{ port: 81, protocol: 'SCTP' }] }] })],
    probes: [{ ...tcp81, expect: [{ from: '*', to: 'x/*', reachable: false }] }] },
];

describe('NetworkPolicy conformance with the upstream netpol e2e matrix', () => {
  it.each(cases)('$name', ({ pods, policies, probes, ipBlockMatchesPods }) => {
    const index = buildIndex(pods, policies, ipBlockMatchesPods ?? false);
    for (const probe of probes) {
      expect({ probe: `${probe.protocol}/${probe.port}`,
        blocked: actualBlocked(index, pods, probe) })
        .toEqual({ probe: `${probe.protocol}/${probe.port}`,
          blocked: expectedBlocked(pods, probe) });
    }
  });
});
