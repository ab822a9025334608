// FindIPRule / EnsureIPRule / RuleDel (plugin/driver/utils). Rules are found by the selectors the
// wanted rule sets (src, dst, oif) and its priority; the table is not a selector. Found rules whose
// table, priority or iif differ are deleted, which migrates the pre-2022 `from podIP iif cali…
// lookup T` rules (Terway commit efd05996 dropped the iif). A rule is added only when none is left.

import { ok } from '@terway-sim/sim-base';
import type { IpFamily, Rule, RuleFilter, RuleSpec } from '@terway-sim/kernel-shim';
import { commandFailed, failure } from '../errors.js';
import { addressOf, familyOf } from '../ip.js';
import { noteChange, type ExecContext } from './exec-context.js';
import type { DpResult } from './link.js';

/** A rule with its table resolved. Unset selectors are absent. */
export interface ResolvedRule {
  readonly priority: number;
  readonly table?: number;
  readonly src?: string;
  readonly dst?: string;
  readonly oif?: string;
  readonly iif?: string;
}

/** FindIPRule's family: v4 unless src/dst is v6; an oif rule is v4. */
export function ruleFamily(rule: ResolvedRule): IpFamily {
  let family: IpFamily = 4;
  if (rule.src !== undefined) family = familyOf(addressOf(rule.src));
  if (rule.dst !== undefined) family = familyOf(addressOf(rule.dst));
  if (rule.oif !== undefined) family = 4;
  return family;
}

export function ruleText(rule: ResolvedRule | Rule): string {
  const parts = [`prio ${rule.priority}`];
  parts.push(rule.src !== undefined ? `from ${rule.src}` : 'from all');
  if (rule.dst !== undefined) parts.push(`to ${rule.dst}`);
  if (rule.iif !== undefined) parts.push(`iif ${rule.iif}`);
  if (rule.oif !== undefined) parts.push(`oif ${rule.oif}`);
  if (rule.table !== undefined) parts.push(`lookup ${rule.table}`);
  return parts.join(' ');
}

export async function findIpRule(
  ctx: ExecContext, ns: string, want: ResolvedRule,
): Promise<DpResult<Rule[]>> {
  if (want.src === undefined && want.dst === undefined && want.oif === undefined) return failure(
    'rule is empty'
  );
  const listed = await ctx.kernel.ruleList(ns, ruleFamily(want));
  if (!listed.ok) return commandFailed('ip rule show', listed.error);
  return ok(listed.value.filter((rule) =>
    (want.src === undefined || rule.src === want.src)
    && (want.dst === undefined || rule.dst === want.dst)
    && (want.oif === undefined || rule.oif === want.oif)
    && rule.priority === want.priority));
}

/** RuleDel; on failure tries once more with iif/oif cleared, as Terway does. */
export async function ruleDel(ctx: ExecContext, ns: string, rule: Rule): Promise<DpResult<void>> {
  const command = `ip rule del ${ruleText(rule)}`;
  const filter: RuleFilter = {
    family: rule.family, priority: rule.priority, table: rule.table,
    ...(rule.src !== undefined ? { src: rule.src } : {}),
    ...(rule.dst !== undefined ? { dst: rule.dst } : {}),
  };
  const first = await ctx.kernel.ruleDel(ns, {
    ...filter,
    ...(rule.iif !== undefined ? { iif: rule.iif } : {}),
    ...(rule.oif !== undefined ? { oif: rule.oif } : {}),
  });
  if (!first.ok) {
    const second = await ctx.kernel.ruleDel(ns, filter);
    if (!second.ok) return commandFailed(command, second.error);
  }
  noteChange(ctx, ns, command);
  return ok(undefined);
}

export async function ensureIpRule(
  ctx: ExecContext, ns: string, want: ResolvedRule,
): Promise<DpResult<boolean>> {
  const found = await findIpRule(ctx, ns, want);
  if (!found.ok) return found;
  let changed = false;
  let kept = false;
  for (const rule of found.value) {
    const stale = rule.table !== want.table || rule.priority !== want.priority
      || rule.iif !== want.iif;
    if (!stale) {
      kept = true;
      continue;
    }
    changed = true;
    const deleted = await ruleDel(ctx, ns, rule);
    if (!deleted.ok) return deleted;
  }
  if (kept) return ok(changed);
  const command = `ip rule add ${ruleText(want)}`;
  const spec: RuleSpec = {
    family: ruleFamily(want), priority: want.priority,
    ...(want.table !== undefined ? { table: want.table } : {}),
    ...(want.src !== undefined ? { src: want.src } : {}),
    ...(want.dst !== undefined ? { dst: want.dst } : {}),
    ...(want.oif !== undefined ? { oif: want.oif } : {}),
    ...(want.iif !== undefined ? { iif: want.iif } : {}),
  };
  const added = await ctx.kernel.ruleAdd(ns, spec);
  if (!added.ok) return commandFailed(command, added.error);
  noteChange(ctx, ns, command);
  return ok(true);
}
