// CleanIPRules (plugin/driver/utils/utils_linux.go): garbage-collects policy rules of pods whose
// host link is gone. Among rules of priority 512 or 2048 (both families), those naming an iif/oif
// that no longer exists are deleted and their prefix remembered; then rules of those priorities
// without iif/oif whose src or dst equals a remembered prefix go too. Only the pre-2022 `iif cali…`
// rules trigger it (Terway commit efd05996 dropped the iif); current rules carry no interface.

import { ok } from '@terway-sim/sim-base';
import type { Rule } from '@terway-sim/kernel-shim';
import { failure } from '../errors.js';
import type { ExecContext } from '../ensure/exec-context.js';
import type { DpResult } from '../ensure/link.js';
import { ruleDel } from '../ensure/rule.js';

const cleanedPriorities: ReadonlySet<number> = new Set([512, 2048]);

/** Rules naming a link that `exists` says is gone: the first pass. */
export function rulesWithMissingLink(
  rules: readonly Rule[], exists: (name: string) => boolean,
): Rule[] {
  return rules.filter((rule) => {
    if (!cleanedPriorities.has(rule.priority)) return false;
    const name = rule.iif ?? rule.oif;
    return name !== undefined && !exists(name);
  });
}

/** The second pass: interface-less rules of the same priorities on a remembered prefix. */
export function rulesOnPrefixes(rules: readonly Rule[], prefixes: readonly string[]): Rule[] {
  return rules.filter((rule) => cleanedPriorities.has(rule.priority)
    && rule.iif === undefined && rule.oif === undefined
    && prefixes.some((prefix) => rule.dst === prefix || rule.src === prefix));
}

export async function cleanIpRules(ctx: ExecContext, hostNs: string): Promise<DpResult<void>> {
  const v4 = await ctx.kernel.ruleList(hostNs, 4);
  if (!v4.ok) return failure(v4.error.message, v4.error.errno);
  const v6 = await ctx.kernel.ruleList(hostNs, 6);
  const links = await ctx.kernel.linkList(hostNs);
  if (!links.ok) return failure(links.error.message, links.error.errno);
  const names = new Set(links.value.map((link) => link.name));
  const rules = [...v4.value, ...(v6.ok ? v6.value : [])];
  const prefixes: string[] = [];
  let result: DpResult<void> = ok(undefined);
  for (const rule of rulesWithMissingLink(rules, (name) => names.has(name))) {
    const deleted = await ruleDel(ctx, hostNs, rule);
    if (!deleted.ok) {
      result = deleted;
      break;
    }
    const prefix = rule.src ?? rule.dst;
    if (prefix !== undefined) prefixes.push(prefix);
  }
  // Terway runs this pass in a defer: it happens even when the first pass failed.
  for (const rule of rulesOnPrefixes(rules, prefixes)) await ruleDel(ctx, hostNs, rule);
  return result;
}
