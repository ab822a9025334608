// The daemon's backend in prefix mode (Terway's pkg/eni/local_delegate.go LocalDelegate, priority
// 200, beside the CRDV2 backend that still writes the Node CR's spec and NodeRuntime): pod
// addresses come from the /28 (and /80) prefixes the controlplane keeps on the node's ENIs, drawn
// locally by prefix/local-delegate.ts's PrefixDelegate, so no pod waits on the controller.
// - at start the delegate is restored from the Node CR's Nics and the daemon's stored records
//   (storedPrefixRecords), so a restarted daemon never hands out an address twice;
// - every Node CR event syncs the delegate with the CR's Nics, then wakes waiting allocations;
// - an allocation answered `no-available-ipam` waits for the next CR change, within the RPC's
//   deadline (then "allocate IP timeout");
// - release gives the pod's addresses on its ENI back (by pod id and ENI id), never to the cloud;
// - the datapath is the ENIIP one over the Nic (MAC, vSwitch CIDR, derived gateway).

import { ok, type Context, type Result, type Scheduler } from '@terway-sim/sim-base';
import type { PoolLogger } from '../pool/telemetry.js';
import type {
  AllocOffer, AllocResponse, CniContext, NetworkInterfaceBackend, NetworkResource,
  ResourceRequest, Usage,
} from '../pool/types.js';
import type { CrdPort, NodeCr, NodeCrNic } from '../ports/crd.js';
import { PrefixDelegate, storedPrefixRecords } from '../prefix/local-delegate.js';
import type { PodResources } from '../store/records.js';
import { attachedEniOf } from './crdv2-backend.js';

export const priorityLocalDelegate = 200;

export interface PrefixBackendDeps {
  readonly scheduler: Scheduler;
  readonly crd: CrdPort;
  readonly logger: PoolLogger;
}

export interface PrefixBackendOptions {
  readonly nodeName: string;
  readonly ipv4: boolean;
  readonly ipv6: boolean;
}

function nicsOf(cr: NodeCr | undefined): NodeCrNic[] {
  const nics = cr?.status.networkInterfaces ?? {};
  return Object.keys(nics).sort().map((id) => nics[id]!);
}

export class PrefixBackend implements NetworkInterfaceBackend {
  private delegate: PrefixDelegate;
  private readonly waiters = new Set<() => void>();
  private lastSeen: NodeCr | undefined;
  private lifetime: Context | undefined;

  constructor(private readonly deps: PrefixBackendDeps,
    private readonly options: PrefixBackendOptions) {
    this.delegate = new PrefixDelegate(options);
  }

  async run(ctx: Context, podResources: readonly PodResources[]): Promise<Result<void, string>> {
    this.lifetime = ctx;
    const { crd } = this.deps;
    const name = this.options.nodeName;
    this.lastSeen = await crd.get('Node', { name });
    this.delegate = PrefixDelegate.restore(this.options, nicsOf(this.lastSeen),
      storedPrefixRecords(podResources));
    const stop = crd.watch('Node', (type, cr) => {
      if (cr.metadata.name !== name || type === 'DELETED') return;
      this.lastSeen = cr;
      this.delegate.sync(nicsOf(cr));
      [...this.waiters].forEach((wake) => wake());
    });
    ctx.onDone(stop);
    return ok(undefined);
  }

  priority(): number {
    return priorityLocalDelegate;
  }

  allocate(ctx: Context, cni: CniContext, request: ResourceRequest): AllocOffer {
    if (request.type !== 'LocalIP') {
      return { accepted: false, traces: [{ condition: 'ResourceTypeMismatch' }] };
    }
    return { accepted: true, reply: this.waitForIp(ctx, cni) };
  }

  release(_ctx: Context, cni: CniContext, resource: NetworkResource): boolean {
    if (resource.type !== 'LocalIP') return false;
    return this.delegate.release(cni.podId, resource.eni.id);
  }

  dispose(): number {
    return 0;
  }

  /** The node's IPv4 addresses in Valid prefixes: idle and in use. */
  usage(): Usage {
    let idle = 0;
    let inUse = 0;
    for (const ipam of this.delegate.ordered()) {
      const stats = ipam.poolStats();
      idle += stats.idleIpv4;
      inUse += stats.totalIpv4 - stats.idleIpv4;
    }
    return { idle, inUse };
  }

  private tryAllocate(cni: CniContext): AllocResponse | undefined {
    const got = this.delegate.allocate(cni.podId);
    if (!got.ok) return undefined;
    const nic = this.lastSeen?.status.networkInterfaces[got.value.eniId];
    if (nic === undefined) {
      this.delegate.release(cni.podId, got.value.eniId);
      return undefined;
    }
    this.deps.logger.info('allocate ip from prefix', { pod: cni.podId, eni: nic.id,
      ipv4: got.value.ipv4 ?? '', ipv6: got.value.ipv6 ?? '' });
    return { resources: [{ type: 'LocalIP', podId: cni.podId, eni: attachedEniOf(nic, false),
      ipv4: got.value.ipv4, ipv6: got.value.ipv6 }] };
  }

  /** Allocate now, else after every Node CR change until ctx ends. */
  private async waitForIp(ctx: Context, cni: CniContext): Promise<AllocResponse | undefined> {
    for (;;) {
      const answer = this.tryAllocate(cni);
      if (answer !== undefined) return answer;
      const ended = await new Promise<boolean>((resolve) => {
        let off = (): void => undefined;
        const waiter = (): void => {
          off();
          this.waiters.delete(waiter);
          resolve(false);
        };
        this.waiters.add(waiter);
        off = ctx.onDone(() => {
          this.waiters.delete(waiter);
          resolve(true);
        });
      });
      // Nothing answers when the daemon itself ended (a closed channel), as in CrdV2.
      if (ended) {
        return this.lifetime?.err() !== undefined ? undefined
          : { error: 'allocate IP timeout', resources: [] };
      }
    }
  }
}
