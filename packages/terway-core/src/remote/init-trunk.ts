// initTrunk (Terway's daemon/daemon.go): which ENI is this node's
// trunk when `enable_eni_trunking` is on. In order: the attached trunk ENI the node's
// `k8s.aliyun.com/trunk-on` annotation names; else any attached trunk ENI; else, when there is a
// free ENI slot (attached secondary ENIs < MaxENI), a new one made with
// CreateNetworkInterface(1 IPv4, 1 IPv6 if enabled, type trunk) — a failed create deletes what it
// made and fails the daemon's startup; else trunking is off (no trunk id).

import { err, ok, type Context, type Result } from '@terway-sim/sim-base';
import type { AttachedEni } from '../eni/types.js';
import type { Factory } from '../factory/factory.js';
import type { PoolLogger } from '../pool/telemetry.js';

export interface InitTrunkInput {
  /** The node's `k8s.aliyun.com/trunk-on` annotation ("" when absent). */
  readonly preferTrunkId: string;
  readonly maxEni: number;
  readonly enableIpv6: boolean;
}

/** The trunk to use among the attached ENIs, or what to do without one. Pure. */
export function chooseTrunk(attached: readonly AttachedEni[], input: InitTrunkInput):
  { readonly kind: 'use'; readonly id: string } | { readonly kind: 'create' } |
  { readonly kind: 'off' } {
  const preferred = attached.find((eni) => eni.trunk && eni.id === input.preferTrunkId);
  if (preferred !== undefined) return { kind: 'use', id: preferred.id };
  const any = attached.find((eni) => eni.trunk);
  if (any !== undefined) return { kind: 'use', id: any.id };
  return input.maxEni <= attached.length ? { kind: 'off' } : { kind: 'create' };
}

/** The trunk ENI id, or undefined when trunking ends up off. */
export async function initTrunk(ctx: Context, deps: { readonly factory: Factory;
  readonly logger: PoolLogger }, input: InitTrunkInput):
  Promise<Result<string | undefined, string>> {
  const listed = await deps.factory.listAttachedNetworkInterfaces(ctx,
    { preferTrunkId: input.preferTrunkId === '' ? undefined : input.preferTrunkId });
  if (!listed.ok) return err(`error get attached eni, ${listed.error.message}`);
  const choice = chooseTrunk(listed.value, input);
  if (choice.kind === 'use') return ok(choice.id);
  if (choice.kind === 'off') return ok(undefined);
  const created = await deps.factory.createNetworkInterface(ctx, { ipv4Count: 1,
    ipv6Count: input.enableIpv6 ? 1 : 0, type: 'trunk' });
  if (!created.ok) {
    if (created.error.eni !== undefined) {
      await deps.factory.deleteNetworkInterface(ctx, created.error.eni.id);
    }
    return err(`error create trunk eni, ${created.error.message}`);
  }
  deps.logger.info('trunk eni created', { eni: created.value.eni.id });
  return ok(created.value.eni.id);
}
