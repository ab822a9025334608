// Terway's idempotency keys (pkg/aliyun/client/token.go): the ClientToken sent with
// CreateNetworkInterface, AssignPrivateIpAddresses and AssignIpv6Addresses.
//
// The key of a request is the MD5 of its parameters. If earlier tokens for that key were put
// back, the most recent one is reused (a LIFO stack per key, kept in an LRU of 500 keys, or
// `IDEMPOTENT_KEY_CACHE_SIZE`); otherwise a fresh token is minted. A caller whose call failed with
// anything but `IdempotentFailed` puts its token back, so an identical retry later carries the
// same token and the cloud returns the first attempt's result if that attempt in fact succeeded.
//
// Tokens have the UUID v4 layout Go's uuid.NewString gives, but come from a named random stream,
// so runs replay. The hash covers the request's parameters in canonical JSON (sorted keys, the
// ClientToken left out), where Terway hashes the SDK request struct: equal requests give equal
// keys in both.

import { createHash } from 'node:crypto';
import { assert, canonicalJson, type RandomStream } from '@terway-sim/sim-base';
import type { OpenApiParamValue } from '../ports/openapi.js';

export const defaultIdempotentKeyCacheSize = 500;

/** A least-recently-used map with a fixed capacity (k8s.io/utils/lru): Get and Add refresh. */
class LruCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  add(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  remove(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** MD5 (hex) of the request parameters, ClientToken excluded. */
export function requestHash(params: { readonly [name: string]: OpenApiParamValue }): string {
  const { ClientToken: _token, ...rest } = params;
  return createHash('md5').update(canonicalJson(rest)).digest('hex');
}

export class IdempotentKeyGenerator {
  private readonly cache: LruCache<string[]>;

  constructor(private readonly deps: { readonly random: RandomStream },
    options: { readonly size?: number } = {}) {
    const size = options.size ?? defaultIdempotentKeyCacheSize;
    assert(Number.isInteger(size) && size > 0, () =>
      `idempotent key cache size ${size} must be a positive integer`);
    this.cache = new LruCache(size);
  }

  /** The token for a request with this hash: the last one put back, or a new one. */
  generateKey(paramHash: string): string {
    const saved = this.cache.get(paramHash);
    if (saved !== undefined && saved.length > 0) {
      const token = saved.pop()!;
      if (saved.length === 0) this.cache.remove(paramHash);
      else this.cache.add(paramHash, saved);
      return token;
    }
    return this.mint();
  }

  /** Keeps `token` for the next identical request. */
  putBack(paramHash: string, token: string): void {
    const saved = this.cache.get(paramHash);
    this.cache.add(paramHash, saved === undefined ? [token] : [...saved, token]);
  }

  private mint(): string {
    const hex = this.deps.random.hex(32).split('');
    hex[12] = '4';
    hex[16] = '89ab'[this.deps.random.int(4)]!;
    const text = hex.join('');
    const groups = [text.slice(0, 8), text.slice(8, 12), text.slice(12, 16), text.slice(16, 20),
      text.slice(20)];
    return groups.join('-');
  }
}
