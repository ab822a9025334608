// Verifies a v1 RPC signature (HMAC-SHA1), as Terway's Go SDK and the Node SDK with
// `signatureAlgorithm: 'v2'` send it (alibaba-cloud-sdk-go's sdk/auth/rpc_signature_composer.go,
// `getRPCSignature` in @alicloud/openapi-core): every query and form-body parameter but
// `Signature`, decoded, sorted and RFC 3986 re-encoded; the string to sign is
// `METHOD&%2F&<encoded canonical query>`; the signature is the base64 HMAC-SHA1 under
// `AccessKeySecret + "&"`. A mismatch answers SignatureDoesNotMatch with the server's string to
// sign in the message, which is what the Go SDK parses to tell a wrong secret from an SDK bug.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '@terway-sim/sim-base';
import { apiError, missingParameter, type ApiError } from '../errors/catalog.js';
import { canonicalPairs, percentEncode, type RawPair } from './encoding.js';

export function stringToSignV1(method: string, pairs: readonly RawPair[]): string {
  const canonical = canonicalPairs(pairs.filter((pair) => pair.key !== 'Signature'));
  return `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
}

export function signV1(stringToSign: string, secret: string): string {
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
}

function single(pairs: readonly RawPair[], key: string): string | undefined {
  return pairs.find((pair) => pair.key === key)?.value;
}

/** Checks the v1 signature over query + form pairs; the access key id when it holds. */
export function verifyV1(method: string, pairs: readonly RawPair[],
  secretOf: (accessKeyId: string) => string | undefined): Result<string, ApiError> {
  for (const name of ['AccessKeyId', 'Signature', 'SignatureMethod', 'SignatureNonce',
    'Timestamp']) {
    if (!single(pairs, name)) return err(missingParameter(name));
  }
  if (single(pairs, 'SignatureMethod') !== 'HMAC-SHA1') {
    return err(apiError('InvalidSignatureMethod',
      `SignatureMethod ${single(pairs, 'SignatureMethod')}; expected HMAC-SHA1`));
  }
  const version = single(pairs, 'SignatureVersion');
  if (version !== undefined && version !== '1.0') return err(apiError('InvalidParameter',
    `SignatureVersion ${version}; expected 1.0`));
  const accessKeyId = single(pairs, 'AccessKeyId')!;
  const secret = secretOf(accessKeyId);
  if (secret === undefined) return err(apiError('InvalidAccessKeyId.NotFound',
    `AccessKeyId ${accessKeyId}`));
  const stringToSign = stringToSignV1(method, pairs);
  const expected = Buffer.from(signV1(stringToSign, secret));
  const given = Buffer.from(single(pairs, 'Signature')!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return err({
      ...apiError('SignatureDoesNotMatch'),
      message: `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
    });
  }
  return ok(accessKeyId);
}
