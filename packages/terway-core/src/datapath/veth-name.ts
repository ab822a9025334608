// Host veth names (Terway's pkg/link/veth.go, VethNameForPod) and the random names the CNI
// plugins library draws (ip.RandomVethName). The host end of a pod's veth is `cali` + the first
// 11 hex characters of SHA-1(namespace + "." + name + ifName), with `eth0` hashed as "" so a
// pod's default interface keeps the name it had before multi-network existed. SHA-1 comes from
// node:crypto: hashing is deterministic, only randomness is banned.

import { createHash } from 'node:crypto';
import type { RandomStream } from '@terway-sim/sim-base';
import { hostVethPrefix } from './constants.js';

export function vethNameForPod(
  name: string, namespace: string, ifName: string, prefix: string = hostVethPrefix,
): string {
  const hashedIf = ifName === 'eth0' ? '' : ifName;
  const digest = createHash('sha1').update(`${namespace}.${name}${hashedIf}`).digest('hex');
  return `${prefix}${digest.slice(0, 11)}`;
}

/** `veth` + 8 lowercase hex characters, from a seeded stream. */
export function randomVethName(stream: RandomStream): string {
  return `veth${stream.hex(8)}`;
}
