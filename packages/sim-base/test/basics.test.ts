import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson, createSimEnv, formatDuration, formatIpv4, formatIpv6, IdGenerator, ipv4At,
  ipv4CidrSize, isoSeconds, normalizeIp, normalizePrefix, parseDuration, parseIpv4, parseIpv4Cidr,
  parseIpv6, prefixContains, Topic,
} from '../src/index.js';

describe('ids', () => {
  it('counts per kind in cloud formats', () => {
    const ids = new IdGenerator();
    expect(ids.next('eni')).toBe('eni-bp00000000000000001');
    expect(ids.next('eni')).toBe('eni-bp00000000000000002');
    expect(ids.next('vsw')).toBe('vsw-bp00000000000000001');
    expect(ids.nextMac()).toBe('00:16:3e:00:00:01');
    expect(ids.nextRequestId()).toBe('00000000-0000-0000-0000-000000000001');
    const copy = new IdGenerator();
    copy.restore(ids.snapshot());
    expect(copy.next('eni')).toBe('eni-bp00000000000000003');
  });
});

describe('event log', () => {
  it('writes canonical lines and digests them', () => {
    const env = createSimEnv({ seed: 1, retainMax: 3 });
    env.scheduler.runSync({ untilMs: 12 });
    env.log.record('eni.created', { id: 'eni-1', ips: ['10.0.0.2'], absent: undefined });
    expect(env.log.lines()).toEqual([
      '{"id":"eni-1","ips":["10.0.0.2"],"kind":"eni.created","t":12}',
    ]);
    const again = createSimEnv({ seed: 1 });
    again.scheduler.runSync({ untilMs: 12 });
    again.log.record('eni.created', { ips: ['10.0.0.2'], id: 'eni-1' });
    expect(again.log.digest()).toBe(env.log.digest());
    for (let i = 0; i < 10; i++) env.log.record('tick', { i });
    expect(env.log.lines()).toHaveLength(3);
    expect(env.log.countsByKind()).toEqual({ 'eni.created': 1, tick: 10 });
  });

  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"x":0,"y":1}]},"b":1}',
    );
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
  });
});

describe('addresses', () => {
  it('parses and formats IPv4 and CIDRs', () => {
    expect(parseIpv4('10.0.1.253')).toBe(0x0a0001fd);
    expect(parseIpv4('10.0.1')).toBeUndefined();
    expect(parseIpv4('10.0.01.1')).toBeUndefined();
    const cidr = parseIpv4Cidr('192.168.1.0/24', { strict: true })!;
    expect(ipv4CidrSize(cidr)).toBe(256);
    expect(formatIpv4(ipv4At(cidr, -3))).toBe('192.168.1.253');
    expect(parseIpv4Cidr('192.168.1.5/24', { strict: true })).toBeUndefined();
    expect(prefixContains('10.0.0.0/8', '10.9.8.7')).toBe(true);
    expect(prefixContains('10.0.0.0/8', '11.0.0.1')).toBe(false);
  });

  it('parseIpv4 accepts exactly the dotted quads of four 0-255 octets without leading zeros',
    () => {
    // The specification, as a regular expression per octet.
    const octet = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
    const bySpec = (text: string): number | undefined => {
      const parts = text.split('.');
      if (parts.length !== 4 || !parts.every((part) => octet.test(part))) return undefined;
      return parts.reduce((value, part) => value * 256 + Number(part), 0);
    };
    const piece = fc.oneof(fc.nat(300).map(String), fc.constantFrom('', '00', '01', '256', '-1',
      '1a', ' 1', '0x1', '999', '1000', '٣'));
    const text = fc.oneof(
      fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('.')),
      fc.string({ maxLength: 20 }),
      fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.')),
    );
    fc.assert(fc.property(text, (candidate) => {
      expect(parseIpv4(candidate)).toBe(bySpec(candidate));
    }), { seed: 4, numRuns: 5_000 });
    for (const edge of ['0.0.0.0', '255.255.255.255', '1.2.3.4.', '.1.2.3', '1..2.3', '']) {
      expect(parseIpv4(edge), edge).toBe(bySpec(edge));
    }
  });

  it('parses and formats IPv6 as RFC 5952', () => {
    expect(formatIpv6(parseIpv6('2408:4004:0:0:0:0:0:1')!)).toBe('2408:4004::1');
    expect(formatIpv6(parseIpv6('fe80::1')!)).toBe('fe80::1');
    expect(formatIpv6(parseIpv6('::')!)).toBe('::');
    expect(formatIpv6(parseIpv6('1:0:0:2:0:0:0:3')!)).toBe('1:0:0:2::3');
    expect(parseIpv6('1::2::3')).toBeUndefined();
    expect(normalizeIp('FD00::0001')).toBe('fd00::1');
    expect(normalizePrefix('2001:db8::1/64')).toBe('2001:db8::/64');
    expect(prefixContains('fd00::/64', 'fd00::abcd')).toBe(true);
  });
});

describe('durations and timestamps', () => {
  it('reads Go durations', () => {
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('300ms')).toBe(300);
    expect(parseDuration('2.5s')).toBe(2_500);
    expect(parseDuration('10 m')).toBeUndefined();
    expect(parseDuration('ten')).toBeUndefined();
    expect(formatDuration(600_000)).toBe('10m0s');
    expect(formatDuration(300)).toBe('300ms');
  });

  it('prints second-precision UTC', () => {
    expect(isoSeconds(1_767_225_600_000)).toBe('2026-01-01T00:00:00Z');
  });
});

describe('Topic', () => {
  it('delivers in subscription order; a subscriber removed during a publish still gets it', () => {
    const topic = new Topic<number>();
    const seen: string[] = [];
    const stopA = topic.subscribe((n) => { seen.push(`a${n}`); stopB(); });
    const stopB = topic.subscribe((n) => seen.push(`b${n}`));
    expect(topic.observed).toBe(true);
    topic.publish(1);
    topic.publish(2);
    stopA();
    topic.publish(3);
    expect(seen).toEqual(['a1', 'b1', 'a2']);
    expect(topic.observed).toBe(false);
  });
});
