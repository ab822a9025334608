// The cloud's packet filter at ENIs, as the trace meets it: the fabric is asked once when a
// packet leaves the ENI that sent it and once when it enters the ENI it is delivered to (Alibaba
// applies a security group's outbound rules at the first and its inbound rules at the second).
// A block becomes a drop that names the group and the rule, as a value (`because`). Packets to
// the Internet leave through an EIP or a NAT gateway's SNAT entry, or are dropped as `no-snat`.

import type { FabricCrossing } from '../fabric/fabric-view.js';
import { hop, type StepResult, type TraceContext } from './trace-context.js';

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

/**
 * A packet no ENI or route entry holds, to an Internet address: it leaves the VPC through an EIP
 * or a NAT gateway's SNAT entry (after the sending ENI's outbound rules), or is dropped for want
 * of one. Undefined when the fabric has no Internet or `dst` is not on it.
 */
export function leaveVpc(ctx: TraceContext, srcEniMac: string): StepResult | undefined {
  const { packet, fabric } = ctx;
  const exit = fabric.internet?.({ src: packet.src, dst: packet.dst, srcEniMac });
  if (exit === undefined) return undefined;
  const blocked = filterAtEni(ctx, { direction: 'egress', srcEniMac });
  if (blocked !== undefined) return blocked;
  if (exit.via === 'none') {
    return {
      kind: 'drop',
      reason: 'no-snat',
      detail: `no EIP and no SNAT entry takes ${packet.src} to the Internet (${packet.dst})`,
      because: { kind: 'noSnat', src: packet.src },
    };
  }
  const how = exit.via === 'eip' ? `EIP ${exit.id}` : `SNAT entry ${exit.id}`;
  hop(ctx, 'fabric-deliver', `leaves the VPC as ${exit.publicIp} (${how})`);
  return { kind: 'delivered', namespace: 'internet', link: exit.publicIp };
}
