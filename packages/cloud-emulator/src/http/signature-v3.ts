// Verifies an ACS3-HMAC-SHA256 (V3) signature, the Node SDK's default, as the "V3 request structure
// and signature" documentation and `getAuthorization` in @alicloud/openapi-core give it: the
// canonical request is method, path, the decoded-sorted-re-encoded query, the signed headers
// (`name:value.trim()` lines), the signed-header list and the body's SHA-256; the string to sign is
// the algorithm and that request's SHA-256; the signature is the hex HMAC-SHA256 of it under the
// AccessKeySecret, with no key derivation.
// Refusals: a malformed Authorization or missing required signed headers (IncompleteSignature),
// an unknown key (InvalidAccessKeyId.NotFound), a body hash or signature that does not match
// (SignatureDoesNotMatch).

import { createHmac, hash, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '@terway-sim/sim-base';
import { apiError, type ApiError } from '../errors/catalog.js';
import { canonicalPairs, percentEncode, splitPairs, type RawPair } from './encoding.js';

export const acs3Algorithm = 'ACS3-HMAC-SHA256';
const requiredSignedHeaders = ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date',
  'x-acs-signature-nonce', 'x-acs-content-sha256'];

export interface SignedRequest {
  readonly method: string;
  readonly path: string;
  readonly rawQuery: string;
  /** The query already split and decoded, when the caller has it (saves doing it twice). */
  readonly queryPairs?: readonly RawPair[];
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

export interface ParsedAuthorization {
  readonly algorithm: string;
  readonly accessKeyId: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

export function parseAuthorization(header: string): ParsedAuthorization | undefined {
  const match = /^(\S+) (.*)$/.exec(header.trim());
  if (match === null) return undefined;
  const fields = new Map<string, string>();
  for (const part of match[2]!.split(',')) {
    const at = part.indexOf('=');
    if (at <= 0) return undefined;
    fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  const accessKeyId = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || !signedHeaders || !signature) return undefined;
  return { algorithm: match[1]!, accessKeyId, signedHeaders: signedHeaders.split(';'), signature };
}

/** A header's text; `name` comes from the client's SignedHeaders, so only own headers count. */
function headerValue(headers: SignedRequest['headers'], name: string): string {
  const value = Object.hasOwn(headers, name) ? headers[name] : undefined;
  return Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : '';
}

/** The canonical request the V3 signature hashes (exported for tests and for clients in tests). */
export function canonicalRequestV3(request: SignedRequest, signedHeaders: readonly string[],
  payloadHash: string): string | undefined {
  const pairs = request.queryPairs ?? splitPairs(request.rawQuery);
  if (pairs === undefined) return undefined;
  const path = percentEncode(request.path).replace(/%2F/g, '/');
  const headerLines = signedHeaders
    .map((name) => `${name}:${headerValue(request.headers, name).trim()}\n`)
    .join('');
  return [request.method, path, canonicalPairs(pairs), headerLines, signedHeaders.join(';'),
    payloadHash].join('\n');
}

/** SHA-256 of the empty body, which every SDK request of these APIs has. */
const emptyBodyHash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function sha256Hex(data: string | Buffer): string {
  return typeof data !== 'string' && data.length === 0 ? emptyBodyHash : hash('sha256', data,
    'hex');
}

export function signV3(canonicalRequest: string, secret: string): string {
  const stringToSign = `${acs3Algorithm}\n${sha256Hex(canonicalRequest)}`;
  return createHmac('sha256', secret).update(stringToSign).digest('hex');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Checks the signature; the access key id when it holds. */
export function verifyV3(request: SignedRequest,
  secretOf: (accessKeyId: string) => string | undefined): Result<string, ApiError> {
  const auth = parseAuthorization(headerValue(request.headers, 'authorization'));
  if (auth === undefined) return err(apiError('IncompleteSignature',
    'malformed Authorization header'));
  if (auth.algorithm !== acs3Algorithm) return err(apiError('InvalidSignatureMethod',
    `${auth.algorithm}; the emulator verifies ${acs3Algorithm}`));
  const missing = requiredSignedHeaders.find((name) => !auth.signedHeaders.includes(name));
  if (missing !== undefined) return err(apiError('IncompleteSignature',
    `SignedHeaders must include ${missing}`));
  const secret = secretOf(auth.accessKeyId);
  if (secret === undefined) return err(apiError('InvalidAccessKeyId.NotFound',
    `AccessKeyId ${auth.accessKeyId}`));
  const payloadHash = sha256Hex(request.body);
  if (headerValue(request.headers, 'x-acs-content-sha256') !== payloadHash) {
    return err(apiError('SignatureDoesNotMatch',
      'x-acs-content-sha256 is not the SHA-256 of the body'));
  }
  const canonical = canonicalRequestV3(request, auth.signedHeaders, payloadHash);
  if (canonical === undefined) return err(apiError('IncompleteSignature',
    'malformed percent-encoding in the query'));
  if (!sameText(signV3(canonical, secret),
    auth.signature.toLowerCase())) return err(apiError('SignatureDoesNotMatch'));
  return ok(auth.accessKeyId);
}
