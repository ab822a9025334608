// Turns what iproute2 and tc print on failure into the errno the kernel returned. iproute2 prints
// `RTNETLINK answers: <strerror>` when the kernel sent no message, or `Error: <extack message>.`
// when it did (then the errno is not shown); client-side checks print their own words. The table
// maps each text seen on Linux 6.x to its errno; the gateway message, which hides two errnos, is
// resolved by the caller (see LinuxKernel.routeWrite).

import type { Errno } from '../netlink/errors.js';

const strerrors: ReadonlyArray<readonly [string, Errno]> = [
  ['File exists', 'EEXIST'],
  ['No such file or directory', 'ENOENT'],
  ['No such device', 'ENODEV'],
  ['No such process', 'ESRCH'],
  ['Network is unreachable', 'ENETUNREACH'],
  ['No route to host', 'EHOSTUNREACH'],
  ['Network is down', 'ENETDOWN'],
  ['Invalid argument', 'EINVAL'],
  ['Device or resource busy', 'EBUSY'],
  ['Operation not permitted', 'EPERM'],
  ['Permission denied', 'EACCES'],
  ['Cannot assign requested address', 'EADDRNOTAVAIL'],
  ['Numerical result out of range', 'ERANGE'],
  ['Operation not supported', 'EOPNOTSUPP'],
  ['Address family not supported', 'EAFNOSUPPORT'],
  ['Too many levels of symbolic links', 'ELOOP'],
];

/** Extack messages (without the trailing period) and the errno the kernel pairs them with. */
const extacks: ReadonlyArray<readonly [RegExp, Errno]> = [
  [/^ipv4: Address already assigned/, 'EEXIST'],
  [/^ipv4: Address not found/, 'EADDRNOTAVAIL'],
  [/^ipv4: Invalid scope value/, 'EINVAL'],
  [/^ipv6: address already assigned/, 'EEXIST'],
  [/^ipv6: address not found/, 'EADDRNOTAVAIL'],
  [/^ipv6: IPv6 is disabled on this device/, 'EACCES'],
  [/^An interface with the same name exists in the target netns/, 'EEXIST'],
  [/^mtu (less|greater) than device (minimum|maximum)/, 'EINVAL'],
  [/^Invalid MTU/, 'EINVAL'],
  [/^Device for nexthop is not up/, 'ENETDOWN'],
  [/^Nexthop device is not up/, 'ENETDOWN'],
  [/^Nexthop device required for onlink/, 'ENODEV'],
  [/^Nexthop has invalid scope/, 'EINVAL'],
  [/^Gateway can not be a local address/, 'EINVAL'],
  [/^Egress device not specified/, 'EINVAL'],
  [/^Invalid prefsrc address/, 'EINVAL'],
  [/^Invalid scope/, 'EINVAL'],
  [/^Invalid prefix for given prefix length/, 'EINVAL'],
  [/^The interface netns is immutable/, 'EINVAL'],
  [/^Route with host scope can not have a gateway/, 'EINVAL'],
  [/^Gateway, device and multipath can not be specified for this route type/, 'EINVAL'],
  [/^Exclusivity flag on, cannot modify/, 'EEXIST'],
  [/^FIB table does not exist/, 'ESRCH'],
  [/^Can not enslave a bridge to a bridge/, 'ELOOP'],
  [/^Parent Qdisc doesn't exists/, 'EINVAL'],
  [/^Protocol mismatch for filter with specified priority/, 'EINVAL'],
  [/^Filter with specified priority\/protocol not found/, 'ENOENT'],
  [/^Cannot find specified qdisc on specified device/, 'ENOENT'],
  [/^Failed to find qdisc with specified handle/, 'ENOENT'],
  [/^Cannot delete qdisc with handle of zero/, 'ENOENT'],
  [/^Invalid handle/, 'ENOENT'],
  [/^Specified qdisc kind is unknown/, 'EOPNOTSUPP'],
  [/^Specified qdisc not found/, 'ENOENT'],
  [/^Specified class not found/, 'ENOENT'],
  [/^Failed to find qdisc with specified classid/, 'ENOENT'],
  [/^Failed to find specified qdisc/, 'ENOENT'],
  [/^Invalid qdisc name: must match existing qdisc/, 'EINVAL'],
  [/^Cannot move an existing qdisc to a different parent/, 'EINVAL'],
  [/^NLM_F_REPLACE needed to override/, 'EEXIST'],
  [/^TC classifier not found/, 'EOPNOTSUPP'],
  [/^Failed to load TC action module/, 'EOPNOTSUPP'],
  [/^Unknown device type/, 'EOPNOTSUPP'],
  [/^Backward goto not supported/, 'EINVAL'],
  [/^Invalid VLAN id/, 'ERANGE'],
];

/** Client-side refusals of iproute2 itself (it never asked the kernel). */
const clientSide: ReadonlyArray<readonly [RegExp, Errno]> = [
  [/^Cannot find device/, 'ENODEV'],
  [/^Device ".*" does not exist/, 'ENODEV'],
  [/^argument ".*" is wrong: Device does not exist/, 'ENODEV'],
  [/not a valid ifname/, 'EINVAL'],
  [/^Cannot open network namespace/, 'ENOENT'],
  [/^Invalid "netns" value/, 'ENOENT'],
  [/^Invalid (dst|src|gateway)? ?address/, 'EINVAL'],
  [/^inet6? prefix is expected/, 'EINVAL'],
  [/^an inet6? address is expected/, 'EINVAL'],
];

export type Classified =
  | { readonly errno: Errno; readonly message: string }
  | { readonly errno: 'gateway'; readonly message: string };

export function classifyFailure(stderr: string): Classified {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('We have an error talking'));
  const first =
    lines.find((line) => line.startsWith('Error:') || line.startsWith('RTNETLINK answers:')) ??
    lines[0] ??
    '';
  const message = first.replace(/^(Error|RTNETLINK answers):\s*/, '').replace(/\.$/, '');
  if (message.startsWith('Nexthop has invalid gateway')) return { errno: 'gateway', message };
  for (const [pattern, errno] of extacks) if (pattern.test(message)) return { errno, message };
  for (const [text, errno] of strerrors) if (message.includes(text)) return { errno, message };
  for (const [pattern, errno] of clientSide) if (pattern.test(message)) return { errno, message };
  return { errno: 'EIO', message: stderr.trim() || 'helper failed without a message' };
}

/** The errno of a failed `ip route get` (no extack there): strerror text. */
export function errnoOfStrerror(stderr: string): Errno | undefined {
  for (const [text, errno] of strerrors) if (stderr.includes(text)) return errno;
  return undefined;
}
