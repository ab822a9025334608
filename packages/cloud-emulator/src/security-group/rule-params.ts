// The request side of the ECS security-group rule actions: the parameters a rule is written
// with, in both forms the official SDK sends (the old flat `IpProtocol`, `PortRange`,
// `SourceCidrIp`… of one rule, and the newer `Permissions.N.*` list of up to 100 rules), and
// their checks, answered with the codes ECS gives (InvalidIpProtocol.Malformed,
// InvalidIpPortRange.Malformed, InvalidPolicy.Malformed; see docs/differences.md for the
// statuses no source confirms).

import { err, normalizePrefix, ok, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { apiError, invalidParameter, type ApiError } from '../errors/catalog.js';
import { param } from '../params/schema.js';
import type { RegionDraft } from '../state/region-draft.js';
import type {
  SecurityGroupDirection, SecurityGroupProtocol, SecurityGroupRule,
} from '../state/types.js';
import { parsePortRange } from './rules.js';

/** A rule's fields as they arrive, before checks; ingress and egress share the shape. */
export const ruleFields = {
  IpProtocol: param.str({ max: 16 }).optional(),
  PortRange: param.str({ max: 16 }).optional(),
  Policy: param.str({ max: 16 }).optional(),
  Priority: param.int(1, 100).optional(),
  Description: param.str({ max: 512 }).optional(),
  NicType: param.oneOf(['intranet', 'internet']).optional(),
  SourceCidrIp: param.str({ max: 64 }).optional(),
  Ipv6SourceCidrIp: param.str({ max: 64 }).optional(),
  SourceGroupId: param.str({ max: 128 }).optional(),
  DestCidrIp: param.str({ max: 64 }).optional(),
  Ipv6DestCidrIp: param.str({ max: 64 }).optional(),
  DestGroupId: param.str({ max: 128 }).optional(),
};

const ruleObject = z.object(ruleFields);
export type RuleInput = z.output<typeof ruleObject>;

/** `Permissions.N.*`: at most 100 rules per call (the SDK model's remark). */
export const permissionsParam = () => param.list(ruleObject, { max: 100 }).optional();

/** The rule a request describes, before it has an id. */
export type RuleDraft = Omit<SecurityGroupRule, 'id' | 'createdMs'>;

const protocols: Readonly<Record<string, SecurityGroupProtocol>> = {
  tcp: 'TCP', udp: 'UDP', icmp: 'ICMP', icmpv6: 'ICMPv6', gre: 'GRE', all: 'ALL',
};

function protocolOf(text: string | undefined): Result<SecurityGroupProtocol, ApiError> {
  const found = text === undefined ? undefined : protocols[text.toLowerCase()];
  return found === undefined
    ? err(apiError('InvalidIpProtocol.Malformed',
      `IpProtocol: ${text ?? '(missing)'}; expected TCP, UDP, ICMP, ICMPv6, GRE or ALL`))
    : ok(found);
}

/** TCP and UDP take `from/to` within 1–65535; the others only `-1/-1`. */
function portRangeOf(protocol: SecurityGroupProtocol,
  text: string | undefined): Result<string, ApiError> {
  const portless = protocol !== 'TCP' && protocol !== 'UDP';
  const given = text ?? (portless ? '-1/-1' : undefined);
  const bad = () => err(apiError('InvalidIpPortRange.Malformed',
    `PortRange: ${text ?? '(missing)'}; ` +
    (portless ? `${protocol} takes -1/-1` : 'expected from/to with 1 <= from <= to <= 65535')));
  if (given === undefined || !/^-?\d{1,5}\/-?\d{1,5}$/.test(given)) return bad();
  const range = parsePortRange(given);
  if (portless) return range === undefined ? ok(given) : bad();
  if (range === undefined || range[0] < 1 || range[1] > 65535 || range[0] > range[1]) return bad();
  return ok(given);
}

function policyOf(text: string | undefined): Result<'Accept' | 'Drop', ApiError> {
  const lower = (text ?? 'accept').toLowerCase();
  if (lower === 'accept') return ok('Accept');
  if (lower === 'drop') return ok('Drop');
  return err(apiError('InvalidPolicy.Malformed', `Policy: ${text}; expected accept or drop`));
}

/** The far end of the rule: a CIDR (IPv4 or IPv6) or a group of the same VPC. */
function peerOf(draft: RegionDraft, vpcId: string, direction: SecurityGroupDirection,
  input: RuleInput): Result<{ peerCidr: string; peerGroupId: string }, ApiError> {
  const ingress = direction === 'ingress';
  const cidrName = ingress ? 'SourceCidrIp' : 'DestCidrIp';
  const cidr = (ingress ? input.SourceCidrIp ?? input.Ipv6SourceCidrIp
    : input.DestCidrIp ?? input.Ipv6DestCidrIp) ?? '';
  const groupId = (ingress ? input.SourceGroupId : input.DestGroupId) ?? '';
  if (cidr === '' && groupId === '') {
    return err(invalidParameter(cidrName, ingress
      ? 'one of SourceCidrIp, Ipv6SourceCidrIp or SourceGroupId'
      : 'one of DestCidrIp, Ipv6DestCidrIp or DestGroupId'));
  }
  if (groupId !== '') {
    const group = draft.securityGroups.get(groupId);
    if (group === undefined) return err(apiError('InvalidSecurityGroupId.NotFound',
      `${ingress ? 'SourceGroupId' : 'DestGroupId'}: ${groupId}`));
    if (group.vpcId !== vpcId) return err(apiError('InvalidOperation.VpcMismatch',
      `security group ${groupId} is in ${group.vpcId}`));
    return ok({ peerCidr: '', peerGroupId: groupId });
  }
  const prefix = normalizePrefix(cidr);
  if (prefix === undefined) return err(invalidParameter(cidrName, 'an IPv4 or IPv6 CIDR block'));
  return ok({ peerCidr: prefix, peerGroupId: '' });
}

/** Checks one rule's fields and returns the rule they describe. */
export function ruleDraftOf(draft: RegionDraft, vpcId: string,
  direction: SecurityGroupDirection, input: RuleInput): Result<RuleDraft, ApiError> {
  const ipProtocol = protocolOf(input.IpProtocol);
  if (!ipProtocol.ok) return ipProtocol;
  const portRange = portRangeOf(ipProtocol.value, input.PortRange);
  if (!portRange.ok) return portRange;
  const policy = policyOf(input.Policy);
  if (!policy.ok) return policy;
  const peer = peerOf(draft, vpcId, direction, input);
  if (!peer.ok) return peer;
  return ok({
    direction,
    policy: policy.value,
    priority: input.Priority ?? 1,
    ipProtocol: ipProtocol.value,
    portRange: portRange.value,
    ...peer.value,
    description: input.Description ?? '',
  });
}

/** Two rules are the same rule when everything but the description and id agrees. */
export function sameRule(a: RuleDraft, b: RuleDraft): boolean {
  return a.direction === b.direction && a.policy === b.policy && a.priority === b.priority &&
    a.ipProtocol === b.ipProtocol && a.portRange === b.portRange && a.peerCidr === b.peerCidr &&
    a.peerGroupId === b.peerGroupId;
}

/** The rules a request names: `Permissions.N.*` when given, else the flat fields. */
export function ruleInputsOf(params: RuleInput & { Permissions?: RuleInput[] | undefined },
): RuleInput[] {
  if (params.Permissions !== undefined && params.Permissions.length > 0) return params.Permissions;
  return [params];
}
