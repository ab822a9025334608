// The gateway's authentication of an RPC request: pick the signature style (an `ACS3-…`
// Authorization header is V3; a `Signature` parameter is v1), verify it against the key table,
// then refuse stale timestamps (InvalidTimeStamp.Format / .Expired, ±15 minutes of the server's
// wall clock, as the real gateway) and replayed nonces (SignatureNonceUsed). Both checks can be
// turned off for clients with frozen clocks. Nonces are remembered for the skew window, at most
// `noncesMax` of them (the oldest are forgotten first under a flood).

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
}

export interface AuthInput extends SignedRequest {
  /** Query pairs plus form-body pairs, decoded. */
  readonly pairs: readonly RawPair[];
}

const noncesMax = 100_000;
export const defaultTimestampSkewMs = 15 * 60_000;

export class Authenticator {
  private readonly secrets: Map<string, string>;
  private readonly nonces = new Map<string, number>();
  private readonly skewMs: number | null;

  constructor(private readonly options: AuthOptions, private readonly clock: { wallMs(): number }) {
    this.secrets = new Map(options.keys.map((key) => [key.accessKeyId, key.accessKeySecret]));
    this.skewMs = options.timestampSkewMs === undefined ? defaultTimestampSkewMs : options.timestampSkewMs;
  }

  /** The access key id of a correctly signed, fresh, first-seen request. */
  authenticate(input: AuthInput): Result<string, ApiError> {
    const secretOf = (accessKeyId: string) => this.secrets.get(accessKeyId);
    const authorization = input.headers.authorization;
    const v3 = typeof authorization === 'string' && authorization.startsWith('ACS3-');
    if (!v3 && !input.pairs.some((pair) => pair.key === 'Signature')) {
      return typeof authorization === 'string' ? err(apiError('IncompleteSignature',
        'unsupported Authorization scheme')) : err(missingParameter('Signature'));
    }
    const verified = v3 ? verifyV3(input, secretOf) : verifyV1(input.method, input.pairs, secretOf);
    if (!verified.ok) return verified;
    const header = (name: string) => (typeof input.headers[name] === 'string' ? input.headers[name] : undefined);
    const param = (name: string) => input.pairs.find((pair) => pair.key === name)?.value;
    const timestamp = v3 ? header('x-acs-date') : param('Timestamp');
    const nonce = v3 ? header('x-acs-signature-nonce') : param('SignatureNonce');
    const fresh = this.checkTimestamp(timestamp);
    if (!fresh.ok) return fresh;
    const unused = this.checkNonce(`${verified.value}\u0000${nonce ?? ''}`);
    return unused.ok ? verified : unused;
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

  private checkNonce(key: string): Result<void, ApiError> {
    if (this.options.checkNonce === false) return ok(undefined);
    const now = this.clock.wallMs();
    const expires = this.nonces.get(key);
    if (expires !== undefined && expires > now) return err(apiError('SignatureNonceUsed'));
    if (this.nonces.size >= noncesMax) this.forgetOldNonces(now);
    this.nonces.set(key, now + (this.skewMs ?? defaultTimestampSkewMs) * 2);
    return ok(undefined);
  }

  private forgetOldNonces(now: number): void {
    for (const [key, expires] of this.nonces) if (expires <= now) this.nonces.delete(key);
    for (const key of this.nonces.keys()) {
      if (this.nonces.size < noncesMax / 2) break;
      this.nonces.delete(key);
    }
  }
}
