import fc from 'fast-check';
import { isoSeconds } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import {
  convertPod, parseBandwidth, podInfoFromRecord, podInfoToRecord, shouldHandlePod,
  statefulWorkloadKinds, type ConvertPodOptions,
} from '../../src/k8s/pod-info.js';
import type { PodObject } from '../../src/ports/kube.js';

const statefulKinds = statefulWorkloadKinds([' CloneSet ']);
const options: ConvertPodOptions = { daemonMode: 'ENIMultiIP', enableErdma: false, statefulKinds };
const withErdma: ConvertPodOptions = { ...options, enableErdma: true };

interface PodOverrides {
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  owner?: string;
  nodeName?: string;
  hostNetwork?: boolean;
  phase?: string;
  podIps?: string[];
  podIp?: string;
  limits?: Record<string, string>;
}

function pod(overrides: PodOverrides = {}): PodObject {
  const owner = overrides.owner;
  const owners = owner === undefined ? undefined : [{ kind: owner, name: 'owner' }];
  const resources = overrides.limits === undefined ? undefined : { limits: overrides.limits };
  return {
    metadata: {
      name: 'web-0', namespace: 'prod', uid: 'uid-1', annotations: overrides.annotations,
      labels: overrides.labels, ownerReferences: owners, creationTimestamp: '2026-01-01T00:00:10Z',
    },
    spec: { nodeName: overrides.nodeName ?? 'node-1', hostNetwork: overrides.hostNetwork,
      containers: [{ name: 'c', resources }] },
    status: { phase: overrides.phase, podIP: overrides.podIp,
      podIPs: overrides.podIps?.map((ip) => ({ ip })) },
  };
}

describe('parseBandwidth', () => {
  it('reads a number and a binary unit, case-insensitively', () => {
    const mebi = 1024 ** 2;
    const table = [
      { text: '10M', bytes: 10 * mebi },
      { text: '1.5k', bytes: 1536 },
      { text: '2KiB', bytes: 2048 },
      { text: '3G', bytes: 3 * 1024 ** 3 },
      { text: '1T', bytes: 1024 ** 4 },
      { text: '100B', bytes: 100 },
      { text: ' 7mb ', bytes: 7 * mebi },
    ];
    table.forEach((row) => {
      expect(parseBandwidth(row.text)).toEqual({ ok: true, value: row.bytes });
    });
  });

  it('rejects a bare number, zero or negative values, unknown units and empty text', () => {
    ['100', '0M', '-1M', '10X', '', 'M'].forEach((text) => {
      expect(parseBandwidth(text).ok).toBe(false);
    });
  });

  it('property: n followed by K is n·1024 for positive integers', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }), (n) => {
      expect(parseBandwidth(`${n}K`)).toEqual({ ok: true, value: n * 1024 });
    }));
  });
});

describe('convertPod', () => {
  it('derives identity, addresses, bandwidth, priority and the creation time', () => {
    const { info, warnings } = convertPod(pod({
      annotations: {
        'k8s.aliyun.com/ingress-bandwidth': '1M', 'k8s.aliyun.com/egress-bandwidth': '2M',
        'k8s.aliyun.com/network-priority': 'burstable',
      },
      podIps: ['10.0.0.5', 'fd00::5'], phase: 'Running',
    }), options);
    expect(warnings).toEqual([]);
    expect(info).toEqual({
      name: 'web-0', namespace: 'prod', tcIngress: 1048576, tcEgress: 2097152,
      podNetworkType: 'ENIMultiIP', podIps: { ipv4: '10.0.0.5', ipv6: 'fd00::5' },
      sandboxExited: false, podEni: false, podUid: 'uid-1', networkPriority: 'burstable',
      erdma: false, ipStickTimeMs: 0,
      createTimeMs: Date.parse('2026-01-01T00:00:10Z'),
    });
  });

  it('bad annotations become ParseFailed pod events and are otherwise ignored', () => {
    const annotations = {
      'k8s.aliyun.com/ingress-bandwidth': '100', 'k8s.aliyun.com/pod-eni': 'yes',
      'k8s.aliyun.com/network-priority': 'gold',
    };
    const { info, warnings } = convertPod(pod({ annotations }), options);
    expect(warnings.map((warning) => warning.message)).toEqual([
      'Parse ingress bandwidth 100 failed.', 'Parse pod eni yes failed.',
      'Parse pod annotation k8s.aliyun.com/network-priority failed.',
    ]);
    expect([info.tcIngress, info.podEni, info.networkPriority]).toEqual([0, false, '']);
  });

  it('sticky IP: the reservation annotation, a StatefulSet or a custom stateful kind (lower-cased)',
    () => {
      const reservation = (value: string) => ({ 'k8s.aliyun.com/pod-ip-reservation': value });
      const table: Array<{ pod: PodObject; sticky: boolean }> = [
        { pod: pod({ annotations: reservation('true') }), sticky: true },
        { pod: pod({ annotations: reservation('nope') }), sticky: false },
        { pod: pod({ owner: 'StatefulSet' }), sticky: true },
        { pod: pod({ owner: 'cloneset' }), sticky: true },
        { pod: pod({ owner: 'ReplicaSet' }), sticky: false },
      ];
      table.forEach((row) => {
        expect(convertPod(row.pod, options).info.ipStickTimeMs).toBe(row.sticky ? 300_000 : 0);
      });
    });

  it('eRDMA only when on and a container limits aliyun/erdma above 0; finished pods exited', () => {
    const limited = pod({ limits: { 'aliyun/erdma': '1' }, phase: 'Succeeded' });
    expect(convertPod(limited, options).info.erdma).toBe(false);
    expect(convertPod(limited, withErdma).info.erdma).toBe(true);
    expect(convertPod(pod({ limits: { 'aliyun/erdma': '0' } }), withErdma).info.erdma).toBe(false);
    expect(convertPod(limited, options).info.sandboxExited).toBe(true);
  });

  it('shouldHandlePod: only this node\'s pods, not ignored, not host network', () => {
    const ignored = { 'k8s.aliyun.com/ignore-by-terway': 'true' };
    expect(shouldHandlePod(pod(), 'node-1')).toBe(true);
    expect(shouldHandlePod(pod({ nodeName: 'node-2' }), 'node-1')).toBe(false);
    expect(shouldHandlePod(pod({ hostNetwork: true }), 'node-1')).toBe(false);
    expect(shouldHandlePod(pod({ labels: ignored }), 'node-1')).toBe(false);
  });

  it('round-trips through the stored record (Go field names, ns durations)', () => {
    const { info } = convertPod(pod({ owner: 'StatefulSet', podIp: '10.0.0.9' }), options);
    const record = podInfoToRecord(info, isoSeconds);
    expect(record.IPStickTime).toBe(300_000_000_000);
    expect(record.CreateTime).toBe('2026-01-01T00:00:10Z');
    expect(podInfoFromRecord(record)).toEqual(info);
  });
});
