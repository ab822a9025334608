// The evaluator beyond the upstream matrix: what Kubernetes leaves to the implementation
// (ipBlock and pod IPs, Cilium's choice), port ranges (endPort), the verdict naming the policy,
// policyTypes' defaults, malformed policies, and when terway-cli's policy container enforces
// anything at all.

import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../src/policy/compile.js';
import { policyEnforcement } from '../../src/policy/policy-agent.js';
import { buildIndex, policy, verdicts } from './netpol-matrix.js';

const podA = { matchLabels: { pod: 'a' } };

describe('ipBlock and pod IPs', () => {
  const policies = [policy('x', 'to-cidr', { podSelector: podA, policyTypes: ['Egress'],
    egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.9.0.0/16'] } }] }] })];
  const cases = [
    { name: 'Cilium: an ipBlock does not select a pod', matchesPods: false, dst: '10.0.2.2',
      allowed: false },
    { name: 'felix: an ipBlock selects a pod', matchesPods: true, dst: '10.0.2.2',
      allowed: true },
    { name: 'Cilium: an ipBlock selects an address outside the cluster', matchesPods: false,
      dst: '10.1.2.3', allowed: true },
    { name: 'except carves out of the block', matchesPods: false, dst: '10.9.0.1',
      allowed: false },
  ];
  it.each(cases)('$name', ({ matchesPods, dst, allowed }) => {
    const index = buildIndex(['x/a', 'y/b'], policies, matchesPods);
    const verdict = index.egress({ key: 'x/a', namespace: 'x', labels: { pod: 'a' },
      ips: ['10.0.1.1'], namedPorts: [] }, { src: '10.0.1.1', dst, protocol: 'TCP',
      port: 80 });
    expect(verdict.allowed).toBe(allowed);
  });
});

describe('port ranges (endPort)', () => {
  const policies = [policy('x', 'range', { podSelector: podA,
    ingress: [{ ports: [{ protocol: 'TCP', port: 8080, endPort: 8090 }] }] })];
  const cases = [
    { name: 'below the range', port: 8079, allowed: false },
    { name: 'first port', port: 8080, allowed: true },
    { name: 'last port (inclusive)', port: 8090, allowed: true },
    { name: 'above the range', port: 8091, allowed: false },
  ];
  it.each(cases)('$name', ({ port, allowed }) => {
    const index = buildIndex(['x/a', 'y/a'], policies, false);
    const [, ingress] = verdicts(index, 'y/a', 'x/a', { protocol: 'TCP', port });
    expect(ingress.allowed).toBe(allowed);
  });
});

describe('verdicts', () => {
  it('a denied packet names the first isolating policy and lists them all', () => {
    const index = buildIndex(['x/a', 'y/a'], [
      policy('x', 'b-allow-80', { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] }),
      policy('x', 'a-deny', { podSelector: podA, policyTypes: ['Ingress'] })], false);
    const [, ingress] = verdicts(index, 'y/a', 'x/a', { protocol: 'TCP', port: 81 });
    expect(ingress).toEqual({ allowed: false, direction: 'ingress', policy: 'x/a-deny',
      policies: ['x/a-deny', 'x/b-allow-80'],
      detail: 'default deny by policy x/a-deny selecting x/a (ingress): no rule of x/a-deny, ' +
        'x/b-allow-80 allows from y/a (10.0.2.1) on TCP/81' });
    const [, allowed] = verdicts(index, 'y/a', 'x/a', { protocol: 'TCP', port: 80 });
    expect(allowed).toEqual({ allowed: true, policy: 'x/b-allow-80' });
  });

  it('without policyTypes, egress rules add Egress and Ingress is always covered', () => {
    const index = buildIndex(['x/a', 'y/a', 'y/b'], [policy('x', 'egress-to-ya', {
      podSelector: podA, egress: [{ to: [{ namespaceSelector: {}, podSelector: podA }] }] })],
    false);
    expect(verdicts(index, 'x/a', 'y/b', { protocol: 'TCP', port: 80 })[0].allowed).toBe(false);
    expect(verdicts(index, 'x/a', 'y/a', { protocol: 'TCP', port: 80 })[0].allowed).toBe(true);
    // Ingress is in the default policyTypes, and the policy has no ingress rule: x/a is isolated.
    expect(verdicts(index, 'y/a', 'x/a', { protocol: 'TCP', port: 80 })[1].allowed).toBe(false);
  });

  it('a packet without ports (ICMP) matches only rules that name no port', () => {
    const index = buildIndex(['x/a', 'y/a'], [policy('x', 'tcp-only', { podSelector: podA,
      ingress: [{ ports: [{ protocol: 'TCP' }] }] })], false);
    const verdict = index.ingress({ key: 'x/a', namespace: 'x', labels: { pod: 'a' },
      ips: ['10.0.1.1'], namedPorts: [] }, { src: '10.0.2.1', dst: '10.0.1.1',
      protocol: undefined, port: undefined });
    expect(verdict.allowed).toBe(false);
  });
});

describe('malformed policies', () => {
  const cases = [
    { name: 'a CIDR that is not one',
      spec: { egress: [{ to: [{ ipBlock: { cidr: '10.0.0.1' } }] }] },
      error: 'NetworkPolicy x/bad: spec.egress[0].to[0]: ipBlock.cidr "10.0.0.1" is not a CIDR ' +
        '(a.b.c.d/n)' },
    { name: 'endPort with a named port',
      spec: { ingress: [{ ports: [{ port: 'http', endPort: 90 }] }] },
      error: 'NetworkPolicy x/bad: spec.ingress[0].ports[0]: endPort needs a numeric port ' +
        '(not a named port, not an absent one)' },
    { name: 'an unknown policy type', spec: { policyTypes: ['Both'] },
      error: 'NetworkPolicy x/bad: spec.policyTypes: "Both" is not Ingress or Egress' },
    { name: 'an unknown protocol', spec: { ingress: [{ ports: [{ protocol: 'ICMP' }] }] },
      error: 'NetworkPolicy x/bad: spec.ingress[0].ports[0]: protocol "ICMP" is not TCP, UDP ' +
        'or SCTP' },
  ];
  it.each(cases)('$name', ({ spec, error }) => {
    expect(compilePolicy(policy('x', 'bad', { podSelector: {}, ...spec }))).toEqual(
      { ok: false, error });
  });
});

describe('policyEnforcement (terway-cli policy)', () => {
  const cases = [
    { name: 'defaults: felix enforces', disable: undefined, provider: undefined,
      exclusiveEni: false, expected: { enforced: true, provider: 'iptables' } },
    { name: 'ebpf runs Cilium', disable: 'false', provider: 'ebpf', exclusiveEni: false,
      expected: { enforced: true, provider: 'ebpf' } },
    { name: '"0" keeps policy on', disable: '0', provider: 'ebpf', exclusiveEni: false,
      expected: { enforced: true, provider: 'ebpf' } },
    { name: '"true" turns it off', disable: 'true', provider: 'ebpf', exclusiveEni: false,
      expected: { enforced: false, why: 'disable_network_policy is "true"' } },
    { name: 'any other value turns it off too', disable: 'yes', provider: undefined,
      exclusiveEni: false, expected: { enforced: false, why: 'disable_network_policy is "yes"' } },
    { name: 'exclusive-ENI nodes run no agent', disable: undefined, provider: 'ebpf',
      exclusiveEni: true, expected: { enforced: false,
        why: 'exclusive-ENI nodes run no policy agent (terway-cli policy)' } },
  ];
  it.each(cases)('$name', ({ disable, provider, exclusiveEni, expected }) => {
    expect(policyEnforcement({ disableNetworkPolicy: disable, provider, exclusiveEni }))
      .toEqual(expected);
  });
});
