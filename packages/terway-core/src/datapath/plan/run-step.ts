// The step dispatcher: which Terway helper each step kind calls (the executor wraps errors and
// keeps the undo stack). Steps that address a link the kernel cannot find fail with the netlink
// library's "Link not found", except the teardown steps that Terway runs only "if the ENI exists".

import { ok } from '@terway-sim/sim-base';
import type { Link } from '@terway-sim/kernel-shim';
import { ensureAddr } from '../ensure/addr.js';
import type { ExecContext } from '../ensure/exec-context.js';
import {
  delLinkByName, ensureLinkMtu, ensureLinkName, ensureLinkUp, findLink, getLink, linkSetDown,
  linkSetNetns, type DpResult,
} from '../ensure/link.js';
import { ensureNeigh } from '../ensure/neigh.js';
import { ensureRoute, foundRoutes, routeDel } from '../ensure/route.js';
import { ensureIpRule, findIpRule, ruleDel } from '../ensure/rule.js';
import { ensureSysctl } from '../ensure/sysctl.js';
import { ensureIpvlanHostSlave, setupIpvlan } from '../driver/ipvlan.js';
import { setupVeth } from '../driver/veth.js';
import { setupVlan } from '../driver/vlan.js';
import { returnExclusiveEni } from '../driver/exclusive-eni-return.js';
import {
  delEgressPriority, delFilterBySrc, ensureIpvlanRedirect, ensureVlanTag, ensureVlanUntagger,
  setEgressPriority,
} from '../tc/filters.js';
import { ensureClsact, ensureMqFq, ensureRootFq, setupTbf } from '../tc/qdisc.js';
import { requireLink, resolveMac, resolveRoute, resolveRule } from './resolve.js';
import type { LinkSel, Step } from './step.js';

type StepOf<K extends Step['op']> = Extract<Step, { op: K }>;

async function onLink(
  ctx: ExecContext, ns: string, sel: LinkSel, work: (link: Link) => Promise<DpResult<unknown>>,
): Promise<DpResult<void>> {
  const link = await getLink(ctx, ns, sel);
  if (!link.ok) return link;
  const done = await work(link.value);
  return done.ok ? ok(undefined) : done;
}

/** Teardown steps act only when the link still exists. */
async function ifLinkExists(
  ctx: ExecContext, ns: string, sel: LinkSel, work: (link: Link) => Promise<DpResult<unknown>>,
): Promise<DpResult<void>> {
  if ('index' in sel && sel.index <= 0) return ok(undefined);
  const link = await findLink(ctx, ns, sel);
  if (!link.ok) return link;
  if (link.value === undefined) return ok(undefined);
  const done = await work(link.value);
  return done.ok ? ok(undefined) : done;
}

async function runNeigh(ctx: ExecContext, step: StepOf<'neigh'>): Promise<DpResult<void>> {
  const mac = await resolveMac(ctx, step.neigh.mac);
  if (!mac.ok) return mac;
  return onLink(
    ctx, step.ns, step.neigh.link,
    (link) => ensureNeigh(ctx, step.ns, link, step.neigh.ip, mac.value),
  );
}

async function runRoute(ctx: ExecContext, step: StepOf<'route'>): Promise<DpResult<void>> {
  const route = await resolveRoute(ctx, step.ns, step.route);
  if (!route.ok) return route;
  const done = await ensureRoute(ctx, step.ns, route.value);
  return done.ok ? ok(undefined) : done;
}

async function runRule(ctx: ExecContext, step: StepOf<'rule'>): Promise<DpResult<void>> {
  const rule = await resolveRule(ctx, step.rule);
  if (!rule.ok) return rule;
  const done = await ensureIpRule(ctx, step.ns, rule.value);
  return done.ok ? ok(undefined) : done;
}

async function runVeth(ctx: ExecContext, step: StepOf<'veth'>): Promise<DpResult<void>> {
  let hwAddr: string | undefined;
  if (step.hwAddr !== undefined) {
    const mac = await resolveMac(ctx, step.hwAddr);
    if (!mac.ok) return mac;
    hwAddr = mac.value;
  }
  return setupVeth(ctx, {
    ns: step.ns, target: step.target, ifName: step.ifName, peerName: step.peerName,
    tempName: step.tempName,
    mtu: step.mtu, ...(hwAddr !== undefined ? { hwAddr } : {}),
  });
}

async function runRuleDelAll(
  ctx: ExecContext, step: StepOf<'ruleDelAll'>,
): Promise<DpResult<void>> {
  const found = await findIpRule(ctx, step.ns, {
    priority: step.priority,
    ...(step.src !== undefined ? { src: step.src } : {}),
    ...(step.dst !== undefined ? { dst: step.dst } : {}),
  });
  if (!found.ok) return found;
  for (const rule of found.value) {
    const deleted = await ruleDel(ctx, step.ns, rule);
    if (!deleted.ok) return deleted;
  }
  return ok(undefined);
}

async function runRouteDelAll(
  ctx: ExecContext, step: StepOf<'routeDelAll'>,
): Promise<DpResult<void>> {
  const found = await foundRoutes(
    ctx, step.ns, { dst: step.dst, scope: 'universe', onlink: false },
  );
  if (!found.ok) return found;
  for (const route of found.value) {
    const deleted = await routeDel(ctx, step.ns, route);
    if (!deleted.ok) return deleted;
  }
  return ok(undefined);
}

async function runIpvlanRedirect(
  ctx: ExecContext, step: StepOf<'ipvlanRedirect'>,
): Promise<DpResult<void>> {
  const slave = await getLink(ctx, step.ns, { name: step.slave });
  if (!slave.ok) return slave;
  return onLink(
    ctx, step.ns, step.parent,
    (parent) => ensureIpvlanRedirect(ctx, step.ns, parent, step.cidrs, slave.value.index),
  );
}

export async function runStep(ctx: ExecContext, step: Step): Promise<DpResult<void>> {
  const ns = step.ns;
  switch (step.op) {
    case 'linkRequire': return requireLink(ctx, ns, step.link, step.message);
    case 'linkName': return onLink(
      ctx, ns, step.link, (link) => ensureLinkName(ctx, ns, link, step.name),
    );
    case 'linkMtu': return onLink(
      ctx, ns, step.link, (link) => ensureLinkMtu(ctx, ns, link, step.mtu),
    );
    case 'linkUp': return onLink(ctx, ns, step.link, (link) => ensureLinkUp(ctx, ns, link));
    case 'linkDown': return onLink(ctx, ns, step.link, (link) => linkSetDown(ctx, ns, link));
    case 'linkNetns': return onLink(
      ctx, ns, step.link, (link) => linkSetNetns(ctx, ns, link, step.target),
    );
    case 'sysctl': {
      const done = await ensureSysctl(ctx, ns, step.path, step.value); return done.ok ? ok(
        undefined
      ) : done;
    }
    case 'addr': return onLink(ctx, ns, step.link, (link) => ensureAddr(ctx, ns, link, step.addr));
    case 'neigh': return runNeigh(ctx, step);
    case 'route': return runRoute(ctx, step);
    case 'rule': return runRule(ctx, step);
    case 'vlanUntag': return onLink(
      ctx, ns, step.link, (link) => ensureVlanUntagger(ctx, ns, link),
    );
    case 'vlanTag': return onLink(
      ctx, ns, step.link, (link) => ensureVlanTag(ctx, ns, link, step.ips, step.vid),
    );
    case 'tbf': return onLink(
      ctx, ns, step.link, (link) => setupTbf(ctx, ns, link, step.rateBytes),
    );
    case 'mqFq': return onLink(ctx, ns, step.link, (link) => ensureMqFq(ctx, ns, link));
    case 'fq': return onLink(ctx, ns, step.link, (link) => ensureRootFq(ctx, ns, link));
    case 'egressPriority': return onLink(
      ctx, ns, step.link, (link) => setEgressPriority(ctx, ns, link, step.classid, step.ips),
    );
    case 'clsact': return onLink(ctx, ns, step.link, (link) => ensureClsact(ctx, ns, link));
    case 'veth': return runVeth(ctx, step);
    case 'ipvlan': return setupIpvlan(ctx, step);
    case 'vlan': return setupVlan(ctx, step);
    case 'ipvlanSlave': {
      const done = await ensureIpvlanHostSlave(
        ctx, ns, step.parent, step.name, step.mtu,
      ); return done.ok ? ok(undefined) : done;
    }
    case 'ipvlanRedirect': return runIpvlanRedirect(ctx, step);
    case 'exclusiveEniReturn': return returnExclusiveEni(ctx, step);
    case 'linkDelByName': return delLinkByName(ctx, ns, step.name);
    case 'ruleDelAll': return runRuleDelAll(ctx, step);
    case 'routeDelAll': return runRouteDelAll(ctx, step);
    case 'filterDelBySrc': return ifLinkExists(
      ctx, ns, step.link, (link) => delFilterBySrc(ctx, ns, link, step.parent, step.ips),
    );
    case 'egressPriorityDel': return ifLinkExists(
      ctx, ns, step.link, (link) => delEgressPriority(ctx, ns, link, step.ips),
    );
  }
}
