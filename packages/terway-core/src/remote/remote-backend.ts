// The daemon's Remote backend (Terway's pkg/eni/remote.go `Remote`, the legacy daemon's way, with
// no notifier): a PodENI pod's ENIs are made and attached by the controlplane; the daemon only
// waits until the pod's PodENI is ready and hands its allocations to the CNI plugin.
//
// Waiting uses `wait_podeni_status` (2 s, then ~1 s steps ±30 %, at most 100 looks; ~2 min, inside
// the 118 s RPC budget): a missing PodENI, one being deleted, or one not yet in phase Bind keeps
// waiting (the last reason is kept); one bound for another pod uid keeps waiting silently; a
// PodENI bound to another trunk than this node's, or with no allocations, fails at once with
// `PodENINotReady`. Running out of looks fails with "timed out waiting for the condition: <last
// reason>". Releases are no-ops (the controlplane owns the ENIs); nothing is stored.
//
// In trunk mode the backend carries the node's trunk ENI, so the net configs get the trunk MAC,
// gateway and the member's VLAN id; in exclusive (ENIOnly) mode it carries none.

import {
  err, exponentialBackoffWithInitialDelay, ok, type Context, type ExtendedBackoff, type Result,
  type Scheduler, type UniformSource
} from '@terway-sim/sim-base';
import type { AttachedEni } from '../eni/types.js';
import { priorityRemote } from '../pool/priority.js';
import type { PoolLogger } from '../pool/telemetry.js';
import type {
  AllocOffer, AllocResponse, CniContext, NetworkInterfaceBackend, NetworkResource, ResourceRequest,
} from '../pool/types.js';
import type { CrdPort, PodEni } from '../ports/crd.js';
import { annotationPodUid } from '../controlplane/names.js';

export const errPodEniNotReady = 'PodENINotReady';

/** Terway's types.Error text. */
export function podEniNotReady(message: string): string {
  return `code: ${errPodEniNotReady}, msg: ${message}`;
}

export interface RemoteDeps {
  readonly scheduler: Scheduler;
  readonly crd: Pick<CrdPort, 'get'>;
  readonly logger: PoolLogger;
  /** Jitter draws for the wait (a named stream). */
  readonly random: UniformSource;
  /** `wait_podeni_status`, after backoff_override. */
  readonly backoff: ExtendedBackoff;
  /** `terway_resource_pool_allocated_count{type}` (incremented, not exported by the daemon). */
  readonly allocated?: { labels(values: { readonly type: string }): { inc(): void } } | undefined;
}

type Verdict =
  | { readonly kind: 'ready'; readonly podEni: PodEni }
  | { readonly kind: 'wait'; readonly reason?: string | undefined }
  | { readonly kind: 'fail'; readonly reason: string };

/** What one look at the PodENI says (the condition of allocateWithBackoff). Pure. */
export function judgePodEni(podEni: PodEni | undefined, podUid: string,
  trunkEniId: string | undefined): Verdict {
  if (podEni === undefined) return { kind: 'wait', reason: podEniNotReady('Get PodENI error') };
  if (podEni.metadata.deletionTimestamp !== undefined) {
    return { kind: 'wait', reason: podEniNotReady('DeletionTimestamp is not zero') };
  }
  if (podEni.status.phase !== 'Bind') {
    return { kind: 'wait', reason: podEniNotReady(`PodENI Phase is ${podEni.status.phase}`) };
  }
  if (podUid !== '' && podEni.metadata.annotations?.[annotationPodUid] !== podUid) {
    return { kind: 'wait' };
  }
  if (trunkEniId !== undefined && podEni.status.trunkENIID !== trunkEniId) {
    return { kind: 'fail',
      reason: podEniNotReady(`PodENI used a different trunk ${podEni.status.trunkENIID}`) };
  }
  if (podEni.spec.allocations.length === 0) {
    return { kind: 'fail', reason: podEniNotReady('PodENI has empty allocations') };
  }
  return { kind: 'ready', podEni };
}

export class Remote implements NetworkInterfaceBackend {
  constructor(private readonly deps: RemoteDeps,
    private readonly trunkEni: AttachedEni | undefined) {}

  async run(): Promise<Result<void, string>> {
    return ok(undefined);
  }

  priority(): number {
    return priorityRemote;
  }

  allocate(ctx: Context, cni: CniContext, request: ResourceRequest): AllocOffer {
    if (request.type !== 'RemoteIP') {
      return { accepted: false, traces: [{ condition: 'ResourceTypeMismatch' }] };
    }
    return { accepted: true, reply: this.waitPodEni(ctx, cni) };
  }

  private async waitPodEni(ctx: Context, cni: CniContext): Promise<AllocResponse | undefined> {
    const found = await this.poll(ctx, cni);
    if (!found.ok) return ctx.err() === undefined ? { error: found.error, resources: [] }
      : undefined;
    this.deps.logger.info('get pod eni success', { pod: cni.podId,
      uid: found.value.metadata.uid ?? '' });
    this.deps.allocated?.labels({ type: 'RemoteIP' }).inc();
    return { resources: [{ type: 'RemoteIP', podEni: found.value, trunkEni: this.trunkEni }] };
  }

  private async poll(ctx: Context, cni: CniContext): Promise<Result<PodEni, string>> {
    let podEni: PodEni | undefined;
    let inner: string | undefined;
    const key = { namespace: cni.podNamespace, name: cni.podName };
    const waited = await exponentialBackoffWithInitialDelay<string>(
      { scheduler: this.deps.scheduler, random: this.deps.random }, ctx, this.deps.backoff,
      async () => {
        const verdict = judgePodEni(await this.deps.crd.get('PodENI', key), cni.podUid,
          this.trunkEni?.id);
        if (verdict.kind === 'ready') podEni = verdict.podEni;
        if (verdict.kind === 'fail') {
          inner = verdict.reason;
          return err(verdict.reason);
        }
        if (verdict.kind === 'wait' && verdict.reason !== undefined) inner = verdict.reason;
        return ok(verdict.kind === 'ready');
      });
    if (waited.ok && podEni !== undefined) return ok(podEni);
    const outer = waited.ok ? 'not found' : waited.error.kind === 'condition' ? waited.error.error
      : waited.error.message;
    return err(inner === undefined ? outer : `${outer}: ${inner}`);
  }

  /** The controlplane owns PodENI resources: nothing to give back (not handled). */
  release(_ctx: Context, _cni: CniContext, _resource: NetworkResource): boolean {
    return false;
  }

  dispose(): number {
    return 0;
  }
}
