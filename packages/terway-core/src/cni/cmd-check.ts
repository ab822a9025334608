// CNI CHECK (cmdCheck/doCmdCheck in Terway's plugin/terway/cni.go and cni_linux.go): GetIPInfo (an
// unreachable daemon means success, a Terway quirk, kept), the node address and host sysctls, then
// under the lock each NetConf's Check, which only sets the pod link up and its MTU back and reports
// each fix as a pod Warning event `ConfigCheck`. Errors are returned bare, so skel reports them as
// code 999.

import { err, ok, type Context, type Result } from '@terway-sim/sim-base';
import { checkIpvlan, checkPodLink } from '../datapath/check.js';
import { getHostIp } from '../datapath/host/host-ip.js';
import { ensureHostNsConfig } from '../datapath/host/host-ns-config.js';
import type { CheckConfig } from '../datapath/types.js';
import { vethNameForPod } from '../datapath/veth-name.js';
import type { GetInfoReply } from '../rpc/messages.js';
import { multiIpDriver } from './datapath-dispatch.js';
import {
  cniTimeoutMs, eventTimeoutMs, recordPodEvent, runWithTimeout, type Prepared, type TerwayCniDeps,
  type TerwayCniOptions,
} from './invocation.js';
import { parseCheckConf } from './setup-conf.js';

async function checkOne(
  deps: TerwayCniDeps, options: TerwayCniOptions, prep: Prepared & { podNs: string }, ctx: Context,
  cfg: CheckConfig,
): Promise<Result<void, string>> {
  const record = async (message: string): Promise<void> => {
    const { ctx: eventCtx, cancel } = ctx.withTimeout(eventTimeoutMs);
    await recordPodEvent(deps, eventCtx, prep.k8s, 'Warning', 'ConfigCheck', message).finally(
      cancel
    );
  };
  const ns = { host: options.hostNs, pod: prep.podNs };
  let done;
  switch (cfg.dp) {
    case 'IPVlan': {
      const driver = multiIpDriver(prep.config.conf.multiIpDatapath, options.kernelRelease);
      if (!driver.ok) return driver;
      done = driver.value === 'ipvlan' ? await checkIpvlan(
        deps.kernel, cfg, ns, record,
      ) : await checkPodLink(deps.kernel, cfg, prep.podNs, record);
      break;
    }
    case 'PolicyRoute': case 'ExclusiveENI': case 'Vlan':
      done = await checkPodLink(deps.kernel, cfg, prep.podNs, record);
      break;
    default: return err('not support this network type');
  }
  return done.ok ? ok(undefined) : err(done.error.message);
}

async function checkAll(
  deps: TerwayCniDeps, options: TerwayCniOptions, prep: Prepared & { podNs: string }, ctx: Context,
  info: GetInfoReply, ifName: string,
): Promise<Result<void, string>> {
  if (!info.ipv4 && !info.ipv6) return err('cmdCheck: no valid ip type');
  const families = { ipv4: info.ipv4, ipv6: info.ipv6 };
  const hostIp = await getHostIp(deps.kernel, options.hostNs, families);
  if (!hostIp.ok) return err(hostIp.error.message);
  const sysctls = await ensureHostNsConfig(deps.kernel, options.hostNs, families);
  if (!sysctls.ok) return err(`error setup host ns configs, ${sysctls.error.message}`);
  const release = await deps.lock.acquire();
  if (!release.ok) return release;
  try {
    for (const conf of info.netConfs) {
      const extra = {
        hostVethName: vethNameForPod(prep.k8s.podName, prep.k8s.podNamespace, conf.ifName),
        hostIpSet: hostIp.value,
      };
      const cfg = await parseCheckConf(
        { kernel: deps.kernel, hostNs: options.hostNs, conf: prep.config.conf, ifName }, conf,
        info.ipType, extra,
      );
      if (!cfg.ok) return err(`error parse config, ${cfg.error}`);
      const done = await checkOne(deps, options, prep, ctx, cfg.value);
      if (!done.ok) return done;
    }
    return ok(undefined);
  } finally {
    release.value();
  }
}

export async function doCmdCheck(
  deps: TerwayCniDeps, options: TerwayCniOptions, prep: Prepared & { podNs: string },
  ifName: string,
): Promise<Result<{ readonly daemonReachable: boolean }, string>> {
  return runWithTimeout(deps.scheduler, cniTimeoutMs, async (ctx) => {
    const k8s = prep.k8s;
    const info = await deps.backend.getIpInfo(
      ctx,
      {
        k8sPodName: k8s.podName, k8sPodNamespace: k8s.podNamespace,
        k8sPodInfraContainerId: k8s.infraContainerId,
      },
    );
    if (!info.ok) return ok({ daemonReachable: false });
    const done = await checkAll(deps, options, prep, ctx, info.value, ifName);
    return done.ok ? ok({ daemonReachable: true }) : done;
  });
}
