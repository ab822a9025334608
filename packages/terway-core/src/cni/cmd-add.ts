// CNI ADD (cmdAdd/doCmdAdd in Terway's plugin/terway/cni.go and cni_linux.go): AllocIP from the
// daemon, the node address and host sysctls, then, under the node's CNI lock, each NetConf's
// datapath. Once AllocIP has succeeded any later failure releases the IP again ("roll back ip for
// error: …"). Whatever happens a pod event is recorded last: AllocIPSucceed "Alloc IP <ips> took
// <d>" or AllocIPFailed with the error. Failures are CNI code 11 "failed to do add".
//
// VPC-route mode (TypeVPCIP) follows the code commit 0eb1f4a9 removed: host-local IPAM on the
// node podCIDR, then the VPCRoute veth datapath; a datapath failure releases the lease.

import { err, formatDuration, ok, type Context, type Result } from '@terway-sim/sim-base';
import { applyPlan } from '../datapath/plan/executor.js';
import { planExclusiveEni } from '../datapath/exclusive-eni.js';
import { getHostIp } from '../datapath/host/host-ip.js';
import { ensureHostNsConfig } from '../datapath/host/host-ns-config.js';
import { planIpvlan } from '../datapath/ipvlan.js';
import type { PlanInput, RandomNames } from '../datapath/plan/input.js';
import type { Plan } from '../datapath/plan/step.js';
import { planPolicyRoute } from '../datapath/policy-route.js';
import type { IpNetSet, IpPair, SetupConfig } from '../datapath/types.js';
import { randomVethName, vethNameForPod } from '../datapath/veth-name.js';
import { planVlan } from '../datapath/vlan.js';
import { planVpcRoute } from '../datapath/vpc-route.js';
import type { DatapathError } from '../datapath/errors.js';
import type { AllocIpReply, NetConf } from '../rpc/messages.js';
import { multiIpDriver } from './datapath-dispatch.js';
import {
  cniTimeoutMs, ipNetSetText, recordPodEvent, rpcErrorText, runWithTimeout, type CniInvocation,
  type Prepared, type TerwayCniDeps, type TerwayCniOptions,
} from './invocation.js';
import { parseSetupConf } from './setup-conf.js';

interface AddState {
  readonly deps: TerwayCniDeps;
  readonly options: TerwayCniOptions;
  readonly inv: CniInvocation;
  readonly prep: Prepared & { readonly podNs: string };
  readonly ctx: Context;
  readonly changes: string[];
}

export interface AddSuccess {
  readonly ipNet: IpNetSet;
  readonly gateway: IpPair;
}

function draw(deps: TerwayCniDeps): RandomNames {
  return {
    veth: randomVethName(deps.names), eniMove: randomVethName(deps.names),
    eniRollback: randomVethName(deps.names),
  };
}

async function runPlan(
  state: AddState, planner: (input: PlanInput) => Result<Plan, DatapathError>, cfg: SetupConfig,
): Promise<Result<void, string>> {
  const { deps, options, prep } = state;
  const hostLinks = await deps.kernel.linkList(options.hostNs);
  if (!hostLinks.ok) return err(hostLinks.error.message);
  const planned = planner({
    cfg, ns: { host: options.hostNs, pod: prep.podNs }, hostLinks: hostLinks.value,
    random: draw(deps),
  });
  if (!planned.ok) return err(planned.error.message);
  const applied = await applyPlan(deps.kernel, planned.value);
  state.changes.push(...(applied.ok ? applied.value.changes : applied.error.changes));
  return applied.ok ? ok(undefined) : err(applied.error.message);
}

/** The historical VPCRoute branch: host-local lease, then the veth datapath. */
async function addVpcRoute(state: AddState, cfg: SetupConfig): Promise<Result<AddSuccess, string>> {
  const store = state.deps.hostLocal;
  const subnet = cfg.containerIpNet.ipv4 ?? '';
  if (store === undefined) return err(
    'error allocate ip from delegate ipam host-local: host-local is not configured on this node'
  );
  const lease = store.allocate(subnet, state.inv.containerId, state.inv.ifName);
  if (!lease.ok) return err(`error allocate ip from delegate ipam host-local: ${lease.error}`);
  const ipNet = { ipv4: lease.value.address };
  const gateway = { ipv4: lease.value.gateway };
  const done = await runPlan(
    state, planVpcRoute, { ...cfg, containerIpNet: ipNet, gatewayIp: gateway },
  );
  if (!done.ok) {
    store.release(state.inv.containerId, state.inv.ifName);
    return done;
  }
  return ok({ ipNet, gateway });
}

/** One NetConf; returns the IPs when this NetConf is the CNI interface. */
async function setupNetConf(
  state: AddState, reply: AllocIpReply, conf: NetConf, hostIpSet: IpNetSet,
): Promise<Result<AddSuccess | undefined, string>> {
  const { deps, options, inv, prep } = state;
  const parsed = await parseSetupConf({
    kernel: deps.kernel, scheduler: deps.scheduler, hostNs: options.hostNs, conf: prep.config.conf,
    hostStackCidrs: prep.config.hostStackCidrs, ifName: inv.ifName,
  }, conf, reply.ipType);
  if (!parsed.ok) return err(`error parse config, ${parsed.error}`);
  const cfg: SetupConfig = {
    ...parsed.value, hostVethName: vethNameForPod(
      prep.k8s.podName, prep.k8s.podNamespace, conf.ifName,
    ),
    hostIpSet, multiNetwork: reply.netConfs.length > 1,
  };
  const mine = cfg.containerIfName === inv.ifName && cfg.gatewayIp !== undefined ? {
    ipNet: cfg.containerIpNet, gateway: cfg.gatewayIp,
  } : undefined;
  const result = (done: Result<void, string>): Result<AddSuccess | undefined, string> => (
    done.ok ? ok(mine) : done
  );
  switch (cfg.dp) {
    case 'IPVlan': {
      const driver = multiIpDriver(prep.config.conf.multiIpDatapath, options.kernelRelease);
      if (!driver.ok) return driver;
      if (driver.value === 'ipvlan') return result(await runPlan(state, planIpvlan, cfg));
      if (driver.value === 'fallback') {
        await recordPodEvent(
          deps, state.ctx, prep.k8s, 'Warning', 'VirtualModeChanged',
          'IPVLan seems unavailable, use Veth instead',
        );
      }
      return result(await runPlan(state, planPolicyRoute, cfg));
    }
    case 'PolicyRoute': return result(await runPlan(state, planPolicyRoute, cfg));
    case 'ExclusiveENI': return result(await runPlan(state, planExclusiveEni, cfg));
    case 'Vlan': {
      const done = await runPlan(state, planVlan, cfg);
      return done.ok ? ok(mine) : err(`setup, ${done.error}`);
    }
    case 'VPCRoute': {
      const done = await addVpcRoute(state, cfg);
      if (!done.ok) return done;
      return ok(cfg.containerIfName === inv.ifName ? done.value : undefined);
    }
  }
}

/** Everything after a successful AllocIP, under the lock for the datapath part. */
async function afterAlloc(
  state: AddState, reply: AllocIpReply,
): Promise<Result<AddSuccess, string>> {
  const { deps, options } = state;
  if (!reply.ipv4 && !reply.ipv6) return err('cmdAdd: alloc ip no valid ip type');
  const hostIp = await getHostIp(
    deps.kernel, options.hostNs, { ipv4: reply.ipv4, ipv6: reply.ipv6 },
  );
  if (!hostIp.ok) return err(hostIp.error.message);
  const sysctls = await ensureHostNsConfig(
    deps.kernel, options.hostNs, { ipv4: reply.ipv4, ipv6: reply.ipv6 },
  );
  if (!sysctls.ok) return err(`error setup host ns configs, ${sysctls.error.message}`);
  const release = await deps.lock.acquire();
  if (!release.ok) return release;
  try {
    let found: AddSuccess | undefined;
    for (const conf of reply.netConfs) {
      const done = await setupNetConf(state, reply, conf, hostIp.value);
      if (!done.ok) return done;
      if (done.value !== undefined) found = done.value;
    }
    return found === undefined ? err('eth0 config is missing') : ok(found);
  } finally {
    release.value();
  }
}

export interface AddReport {
  readonly result: Result<AddSuccess, string>;
  readonly changes: readonly string[];
}

/** doCmdAdd plus the deferred rollback and event, in Terway's order (unlock, release, event). */
export async function doCmdAdd(
  deps: TerwayCniDeps, options: TerwayCniOptions, inv: CniInvocation,
  prep: Prepared & { readonly podNs: string },
): Promise<AddReport> {
  const start = deps.scheduler.nowMs();
  const k8s = prep.k8s;
  const changes: string[] = [];
  type Outcome = Result<AddSuccess, string>;
  const result = await runWithTimeout(
    deps.scheduler,
    cniTimeoutMs,
    async (ctx): Promise<Outcome> => {
      const allocated = await deps.backend.allocIp(ctx, {
        k8sPodName: k8s.podName,
        k8sPodNamespace: k8s.podNamespace,
        k8sPodInfraContainerId: k8s.infraContainerId,
        netns: inv.netns,
        ifName: inv.ifName,
      });
      if (!allocated.ok) return err(`cmdAdd: error alloc ip ${rpcErrorText(allocated.error)}`);
      if (!allocated.value.success) return err('cmdAdd: alloc ip return not success');
      const done = await afterAlloc({ deps, options, inv, prep, ctx, changes }, allocated.value);
      if (!done.ok) {
        const release = (releaseCtx: Context) =>
          deps.backend.releaseIp(releaseCtx, {
            k8sPodName: k8s.podName,
            k8sPodNamespace: k8s.podNamespace,
            k8sPodInfraContainerId: k8s.infraContainerId,
            reason: `roll back ip for error: ${done.error}`,
          });
        await runWithTimeout(deps.scheduler, cniTimeoutMs, release);
      }
      return done;
    },
  );
  if (result.ok) {
    const took = formatDuration(deps.scheduler.nowMs() - start);
    await recordPodEvent(
      deps, undefined, k8s, 'Normal', 'AllocIPSucceed',
      `Alloc IP ${ipNetSetText(result.value.ipNet)} took ${took}`,
    );
  } else {
    await recordPodEvent(deps, undefined, k8s, 'Warning', 'AllocIPFailed', result.error);
  }
  return { result, changes };
}
