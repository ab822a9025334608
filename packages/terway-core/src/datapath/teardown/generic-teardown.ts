// GenericTearDown (plugin/driver/utils/utils_linux.go), the first step of every CNI DEL: in the pod
// namespace every link but `lo` is set down; virtual links (ipvlan, vlan, veth, ifb, dummy) are
// deleted (a veth takes its host peer and the peer's routes with it); a physical device (an
// exclusive ENI) is renamed to a random `vethXXXXXXXX` and moved back to the host, where it stays
// down, unaddressed and under that name (a Terway quirk, kept). A namespace that is already gone is
// not an error. Then CleanIPRules runs in the host. Errors are collected, not fatal to the sweep.

import { ok } from '@terway-sim/sim-base';
import type { Kernel, Link } from '@terway-sim/kernel-shim';
import { failure, type DatapathError } from '../errors.js';
import { newExecContext, type ExecContext } from '../ensure/exec-context.js';
import type { DpResult } from '../ensure/link.js';
import { applyStep } from '../plan/executor.js';
import { byIndex, byName, type Step } from '../plan/step.js';
import { cleanIpRules } from './clean-ip-rules.js';

const deletedKinds: ReadonlySet<Link['kind']> = new Set(['ipvlan', 'vlan', 'veth', 'ifb', 'dummy']);

/** How many random names a sweep of these links needs (one per device). */
export function devicesIn(links: readonly Link[]): number {
  return links.filter((link) => link.name !== 'lo' && link.kind === 'device').length;
}

/**
 * The sweep as steps, one group per link: [down (error ignored), then delete or rename+move].
 * `names` supplies the random names for devices, in link order.
 */
export function planGenericTearDown(
  links: readonly Link[], ns: { pod: string; host: string }, names: readonly string[],
): Step[][] {
  const groups: Step[][] = [];
  let next = 0;
  for (const link of links) {
    if (link.name === 'lo') continue;
    const down: Step = { ns: ns.pod, op: 'linkDown', link: byIndex(link.index) };
    if (deletedKinds.has(link.kind)) {
      groups.push([down, { ns: ns.pod, op: 'linkDelByName', name: link.name }]);
    } else if (link.kind === 'device') {
      const name = names[next++] ?? `veth${link.index}`;
      groups.push([down,
        { ns: ns.pod, op: 'linkName', link: byIndex(link.index), name },
        { ns: ns.pod, op: 'linkNetns', link: byName(name), target: ns.host }]);
    }
  }
  return groups;
}

/** k8s NewAggregate's text: one error as is, several as `[a, b]`. */
export function aggregate(errors: readonly DatapathError[]): DatapathError | undefined {
  if (errors.length === 0) return undefined;
  if (errors.length === 1) return errors[0];
  return { message: `[${errors.map((e) => e.message).join(', ')}]` };
}

async function sweep(ctx: ExecContext, groups: readonly Step[][]): Promise<DatapathError[]> {
  const errors: DatapathError[] = [];
  for (const [down, ...rest] of groups) {
    if (down !== undefined) await applyStep(ctx, down);
    for (const step of rest) {
      const done = await applyStep(ctx, step);
      if (!done.ok) errors.push(done.error);
    }
  }
  return errors;
}

export interface GenericTearDownOptions {
  readonly podNs: string;
  readonly hostNs: string;
  /** Draws a random `vethXXXXXXXX` name (from a seeded stream). */
  readonly randomVethName: () => string;
}

/** GenericTearDown(podNetns). When to use: first thing in DEL, under the CNI file lock. */
export async function genericTearDown(
  kernel: Kernel, options: GenericTearDownOptions, ctx: ExecContext = newExecContext(kernel),
): Promise<DpResult<void>> {
  const errors: DatapathError[] = [];
  const links = await kernel.linkList(options.podNs);
  if (links.ok) {
    const names = Array.from({ length: devicesIn(links.value) }, () => options.randomVethName());
    errors.push(
      ...await sweep(
        ctx, planGenericTearDown(links.value, { pod: options.podNs, host: options.hostNs }, names),
      )
    );
  } else if (links.error.errno !== 'ENOENT') {
    errors.push({
      message: `error get link list from netlink, ${links.error.message}`, errno: links.error.errno,
    });
  }
  const cleaned = await cleanIpRules(ctx, options.hostNs);
  if (!cleaned.ok) errors.push(cleaned.error);
  const all = aggregate(errors);
  return all === undefined ? ok(undefined) : failure(all.message, all.errno);
}
