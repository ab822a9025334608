// How Alibaba Cloud decides whether a security group lets one packet through an ENI, as a pure
// function of the ENI's groups and the packet. The emulator filters nothing itself; the VPC
// fabric the world builds over the emulator asks this at the ENI a packet leaves and at the one
// it enters.
//
// The documented semantics ("Security group rules" and "Basic and enterprise security groups" in
// the ECS user guide, https://www.alibabacloud.com/help/en/ecs/user-guide/security-group-rules):
// - the rules of every group of the ENI are pooled and sorted; priority 1 comes first and 100 last;
// - at equal priority a Drop rule comes before an Accept rule;
// - the first rule that matches the protocol, port and peer decides;
// - when none matches, the implicit default rules decide: a basic (`normal`) group accepts inbound
//   traffic from ENIs of the same group (its internal communication policy, Accept by default)
//   and denies other inbound traffic, and accepts all outbound traffic; an advanced
//   (`enterprise`) group denies inbound and outbound traffic, including within the group.
// Groups are stateful: this decides the first packet of a flow; replies are not evaluated.

import { prefixContains } from '@terway-sim/sim-base';
import type {
  SecurityGroupDirection, SecurityGroupRecord, SecurityGroupRule,
} from '../state/types.js';

/** What the evaluator needs to know about the packet at one ENI. */
export interface SecurityGroupFlow {
  /** `ingress` at the ENI the packet enters, `egress` at the ENI it leaves. */
  readonly direction: SecurityGroupDirection;
  readonly protocol: 'tcp' | 'udp' | 'sctp' | 'icmp';
  /** Destination port for TCP, UDP and SCTP (an SCTP packet matches only `ALL` rules). */
  readonly port?: number;
  /** The far end's address: the source inbound, the destination outbound. */
  readonly peerIp: string;
  /** The far end's ENI's groups, if it is an ENI of the VPC (group-to-group rules, intra-group). */
  readonly peerGroupIds: readonly string[];
}

export type SecurityGroupVerdict =
  | { readonly allowed: true; readonly groupId: string; readonly ruleId: string | 'default' }
  | { readonly allowed: false; readonly groupId: string; readonly ruleId: string | 'default' };

/** Priority first; then Drop before Accept; then group and rule id so the order is total. */
function ruleOrder(a: Ranked, b: Ranked): number {
  if (a.rule.priority !== b.rule.priority) return a.rule.priority - b.rule.priority;
  if (a.rule.policy !== b.rule.policy) return a.rule.policy === 'Drop' ? -1 : 1;
  if (a.groupId !== b.groupId) return a.groupId < b.groupId ? -1 : 1;
  return a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0;
}

interface Ranked {
  readonly groupId: string;
  readonly rule: SecurityGroupRule;
}

/** `22/22` → [22, 22]; `-1/-1` → undefined (every port). */
export function parsePortRange(text: string): readonly [number, number] | undefined {
  const match = /^(-?\d{1,5})\/(-?\d{1,5})$/.exec(text);
  if (match === null) return undefined;
  const from = Number(match[1]);
  const to = Number(match[2]);
  return from === -1 && to === -1 ? undefined : [from, to];
}

function protocolMatches(rule: SecurityGroupRule, flow: SecurityGroupFlow): boolean {
  switch (rule.ipProtocol) {
    case 'ALL':
      return true;
    case 'ICMP':
      return flow.protocol === 'icmp' && !flow.peerIp.includes(':');
    case 'ICMPv6':
      return flow.protocol === 'icmp' && flow.peerIp.includes(':');
    case 'GRE':
      return false;
    case 'TCP':
    case 'UDP': {
      if (flow.protocol !== rule.ipProtocol.toLowerCase() || flow.port === undefined) return false;
      const range = parsePortRange(rule.portRange);
      return range === undefined || (flow.port >= range[0] && flow.port <= range[1]);
    }
  }
}

function peerMatches(rule: SecurityGroupRule, flow: SecurityGroupFlow): boolean {
  if (rule.peerGroupId !== '') return flow.peerGroupIds.includes(rule.peerGroupId);
  if (rule.peerCidr === '') return false;
  return rule.peerCidr.includes(':') === flow.peerIp.includes(':') &&
    prefixContains(rule.peerCidr, flow.peerIp);
}

/** The implicit rules of the ENI's groups, for a packet no custom rule matched. */
function defaultVerdict(groups: readonly SecurityGroupRecord[],
  flow: SecurityGroupFlow): SecurityGroupVerdict {
  const normal = groups.filter((group) => group.type === 'normal');
  if (flow.direction === 'egress') {
    const first = normal[0];
    return first !== undefined
      ? { allowed: true, groupId: first.id, ruleId: 'default' }
      : { allowed: false, groupId: groups[0]!.id, ruleId: 'default' };
  }
  const shared = normal.find((group) => flow.peerGroupIds.includes(group.id));
  return shared !== undefined
    ? { allowed: true, groupId: shared.id, ruleId: 'default' }
    : { allowed: false, groupId: groups[0]!.id, ruleId: 'default' };
}

/**
 * The verdict for one packet at an ENI in `groups`. An ENI in no group is not filtered (the
 * emulator's worlds may make such ENIs; ECS never does), and the verdict then names no group.
 */
export function evaluateSecurityGroups(groups: readonly SecurityGroupRecord[],
  flow: SecurityGroupFlow): SecurityGroupVerdict {
  if (groups.length === 0) return { allowed: true, groupId: '', ruleId: 'default' };
  const ranked: Ranked[] = [];
  for (const group of groups) {
    for (const rule of group.rules) {
      if (rule.direction === flow.direction) ranked.push({ groupId: group.id, rule });
    }
  }
  ranked.sort(ruleOrder);
  for (const { groupId, rule } of ranked) {
    if (protocolMatches(rule, flow) && peerMatches(rule, flow))
      return { allowed: rule.policy === 'Accept', groupId, ruleId: rule.id };
  }
  return defaultVerdict(groups, flow);
}
