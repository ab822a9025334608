// Which sysctls a real-kernel snapshot keeps: exactly the per-namespace and per-link knobs the
// model keeps, so snapshots of both backends list the same paths.

import { modelIpv4Keys, modelIpv6Keys } from '../model/sysctls.js';

export function linuxSysctlKeys(path: string): boolean {
  if (path === 'net/ipv4/ip_forward') return true;
  const match = /^net\/ipv([46])\/conf\/[^/]+\/([a-z_0-9]+)$/.exec(path);
  if (match === null) return false;
  return (match[1] === '4' ? modelIpv4Keys : modelIpv6Keys).includes(match[2]!);
}
