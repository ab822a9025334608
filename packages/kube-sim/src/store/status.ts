// Refusals of the simulated API server, as metav1.Status reasons with their HTTP codes
// (k8s.io/apimachinery pkg/api/errors). Callers branch on `reason`; `message` uses the API
// server's own wording so kubectl users recognise it.

export type StatusReason =
  | 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Invalid' | 'BadRequest' | 'Forbidden'
  | 'Expired' | 'MethodNotAllowed' | 'Unauthorized' | 'UnsupportedMediaType' | 'NotAcceptable';

export interface StatusFailure {
  readonly reason: StatusReason;
  readonly message: string;
  /** The HTTP status the API server answers with. */
  readonly code: number;
}

const codes: Readonly<Record<StatusReason, number>> = {
  NotFound: 404, AlreadyExists: 409, Conflict: 409, Invalid: 422, BadRequest: 400,
  Forbidden: 403, Expired: 410, MethodNotAllowed: 405, Unauthorized: 401,
  UnsupportedMediaType: 415, NotAcceptable: 406,
};

export function statusFailure(reason: StatusReason, message: string): StatusFailure {
  return { reason, message, code: codes[reason] };
}
