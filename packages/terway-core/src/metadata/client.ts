// Terway's instance-metadata client (pkg/aliyun/metadata/metadata.go) over the MetadataPort: one
// GET with its retry loop, the value/array readers, and the typed readers Terway calls.
//
// Retry (`withRetry`): wait.ExponentialBackoff {500 ms, ×1.2, jitter 0.1, 4 steps}; an unreachable
// server (status 0), 429 and ≥ 500 are retried; any other status ≥ 400 is final; when the
// attempts run out the last reason is returned. Each attempt is observed in
// `aliyun_metadata_latency{url, error}` (ms) with the full URL; as in Terway, `error` is "true"
// only when the server could not be reached — an HTTP error status still counts as "false".
// Bodies: a value is the first line with `/` trimmed at both ends; an array is every line so
// trimmed; `private-ipv4s` is a JSON array; `ipv6s` is `[a,b]` unquoted, and 404 there means
// "no IPv6".
//
// Differences: the metadata token (PUT /latest/api/token, cached 3 h, refreshed on 401) is not
// modelled, since the port has no PUT; a trailing empty line in an array body is dropped.

import {
  Context, err, exponentialBackoff, normalizeIp, normalizePrefix, ok, type Result, type Scheduler,
  type UniformSource
} from '@terway-sim/sim-base';
import type { MetadataMetrics } from '../metrics/terway-metrics.js';
import type { MetadataPort } from '../ports/metadata.js';

export const metadataBase = 'http://100.100.100.200/latest/meta-data/';

/**
 * A failed metadata read: `status` 0 when unreachable; `kind: 'parse'` when the body was
 * unreadable.
 */
export interface MetadataError {
  readonly kind: 'metadata' | 'parse';
  readonly status: number;
  readonly url: string;
  readonly message: string;
}

export const metadataRetry = { durationMs: 500, factor: 1.2, jitter: 0.1, steps: 4,
  capMs: 0 } as const;

export interface MetadataClientDeps {
  readonly port: MetadataPort;
  readonly scheduler: Scheduler;
  /** Jitter draws for the retry loop; a named stream. */
  readonly random: UniformSource;
  readonly metrics?: MetadataMetrics;
}

/** Terway's metadata Error for a failed GET: code (empty when unreachable), URL and cause. */
export function metadataHttpError(url: string, status: number,
  transportMessage: string): MetadataError {
  const code = status === 0 ? '' : String(status);
  const cause = status === 0 ? `Get "${url}": ${transportMessage}` : '%!s(<nil>)';
  return { kind: 'metadata', status, url,
    message: `get from metaserver failed code: ${code}, url: ${url}, err: ${cause}` };
}

function parseError(url: string, message: string): MetadataError {
  return { kind: 'parse', status: 200, url, message };
}

export class MetadataClient {
  constructor(private readonly deps: MetadataClientDeps) {}

  /** The raw body of `path` (relative to latest/meta-data/), with Terway's retries. */
  async getBody(path: string): Promise<Result<string, MetadataError>> {
    const url = `${metadataBase}${path}`;
    let body: string | undefined;
    let last: MetadataError | undefined;
    const background = Context.background(this.deps.scheduler);
    const loop = await exponentialBackoff<MetadataError>(this.deps, background, metadataRetry,
      async () => {
      const startMs = this.deps.scheduler.nowMs();
      const reply = await this.deps.port.get(path);
      const unreachable = !reply.ok && reply.error.status === 0;
      this.deps.metrics?.metadataLatency.labels({ url,
        error: String(unreachable) }).observe(this.deps.scheduler.nowMs() - startMs);
      if (reply.ok) {
        body = reply.value;
        return ok(true);
      }
      last = metadataHttpError(url, reply.error.status, reply.error.message);
      const status = reply.error.status;
      return status === 0 || status === 429 || status >= 500 ? ok(false) : err(last);
    });
    if (loop.ok && body !== undefined) return ok(body);
    if (last !== undefined) return err(last);
    return err({ kind: 'metadata', status: 0, url, message: loop.ok ? 'empty body'
      : loopMessage(loop.error) });
  }

  /** First line, `/` trimmed (Terway's getValue). */
  async getValue(path: string): Promise<Result<string, MetadataError>> {
    const body = await this.getBody(path);
    return body.ok ? ok(trimSlashes(body.value.split('\n')[0] ?? '')) : body;
  }

  /** Every line, `/` trimmed (Terway's getArray). */
  async getArray(path: string): Promise<Result<string[], MetadataError>> {
    const body = await this.getBody(path);
    if (!body.ok) return body;
    const lines = body.value.split('\n').map(trimSlashes);
    if (lines.length > 1 && lines.at(-1) === '') lines.pop();
    return ok(lines);
  }

  instanceId(): Promise<Result<string, MetadataError>> { return this.getValue('instance-id'); }
  instanceType(): Promise<Result<string,
    MetadataError>> { return this.getValue('instance/instance-type'); }
  regionId(): Promise<Result<string, MetadataError>> { return this.getValue('region-id'); }
  zoneId(): Promise<Result<string, MetadataError>> { return this.getValue('zone-id'); }
  vpcId(): Promise<Result<string, MetadataError>> { return this.getValue('vpc-id'); }
  vpcCidr(): Promise<Result<string, MetadataError>> { return this.getValue('vpc-cidr-block'); }
  /** The instance's own vSwitch (its primary ENI's). */
  vSwitchId(): Promise<Result<string, MetadataError>> { return this.getValue('vswitch-id'); }
  primaryMac(): Promise<Result<string, MetadataError>> { return this.getValue('mac'); }
  /** MACs of every attached ENI, primary included. */
  macs(): Promise<Result<string[],
    MetadataError>> { return this.getArray('network/interfaces/macs/'); }
  eniId(mac: string): Promise<Result<string, MetadataError>> { return this.getValue(eniPath(mac,
    'network-interface-id')); }
  eniVSwitchId(mac: string): Promise<Result<string,
    MetadataError>> { return this.getValue(eniPath(mac, 'vswitch-id')); }
  primaryIp(mac: string): Promise<Result<string, MetadataError>> { return this.address(eniPath(mac,
    'primary-ip-address')); }
  gateway(mac: string): Promise<Result<string, MetadataError>> { return this.address(eniPath(mac,
    'gateway')); }
  ipv6Gateway(mac: string): Promise<Result<string,
    MetadataError>> { return this.address(eniPath(mac, 'ipv6-gateway')); }
  vSwitchCidr(mac: string): Promise<Result<string, MetadataError>> { return this.cidr(eniPath(mac,
    'vswitch-cidr-block')); }
  vSwitchIpv6Cidr(mac: string): Promise<Result<string,
    MetadataError>> { return this.cidr(eniPath(mac, 'vswitch-ipv6-cidr-block')); }

  /** The ENI's IPv4 addresses (`private-ipv4s`, a JSON array), primary included, canonical text. */
  async ipv4s(mac: string): Promise<Result<string[], MetadataError>> {
    const path = eniPath(mac, 'private-ipv4s');
    const value = await this.getValue(path);
    if (!value.ok) return value;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value.value);
    } catch (error) {
      return err(parseError(`${metadataBase}${path}`,
        `failed to parse ip, ${value.value}, ${(error as Error).message}`));
    }
    if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
      return err(parseError(`${metadataBase}${path}`,
        `failed to parse ip, ${value.value}, not a list of strings`));
    }
    return parseAddresses(`${metadataBase}${path}`, parsed as string[]);
  }

  /** The ENI's IPv6 addresses (`ipv6s`, `[a,b]`); a 404 means none. */
  async ipv6s(mac: string): Promise<Result<string[], MetadataError>> {
    const path = eniPath(mac, 'ipv6s');
    const value = await this.getValue(path);
    if (!value.ok) return value.error.status === 404 ? ok([]) : value;
    const items = value.value.replaceAll('[', '').replaceAll(']', '').split(',').map((item) =>
      item.trim());
    return parseAddresses(`${metadataBase}${path}`, items);
  }

  private async address(path: string): Promise<Result<string, MetadataError>> {
    const value = await this.getValue(path);
    if (!value.ok) return value;
    const ip = normalizeIp(value.value);
    return ip === undefined ? err(parseError(`${metadataBase}${path}`,
      `failed to parse ip ${value.value}`)) : ok(ip);
  }

  private async cidr(path: string): Promise<Result<string, MetadataError>> {
    const value = await this.getValue(path);
    if (!value.ok) return value;
    const prefix = value.value.includes('/') ? normalizePrefix(value.value) : undefined;
    return prefix === undefined ? err(parseError(`${metadataBase}${path}`,
      `failed to parse cidr ${value.value}`)) : ok(prefix);
  }
}

function eniPath(mac: string, leaf: string): string {
  return `network/interfaces/macs/${mac}/${leaf}`;
}

function trimSlashes(text: string): string {
  return text.replace(/^\/+|\/+$/g, '');
}

function parseAddresses(url: string, items: readonly string[]): Result<string[], MetadataError> {
  const out: string[] = [];
  for (const item of items) {
    const ip = normalizeIp(item);
    if (ip === undefined) return err(parseError(url,
      `ParseAddr(${JSON.stringify(item)}): unable to parse IP`));
    out.push(ip);
  }
  return ok(out);
}

function loopMessage(failure: { readonly kind: string; readonly message?: string }): string {
  return failure.message ?? failure.kind;
}
