// The daemon's garbage collection of pod records (Terway's daemon/daemon.go `gcPods`, run by
// wait.PollUntilContextCancel every 5 minutes, first at start), holding the service's RW lock
// exclusively:
//   - pods listed on the node (not Succeeded/Failed) are live: their host routes are re-synced,
//     except for pods created less than 2 minutes ago;
//   - a stored pod not listed is checked against the API once more (uncached); still there ⇒ kept;
//   - a gone sticky-IP pod (legacy IPAM) only loses its sticky mark, so the next pass — 5 to 10
//     minutes after deletion — releases it (quirk Q14);
//   - any other gone pod: its host routes are cleaned, its resources released to the pool, its
//     record deleted.
// Host-route work belongs to the datapath; it is reached through optional hooks (host-routes.ts
// wires the datapath's ruleSync / gcPolicyRoutes over the kernel port).

import { parseIso, type Context, type Result, type Scheduler } from '@terway-sim/sim-base';
import type { KubeClient } from '../k8s/kube-client.js';
import { podKey } from '../k8s/pod-info.js';
import type { Manager } from '../pool/manager.js';
import type { PoolLogger } from '../pool/telemetry.js';
import type { NetConf } from '../rpc/messages.js';
import type { NodeStorage } from '../store/node-storage.js';
import { goZeroTime, type PodResources } from '../store/records.js';
import { netConfsFromGoJson, parseNetworkResource, toNetConfs } from './netconf.js';
import type { RwLock } from './rpc-locks.js';

export const gcPeriodMs = 5 * 60_000;
export const ruleSyncGraceMs = 2 * 60_000;

type HookResult = Result<void, { readonly message: string }>;

export interface SyncedPodRoutes {
  readonly name: string;
  readonly namespace: string;
  readonly netConfs: readonly NetConf[];
}

export interface DeletedPodRoutes {
  readonly name: string;
  readonly namespace: string;
  readonly eniMac: string;
  /** The pod addresses with a full-length mask (`/32`, `/128`). */
  readonly containerIpNet: {
    readonly ipv4?: string | undefined;
    readonly ipv6?: string | undefined;
  };
}

/** Host-side route maintenance the GC triggers (daemon/rule_linux.go); both optional. */
export interface HostRouteHooks {
  /** Re-ensure a live pod's policy routes and rules from its stored net configs. */
  ruleSync?(pod: SyncedPodRoutes): Promise<HookResult>;
  /** Tear down a deleted pod's policy routes before its IP goes (a failure ends the pass). */
  gcPolicyRoutes?(pod: DeletedPodRoutes): Promise<HookResult>;
}

class GcAbort {
  constructor(readonly message: string) {}
}

export interface GcDeps {
  readonly scheduler: Scheduler;
  readonly kube: KubeClient;
  readonly storage: NodeStorage;
  readonly manager: Manager;
  readonly logger: PoolLogger;
  readonly lock: RwLock;
  readonly hooks?: HostRouteHooks | undefined;
  readonly ipamType: string;
}

/** One GC pass. */
export async function gcPods(deps: GcDeps, ctx: Context): Promise<void> {
  await deps.lock.write(async () => {
    const pods = await deps.kube.getLocalPods();
    if (ctx.err() !== undefined) return;
    const live = new Set(pods.filter((pod) => !pod.sandboxExited)
      .map((pod) => podKey(pod.namespace, pod.name)));
    try {
      for (const record of deps.storage.relation.list()) {
        if (record.PodInfo === null) continue;
        await gcRecord(deps, ctx, record, live);
        if (ctx.err() !== undefined) return;
      }
    } catch (error) {
      if (!(error instanceof GcAbort)) throw error;
      deps.logger.error('error garbage collection', error.message);
    }
  });
}

async function gcRecord(deps: GcDeps, ctx: Context, record: PodResources,
  live: ReadonlySet<string>): Promise<void> {
  const info = record.PodInfo!;
  const podId = podKey(info.Namespace, info.Name);
  if (live.has(podId)) {
    const created = info.CreateTime === goZeroTime ? undefined : parseIso(info.CreateTime);
    if (created !== undefined && deps.scheduler.wallMs() - created < ruleSyncGraceMs) return;
    const netConfs = netConfsFromGoJson(record.NetConf) ?? [];
    const pod = { name: info.Name, namespace: info.Namespace, netConfs };
    const synced = await deps.hooks?.ruleSync?.(pod);
    if (synced !== undefined && !synced.ok) {
      deps.logger.error('error sync pod rule', synced.error.message, { pod: podId });
    }
    return;
  }
  if (await deps.kube.podExist(info.Namespace, info.Name)) return;
  if (ctx.err() !== undefined) return;
  if (deps.ipamType !== 'crd' && info.IPStickTime !== 0) {
    deps.storage.relation.put(podId, { ...record, PodInfo: { ...info, IPStickTime: 0 } });
    return;
  }
  for (const item of record.Resources ?? []) {
    const resource = parseNetworkResource(item);
    if (resource === undefined) continue;
    for (const netConf of toNetConfs(resource)) {
      const podIp = netConf.basicInfo?.podIp;
      if (netConf.eniInfo === undefined || podIp === undefined) continue;
      const containerIpNet = {
        ipv4: podIp.ipv4 === undefined ? undefined : `${podIp.ipv4}/32`,
        ipv6: podIp.ipv6 === undefined ? undefined : `${podIp.ipv6}/128`,
      };
      const eniMac = netConf.eniInfo.mac;
      const pod = { name: info.Name, namespace: info.Namespace, eniMac, containerIpNet };
      const cleaned = await deps.hooks?.gcPolicyRoutes?.(pod);
      if (cleaned !== undefined && !cleaned.ok) throw new GcAbort(cleaned.error.message);
    }
    const cni = { podName: info.Name, podNamespace: info.Namespace, podId, podUid: info.PodUID,
      netnsPath: '' };
    deps.manager.release(ctx, cni, [resource]);
  }
  deps.storage.relation.delete(podId);
  deps.logger.info('removed pod', { pod: podId });
}

/**
 * Runs `gcPods` at start and then on a fixed 5-minute tick. A pass that overruns a tick runs again
 * at once (a ticker holds one pending tick) and later passes stay on the original grid.
 */
export async function gcLoop(deps: GcDeps, ctx: Context): Promise<void> {
  let nextMs = deps.scheduler.nowMs() + gcPeriodMs;
  for (;;) {
    await gcPods(deps, ctx);
    if (ctx.err() !== undefined) return;
    const now = deps.scheduler.nowMs();
    if (nextMs > now) {
      try {
        await deps.scheduler.sleep(nextMs - now, ctx);
      } catch {
        return;
      }
      nextMs += gcPeriodMs;
    } else {
      while (nextMs <= now) nextMs += gcPeriodMs;
    }
  }
}
