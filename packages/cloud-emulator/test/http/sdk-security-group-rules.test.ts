// Security-group rules through the official ECS SDK against the HTTP face: rules added in the
// newer `Permissions.N.*` form and the old flat form, listed by DescribeSecurityGroupAttribute,
// changed by ModifySecurityGroupRule, removed by id and by fields, and the refusals ECS answers
// (bad protocol, bad port range, bad priority, the per-group rule quota, unknown group or rule).
import { describe, expect, it } from 'vitest';
import { Ecs, sdkError, startHarness, Vpc, type Harness } from './sdk-harness.js';

const regionId = 'cn-hangzhou';

async function groupIn(harness: Harness, type = 'normal'): Promise<string> {
  const vpcId = (await harness.vpc().createVpc(new Vpc.CreateVpcRequest({ regionId,
    cidrBlock: '192.168.0.0/16' }))).body!.vpcId!;
  return (await harness.ecs().createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId,
    vpcId, securityGroupType: type }))).body!.securityGroupId!;
}

async function rulesOf(harness: Harness, securityGroupId: string, direction = 'all') {
  const body = (await harness.ecs().describeSecurityGroupAttribute(
    new Ecs.DescribeSecurityGroupAttributeRequest({ regionId, securityGroupId, direction })))
    .body!;
  return { body, rules: body.permissions?.permission ?? [] };
}

describe('security-group rules through the ECS SDK', () => {
  it('adds rules in both forms and lists them with ids, priorities and policies', async () => {
    const harness = await startHarness();
    try {
      const securityGroupId = await groupIn(harness);
      await harness.ecs().authorizeSecurityGroup(new Ecs.AuthorizeSecurityGroupRequest({
        regionId, securityGroupId, permissions: [
          new Ecs.AuthorizeSecurityGroupRequestPermissions({ ipProtocol: 'TCP',
            portRange: '22/22', sourceCidrIp: '10.0.0.0/8', policy: 'accept', priority: '5' }),
          new Ecs.AuthorizeSecurityGroupRequestPermissions({ ipProtocol: 'ICMP',
            portRange: '-1/-1', sourceGroupId: securityGroupId, policy: 'drop' }),
        ] }));
      await harness.ecs().authorizeSecurityGroupEgress(new Ecs.AuthorizeSecurityGroupEgressRequest({
        regionId, securityGroupId, ipProtocol: 'ALL', portRange: '-1/-1',
        destCidrIp: '0.0.0.0/0', policy: 'drop', priority: '100' }));
      const { body, rules } = await rulesOf(harness, securityGroupId);
      expect(body.innerAccessPolicy).toBe('Accept');
      expect(rules.map((rule) => [rule.direction, rule.ipProtocol, rule.portRange, rule.policy,
        rule.priority, rule.sourceCidrIp || rule.sourceGroupId || rule.destCidrIp])).toEqual([
        ['ingress', 'TCP', '22/22', 'Accept', '5', '10.0.0.0/8'],
        ['ingress', 'ICMP', '-1/-1', 'Drop', '1', securityGroupId],
        ['egress', 'ALL', '-1/-1', 'Drop', '100', '0.0.0.0/0'],
      ]);
      expect(rules.every((rule) => /^sgr-/.test(rule.securityGroupRuleId!))).toBe(true);
      expect((await rulesOf(harness, securityGroupId, 'egress')).rules).toHaveLength(1);
    } finally {
      await harness.close();
    }
  });

  it('modifies an inbound rule in place and revokes by id and by fields', async () => {
    const harness = await startHarness();
    try {
      const securityGroupId = await groupIn(harness);
      const flat = { regionId, securityGroupId, ipProtocol: 'TCP', portRange: '80/80',
        sourceCidrIp: '10.1.0.0/16' };
      await harness.ecs().authorizeSecurityGroup(new Ecs.AuthorizeSecurityGroupRequest(flat));
      await harness.ecs().authorizeSecurityGroup(new Ecs.AuthorizeSecurityGroupRequest(
        { ...flat, portRange: '443/443' }));
      const [first] = (await rulesOf(harness, securityGroupId)).rules;
      await harness.ecs().modifySecurityGroupRule(new Ecs.ModifySecurityGroupRuleRequest({
        regionId, securityGroupId, securityGroupRuleId: first!.securityGroupRuleId,
        policy: 'drop', priority: '7' }));
      const modified = (await rulesOf(harness, securityGroupId)).rules[0]!;
      expect([modified.securityGroupRuleId, modified.policy, modified.priority, modified.portRange])
        .toEqual([first!.securityGroupRuleId, 'Drop', '7', '80/80']);
      await harness.ecs().revokeSecurityGroup(new Ecs.RevokeSecurityGroupRequest({ regionId,
        securityGroupId, securityGroupRuleId: [first!.securityGroupRuleId!] }));
      await harness.ecs().revokeSecurityGroup(new Ecs.RevokeSecurityGroupRequest(
        { ...flat, portRange: '443/443' }));
      expect((await rulesOf(harness, securityGroupId)).rules).toEqual([]);
      expect(await sdkError(() => harness.ecs().revokeSecurityGroup(
        new Ecs.RevokeSecurityGroupRequest({ regionId, securityGroupId,
          securityGroupRuleId: ['sgr-nope'] })))).toMatchObject({
        code: 'InvalidSecurityGroupRule.RuleNotExist' });
    } finally {
      await harness.close();
    }
  });

  it('refuses bad rules with the codes ECS answers', async () => {
    const harness = await startHarness();
    try {
      const securityGroupId = await groupIn(harness, 'enterprise');
      expect((await rulesOf(harness, securityGroupId)).body.innerAccessPolicy).toBe('Drop');
      const authorize = (fields: Record<string, unknown>) => sdkError(() =>
        harness.ecs().authorizeSecurityGroup(new Ecs.AuthorizeSecurityGroupRequest({ regionId,
          securityGroupId, ipProtocol: 'TCP', portRange: '22/22', sourceCidrIp: '10.0.0.0/8',
          ...fields })));
      const cases = [
        { fields: { ipProtocol: 'SCTP' }, code: 'InvalidIpProtocol.Malformed', status: 400 },
        { fields: { portRange: '22' }, code: 'InvalidIpPortRange.Malformed', status: 400 },
        { fields: { portRange: '30/20' }, code: 'InvalidIpPortRange.Malformed', status: 400 },
        { fields: { ipProtocol: 'ICMP' }, code: 'InvalidIpPortRange.Malformed', status: 400 },
        { fields: { policy: 'maybe' }, code: 'InvalidPolicy.Malformed', status: 400 },
        { fields: { priority: '101' }, code: 'InvalidParameter', status: 400 },
        { fields: { sourceCidrIp: 'ten' }, code: 'InvalidParameter', status: 400 },
        { fields: { securityGroupId: 'sg-nope' }, code: 'InvalidSecurityGroupId.NotFound',
          status: 404 },
      ];
      for (const { fields, code, status } of cases) {
        expect({ fields, ...(await authorize(fields)) })
          .toMatchObject({ fields, code, statusCode: status });
      }
    } finally {
      await harness.close();
    }
  });

  it('holds at most the per-group rule quota, and a repeated rule adds nothing', async () => {
    const harness = await startHarness({ cloud: { quotas: { securityGroupRulesPerGroup: 2 } } });
    try {
      const securityGroupId = await groupIn(harness);
      const add = (port: number) => harness.ecs().authorizeSecurityGroup(
        new Ecs.AuthorizeSecurityGroupRequest({ regionId, securityGroupId, ipProtocol: 'TCP',
          portRange: `${port}/${port}`, sourceCidrIp: '10.0.0.0/8' }));
      await add(1);
      await add(1);
      await add(2);
      expect(await sdkError(() => add(3))).toEqual({ name: 'ClientError',
        code: 'AuthorizationLimitExceed', statusCode: 403 });
      expect((await rulesOf(harness, securityGroupId)).rules).toHaveLength(2);
    } finally {
      await harness.close();
    }
  });
});
