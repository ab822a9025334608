// Policy routing rules, one ordered list per family (net/core/fib_rules.c): a new rule goes after
// the last rule of equal or lower priority; an exclusive add of an identical rule is EEXIST; a
// missing priority takes the kernel's default (the second rule's priority minus one); a delete
// removes the first rule that matches every selector given.

import { ok } from '@terway-sim/sim-base';
import { kernelError, type KernelResult } from '../netlink/errors.js';
import type { Unit } from '../netlink/kernel.js';
import type { Rule, RuleFilter, RuleSpec } from '../netlink/rule.js';
import { parseCidr, prefixText } from './ip-math.js';
import type { NsState } from './state.js';

function familyOf(spec: RuleSpec | RuleFilter): 4 | 6 | 'mismatch' {
  const families = [spec.src, spec.dst].filter((text): text is string => text !== undefined)
    .map((text) => (text.includes(':') ? 6 : 4));
  const wanted = spec.family ?? families[0] ?? 4;
  return families.every((family) => family === wanted) ? wanted : 'mismatch';
}

function prefixOf(text: string | undefined): string | undefined | null {
  if (text === undefined || text === 'all') return undefined;
  const parsed = parseCidr(text);
  return parsed === undefined ? null : prefixText(parsed);
}

function defaultPriority(rules: readonly Rule[]): number {
  const second = rules[1];
  return second !== undefined && second.priority > 0 ? second.priority - 1 : 0;
}

function sameRule(a: Rule, b: Rule): boolean {
  return (
    a.priority === b.priority &&
    a.action === b.action &&
    a.table === b.table &&
    a.src === b.src &&
    a.dst === b.dst &&
    a.iif === b.iif &&
    a.oif === b.oif &&
    a.fwmark === b.fwmark &&
    a.fwmask === b.fwmask &&
    a.tos === b.tos &&
    a.invert === b.invert &&
    a.gotoPriority === b.gotoPriority &&
    a.suppressPrefixLength === b.suppressPrefixLength
  );
}

export function ruleInsert(ns: NsState, spec: RuleSpec): KernelResult<Unit> {
  const family = familyOf(spec);
  if (family === 'mismatch')
    return kernelError('EINVAL', 'ruleAdd', `${ns.name}: rule selectors mix address families`);
  const src = prefixOf(spec.src);
  const dst = prefixOf(spec.dst);
  if (src === null || dst === null)
    return kernelError('EINVAL', 'ruleAdd', `${ns.name}: bad rule prefix ${spec.src ?? spec.dst}`);
  const rules = ns.rules[family];
  const action = spec.action ?? 'lookup';
  const priority = spec.priority ?? defaultPriority(rules);
  if (action === 'goto' && (spec.gotoPriority === undefined || spec.gotoPriority <= priority)) {
    return kernelError('EINVAL', 'ruleAdd', `${ns.name}: goto must jump forward from ${priority}`);
  }
  const rule: Rule = {
    family,
    priority,
    action,
    table: action === 'lookup' ? (spec.table ?? 254) : 0,
    tos: spec.tos ?? 0,
    invert: spec.invert ?? false,
    suppressPrefixLength: spec.suppressPrefixLength ?? -1,
    ...(src !== undefined ? { src } : {}),
    ...(dst !== undefined ? { dst } : {}),
    ...(spec.iif !== undefined ? { iif: spec.iif } : {}),
    ...(spec.oif !== undefined ? { oif: spec.oif } : {}),
    ...(spec.fwmark !== undefined
      ? { fwmark: spec.fwmark, fwmask: spec.fwmask ?? 0xffffffff }
      : {}),
    ...(action === 'goto' ? { gotoPriority: spec.gotoPriority! } : {}),
  };
  if (rules.some((existing) => sameRule(existing, rule)))
    return kernelError('EEXIST', 'ruleAdd', `${ns.name}: the rule exists`);
  let at = rules.length;
  while (at > 0 && rules[at - 1]!.priority > priority) at--;
  rules.splice(at, 0, rule);
  return ok(undefined);
}

function ruleMatchesFilter(
  rule: Rule,
  filter: RuleFilter,
  src: string | undefined,
  dst: string | undefined,
): boolean {
  return (
    (filter.priority === undefined || rule.priority === filter.priority) &&
    (filter.action === undefined || rule.action === filter.action) &&
    (filter.table === undefined || rule.table === filter.table) &&
    (src === undefined || rule.src === src) &&
    (dst === undefined || rule.dst === dst) &&
    (filter.iif === undefined || rule.iif === filter.iif) &&
    (filter.oif === undefined || rule.oif === filter.oif) &&
    (filter.fwmark === undefined || rule.fwmark === filter.fwmark)
  );
}

export function ruleRemove(ns: NsState, filter: RuleFilter): KernelResult<Unit> {
  const family = familyOf(filter);
  const src = prefixOf(filter.src);
  const dst = prefixOf(filter.dst);
  if (family === 'mismatch' || src === null || dst === null)
    return kernelError('EINVAL', 'ruleDel', `${ns.name}: bad rule selector`);
  const rules = ns.rules[family];
  const at = rules.findIndex((rule) => ruleMatchesFilter(rule, filter, src, dst));
  if (at < 0) return kernelError('ENOENT', 'ruleDel', `${ns.name}: no IPv${family} rule matches`);
  rules.splice(at, 1);
  return ok(undefined);
}
