// The daemon's backend in centralized IPAM (Terway's pkg/eni/crdv2.go CRDV2, with
// node_reconcile.go): the daemon never calls the cloud for shared-ENI pods. It
// - writes its Node CR's spec (node-spec.ts) at start and whenever the CR changes;
// - serves an allocation by waiting, woken by every change of its Node CR, until an InUse ENI
//   there has a Valid IP bound to the pod (`podID` = namespace/name, `podUID` empty or the
//   pod's); the gateway and vSwitch CIDR come from the ENI's CIDR; running out of the RPC's time
//   fails with "allocate IP timeout" and the ENIs' conditions;
// - remembers each release by pod uid and every 3 s writes them to NodeRuntime as `deleted`
//   (creating NodeRuntime, label `name=<node>`), which lets the controlplane reuse the IPs;
// - every 5 minutes tidies NodeRuntime against the IPs the Node CR still binds.
// Releases and disposal never touch the cloud; the datapath is the ENIIP one over the CR's ENI.

import {
  isoSeconds, normalizePrefix, ok, type Context, type Result, type Scheduler,
} from '@terway-sim/sim-base';
import type { AttachedEni } from '../eni/types.js';
import type { PoolLogger } from '../pool/telemetry.js';
import type {
  AllocOffer, AllocResponse, CniContext, NetworkInterfaceBackend, NetworkResource,
  ResourceRequest, Usage,
} from '../pool/types.js';
import type { CrdPort, NodeCr, NodeCrNic } from '../ports/crd.js';
import { deriveGatewayIp } from '../vswitch/derive-gateway.js';
import { authorNodeSpec, withAuthoredSpec, type NodeSpecInput } from './node-spec.js';
import {
  emptyNodeRuntime, markDeleted, podsInUse, syncDeletedPods,
} from './node-runtime.js';

export const nodeRuntimeSyncPeriodMs = 3_000;
export const deletedPodsSyncPeriodMs = 5 * 60_000;
export const priorityCrdV2 = 100;

export interface CrdV2Deps {
  readonly scheduler: Scheduler;
  readonly crd: CrdPort;
  readonly logger: PoolLogger;
  /** A Warning event on the k8s node (spec warnings). */
  readonly nodeEvent: (type: 'Normal' | 'Warning', reason: string, message: string) => void;
}

export interface CrdV2Options extends Omit<NodeSpecInput, 'nodeCap' | 'previousEni'> {
  readonly nodeName: string;
}

interface Found {
  readonly nic: NodeCrNic;
  readonly ipv4?: string | undefined;
  readonly ipv6?: string | undefined;
}

/** tryAllocateIP's search: the pod's Valid IPs on InUse ENIs (last match wins, as in Go). */
export function findPodIps(cr: NodeCr, podId: string, podUid: string): Found | undefined {
  let found: { nic: NodeCrNic; ipv4?: string; ipv6?: string } | undefined;
  for (const id of Object.keys(cr.status.networkInterfaces).sort()) {
    const nic = cr.status.networkInterfaces[id]!;
    if (nic.status !== 'InUse') continue;
    for (const family of ['ipv4', 'ipv6'] as const) {
      for (const ip of Object.values(nic[family] ?? {})) {
        if (ip.status !== 'Valid' || ip.podID !== podId) continue;
        if (ip.podUID !== '' && ip.podUID !== podUid) continue;
        found = { ...found, nic, [family]: ip.ip };
      }
    }
  }
  return found;
}

/** The ENI as the datapath needs it, from the Node CR. */
export function attachedEniOf(nic: NodeCrNic, erdma: boolean): AttachedEni {
  const cidr4 = normalizePrefix(nic.ipv4CIDR ?? '');
  const cidr6 = normalizePrefix(nic.ipv6CIDR ?? '');
  return { id: nic.id, mac: nic.macAddress ?? '', securityGroupIds: nic.securityGroupIDs ?? [],
    vSwitchId: nic.vSwitchID ?? '', primaryIp: { ipv4: nic.primaryIPAddress },
    gatewayIp: { ipv4: cidr4 === undefined ? undefined : deriveGatewayIp(cidr4),
      ipv6: cidr6 === undefined ? undefined : deriveGatewayIp(cidr6) },
    vSwitchCidr: { ipv4: cidr4, ipv6: cidr6 }, trunk: false, erdma };
}

export class CrdV2 implements NetworkInterfaceBackend {
  private readonly waiters = new Set<() => void>();
  private readonly released = new Map<string, string>();
  private lifetime: Context | undefined;
  /** The Node CR as last seen by the watch (for `usage`). */
  private lastSeen: NodeCr | undefined;

  constructor(private readonly deps: CrdV2Deps, private readonly options: CrdV2Options) {}

  async run(ctx: Context): Promise<Result<void, string>> {
    this.lifetime = ctx;
    const { crd, scheduler } = this.deps;
    const name = this.options.nodeName;
    const stop = crd.watch('Node', (type, cr) => {
      if (cr.metadata.name !== name || type === 'DELETED') return;
      this.lastSeen = cr;
      [...this.waiters].forEach((wake) => wake());
      scheduler.spawn(`${name}.crdv2.spec`, () => this.authorSpec());
    });
    ctx.onDone(stop);
    await this.authorSpec();
    this.every(ctx, nodeRuntimeSyncPeriodMs, 'noderuntime', () => this.syncNodeRuntime());
    this.every(ctx, deletedPodsSyncPeriodMs, 'deletedpods', () => this.syncDeletedPods());
    return ok(undefined);
  }

  priority(): number {
    return priorityCrdV2;
  }

  allocate(ctx: Context, cni: CniContext, request: ResourceRequest): AllocOffer {
    if (request.type !== 'LocalIP') {
      return { accepted: false, traces: [{ condition: 'ResourceTypeMismatch' }] };
    }
    return { accepted: true, reply: this.waitForIp(ctx, cni) };
  }

  release(_ctx: Context, cni: CniContext, resource: NetworkResource): boolean {
    if (resource.type === 'LocalIP') this.released.set(cni.podUid, cni.podId);
    return false;
  }

  dispose(): number {
    return 0;
  }

  /** The node's IPv4 pool as the Node CR last showed it (idle: Valid and unbound). */
  usage(): Usage {
    let idle = 0;
    let inUse = 0;
    for (const nic of Object.values(this.lastSeen?.status.networkInterfaces ?? {})) {
      if (nic.status !== 'InUse') continue;
      for (const ip of Object.values(nic.ipv4 ?? {})) {
        if (ip.podID !== '') inUse++;
        else if (ip.status === 'Valid') idle++;
      }
    }
    return { idle, inUse };
  }

  private every(ctx: Context, periodMs: number, what: string, task: () => Promise<void>): void {
    const { scheduler } = this.deps;
    scheduler.spawn(`${this.options.nodeName}.crdv2.${what}`, async () => {
      for (;;) {
        await task();
        try {
          await scheduler.sleep(periodMs, ctx);
        } catch {
          return;
        }
      }
    });
  }

  private async tryAllocate(cni: CniContext): Promise<AllocResponse | undefined> {
    const cr = await this.deps.crd.get('Node', { name: this.options.nodeName });
    if (cr?.spec.pool === undefined) return undefined;
    const found = findPodIps(cr, cni.podId, cni.podUid);
    if (found === undefined) return undefined;
    const erdma = cr.spec.eni.enableERDMA === true
      && found.nic.networkInterfaceTrafficMode === 'HighPerformance';
    this.released.delete(cni.podUid);
    this.deps.logger.info('get valid ip from crd', { pod: cni.podId, eni: found.nic.id,
      ipv4: found.ipv4 ?? '', ipv6: found.ipv6 ?? '' });
    return { resources: [{ type: 'LocalIP', podId: cni.podId,
      eni: attachedEniOf(found.nic, erdma), ipv4: found.ipv4, ipv6: found.ipv6 }] };
  }

  /** multiIP: look, then look again after every change of the Node CR, until ctx ends. */
  private async waitForIp(ctx: Context, cni: CniContext): Promise<AllocResponse | undefined> {
    for (;;) {
      let changed = false;
      let wake: (() => void) | undefined;
      const waiter = (): void => {
        changed = true;
        wake?.();
      };
      this.waiters.add(waiter);
      try {
        const answer = await this.tryAllocate(cni);
        if (answer !== undefined) return answer;
        if (!changed && await this.changeOrEnd(ctx, (resolve) => { wake = resolve; })) {
          return this.timeout();
        }
      } finally {
        this.waiters.delete(waiter);
      }
    }
  }

  /** Resolves true when ctx ends first, false on the next Node CR change. */
  private changeOrEnd(ctx: Context, onWake: (resolve: () => void) => void): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const off = ctx.onDone(() => resolve(true));
      onWake(() => {
        off();
        resolve(false);
      });
    });
  }

  /** The timeout error, with the ENIs' conditions; nothing when the daemon itself ended. */
  private async timeout(): Promise<AllocResponse | undefined> {
    if (this.lifetime?.err() !== undefined) return undefined;
    const cr = await this.deps.crd.get('Node', { name: this.options.nodeName });
    const nics = cr?.status.networkInterfaces ?? {};
    const conditions = Object.keys(nics).sort().flatMap((id) =>
      Object.entries(nics[id]!.conditions ?? {}).map(([type, cond]) =>
        `${id} ${type}: ${cond.message}`)).join('; ');
    return { error: conditions === '' ? 'allocate IP timeout'
      : `allocate IP timeout: ${conditions}`, resources: [] };
  }

  /** node_reconcile: the spec from the eni-config, written when it differs. */
  private async authorSpec(): Promise<void> {
    const { crd } = this.deps;
    const cr = await crd.get('Node', { name: this.options.nodeName });
    if (cr === undefined || cr.spec.nodeCap.adapters === 0) return;
    const authored = authorNodeSpec({ ...this.options, nodeCap: cr.spec.nodeCap,
      previousEni: cr.spec.pool === undefined ? undefined : cr.spec.eni });
    const next = withAuthoredSpec(cr, authored);
    if (next === undefined) return;
    authored.warnings.forEach((warning) => this.deps.nodeEvent('Warning', warning.reason,
      warning.message));
    const written = await crd.update('Node', next);
    if (written.ok) this.deps.logger.info('update node spec', { node: this.options.nodeName });
  }

  private async readRuntime(): Promise<{ runtime: ReturnType<typeof emptyNodeRuntime>;
    exists: boolean }> {
    const found = await this.deps.crd.get('NodeRuntime', { name: this.options.nodeName });
    return found === undefined ? { runtime: emptyNodeRuntime(this.options.nodeName),
      exists: false } : { runtime: found, exists: true };
  }

  private async save(runtime: ReturnType<typeof emptyNodeRuntime>, exists: boolean):
    Promise<boolean> {
    const written = exists ? await this.deps.crd.update('NodeRuntime', runtime)
      : await this.deps.crd.create('NodeRuntime', runtime);
    return written.ok;
  }

  /** syncNodeRuntime. */
  private async syncNodeRuntime(): Promise<void> {
    if (this.released.size === 0) return;
    const batch = new Map(this.released);
    const { runtime, exists } = await this.readRuntime();
    if (runtime.metadata.deletionTimestamp !== undefined) return;
    const now = isoSeconds(this.deps.scheduler.wallMs());
    if (!(await this.save(markDeleted(runtime, batch, now), exists))) return;
    batch.forEach((podId, uid) => {
      if (this.released.get(uid) === podId) this.released.delete(uid);
    });
  }

  /** syncDeletedPods. */
  private async syncDeletedPods(): Promise<void> {
    const cr = await this.deps.crd.get('Node', { name: this.options.nodeName });
    if (cr === undefined) return;
    const { runtime, exists } = await this.readRuntime();
    if (runtime.metadata.deletionTimestamp !== undefined) return;
    const now = isoSeconds(this.deps.scheduler.wallMs());
    const next = syncDeletedPods(runtime, podsInUse(cr), now);
    if (exists && JSON.stringify(next) === JSON.stringify(runtime)) return;
    await this.save(next, exists);
  }
}
