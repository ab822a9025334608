// The state one trace carries from hop to hop, and the small vocabulary its steps share.

import type { FabricView } from '../fabric/fabric-view.js';
import type { ModelKernel } from '../model/model-kernel.js';
import type { DropCause, DropReason, TraceHook, TraceHop } from './trace-types.js';
import type { Packet, Position } from './packet.js';

/** A packet crossing more hops than this is looping. */
export const traceHopsMax = 64;

export interface TraceContext {
  readonly kernel: ModelKernel;
  readonly fabric: FabricView;
  readonly hooks: readonly TraceHook[];
  readonly packet: Packet;
  pos: Position;
  srcKnown: boolean;
  /** Whether the `sent` hooks have been asked (once, as the packet leaves its sender). */
  sentChecked: boolean;
  readonly hops: TraceHop[];
}

export type StepResult =
  | { readonly kind: 'continue' }
  | { readonly kind: 'delivered'; readonly namespace: string; readonly link: string }
  | {
      readonly kind: 'drop';
      readonly reason: DropReason;
      readonly detail: string;
      readonly because?: DropCause;
    };

export const drop = (reason: DropReason, detail: string): StepResult => ({
  kind: 'drop',
  reason,
  detail,
});

export function hop(
  ctx: TraceContext,
  action: TraceHop['action'],
  detail: string,
  link?: string,
): void {
  ctx.hops.push({
    namespace: ctx.pos.ns.name,
    action,
    detail,
    ...(link !== undefined ? { link } : {}),
  });
}
