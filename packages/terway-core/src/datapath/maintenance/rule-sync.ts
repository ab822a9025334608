// The daemon's periodic host maintenance for ENI multi-IP pods (Terway's daemon/rule_linux.go and
// daemon/daemon_linux.go), as functions over the `Kernel` port the daemon calls
// every gcPeriod (5 minutes):
// - ruleSync re-ensures, for a live pod whose host veth and ENI exist, the ENI table's default
//   route(s), the host veth /32 route and the 512/2048 rules (EnsureRoute/EnsureIPRule only;
//   addresses, neighbours and links are left alone);
// - gcPolicyRoutes runs the PolicyRoute teardown for a deleted pod, host veth name included.
//
// The daemon decides which pods qualify (ENIMultiIP, datapath capability veth/datapathv2/"",
// older than 2 minutes); these functions do the kernel part.

import { ok } from '@terway-sim/sim-base';
import type { Kernel, Link } from '@terway-sim/kernel-shim';
import type { NetConf } from '../../rpc/messages.js';
import { routeTableId } from '../constants.js';
import { newExecContext } from '../ensure/exec-context.js';
import type { DpResult } from '../ensure/link.js';
import { ensureRoute } from '../ensure/route.js';
import { ensureIpRule } from '../ensure/rule.js';
import { withMaxMask } from '../ip.js';
import { applyPlan } from '../plan/executor.js';
import { resolveRoute, resolveRule } from '../plan/resolve.js';
import {
  policyRouteEniConf, policyRouteHostVethConf, planPolicyRouteTeardown,
} from '../policy-route.js';
import type { IpNetSet } from '../types.js';
import { vethNameForPod } from '../veth-name.js';

export interface SyncedPod {
  readonly name: string;
  readonly namespace: string;
  /** The NetConfs the daemon stored for the pod. */
  readonly netConfs: readonly NetConf[];
}

/** The config ruleSync derives from a stored NetConf, or undefined when it skips the NetConf. */
function syncConfig(conf: NetConf): {
  ipNet: IpNetSet; gateway: IpNetSet; eniGateway: IpNetSet; strip: boolean
} | undefined {
  const podIp = conf.basicInfo?.podIp;
  if (
    conf.basicInfo === undefined || conf.eniInfo === undefined || podIp === undefined
  ) return undefined;
  const strip = conf.eniInfo.trunk;
  if (
    strip && conf.eniInfo.gatewayIp.ipv4 === undefined && conf.eniInfo.gatewayIp.ipv6 === undefined
  ) return undefined;
  const pick = (v?: string) => (v === undefined || v === '' ? undefined : v);
  return {
    ipNet: {
      ipv4: pick(podIp.ipv4) && withMaxMask(podIp.ipv4 ?? ''),
      ipv6: pick(podIp.ipv6) && withMaxMask(podIp.ipv6 ?? ''),
    },
    gateway: {
      ipv4: pick(conf.basicInfo.gatewayIp.ipv4), ipv6: pick(conf.basicInfo.gatewayIp.ipv6),
    },
    eniGateway: strip ? {
      ipv4: pick(conf.eniInfo.gatewayIp.ipv4), ipv6: pick(conf.eniInfo.gatewayIp.ipv6),
    } : {},
    strip,
  };
}

async function syncNetConf(
  kernel: Kernel, hostNs: string, links: readonly Link[], pod: SyncedPod, conf: NetConf,
): Promise<DpResult<void>> {
  const derived = syncConfig(conf);
  if (derived === undefined) return ok(undefined);
  const hostVethName = vethNameForPod(
    pod.name, pod.namespace, conf.ifName === '' ? 'eth0' : conf.ifName,
  );
  const hostVeth = links.find((link) => link.name === hostVethName);
  const eni = links.find((link) => link.kind === 'device' && link.mac === conf.eniInfo?.mac);
  if (hostVeth === undefined || eni === undefined) return ok(undefined);
  const cfg = {
    containerIpNet: derived.ipNet, gatewayIp: derived.gateway, eniGatewayIp: derived.eniGateway,
    stripVlan: derived.strip, mtu: 0, hostIpSet: {}, extraRoutes: [], hostVethName,
  };
  const eniConf = policyRouteEniConf(cfg, eni);
  const vethConf = policyRouteHostVethConf(cfg, routeTableId(eni.index));
  const ctx = newExecContext(kernel);
  for (const route of [...(eniConf.routes ?? []), ...(vethConf.routes ?? [])]) {
    const resolved = await resolveRoute(ctx, hostNs, route);
    if (!resolved.ok) return resolved;
    const done = await ensureRoute(ctx, hostNs, resolved.value);
    if (!done.ok) return done;
  }
  for (const rule of vethConf.rules ?? []) {
    const resolved = await resolveRule(ctx, rule);
    if (!resolved.ok) return resolved;
    const done = await ensureIpRule(ctx, hostNs, resolved.value);
    if (!done.ok) return done;
  }
  return ok(undefined);
}

/** ruleSync for one pod. Stops at the first kernel failure, as Terway does. */
export async function ruleSync(
  kernel: Kernel, hostNs: string, pod: SyncedPod,
): Promise<DpResult<void>> {
  const links = await kernel.linkList(hostNs);
  if (!links.ok) return {
    ok: false, error: { message: links.error.message, errno: links.error.errno },
  };
  for (const conf of pod.netConfs) {
    const done = await syncNetConf(kernel, hostNs, links.value, pod, conf);
    if (!done.ok) return done;
  }
  return ok(undefined);
}

/** gcPolicyRoutes: PolicyRoute teardown for a deleted pod, when its ENI (by MAC) still exists. */
export async function gcPolicyRoutes(
  kernel: Kernel, hostNs: string,
  pod: { name: string; namespace: string; eniMac: string; containerIpNet: IpNetSet },
): Promise<DpResult<void>> {
  const links = await kernel.linkList(hostNs);
  if (!links.ok) return {
    ok: false, error: { message: links.error.message, errno: links.error.errno },
  };
  const eni = links.value.find((link) => link.kind === 'device' && link.mac === pod.eniMac);
  if (eni === undefined) return ok(undefined);
  const plan = planPolicyRouteTeardown({
    dp: 'PolicyRoute', hostVethName: vethNameForPod(pod.name, pod.namespace, ''),
    eniIndex: eni.index,
    containerIpNet: pod.containerIpNet, serviceCidr: {}, enableNetworkPriority: false,
  }, hostNs);
  const done = await applyPlan(kernel, plan);
  return done.ok ? ok(undefined) : { ok: false, error: done.error };
}
