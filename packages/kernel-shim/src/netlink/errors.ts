// The errors the kernel answers netlink requests with, as values, never thrown across the port.
//
// Datapath code branches on these exactly as Terway's Go code branches on syscall.Errno values
// returned by its netlink library (`errors.Is(err, syscall.EEXIST)` after an add, "not found" being
// success for a delete, ENETUNREACH telling it to add `onlink`). Both kernel backends return the
// same errno for the same request; the message is free text for people and may differ.

import { err, type Err, type Result } from '@terway-sim/sim-base';

/**
 * The errno names a netlink call can come back with, with the meaning the kernel gives them:
 * - EEXIST: the object (link name, address, route key, rule, neighbour) already exists and the
 *   request asked for exclusive creation.
 * - ENOENT: no such object to delete or read (rule, neighbour, sysctl path, qdisc, filter, netns).
 * - ENODEV: no link with that index or name.
 * - ESRCH: no route matched a delete (the kernel's "No such process").
 * - ENETUNREACH: a route's gateway is not reachable through an existing route (add `onlink`).
 * - EHOSTUNREACH: an IPv6 route's gateway is not on a directly connected route (add `onlink`).
 * - ENETDOWN: an IPv4 route's output link (or an `onlink` route's link) is down.
 * - EINVAL: the request is malformed or contradicts the object (bad MTU, bad prefix, wrong kind).
 * - EBUSY: the object is in use (renaming a link that is up).
 * - EPERM: not allowed.
 * - EACCES: refused by configuration (an IPv6 address on a link with `disable_ipv6=1`).
 * - EADDRNOTAVAIL: an address to delete or a preferred source is not on the link.
 * - ELOOP: the request would loop (enslaving a bridge to a bridge).
 * - ERANGE: a number is out of range (MTU outside the link's min/max).
 * - EOPNOTSUPP: the backend or this kernel cannot do it (a link kind the kernel lacks).
 * - EAFNOSUPPORT: wrong address family for the object.
 * - EIO: the backend itself failed (a helper process could not run or printed something it
 *   could not read); never produced by the model.
 */
export type Errno =
  | 'EEXIST'
  | 'ENOENT'
  | 'ENODEV'
  | 'ESRCH'
  | 'ENETUNREACH'
  | 'EHOSTUNREACH'
  | 'ENETDOWN'
  | 'EINVAL'
  | 'EBUSY'
  | 'EPERM'
  | 'EACCES'
  | 'EADDRNOTAVAIL'
  | 'ELOOP'
  | 'ERANGE'
  | 'EOPNOTSUPP'
  | 'EAFNOSUPPORT'
  | 'EIO';

export const errnoNames: readonly Errno[] = [
  'EEXIST',
  'ENOENT',
  'ENODEV',
  'ESRCH',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EINVAL',
  'EBUSY',
  'EPERM',
  'EACCES',
  'EADDRNOTAVAIL',
  'ELOOP',
  'ERANGE',
  'EOPNOTSUPP',
  'EAFNOSUPPORT',
  'EIO',
];

export interface KernelError {
  readonly errno: Errno;
  /** The call that failed, e.g. `routeAdd`. */
  readonly op: string;
  /** What went wrong, for people: names the namespace and object. */
  readonly message: string;
}

export type KernelResult<T> = Result<T, KernelError>;

export function kernelError(errno: Errno, op: string, message: string): Err<KernelError> {
  return err({ errno, op, message });
}

/** True when `result` failed with `errno` (the `errors.Is(err, syscall.EEXIST)` idiom). */
export function isErrno(result: KernelResult<unknown>, errno: Errno): boolean {
  return !result.ok && result.error.errno === errno;
}
