// Datapath failures as values, with the text Terway's Go code would print. Kernel refusals come
// back from either backend as an errno; the message is rebuilt here from the command and Go's
// text for that errno (`file exists`, `network is unreachable`), so the model and the real kernel
// give the same CNI error text and the same pod events.

import { err, type Err } from '@terway-sim/sim-base';
import type { Errno, KernelError } from '@terway-sim/kernel-shim';

export interface DatapathError {
  readonly message: string;
  /** The kernel's answer when a kernel call failed. */
  readonly errno?: Errno;
}

/** Go's syscall.Errno.Error() text. */
const goErrnoText: Readonly<Partial<Record<string, string>>> = {
  EEXIST: 'file exists',
  ENOENT: 'no such file or directory',
  ENODEV: 'no such device',
  ESRCH: 'no such process',
  ENETUNREACH: 'network is unreachable',
  EHOSTUNREACH: 'no route to host',
  ENETDOWN: 'network is down',
  EINVAL: 'invalid argument',
  EBUSY: 'device or resource busy',
  EPERM: 'operation not permitted',
  EACCES: 'permission denied',
  EADDRNOTAVAIL: 'cannot assign requested address',
  ERANGE: 'numerical result out of range',
  EOPNOTSUPP: 'operation not supported',
  EAFNOSUPPORT: 'address family not supported by protocol',
  EIO: 'input/output error',
};

/** Go's text for an errno; the name itself for one this table does not know yet. */
export function errnoText(errno: Errno): string {
  return goErrnoText[errno] ?? errno;
}

/** `error <cmd>, <errno text>`: how Terway's netlink wrappers report a failed call. */
export function commandFailed(command: string, error: KernelError): Err<DatapathError> {
  return err({ message: `error ${command}, ${errnoText(error.errno)}`, errno: error.errno });
}

/** The netlink library's lookup failure. */
export const linkNotFoundText = 'Link not found';

export function failure(message: string, errno?: Errno): Err<DatapathError> {
  return err(errno === undefined ? { message } : { message, errno });
}

/** Prefixes a failure with Terway's `fmt.Errorf("<context>, %w", err)`. */
export function wrapError(context: string | undefined, error: DatapathError): DatapathError {
  if (context === undefined || context === '') return error;
  return { ...error, message: `${context}, ${error.message}` };
}
