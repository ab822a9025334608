// The cloud's packet filter at ENIs, as the trace meets it: the fabric is asked once when a
// packet leaves the ENI that sent it and once when it enters the ENI it is delivered to (Alibaba
// applies a security group's outbound rules at the first and its inbound rules at the second).
// A block becomes a drop that names the group and the rule, as a value (`because`).

import type { FabricCrossing } from '../fabric/fabric-view.js';
import type { StepResult, TraceContext } from './trace-context.js';

type Ends = Pick<FabricCrossing, 'direction' | 'srcEniMac' | 'dstEniMac'>;

/** The drop when the fabric's filter blocks this crossing, else undefined. */
export function filterAtEni(ctx: TraceContext, ends: Ends): StepResult | undefined {
  const { packet, fabric } = ctx;
  if (fabric.filter === undefined) return undefined;
  const block = fabric.filter({
    ...ends,
    src: packet.src,
    dst: packet.dst,
    protocol: packet.protocol ?? 'icmp',
    ...(packet.port !== undefined ? { port: packet.port } : {}),
  });
  if (block === undefined) return undefined;
  const where = block.direction === 'egress' ? 'leaving' : 'entering';
  return {
    kind: 'drop',
    reason: 'security-group',
    detail: `security group ${block.id} (rule ${block.rule}) drops it ${where} ENI ${block.eni}`,
    because: block,
  };
}
