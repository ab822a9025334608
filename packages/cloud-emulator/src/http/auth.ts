// The gateway's authentication of an RPC request: pick the signature style (an `ACS3-…`
// Authorization header is V3; a `Signature` parameter is v1), verify it against the key table,
// then refuse stale timestamps (InvalidTimeStamp.Format / .Expired, ±15 minutes of the server's
// wall clock, as the real gateway) and replayed nonces (SignatureNonceUsed). Both checks can be
// turned off for clients with frozen clocks.
//
// Replay protection holds for the whole timestamp window: a request is accepted while its
// timestamp is within the skew of the server's clock, so its nonce is remembered from its first
// arrival for twice the skew, which outlasts every instant its timestamp could still pass. The
// table is bounded by time, not by count: nothing is forgotten early. A flood that fills it to
// `noncesMax` makes new requests wait (Throttling.User, with the time until the oldest nonce
// expires as the retry-after) instead of letting an old nonce be forgotten and replayed.

import { err, ok, parseIso, type Result } from '@terway-sim/sim-base';
import { apiError, missingParameter, type ApiError } from '../errors/catalog.js';
import type { RawPair } from './encoding.js';
import { verifyV1 } from './signature-v1.js';
import { verifyV3, type SignedRequest } from './signature-v3.js';

export interface AccessKey {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

export interface AuthOptions {
  readonly keys: readonly AccessKey[];
  /** Largest accepted distance between the request's timestamp and the server's; null: no check. */
  readonly timestampSkewMs?: number | null;
  readonly checkNonce?: boolean;
  /** Most nonces remembered at once; when full, new requests are refused until some expire. */
  readonly noncesMax?: number;
}

export interface AuthInput extends SignedRequest {
  /** Query pairs plus form-body pairs, decoded. */
  readonly pairs: readonly RawPair[];
}

/** A refused request: the cloud's error, and when the client may try again (flow control). */
export interface AuthRefusal {
  readonly error: ApiError;
  readonly retryAfterMs?: number;
}

export const defaultTimestampSkewMs = 15 * 60_000;
const defaultNoncesMax = 200_000;

/** True when the request is signed with ACS3 (V3); false for the v1 `Signature` parameter. */
export function isV3Signed(headers: SignedRequest['headers']): boolean {
  const authorization = headers.authorization;
  return typeof authorization === 'string' && authorization.startsWith('ACS3-');
}

/** Nonces seen in the replay window, oldest first: expiry grows with arrival. */
class NonceWindow {
  private readonly seen = new Map<string, number>();

  constructor(private readonly retainMs: number, private readonly capacity: number) {}

  /** Remembers `key` if it is new and there is room; says which it was. */
  admit(key: string, nowMs: number): 'fresh' | 'used' | { readonly retryAfterMs: number } {
    for (const [oldKey, forgetAfterMs] of this.seen) {
      if (forgetAfterMs >= nowMs) break;
      this.seen.delete(oldKey);
    }
    if (this.seen.has(key)) return 'used';
    if (this.seen.size >= this.capacity) {
      const oldest = this.seen.values().next().value ?? nowMs;
      return { retryAfterMs: Math.max(1, oldest - nowMs + 1) };
    }
    this.seen.set(key, nowMs + this.retainMs);
    return 'fresh';
  }

  get size(): number {
    return this.seen.size;
  }
}

export class Authenticator {
  private readonly secrets: Map<string, string>;
  private readonly skewMs: number | null;
  private readonly nonces: NonceWindow;

  constructor(private readonly options: AuthOptions, private readonly clock: { wallMs(): number }) {
    this.secrets = new Map(options.keys.map((key) => [key.accessKeyId, key.accessKeySecret]));
    this.skewMs = options.timestampSkewMs === undefined ? defaultTimestampSkewMs
      : options.timestampSkewMs;
    this.nonces = new NonceWindow(2 * (this.skewMs ?? defaultTimestampSkewMs),
      options.noncesMax ?? defaultNoncesMax);
  }

  /** Nonces remembered now (for tests and operators). */
  get noncesHeld(): number {
    return this.nonces.size;
  }

  /** The access key id of a correctly signed, fresh, first-seen request. */
  authenticate(input: AuthInput): Result<string, AuthRefusal> {
    const secretOf = (accessKeyId: string) => this.secrets.get(accessKeyId);
    const v3 = isV3Signed(input.headers);
    const authorization = input.headers.authorization;
    if (!v3 && !input.pairs.some((pair) => pair.key === 'Signature')) {
      return refusal(typeof authorization === 'string' ? apiError('IncompleteSignature',
        'unsupported Authorization scheme') : missingParameter('Signature'));
    }
    const verified = v3 ? verifyV3(input, secretOf) : verifyV1(input.method, input.pairs, secretOf);
    if (!verified.ok) return refusal(verified.error);
    const header = (name: string) => (typeof input.headers[name] === 'string'
      ? input.headers[name] : undefined);
    const param = (name: string) => input.pairs.find((pair) => pair.key === name)?.value;
    const timestamp = v3 ? header('x-acs-date') : param('Timestamp');
    const nonce = v3 ? header('x-acs-signature-nonce') : param('SignatureNonce');
    const fresh = this.checkTimestamp(timestamp);
    if (!fresh.ok) return refusal(fresh.error);
    if (this.options.checkNonce === false) return verified;
    const admitted = this.nonces.admit(`${verified.value}\u0000${nonce ?? ''}`,
      this.clock.wallMs());
    if (admitted === 'fresh') return verified;
    if (admitted === 'used') return refusal(apiError('SignatureNonceUsed'));
    return err({ error: apiError('Throttling.User', `the server holds ${this.nonces.size} ` +
      'nonces of the replay window; retry when the oldest expires'),
    retryAfterMs: admitted.retryAfterMs });
  }

  private checkTimestamp(text: string | undefined): Result<void, ApiError> {
    if (this.skewMs === null) return ok(undefined);
    const stamp = text === undefined ? undefined : parseIso(text);
    if (stamp === undefined) return err(apiError('InvalidTimeStamp.Format',
      `timestamp ${JSON.stringify(text ?? '')}; expected YYYY-MM-DDThh:mm:ssZ`));
    if (Math.abs(stamp - this.clock.wallMs()) > this.skewMs) {
      return err(apiError('InvalidTimeStamp.Expired',
        `${text} is more than ${this.skewMs / 60_000} minutes from the server's time`));
    }
    return ok(undefined);
  }
}

function refusal(error: ApiError): Result<never, AuthRefusal> {
  return err({ error });
}
