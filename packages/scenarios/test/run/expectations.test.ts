// Expectations that would pass without checking anything say so, or fail: "0/0 Ready" and a
// reachability probe of no pods once read as green runs (issue 17).
import { describe, expect, it } from 'vitest';
import { evaluate, expectsFailure, type RunFacts } from '../../src/run/expectations.js';
import type { ExpectationItem } from '../../src/scenario/schema/index.js';

const facts: RunFacts = {
  desiredPods: 0, readyPods: 0, notReadyPods: 0, slowestReadyMs: 0, timeToIpMs: [],
  throttledCalls: 0, conditionsSeen: new Set(), eventsByReason: {}, leaks: [], ipHistory: new Map(),
  reachability: { probes: 0, probesIpv6: 0, failures: [] },
};

describe('expectations with nothing to check', () => {
  it('podsReachable fails when no probe was sent', () => {
    const [assertion] = evaluate([{ kind: 'podsReachable', samples: 100, families: ['ipv4'] }],
      facts);
    expect(assertion).toEqual({ name: 'pods reach each other', ok: false,
      detail: 'no two Ready pods to probe: nothing was checked' });
    const [delivered] = evaluate([{ kind: 'podsReachable', samples: 100, families: ['ipv4'] }],
      { ...facts, reachability: { probes: 3, probesIpv6: 0, failures: [] } });
    expect(delivered).toMatchObject({ ok: true, detail: '3 probes delivered' });
  });

  it('podsReachable over IPv6 fails when no pair had IPv6 addresses, passes when probed', () => {
    const item: ExpectationItem = { kind: 'podsReachable', samples: 100,
      families: ['ipv4', 'ipv6'] };
    const cases = [
      { name: 'single-stack pods', probesIpv6: 0, ok: false,
        detail: 'no probed pair of pods had IPv6 addresses: IPv6 was not checked' },
      { name: 'dual-stack pods', probesIpv6: 3, ok: true,
        detail: '6 probes delivered (3 of the pairs over IPv6 too)' },
    ];
    for (const entry of cases) {
      const [assertion] = evaluate([item],
        { ...facts, reachability: { probes: 3, probesIpv6: entry.probesIpv6, failures: [] } });
      expect(assertion, entry.name).toEqual({ name: 'pods reach each other over IPv4 and IPv6',
        ok: entry.ok, detail: entry.detail });
    }
  });

  it('allPodsReady says when no pod was wanted or left', () => {
    const [assertion] = evaluate([{ kind: 'allPodsReady', within: 60_000 }], facts);
    expect(assertion?.detail).toBe('0/0 Ready, 0 not Ready; slowest creation→Ready 0ms ' +
      '(no pod was wanted or left at the end: nothing to check)');
  });
});

describe('podsUnreachable because a security group dropped the probes', () => {
  const cause = (id: string) => ({ kind: 'securityGroup', id, rule: 'default',
    direction: 'ingress', eni: 'eni-1' }) as const;
  const dropped: RunFacts = { ...facts, declaredIds: new Map([['sg-db', 'sg-bp1minted']]),
    reachability: { probes: 3, probesIpv6: 0, failures: ['a → b', 'a → c', 'a → d'], drops: [
      { reason: 'security-group', because: cause('sg-bp1minted') },
      { reason: 'security-group', because: cause('sg-bp1other') },
      { reason: 'no-route' },
    ] } };
  const cases: Array<{ name: string; item: ExpectationItem; counted: number }> = [
    { name: 'any drop', item: { kind: 'podsUnreachable', samples: 3, atLeast: 1 }, counted: 3 },
    { name: 'by any security group', item: { kind: 'podsUnreachable', samples: 3, atLeast: 1,
      because: { kind: 'securityGroup' } }, counted: 2 },
    { name: 'by the declared group, through its minted id', item: { kind: 'podsUnreachable',
      samples: 3, atLeast: 1, because: { kind: 'securityGroup', group: 'sg-db' } }, counted: 1 },
  ];
  it.each(cases)('$name counts $counted', ({ item, counted }) => {
    const [assertion] = evaluate([item], dropped);
    expect(assertion?.detail).toMatch(new RegExp(`^${counted}/3 dropped`));
  });

  it('counts drops for want of SNAT on probes to an address outside the cluster', () => {
    const item: ExpectationItem = { kind: 'podsUnreachable', samples: 2, atLeast: 2,
      from: { app: 'batch' }, toAddress: '8.8.8.8', because: { kind: 'noSnat' } };
    const [assertion] = evaluate([item], { ...facts, selectedProbes: new Map([[item, {
      probes: 2, probesIpv6: 0, failures: ['x → 8.8.8.8', 'y → 8.8.8.8'], drops: [
        { reason: 'no-snat', because: { kind: 'noSnat', src: '192.168.20.1' } },
        { reason: 'security-group', because: cause('sg-1') }] }]]) });
    expect(assertion).toMatchObject({ ok: false, detail: expect.stringMatching(/^1\/2 dropped/),
      name: 'at least 2 probes dropped for want of SNAT (from app=batch to 8.8.8.8)' });
  });

  it('reads the probes of an expectation limited to some pods from its own result', () => {
    const item: ExpectationItem = { kind: 'podsReachable', samples: 5, families: ['ipv4'],
      from: { app: 'web' }, to: { app: 'web' } };
    const [assertion] = evaluate([item], { ...dropped,
      selectedProbes: new Map([[item, { probes: 5, probesIpv6: 0, failures: [] }]]) });
    expect(assertion).toEqual({ name: 'pods reach each other (from app=web to app=web)',
      ok: true, detail: '5 probes delivered' });
  });
});

describe('expectsFailure', () => {
  const warnings = new Set(['AllocIPFailed']);
  const cases: Array<{ name: string; item: ExpectationItem; failure: boolean }> = [
    { name: 'pods not Ready at least 1', item: { kind: 'podsNotReady', atLeast: 1 },
      failure: true },
    { name: 'pods not Ready at most 0', item: { kind: 'podsNotReady', atMost: 0 },
      failure: false },
    { name: 'a Warning event seen', item: { kind: 'event', reason: 'AllocIPFailed', seen: true,
      atLeast: 1 }, failure: true },
    { name: 'a Normal event seen', item: { kind: 'event', reason: 'AllocIPSucceed', seen: true,
      atLeast: 1 }, failure: false },
    { name: 'SufficientIP False', item: { kind: 'nodeCondition', type: 'SufficientIP',
      status: 'False' }, failure: true },
    { name: 'NetworkUnavailable True', item: { kind: 'nodeCondition',
      type: 'NetworkUnavailable', status: 'True' }, failure: true },
    { name: 'all pods Ready', item: { kind: 'allPodsReady', within: 60_000 }, failure: false },
    { name: 'leaked', item: { kind: 'leaked', atLeast: 1 }, failure: true },
    { name: 'no leaks', item: { kind: 'noLeaks' }, failure: false },
  ];
  it.each(cases)('$name: $failure', ({ item, failure }) => {
    expect(expectsFailure(item, warnings)).toBe(failure);
  });
});
