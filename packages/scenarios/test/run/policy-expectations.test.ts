// podsReachable/podsUnreachable narrowed to pods and ports and checked against the policy that
// decided (`because`), and the scenario's networkPolicies refused at load the way the API server
// refuses them, with the field named.
import { describe, expect, it } from 'vitest';
import { evaluate, type RunFacts } from '../../src/run/expectations.js';
import type { ExpectationItem } from '../../src/scenario/schema/index.js';
import { baseScenario, problemsOf } from '../scenario/base.js';

const baseFacts: RunFacts = {
  desiredPods: 0, readyPods: 0, notReadyPods: 0, slowestReadyMs: 0, timeToIpMs: [],
  throttledCalls: 0, conditionsSeen: new Set(), eventsByReason: {}, leaks: [], ipHistory: new Map(),
  reachability: undefined,
};

/** A probe delivered, and the policies that let it through. */
const delivered = (allowedBy: string[]) => ({ delivered: true as const, allowedBy });
/** A probe dropped by a policy, or (undefined) by no rule: a black hole. */
const dropped = (policy: string | undefined) => ({ delivered: false as const, policy });
type Probe = ReturnType<typeof delivered> | ReturnType<typeof dropped>;

function run(item: ExpectationItem, probes: Probe[]) {
  const failed = probes.filter((probe) => !probe.delivered);
  const facts: RunFacts = { ...baseFacts, selectedProbes: new Map([[item, {
    probes: probes.length, probesIpv6: 0,
    failures: failed.map(() => 'default/o → default/s dropped'),
    drops: failed.map((probe) => probe.policy === undefined ? { reason: 'no-route' } : {
      reason: 'filtered',
      because: { kind: 'networkPolicy', policy: probe.policy, direction: 'ingress' } as const,
    }),
    allowedBy: probes.flatMap((probe) => (probe.delivered ? [probe.allowedBy] : [])),
  }]]) };
  return evaluate([item], facts)[0]!;
}

describe('because', () => {
  const reachable: ExpectationItem = { kind: 'podsReachable', samples: 2, families: ['ipv4'],
    port: 80, because: { kind: 'networkPolicy', policy: 'allow' } };
  const unreachable: ExpectationItem = { kind: 'podsUnreachable', samples: 2, atLeast: 2,
    port: 80, because: { kind: 'networkPolicy', policy: 'default/deny' } };
  const cases = [
    { name: 'reachable: every probe allowed by the named policy', item: reachable,
      probes: [delivered(['default/allow']), delivered(['x/y', 'default/allow'])], ok: true },
    { name: 'reachable: a probe delivered without the named policy fails', item: reachable,
      probes: [delivered(['default/allow']), delivered([])], ok: false },
    { name: 'unreachable: every probe dropped by the named policy', item: unreachable,
      probes: [dropped('default/deny'), dropped('default/deny')], ok: true },
    { name: 'unreachable: drops by another policy do not count', item: unreachable,
      probes: [dropped('default/deny'), dropped('default/other')], ok: false },
    { name: 'unreachable: a drop without a policy (a black hole) does not count',
      item: unreachable, probes: [dropped('default/deny'), dropped(undefined)], ok: false },
  ];
  it.each(cases)('$name', ({ item, probes, ok }) => {
    expect(run(item, probes).ok).toBe(ok);
  });

  it('names the scope in the assertion', () => {
    const item: ExpectationItem = { kind: 'podsReachable', samples: 1, families: ['ipv4'],
      port: 80, from: { labels: 'app=client' }, to: { namespace: 'web', labels: 'app=server' },
      because: { kind: 'networkPolicy', policy: 'allow' } };
    expect(run(item, [delivered(['default/allow'])])).toEqual({
      name: 'pods reach each other, allowed by policy allow (from app=client to namespace web ' +
        'app=server, TCP/80)', ok: true,
      detail: '1 probes delivered, each allowed by policy allow' });
  });
});

describe('networkPolicies at load', () => {
  const policy = (spec: Record<string, unknown>) => ({ apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy', metadata: { name: 'p' }, spec });
  const cases = [
    { name: 'a valid policy and a timed change load',
      items: [policy({ podSelector: {} }), { at: '5m', apply: policy({ podSelector: {} }) },
        { at: '6m', delete: 'default/p' }], problems: [] },
    { name: 'a bad CIDR is refused naming the field',
      items: [policy({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.1.1.1' } }] }] })],
      problems: ['networkPolicies.0.spec: NetworkPolicy.networking.k8s.io "p" is invalid: ' +
        'spec.egress[0].to[0].ipBlock: Invalid value: "10.1.1.1": must be a valid CIDR ' +
        '(a.b.c.d/n)'] },
  ];
  it.each(cases)('$name', ({ items, problems }) => {
    expect(problemsOf({ ...baseScenario(), networkPolicies: items })).toEqual(problems);
  });

  it('a label map that also names a namespace is refused, not read as labels', () => {
    expect(problemsOf({ ...baseScenario(), expect: [{ kind: 'podsReachable',
      from: { namespace: 'web', app: 'client' } }] }).length).toBe(1);
  });

  it('a plain label map and the { namespace, labels } form are both accepted', () => {
    expect(problemsOf({ ...baseScenario(), expect: [
      { kind: 'podsReachable', from: { app: 'web' }, to: { labels: 'app=web' } }] }))
      .toEqual([]);
  });

  it('a bad label selector in a probe is refused', () => {
    expect(problemsOf({ ...baseScenario(), expect: [{ kind: 'podsReachable',
      from: { labels: 'app in (' } }] }).length).toBe(1);
  });
});
