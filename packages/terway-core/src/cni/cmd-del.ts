// CNI DEL (cmdDel/doCmdDel in Terway's plugin/terway/cni.go and cni_linux.go): under the lock,
// GenericTearDown of the pod namespace (if it fails, DEL succeeds without telling the daemon and
// the IP is left for the daemon's GC: a Terway quirk, kept); then GetIPInfo (CRD not found:
// success); then, under the lock again, each NetConf's teardown with the datapath computed for
// trunk=false; then ReleaseIP "normal release". Failures are CNI code 11 "failed to do del".

import { err, ok, type Result } from '@terway-sim/sim-base';
import { applyPlan } from '../datapath/plan/executor.js';
import { planIpvlanTeardown } from '../datapath/ipvlan.js';
import { planPolicyRouteTeardown } from '../datapath/policy-route.js';
import { genericTearDown } from '../datapath/teardown/generic-teardown.js';
import type { TeardownConfig } from '../datapath/types.js';
import { randomVethName } from '../datapath/veth-name.js';
import type { GetInfoReply, ReleaseIpReply } from '../rpc/messages.js';
import { multiIpDriver } from './datapath-dispatch.js';
import {
  cniTimeoutMs, rpcErrorText, runWithTimeout, type CniInvocation, type Prepared, type TerwayCniDeps,
  type TerwayCniOptions,
} from './invocation.js';
import { parseTeardownConf } from './setup-conf.js';

export interface DelReport {
  readonly result: Result<{ readonly released: boolean; readonly note?: string }, string>;
  readonly changes: readonly string[];
}

async function teardownOne(
  deps: TerwayCniDeps, options: TerwayCniOptions, prep: Prepared, inv: CniInvocation,
  cfg: TeardownConfig, changes: string[],
): Promise<Result<void, string>> {
  let plan;
  switch (cfg.dp) {
    case 'IPVlan': {
      const driver = multiIpDriver(prep.config.conf.multiIpDatapath, options.kernelRelease);
      if (!driver.ok) return driver;
      plan = driver.value === 'ipvlan'
        ? planIpvlanTeardown(cfg, options.hostNs)
        : planPolicyRouteTeardown(cfg, options.hostNs);
      break;
    }
    case 'PolicyRoute': plan = planPolicyRouteTeardown(cfg, options.hostNs); break;
    case 'VPCRoute':
      deps.hostLocal?.release(inv.containerId, inv.ifName);
      return ok(undefined);
    default: return ok(undefined);
  }
  const done = await applyPlan(deps.kernel, plan);
  changes.push(...(done.ok ? done.value.changes : done.error.changes));
  return done.ok ? ok(undefined) : err(done.error.message);
}

async function teardownAll(
  deps: TerwayCniDeps, options: TerwayCniOptions, prep: Prepared, inv: CniInvocation,
  info: GetInfoReply, changes: string[],
): Promise<Result<void, string>> {
  const release = await deps.lock.acquire();
  if (!release.ok) return release;
  try {
    for (const conf of info.netConfs) {
      const cfg = await parseTeardownConf(
        { kernel: deps.kernel, hostNs: options.hostNs, conf: prep.config.conf }, conf, info.ipType,
      );
      // Terway logs a parse error and skips the remaining NetConfs, but still releases the IP.
      if (!cfg.ok) return ok(undefined);
      const done = await teardownOne(deps, options, prep, inv, cfg.value, changes);
      if (!done.ok) return done;
    }
    return ok(undefined);
  } finally {
    release.value();
  }
}

/** ReleaseIPReply as Go's `%v` prints a proto message (non-default fields only). */
function replyText(reply: ReleaseIpReply | undefined): string {
  if (reply === undefined) return '<nil>';
  const fields = [
    reply.success ? 'Success:true' : '', reply.ipv4 ? 'IPv4:true' : '',
    reply.ipv6 ? 'IPv6:true' : '',
  ].filter((f) => f !== '');
  return fields.join(' ');
}

export async function doCmdDel(
  deps: TerwayCniDeps, options: TerwayCniOptions, inv: CniInvocation,
  prep: Prepared & { readonly podNs: string },
): Promise<DelReport> {
  const changes: string[] = [];
  const k8s = prep.k8s;
  const ids = {
    k8sPodName: k8s.podName, k8sPodNamespace: k8s.podNamespace,
    k8sPodInfraContainerId: k8s.infraContainerId,
  };
  const result = await runWithTimeout(deps.scheduler, cniTimeoutMs, async (ctx): Promise<DelReport[
    'result'
  ]> => {
    const release = await deps.lock.acquire();
    if (!release.ok) return release;
    const torn = await genericTearDown(
      deps.kernel,
      {
        podNs: prep.podNs, hostNs: options.hostNs, randomVethName: () => randomVethName(deps.names),
      },
    )
      .finally(() => release.value());
    if (!torn.ok) return ok({ released: false, note: `error teardown: ${torn.error.message}` });
    const info = await deps.backend.getIpInfo(ctx, ids);
    if (!info.ok) return err(
      `error get ip from terway, pod ${k8s.podNamespace}/${k8s.podName}, `
        + `${rpcErrorText(info.error)}`
    );
    if (info.value.error === 'ErrCRDNotFound') return ok({
      released: false, note: 'custom resource not found',
    });
    const down = await teardownAll(deps, options, prep, inv, info.value, changes);
    if (!down.ok) return down;
    const reply = await deps.backend.releaseIp(ctx, { ...ids, reason: 'normal release' });
    if (!reply.ok || !reply.value.success) {
      const errText = reply.ok ? '<nil>' : rpcErrorText(reply.error);
      return err(
        `error release ip for pod, maybe cause resource leak: ${errText}, `
          + `${replyText(reply.ok ? reply.value : undefined)}`
      );
    }
    return ok({ released: true });
  });
  return { result, changes };
}
