// Test clients that sign any request, however hostile, the way the SDKs do: v1 (HMAC-SHA1 over
// the sorted, RFC 3986-encoded parameters) and V3 (ACS3-HMAC-SHA256 over the canonical
// request). The official SDKs refuse to send the garbage these tests need.
import { createHash, createHmac } from 'node:crypto';
import type { AccessKey } from '../../src/index.js';

export function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface V1Options {
  readonly key: AccessKey;
  readonly nonce: string;
  /** Default 2026-01-01T00:00:00Z, the virtual epoch of a fresh run. */
  readonly timestamp?: string;
  readonly method?: string;
}

/** A `Name=value&…` query of the pairs, in their order, RFC 3986-encoded. */
export function pairsQuery(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`).join('&');
}

/**
 * The pairs of a v1-signed request, in their order (duplicates kept), then `Signature`: the
 * protocol parameters first, then `pairs`. The signature covers every pair, sorted.
 */
export function v1SignedPairs(pairs: readonly (readonly [string, string])[],
  options: V1Options): [string, string][] {
  const all: [string, string][] = [['SignatureMethod', 'HMAC-SHA1'], ['SignatureVersion', '1.0'],
    ['SignatureNonce', options.nonce], ['Timestamp', options.timestamp ?? '2026-01-01T00:00:00Z'],
    ['AccessKeyId', options.key.accessKeyId], ...pairs.map(([name, value]): [string, string] =>
      [name, value])];
  const canonical = all.map(([name, value]) => [rfc3986(name), rfc3986(value)] as const)
    .sort(([ka, va], [kb, vb]) => (ka === kb ? compare(va, vb) : compare(ka, kb)))
    .map(([name, value]) => `${name}=${value}`).join('&');
  const stringToSign = `${options.method ?? 'POST'}&%2F&${rfc3986(canonical)}`;
  const signature = createHmac('sha1', `${options.key.accessKeySecret}&`).update(stringToSign)
    .digest('base64');
  return [...all, ['Signature', signature]];
}

/**
 * The query of a v1-signed request: the protocol parameters, then `params`, then the signature.
 * A protocol parameter named in `params` is sent twice (both signed): a hostile request.
 */
export function v1Query(params: Readonly<Record<string, string>>, options: V1Options): string {
  return pairsQuery(v1SignedPairs(Object.entries(params), options));
}

export interface V3Options {
  readonly key: AccessKey;
  readonly action: string;
  readonly version: string;
  readonly nonce: string;
  /** The raw query (already encoded), without `?`. */
  readonly query?: string;
  readonly date?: string;
  readonly host?: string;
  /** Extra headers to send and sign. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Header names to list in SignedHeaders without sending them. */
  readonly phantomSignedHeaders?: readonly string[];
}

/** The headers of an ACS3-signed POST with an empty body. */
export function v3Headers(options: V3Options): Record<string, string> {
  const empty = createHash('sha256').update('').digest('hex');
  const headers: Record<string, string> = {
    host: options.host ?? 'localhost:80', 'x-acs-action': options.action,
    'x-acs-version': options.version, 'x-acs-date': options.date ?? '2026-01-01T00:00:00Z',
    'x-acs-signature-nonce': options.nonce, 'x-acs-content-sha256': empty, ...options.headers,
  };
  const signed = [...Object.keys(headers), ...options.phantomSignedHeaders ?? []].sort();
  const canonicalQuery = (options.query ?? '').split('&').filter((part) => part !== '')
    .map((part) => part.split('=').map((side) => rfc3986(decodeURIComponent(side))))
    .sort(([ka = '', va = ''], [kb = '', vb = '']) =>
      (ka === kb ? compare(va, vb) : compare(ka, kb)))
    .map((pair) => pair.join('=')).join('&');
  const canonical = ['POST', '/', canonicalQuery,
    signed.map((name) => `${name}:${(Object.hasOwn(headers, name) ? headers[name]! : '').trim()}`)
      .map((line) => `${line}\n`).join(''),
    signed.join(';'), empty].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(canonical).digest('hex')}`;
  const signature = createHmac('sha256', options.key.accessKeySecret).update(stringToSign)
    .digest('hex');
  return { ...headers, authorization: `ACS3-HMAC-SHA256 Credential=${options.key.accessKeyId},` +
    `SignedHeaders=${signed.join(';')},Signature=${signature}` };
}
