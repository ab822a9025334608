// The security-group evaluator against Alibaba Cloud's documented semantics, one test per rule of
// the ECS user guide ("Security group rules" and "Basic and enterprise security groups",
// https://www.alibabacloud.com/help/en/ecs/user-guide/security-group-rules), plus a property:
// the verdict does not depend on the order the rules were added in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluateSecurityGroups, type SecurityGroupFlow,
} from '../src/security-group/rules.js';
import type { SecurityGroupRecord, SecurityGroupRule } from '../src/state/types.js';

let ruleCount = 0;
function rule(fields: Partial<SecurityGroupRule>): SecurityGroupRule {
  ruleCount += 1;
  return { id: `sgr-${String(ruleCount).padStart(3, '0')}`, direction: 'ingress',
    policy: 'Accept', priority: 1, ipProtocol: 'ALL', portRange: '-1/-1', peerCidr: '',
    peerGroupId: '', description: '', createdMs: 0, ...fields };
}

function group(id: string, type: 'normal' | 'enterprise',
  rules: readonly SecurityGroupRule[] = []): SecurityGroupRecord {
  return { id, regionId: 'cn-hangzhou', vpcId: 'vpc-1', name: id, description: '', type,
    resourceGroupId: '', tags: [], createdMs: 0, ipCount: 0, rules };
}

const inbound = (fields: Partial<SecurityGroupFlow> = {}): SecurityGroupFlow => ({
  direction: 'ingress', protocol: 'tcp', port: 80, peerIp: '10.0.0.5', peerGroupIds: [],
  ...fields,
});

describe('security group evaluation (ECS documented semantics)', () => {
  it('a basic group accepts inbound traffic from ENIs of the same group by default ' +
    '(internal communication policy Accept)', () => {
    const verdict = evaluateSecurityGroups([group('sg-a', 'normal')],
      inbound({ peerGroupIds: ['sg-a'] }));
    expect(verdict).toEqual({ allowed: true, groupId: 'sg-a', ruleId: 'default' });
  });

  it('a basic group denies other inbound traffic by default', () => {
    const verdict = evaluateSecurityGroups([group('sg-a', 'normal')],
      inbound({ peerGroupIds: ['sg-b'] }));
    expect(verdict).toEqual({ allowed: false, groupId: 'sg-a', ruleId: 'default' });
  });

  it('a basic group accepts all outbound traffic by default', () => {
    const verdict = evaluateSecurityGroups([group('sg-a', 'normal')],
      inbound({ direction: 'egress', peerIp: '203.0.113.9' }));
    expect(verdict.allowed).toBe(true);
  });

  it('an enterprise group denies inbound traffic even within the group by default', () => {
    const verdict = evaluateSecurityGroups([group('sg-e', 'enterprise')],
      inbound({ peerGroupIds: ['sg-e'] }));
    expect(verdict).toEqual({ allowed: false, groupId: 'sg-e', ruleId: 'default' });
  });

  it('an enterprise group denies outbound traffic by default', () => {
    const verdict = evaluateSecurityGroups([group('sg-e', 'enterprise')],
      inbound({ direction: 'egress' }));
    expect(verdict.allowed).toBe(false);
  });

  it('an enterprise group passes intra-group traffic only through a rule naming the group', () => {
    const allow = rule({ peerGroupId: 'sg-e' });
    const verdict = evaluateSecurityGroups([group('sg-e', 'enterprise', [allow])],
      inbound({ peerGroupIds: ['sg-e'] }));
    expect(verdict).toEqual({ allowed: true, groupId: 'sg-e', ruleId: allow.id });
  });

  it('priority 1 is evaluated before priority 100, whatever the order of adding', () => {
    const drop = rule({ policy: 'Drop', priority: 100, peerCidr: '10.0.0.0/8' });
    const accept = rule({ policy: 'Accept', priority: 1, peerCidr: '10.0.0.0/24' });
    const verdict = evaluateSecurityGroups([group('sg-a', 'normal', [drop, accept])], inbound());
    expect(verdict).toEqual({ allowed: true, groupId: 'sg-a', ruleId: accept.id });
  });

  it('at equal priority a Drop rule wins over an Accept rule', () => {
    const accept = rule({ policy: 'Accept', priority: 5, peerCidr: '10.0.0.0/8' });
    const drop = rule({ policy: 'Drop', priority: 5, peerCidr: '10.0.0.5/32' });
    const verdict = evaluateSecurityGroups([group('sg-a', 'normal', [accept, drop])], inbound());
    expect(verdict).toEqual({ allowed: false, groupId: 'sg-a', ruleId: drop.id });
  });

  it('a custom Drop rule overrides the basic group\'s intra-group default', () => {
    const drop = rule({ policy: 'Drop', priority: 100, peerGroupId: 'sg-a' });
    const verdict = evaluateSecurityGroups([group('sg-a', 'normal', [drop])],
      inbound({ peerGroupIds: ['sg-a'] }));
    expect(verdict).toEqual({ allowed: false, groupId: 'sg-a', ruleId: drop.id });
  });

  it('rules of all the ENI\'s groups are pooled and sorted together', () => {
    const accept = rule({ priority: 2, peerCidr: '0.0.0.0/0' });
    const drop = rule({ policy: 'Drop', priority: 1, peerCidr: '10.0.0.0/8' });
    const verdict = evaluateSecurityGroups(
      [group('sg-a', 'normal', [accept]), group('sg-b', 'normal', [drop])], inbound());
    expect(verdict).toEqual({ allowed: false, groupId: 'sg-b', ruleId: drop.id });
  });

  const matching = [
    { name: 'TCP 22/22 matches port 22', rule: { ipProtocol: 'TCP', portRange: '22/22' },
      flow: { protocol: 'tcp', port: 22 }, matches: true },
    { name: 'TCP 22/22 misses port 23', rule: { ipProtocol: 'TCP', portRange: '22/22' },
      flow: { protocol: 'tcp', port: 23 }, matches: false },
    { name: 'TCP 1/65535 misses UDP', rule: { ipProtocol: 'TCP', portRange: '1/65535' },
      flow: { protocol: 'udp', port: 53 }, matches: false },
    { name: 'UDP 53/53 matches UDP 53', rule: { ipProtocol: 'UDP', portRange: '53/53' },
      flow: { protocol: 'udp', port: 53 }, matches: true },
    { name: 'ICMP -1/-1 matches ping', rule: { ipProtocol: 'ICMP', portRange: '-1/-1' },
      flow: { protocol: 'icmp' }, matches: true },
    { name: 'ALL -1/-1 matches TCP 443', rule: { ipProtocol: 'ALL', portRange: '-1/-1' },
      flow: { protocol: 'tcp', port: 443 }, matches: true },
    { name: 'a CIDR that misses the peer', rule: { peerCidr: '192.168.0.0/16' },
      flow: { protocol: 'tcp', port: 80 }, matches: false },
  ] as const;

  it.each(matching)('matching: $name', ({ rule: fields, flow, matches }) => {
    const drop = rule({ policy: 'Drop', peerCidr: '10.0.0.0/8', ...fields });
    const accept = rule({ priority: 100, peerCidr: '0.0.0.0/0' });
    const verdict = evaluateSecurityGroups([group('sg-a', 'normal', [drop, accept])],
      inbound(flow));
    expect(verdict.ruleId).toBe(matches ? drop.id : accept.id);
  });

  it('the verdict does not depend on the order rules were added in', () => {
    const pool = [
      rule({ policy: 'Drop', priority: 3, peerCidr: '10.0.0.0/16' }),
      rule({ policy: 'Accept', priority: 3, peerCidr: '10.0.0.0/8' }),
      rule({ policy: 'Accept', priority: 1, ipProtocol: 'TCP', portRange: '80/80',
        peerCidr: '10.0.0.5/32' }),
      rule({ policy: 'Drop', priority: 50, peerGroupId: 'sg-a' }),
    ];
    const expected = evaluateSecurityGroups([group('sg-a', 'normal', pool)], inbound());
    fc.assert(fc.property(fc.shuffledSubarray(pool, { minLength: pool.length }), (order) => {
      expect(evaluateSecurityGroups([group('sg-a', 'normal', order)], inbound()))
        .toEqual(expected);
    }));
  });
});
