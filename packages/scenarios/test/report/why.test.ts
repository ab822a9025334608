// The "why" decision (report/why.ts) over hand-made facts: each constraint is named from the
// facts that show it, in reading order, and nothing is named without evidence.
import { describe, expect, it } from 'vitest';
import { explainRun, type WhyErrorFacts, type WhyFacts,
  type WhyNodeFacts } from '../../src/report/why.js';

function node(overrides: Partial<WhyNodeFacts> = {}): WhyNodeFacts {
  return { node: 'pool-0', instanceType: 'ecs.g7.xlarge', maxPods: 110, podsBound: 10,
    podsNotReady: 0, ipCapacity: 45, ipsInUse: 10, restartsMs: [], ...overrides };
}

function error(code: string, api: string, overrides: Partial<WhyErrorFacts> = {}):
  WhyErrorFacts {
  return { code, count: 3, throttled: 0, byApi: { [api]: 3 }, vSwitches: [],
    first: { t: 61_000, node: 'pool-0', api, code, message: `${code} message`, count: 3 },
    ...overrides };
}

function facts(overrides: Partial<WhyFacts> = {}): WhyFacts {
  return { endMs: 600_000, mode: 'eniip', failedAssertions: [], podsNotReady: 0,
    podsUnscheduled: 0, nodes: [node()], errors: [], enisAttaching: [],
    vSwitches: [{ id: 'vsw-pods', cidr: '10.0.0.0/27', freeMin: 20, freeAtEnd: 20,
      inEniConf: true }],
    instanceTypes: { 'ecs.g7.xlarge': { eniQuantity: 4, ipsPerEni: 15 } },
    validate: [], ...overrides };
}

const unknownKey = { code: 'unknown-key', severity: 'warning', path: 'eni_conf.vswitch',
  message: 'Terway does not read "vswitch"; did you mean "vswitches"?' };

describe('explainRun', () => {
  const cases: Array<{ name: string; facts: WhyFacts; kinds: string[]; status: string }> = [
    { name: 'a clean run names nothing', facts: facts(), kinds: [], status: 'clean' },
    { name: 'pods not Ready without evidence are unexplained, not guessed',
      facts: facts({ podsNotReady: 3 }), kinds: [], status: 'unexplained' },
    { name: 'a failed check without evidence is unexplained',
      facts: facts({ failedAssertions: ['all pods Ready within 2m'] }), kinds: [],
      status: 'unexplained' },
    { name: 'IpNotEnough names the vSwitch its ENIs are on',
      facts: facts({ podsNotReady: 5, errors: [error('InvalidVSwitchId.IpNotEnough',
        'AssignPrivateIpAddresses', { vSwitches: ['vsw-pods'] })] }),
      kinds: ['vSwitchExhausted'], status: 'explained' },
    { name: 'EniPerInstanceLimitExceeded names the ENI quota',
      facts: facts({ podsNotReady: 5, errors: [error('EniPerInstanceLimitExceeded',
        'AttachNetworkInterface')] }), kinds: ['eniQuota'], status: 'explained' },
    { name: 'a pool at its capacity with pods waiting names the IP capacity',
      facts: facts({ podsNotReady: 5, nodes: [node({ podsBound: 50, podsNotReady: 5,
        ipsInUse: 45 })] }), kinds: ['ipCapacity'], status: 'explained' },
    { name: 'every node at maxPods with pods unscheduled names maxPods',
      facts: facts({ podsNotReady: 4, podsUnscheduled: 4, nodes: [node({ maxPods: 10,
        podsBound: 10 })] }), kinds: ['maxPods'], status: 'explained' },
    { name: 'throttled calls name flow control even when every check held',
      facts: facts({ errors: [error('Throttling.User', 'CreateNetworkInterface',
        { throttled: 3 })] }), kinds: ['throttling'], status: 'explained' },
    { name: 'a daemon that never started comes first',
      facts: facts({ podsNotReady: 9, nodes: [node({ daemonError: 'failed process input' })],
        errors: [error('Throttling', 'DescribeNetworkInterfaces', { throttled: 3 })] }),
      kinds: ['daemonNotStarted', 'throttling'], status: 'explained' },
    { name: 'a key validate says Terway ignores is named, after what it caused',
      facts: facts({ podsNotReady: 9, validate: [unknownKey],
        errors: [error('InvalidVSwitchId.IpNotEnough', 'CreateNetworkInterface')] }),
      kinds: ['vSwitchExhausted', 'ignoredConfigKey'], status: 'explained' },
    { name: 'QuotaExceeded from CreateRouteEntry names the route table',
      facts: facts({ errors: [error('QuotaExceeded', 'CreateRouteEntry')] }),
      kinds: ['routeTableQuota'], status: 'explained' },
    { name: 'ENIs left in Attaching are named',
      facts: facts({ podsNotReady: 2, enisAttaching: ['eni-1'] }),
      kinds: ['eniStuckAttaching'], status: 'explained' },
  ];
  it.each(cases)('$name', ({ facts: input, kinds, status }) => {
    const why = explainRun(input);
    expect(why.constraints.map((c) => c.kind)).toEqual(kinds);
    expect(why.status).toBe(status);
    if (kinds.length > 0) expect(why.headline).toBe(why.constraints[0]!.summary);
  });

  it('names the vSwitch a refused create used when no ENI says which: the lowest one', () => {
    const why = explainRun(facts({ errors: [error('InvalidVSwitchId.IpNotEnough',
      'CreateNetworkInterface')], vSwitches: [
      { id: 'vsw-pods', cidr: '10.0.16.0/20', freeMin: 4000, freeAtEnd: 4000, inEniConf: false },
      { id: 'vsw-nodes', cidr: '10.0.0.0/26', freeMin: 0, freeAtEnd: 0, inEniConf: false }] }));
    expect(why.headline).toContain('vsw-nodes');
    expect(why.constraints[0]!.evidence.join('\n')).toContain('not in eni_conf.vswitches');
  });

  it('lists the first occurrence of every error code with its count, and validate warnings', () => {
    const why = explainRun(facts({ errors: [error('TaskConflict', 'CreateRouteEntry'),
      error('QuotaExceeded', 'CreateRouteEntry', { count: 59 })],
    validate: [unknownKey, { ...unknownKey, severity: 'info', code: 'vswitches-empty' }] }));
    expect(why.firstErrors.map((e) => [e.code, e.count])).toEqual([['TaskConflict', 3],
      ['QuotaExceeded', 59]]);
    expect(why.validate.map((d) => d.code)).toEqual(['unknown-key']);
  });

  it('says when maxPods is above the IP capacity', () => {
    const why = explainRun(facts({ podsNotReady: 5, nodes: [node({ podsBound: 50,
      podsNotReady: 5, ipsInUse: 45 })] }));
    expect(why.constraints[0]!.evidence.join('\n'))
      .toMatch(/maxPods \(110\) is above the IP capacity \(45\)/);
  });
});
