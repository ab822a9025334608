// A seeded hostile client for the HTTP face: requests as an attacker or a broken client would
// send them (v1- and V3-signed ones with strange parameters, names, nonces and timestamps;
// unsigned and wrongly signed ones; replays of earlier requests, re-serialized in every way the
// v1 signature does not cover; metadata and unknown paths), each labelled with what the server
// may answer. The same seed and the same answers give the same requests.
import { Rng, type RandomStream } from '@terway-sim/sim-base';
import type { InjectOptions } from 'fastify';
import type { AccessKey } from '../../src/index.js';
import { pairsQuery, v1Query, v1SignedPairs, v3Headers } from './signing.js';

export type RequestKind =
  /** Correctly signed, first sending: may be accepted. */
  | 'signed'
  /** Not signed, or signed with a wrong secret or tampered after signing: must be refused. */
  | 'unsigned'
  /** A signed request sent again (same nonce): must never be accepted. */
  | 'replay'
  /** The metadata service, answered in plain text. */
  | 'metadata'
  /** /metrics. */
  | 'metrics';

export interface HostileRequest {
  readonly kind: RequestKind;
  readonly options: InjectOptions;
  /** For replays: the index of the request replayed. */
  readonly original?: number;
}

export interface HostileClientOptions {
  readonly key: AccessKey;
  readonly seed: number;
  /** Parts per thousand of requests that replay an earlier signed one. */
  readonly replayPerMille: number;
  /** Parts per thousand of signed requests that call DescribeVpcs (the rest: a mix). */
  readonly describeVpcsPerMille: number;
  /** Instances and vSwitches to name, so that some calls succeed. */
  readonly instanceIds: readonly string[];
  readonly vSwitchIds: readonly string[];
}

const actions = ['DescribeVpcs', 'DescribeVSwitches', 'DescribeNetworkInterfaces',
  'DescribeInstances', 'DescribeInstanceTypes', 'CreateNetworkInterface',
  'AssignPrivateIpAddresses', 'DescribeRegions', 'DescribeZones', 'CreateVpc', 'LaunchRocket',
  'toString', '__proto__', 'constructor', '', 'Describe\nVpcs', 'A"b\\c'];
const versions = ['2016-04-28', '2014-05-26', '2099-01-01', '', 'constructor'];
const paramNames = ['RegionId', 'VpcId', 'PageSize', 'PageNumber', 'MaxResults', 'VSwitchId',
  'InstanceId', 'NetworkInterfaceId', 'SecurityGroupId', 'Tag.1.Key', 'Tag.1.Value',
  'NetworkInterfaceId.1', 'NetworkInterfaceId.1001', 'InstanceTypes.1', 'Ipv4PrefixCount',
  'SecondaryPrivateIpAddressCount', 'CidrBlock', 'ZoneId', 'AcceptLanguage', 'Verbose',
  '__proto__.x', 'constructor', 'a.b.c.d.e', 'Tag', 'Tag.0.Key', '', '%',
  'SignatureNonce', 'Timestamp', 'AccessKeyId', 'SignatureMethod', 'Action', 'Version',
  'Signature', 'Format'];

function text(stream: RandomStream): string {
  switch (stream.int(9)) {
    case 0: return '';
    case 1: return String(stream.intBetween(-5, 2000));
    case 2: return 'cn-hangzhou';
    case 3: return `vpc-${stream.hex(8)}`;
    case 4: return 'ü ✓ \u0000 \u202e +%&=?#';
    case 5: return 'x'.repeat(stream.intBetween(100, 3000));
    case 6: return '9'.repeat(40);
    case 7: return 'true';
    default: return stream.hex(stream.intBetween(1, 12));
  }
}

/** A timestamp near the server's clock (the virtual epoch), sometimes far off or malformed. */
function timestamp(stream: RandomStream): string {
  const roll = stream.int(20);
  if (roll === 0) return '2020-01-01T00:00:00Z';
  if (roll === 1) return 'yesterday';
  if (roll === 2) return '2026-01-01T00:30:00Z';
  return `2026-01-01T00:${String(stream.int(10)).padStart(2, '0')}:00Z`;
}

/** Splits a v1 query and puts some of its pairs in a form body: the signature does not care. */
function reserialize(stream: RandomStream, url: string): InjectOptions {
  const pairs = url.slice(2).split('&').map((part) => part.split('=').map(decodeURIComponent) as
    [string, string]);
  const shuffled = stream.shuffled(pairs);
  const cut = stream.int(shuffled.length + 1);
  return { method: 'POST', url: `/?${pairsQuery(shuffled.slice(0, cut))}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: pairsQuery(shuffled.slice(cut)) };
}

export class HostileClient {
  private readonly stream: RandomStream;
  private readonly sent: HostileRequest[] = [];
  private readonly accepted: HostileRequest[] = [];
  private nonce = 0;

  constructor(private readonly options: HostileClientOptions) {
    this.stream = new Rng(options.seed).stream('hostile-client');
  }

  /** The next request (and remembers it for replays). */
  next(): HostileRequest {
    const stream = this.stream;
    let request: HostileRequest;
    if (this.accepted.length > 0 && stream.int(1000) < this.options.replayPerMille) {
      request = this.replay(stream.pick(this.accepted));
    } else {
      const roll = stream.int(100);
      if (roll < 55) request = this.signedV1();
      else if (roll < 70) request = this.signedV3();
      else if (roll < 85) request = this.unsigned();
      else if (roll < 95) request = this.metadata();
      else request = this.odd();
    }
    this.sent.push(request);
    return request;
  }

  /**
   * Tells the client how the last request was answered: like an eavesdropper, it replays signed
   * requests that worked.
   */
  answered(status: number): void {
    const last = this.sent.at(-1);
    if (last?.kind === 'signed' && status === 200) this.accepted.push(last);
  }

  /** The request at `index` of those sent. */
  at(index: number): HostileRequest {
    return this.sent[index]!;
  }

  private action(): string {
    return this.stream.int(1000) < this.options.describeVpcsPerMille ? 'DescribeVpcs'
      : this.stream.pick(actions);
  }

  private params(): [string, string][] {
    const stream = this.stream;
    const pairs: [string, string][] = [];
    if (stream.int(10) > 0) pairs.push(['RegionId', 'cn-hangzhou']);
    for (let count = stream.int(4); count > 0; count--) {
      const name = stream.pick(paramNames);
      const value = name.endsWith('InstanceId') ? stream.pick(this.options.instanceIds)
        : name === 'VSwitchId' ? stream.pick(this.options.vSwitchIds) : text(stream);
      pairs.push([name, value]);
    }
    return pairs;
  }

  private signedV1(): HostileRequest {
    const stream = this.stream;
    const action = this.action();
    const version = action === 'DescribeVpcs' || action === 'CreateVpc' ? '2016-04-28'
      : stream.pick(versions);
    const pairs: [string, string][] = [['Action', action], ['Version', version], ...this.params()];
    // One protocol parameter given twice: what the v1 signature, over sorted pairs, cannot order.
    if (stream.int(8) === 0) {
      const name = stream.pick(['SignatureNonce', 'Timestamp', 'Action']);
      pairs.push([name, name === 'Timestamp' ? timestamp(stream) : name === 'Action'
        ? this.action() : `dup-${this.nonce++}`]);
    }
    const signed = v1SignedPairs(pairs, { key: this.options.key, nonce: `v1-${this.nonce++}`,
      timestamp: timestamp(stream) });
    return { kind: 'signed', options: { method: 'POST', url: `/?${pairsQuery(signed)}` } };
  }

  private signedV3(): HostileRequest {
    const stream = this.stream;
    const action = this.action();
    const version = action === 'DescribeVpcs' ? '2016-04-28' : stream.pick(versions);
    const raw = pairsQuery(this.params());
    const headers = v3Headers({ key: this.options.key, action, version,
      nonce: `v3-${this.nonce++}`, query: raw, date: timestamp(stream) });
    return { kind: 'signed', options: { method: 'POST', url: `/?${raw}`, headers } };
  }

  private unsigned(): HostileRequest {
    const stream = this.stream;
    const params = { Action: this.action(), Version: '2016-04-28', RegionId: 'cn-hangzhou' };
    switch (stream.int(6)) {
      case 0: return { kind: 'unsigned', options: { method: 'POST', url: `/?${pairsQuery(
        Object.entries(params))}` } };
      case 1: return { kind: 'unsigned', options: { method: 'POST', url: `/?${v1Query(params,
        { key: { accessKeyId: this.options.key.accessKeyId, accessKeySecret: 'wrong' },
          nonce: `bad-${this.nonce++}` })}` } };
      case 2: {
        const url = v1Query(params, { key: this.options.key, nonce: `tamper-${this.nonce++}` });
        return { kind: 'unsigned', options: { method: 'POST',
          url: `/?${url.replace('RegionId=cn-hangzhou', 'RegionId=cn-beijing')}` } };
      }
      case 3: return { kind: 'unsigned', options: { method: 'POST', url: '/', headers: {
        ...v3Headers({ key: { accessKeyId: this.options.key.accessKeyId,
          accessKeySecret: 'wrong' }, action: params.Action, version: params.Version,
        nonce: `bad-${this.nonce++}` }) } } };
      case 4: return { kind: 'unsigned', options: { method: 'POST', url: '/', headers: {
        authorization: stream.pick(['ACS3-HMAC-SHA256 garbage', 'Bearer x', 'ACS3-', '']),
        'x-acs-action': params.Action, 'x-acs-version': params.Version } } };
      default: {
        // A signed V3 request whose unsigned query is changed after signing.
        const headers = v3Headers({ key: this.options.key, action: params.Action,
          version: params.Version, nonce: `tamper-${this.nonce++}`,
          query: 'RegionId=cn-hangzhou' });
        return { kind: 'unsigned', options: { method: 'POST', url: '/?RegionId=cn-beijing',
          headers } };
      }
    }
  }

  private replay(original: HostileRequest): HostileRequest {
    const index = this.sent.indexOf(original);
    const url = String(original.options.url ?? '/');
    const v1 = original.options.headers === undefined && url.includes('Signature=');
    const options = v1 && this.stream.int(2) === 0 ? reserialize(this.stream, url)
      : original.options;
    return { kind: 'replay', options, original: index };
  }

  private metadata(): HostileRequest {
    const stream = this.stream;
    const path = stream.pick(['instance-id', 'network/interfaces/macs/', 'mac', '../../etc',
      'constructor', '%00', 'network/interfaces/macs/00:16:3e:00:00:01/private-ipv4s']);
    if (stream.int(5) === 0) {
      return { kind: 'metadata', options: { method: 'PUT', url: '/latest/api/token', headers: {
        'x-aliyun-ecs-metadata-token-ttl-seconds': stream.pick(['21600', '0', 'x', '99999']) } } };
    }
    const headers: Record<string, string> = stream.int(3) === 0 ? {}
      : { 'x-emulator-instance-id': stream.pick([...this.options.instanceIds, 'i-none']) };
    if (stream.int(4) === 0) headers['x-aliyun-ecs-metadata-token'] = stream.hex(8);
    // A path that climbs out of /latest/meta-data/ is an unknown path, answered in the envelope.
    return { kind: path.startsWith('..') ? 'unsigned' : 'metadata',
      options: { method: 'GET', url: `/latest/meta-data/${path}`, headers } };
  }

  private odd(): HostileRequest {
    const stream = this.stream;
    if (stream.int(4) === 0) {
      return { kind: 'metrics', options: { method: 'GET', url: '/metrics' } };
    }
    return { kind: 'unsigned', options: { method: stream.pick(['DELETE', 'PATCH', 'OPTIONS',
      'GET', 'POST']), url: stream.pick(['/nowhere', '/?', '/?A=%ZZ', '//', '/?Action=',
      `/?${'a='.repeat(500)}`]), headers: stream.int(2) === 0 ? {}
      : { 'content-type': stream.pick(['application/json', 'text/plain',
        'application/x-www-form-urlencoded']) }, payload: text(stream) } };
  }
}
