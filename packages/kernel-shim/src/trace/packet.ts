// The packet a trace follows, and the bytes a u32 filter looks at. Only what routing, the
// fabric, Terway's tc filters and traffic-rule hooks read is modelled: addresses, family, the
// L4 protocol and destination port, and an 802.1Q tag.

import { parseIpv4, parseIpv6 } from '@terway-sim/sim-base';
import type { TcAction, U32Key } from '../netlink/tc.js';
import type { L4Protocol } from './trace-types.js';
import type { LinkState, NsState } from '../model/state.js';

export interface Packet {
  readonly family: 4 | 6;
  src: string;
  readonly dst: string;
  readonly fwmark?: number;
  /**
   * The L4 protocol and destination port the cloud's filters and traffic-rule hooks match on; a
   * trace without a protocol is a ping (ICMP echo).
   */
  readonly protocol?: L4Protocol;
  readonly port?: number;
  /** 802.1Q tag while the frame carries one. */
  vlan?: number;
}

export interface Position {
  ns: NsState;
  /** Where the packet entered this namespace; undefined while it is still in its sender. */
  iif?: LinkState;
}

/** The 32-bit word of the IP header at `offset` (what a u32 key compares), or undefined. */
function headerWord(packet: Packet, offset: number): number | undefined {
  if (packet.family === 4) {
    if (offset === 12) return parseIpv4(packet.src);
    if (offset === 16) return parseIpv4(packet.dst);
    return undefined;
  }
  const word = (address: string, index: number): number =>
    Number((parseIpv6(address)! >> BigInt(96 - 32 * index)) & 0xffffffffn);
  if (offset >= 8 && offset < 24) return word(packet.src, (offset - 8) / 4);
  if (offset >= 24 && offset < 40) return word(packet.dst, (offset - 24) / 4);
  return undefined;
}

export function keysMatch(packet: Packet, keys: readonly U32Key[]): boolean {
  return keys.every((key) => {
    if (key.mask === 0) return true;
    const word = headerWord(packet, key.offset);
    return word !== undefined && ((word & key.mask) >>> 0) === ((key.value & key.mask) >>> 0);
  });
}

export function protocolMatches(packet: Packet, protocol: string | number): boolean {
  if (protocol === 'all') return true;
  if (protocol === '802.1Q') return packet.vlan !== undefined;
  if (packet.vlan !== undefined) return false;
  return protocol === (packet.family === 4 ? 'ip' : 'ipv6');
}

/** The actions of the first matching filter (by priority) at a link's clsact hook. */
export function classify(
  ns: NsState,
  link: LinkState,
  hook: 'ingress' | 'egress',
  packet: Packet,
): readonly TcAction[] {
  const filters = ns.filters
    .filter((filter) => filter.linkIndex === link.index && filter.parent === hook)
    .sort((a, b) => a.priority - b.priority);
  const match = filters.find(
    (filter) => protocolMatches(packet, filter.protocol) && keysMatch(packet, filter.keys),
  );
  return match?.actions ?? [];
}
