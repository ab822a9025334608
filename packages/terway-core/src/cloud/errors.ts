// How Terway's client layer sees a failed cloud call (pkg/aliyun/client/errors/errors.go): the
// error codes it branches on, the failure values this layer returns, and the text they print as.
//
// An API refusal prints as `errCode: <code>, msg: <msg>, requestID: <id>` (Terway's WarpError);
// the V2-SDK call (DescribeNetworkInterfaceAttribute) prints `errCode: <code>, msg: <msg>, <eni>`.
// Code checks match the exact code string only, as `ErrorCodeIs` does: `Throttling.User` is not
// `Throttling`. A failure wrapped with context keeps its code (Go's `%w`), so a caller several
// layers up can still ask `codeIs(f, 'InvalidVSwitchId.IpNotEnough')`.

import type { CallFailure } from '../ports/openapi.js';

export const cloudErrorCodes = {
  internalError: 'InternalError',
  forbidden: 'Forbidden.RAM',
  vSwitchIpNotEnough: 'InvalidVSwitchId.IpNotEnough',
  quotaExceededPrivateIp: 'QuotaExceeded.PrivateIpAddress',
  eniPerInstanceLimitExceeded: 'EniPerInstanceLimitExceeded',
  securityGroupInstanceLimitExceed: 'SecurityGroupInstanceLimitExceed',
  ipUnassigned: 'InvalidIp.IpUnassigned',
  eniNotFound: 'InvalidEniId.NotFound',
  ecsNotFound: 'InvalidEcsId.NotFound',
  ipv4CountExceeded: 'InvalidOperation.Ipv4CountExceeded',
  ipv6CountExceeded: 'InvalidOperation.Ipv6CountExceeded',
  invalidEniState: 'InvalidOperation.InvalidEniState',
  allocationIdNotFound: 'InvalidAllocationId.NotFound',
  throttling: 'Throttling',
  operationConflict: 'Operation.Conflict',
  idempotentFailed: 'IdempotentFailed',
} as const;

export type ClientFailure =
  /** The cloud refused the call. `message` is Terway's wrapped text. */
  | {
    readonly kind: 'api'; readonly code: string; readonly message: string;
    readonly httpStatus: number; readonly requestId: string;
  }
  /** The exchange failed (Go: a *url.Error); the request may or may not have taken effect. */
  | { readonly kind: 'transport'; readonly code: string; readonly message: string }
  /** A retry loop ran out of steps: "timed out waiting for the condition". */
  | { readonly kind: 'timeout'; readonly message: string }
  /** The caller's context ended ("context deadline exceeded", "context canceled"). */
  | { readonly kind: 'context'; readonly message: string }
  /** A request could not be built from the options given (Terway's ErrInvalidArgs). */
  | { readonly kind: 'invalid-args'; readonly message: string }
  /** The resource is absent where the caller needs it (Terway's ErrNotFound). */
  | { readonly kind: 'not-found'; readonly message: string }
  /** The reply or a metadata value could not be read. */
  | { readonly kind: 'response'; readonly message: string };

export const invalidArgs: ClientFailure = { kind: 'invalid-args', message: 'invalid args' };
export const notFound: ClientFailure = { kind: 'not-found', message: 'not found' };

/** The failure of one OpenAPI call, with Terway's error text. */
export function fromCallFailure(failure: CallFailure): ClientFailure {
  if (failure.kind === 'transport') return { kind: 'transport', code: failure.code,
    message: failure.message };
  return {
    kind: 'api', code: failure.code, httpStatus: failure.httpStatus, requestId: failure.requestId,
    message: `errCode: ${failure.code}, msg: ${failure.message}, requestID: ${failure.requestId}`,
  };
}

/** The V2 SDK's wrapping (WarpError2), used by DescribeNetworkInterfaceAttribute. */
export function fromCallFailureV2(failure: CallFailure, extra: readonly string[]): ClientFailure {
  if (failure.kind === 'transport') return { kind: 'transport', code: failure.code,
    message: failure.message };
  return { ...fromCallFailure(failure),
    message: `errCode: ${failure.code}, msg: ${failure.message}, ${extra.join(',')}` };
}

/** `ErrorCodeIs`: true when the failure is an API refusal with one of these exact codes. */
export function codeIs(failure: ClientFailure, ...codes: readonly string[]): boolean {
  return failure.kind === 'api' && codes.includes(failure.code);
}

/** The cloud error code behind a failure, if an API refusal caused it. */
export function failureCode(failure: ClientFailure): string | undefined {
  return failure.kind === 'api' ? failure.code : undefined;
}

/** `fmt.Errorf("<prefix>%w", err)`: new text, same kind and code. */
export function wrapFailure(failure: ClientFailure, prefix: string): ClientFailure {
  return { ...failure, message: `${prefix}${failure.message}` };
}

/** Retryable on create: transport errors, `Throttling`, `InternalError` (exact codes). */
export function isRetryableOnCreate(failure: ClientFailure): boolean {
  return failure.kind === 'transport' || codeIs(failure, cloudErrorCodes.throttling,
    cloudErrorCodes.internalError);
}

/** Retryable on assign: as on create, plus `Operation.Conflict`. */
export function isRetryableOnAssign(failure: ClientFailure): boolean {
  return isRetryableOnCreate(failure) || codeIs(failure, cloudErrorCodes.operationConflict);
}

/**
 * IP shortage in the vSwitch: the daemon blocks the vSwitch (create) or inhibits the slot (assign).
 */
export function isIpNotEnough(failure: ClientFailure): boolean {
  return codeIs(failure, cloudErrorCodes.vSwitchIpNotEnough,
    cloudErrorCodes.quotaExceededPrivateIp);
}
