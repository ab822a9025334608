// What the daemon derives from a Kubernetes Pod, as Terway's pkg/k8s/k8s.go `convertPod` and
// `shouldHandlePod` do: identity, the pod network type of the daemon mode, pod IPs from status,
// bandwidth annotations (bytes/s, binary units), network priority, eRDMA, the PodENI flag, and the
// sticky-IP marker (`IPStickTime`, 5 minutes) for pods annotated
// `k8s.aliyun.com/pod-ip-reservation` or owned by a StatefulSet or a configured stateful kind.
//
// Pure: parse problems come back as pod events for the caller to record (Terway records them as
// Warning `ParseFailed` while converting).

import { err, normalizeIp, ok, parseIpv4, parseIso, type Result } from '@terway-sim/sim-base';
import type { DaemonMode } from '../config/daemon-mode.js';
import type { ObjectMeta, PodObject } from '../ports/kube.js';
import { goZeroTime, type PodInfoRecord } from '../store/records.js';

export const annotationIngressBandwidth = 'k8s.aliyun.com/ingress-bandwidth';
export const annotationEgressBandwidth = 'k8s.aliyun.com/egress-bandwidth';
export const annotationPodEni = 'k8s.aliyun.com/pod-eni';
export const annotationNetworkPriority = 'k8s.aliyun.com/network-priority';
export const annotationPodIpReservation = 'k8s.aliyun.com/pod-ip-reservation';
export const annotationPodIps = 'k8s.aliyun.com/pod-ips';
export const labelIgnoreByTerway = 'k8s.aliyun.com/ignore-by-terway';
export const resourceErdma = 'aliyun/erdma';

export const podNetworkTypeEniMultiIp = 'ENIMultiIP';
export const podNetworkTypeVpcEni = 'VPCENI';

/** Terway's defaultStickTimeForSts. */
export const stickTimeMs = 5 * 60_000;
const networkPriorities: ReadonlySet<string> = new Set(['best-effort', 'burstable', 'guaranteed']);

export interface PodInfo {
  readonly name: string;
  readonly namespace: string;
  readonly tcIngress: number;
  readonly tcEgress: number;
  readonly podNetworkType: string;
  readonly podIps: { readonly ipv4?: string | undefined; readonly ipv6?: string | undefined };
  readonly sandboxExited: boolean;
  readonly podEni: boolean;
  readonly podUid: string;
  readonly networkPriority: string;
  readonly erdma: boolean;
  /** 0, or the sticky period (5 min) while the pod's IP is to be kept after DEL. */
  readonly ipStickTimeMs: number;
  /** Unix ms of metadata.creationTimestamp; undefined when absent. */
  readonly createTimeMs?: number | undefined;
}

export interface PodWarning {
  readonly reason: 'ParseFailed';
  readonly message: string;
}

export interface ConvertPodOptions {
  readonly daemonMode: DaemonMode;
  readonly enableErdma: boolean;
  /** Lower-cased owner kinds that make a pod sticky: `statefulset` plus the configured ones. */
  readonly statefulKinds: ReadonlySet<string>;
}

/** Terway's SetCustomStatefulWorkloadKinds: `statefulset` plus the trimmed, lower-cased extras. */
export function statefulWorkloadKinds(custom: readonly string[]): Set<string> {
  return new Set(['statefulset', ...custom.map((kind) => kind.trim().toLowerCase())]);
}

/** True when the daemon on `nodeName` serves this pod (its node, not ignored, not host network). */
export function shouldHandlePod(pod: PodObject, nodeName: string): boolean {
  const ignored = pod.metadata?.labels?.[labelIgnoreByTerway] === 'true';
  return pod.spec?.nodeName === nodeName && !ignored && pod.spec.hostNetwork !== true;
}

export function podNetworkType(mode: DaemonMode): string {
  return mode === 'ENIMultiIP' ? podNetworkTypeEniMultiIp : podNetworkTypeVpcEni;
}

export function convertPod(pod: PodObject,
  options: ConvertPodOptions): { info: PodInfo; warnings: PodWarning[] } {
  const meta: ObjectMeta = pod.metadata ?? {};
  const annotations = meta.annotations ?? {};
  const warnings: PodWarning[] = [];
  const bandwidth = (key: string, label: string): number => {
    const text = annotations[key];
    if (text === undefined) return 0;
    const parsed = parseBandwidth(text);
    if (parsed.ok) return parsed.value;
    warnings.push({ reason: 'ParseFailed', message: `Parse ${label} bandwidth ${text} failed.` });
    return 0;
  };
  const tcIngress = bandwidth(annotationIngressBandwidth, 'ingress');
  const tcEgress = bandwidth(annotationEgressBandwidth, 'egress');
  let podEni = false;
  const podEniText = annotations[annotationPodEni];
  if (podEniText !== undefined) {
    const parsed = parseGoBool(podEniText);
    if (parsed === undefined) {
      warnings.push({ reason: 'ParseFailed', message: `Parse pod eni ${podEniText} failed.` });
    }
    podEni = parsed ?? false;
  }
  let networkPriority = '';
  const priority = annotations[annotationNetworkPriority];
  if (priority !== undefined) {
    if (networkPriorities.has(priority)) networkPriority = priority;
    else {
      const message = `Parse pod annotation ${annotationNetworkPriority} failed.`;
      warnings.push({ reason: 'ParseFailed', message });
    }
  }
  const info: PodInfo = {
    name: meta.name ?? '',
    namespace: meta.namespace ?? '',
    tcIngress,
    tcEgress,
    podNetworkType: podNetworkType(options.daemonMode),
    podIps: statusIps(pod),
    sandboxExited: pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded',
    podEni,
    podUid: meta.uid ?? '',
    networkPriority,
    erdma: options.enableErdma && requestsErdma(pod),
    ipStickTimeMs: isSticky(meta, options.statefulKinds) ? stickTimeMs : 0,
    createTimeMs: timeMs(meta.creationTimestamp),
  };
  return { info, warnings };
}

function isSticky(meta: ObjectMeta, statefulKinds: ReadonlySet<string>): boolean {
  if (parseGoBool(meta.annotations?.[annotationPodIpReservation] ?? '') === true) return true;
  return (meta.ownerReferences ?? []).some((owner) => statefulKinds.has(owner.kind.toLowerCase()));
}

/** status.podIPs then status.podIP, the later address of a family replacing the earlier. */
function statusIps(pod: PodObject): { ipv4?: string; ipv6?: string } {
  const result: { ipv4?: string; ipv6?: string } = {};
  const texts = [...(pod.status?.podIPs ?? []).map((entry) => entry.ip), pod.status?.podIP ?? ''];
  for (const text of texts) {
    const ip = normalizeIp(text);
    if (ip === undefined) continue;
    if (parseIpv4(ip) !== undefined) result.ipv4 = ip;
    else result.ipv6 = ip;
  }
  return result;
}

function requestsErdma(pod: PodObject): boolean {
  return (pod.spec?.containers ?? []).some((container) => {
    const quantity = container.resources?.limits?.[resourceErdma];
    if (quantity === undefined) return false;
    return typeof quantity === 'number' ? quantity !== 0 : Number.parseFloat(quantity) !== 0;
  });
}

function timeMs(value: Date | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return parseIso(value);
  return value.getTime();
}

const unitBytes: Readonly<Record<string, number>> = {
  T: 1024 ** 4, TB: 1024 ** 4, TIB: 1024 ** 4,
  G: 1024 ** 3, GB: 1024 ** 3, GIB: 1024 ** 3,
  M: 1024 ** 2, MB: 1024 ** 2, MIB: 1024 ** 2,
  K: 1024, KB: 1024, KIB: 1024,
  B: 1, '': 1,
};

/**
 * A bandwidth annotation in bytes/s: a positive number followed by a unit (K/KB/KiB = 1024, M, G,
 * T, B), case-insensitive. A bare number is rejected, as Terway rejects it (it looks for a letter).
 */
export function parseBandwidth(text: string): Result<number, string> {
  const upper = text.trim().toUpperCase();
  const letter = upper.search(/\p{L}/u);
  if (text.length === 0 || letter < 0) return err(`invalid bandwidth ${upper}`);
  const numberText = upper.slice(0, letter);
  const unit = upper.slice(letter);
  const decimal = /^[+-]?(\d+\.?\d*|\.\d+)(E[+-]?\d+)?$/;
  const value = decimal.test(numberText) ? Number(numberText) : Number.NaN;
  const multiple = unitBytes[unit];
  if (!(value > 0) || multiple === undefined) return err(`invalid bandwidth ${upper}`);
  return ok(Math.trunc(value * multiple));
}

/** Go's strconv.ParseBool; undefined when the text is none of its accepted spellings. */
export function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

/** The stored form (Go field names; durations in ns; times RFC 3339). */
export function podInfoToRecord(info: PodInfo, isoOf: (unixMs: number) => string): PodInfoRecord {
  return {
    Name: info.name,
    Namespace: info.namespace,
    TcIngress: info.tcIngress,
    TcEgress: info.tcEgress,
    PodNetworkType: info.podNetworkType,
    PodIP: '',
    PodIPs: { IPv4: info.podIps.ipv4 ?? null, IPv6: info.podIps.ipv6 ?? null },
    SandboxExited: info.sandboxExited,
    PodENI: info.podEni,
    PodUID: info.podUid,
    NetworkPriority: info.networkPriority,
    ERdma: info.erdma,
    IPStickTime: info.ipStickTimeMs * 1_000_000,
    CreateTime: info.createTimeMs === undefined ? goZeroTime : isoOf(info.createTimeMs),
  };
}

export function podInfoFromRecord(record: PodInfoRecord): PodInfo {
  const created = record.CreateTime === goZeroTime ? undefined : parseIso(record.CreateTime);
  return {
    name: record.Name,
    namespace: record.Namespace,
    tcIngress: record.TcIngress,
    tcEgress: record.TcEgress,
    podNetworkType: record.PodNetworkType,
    podIps: { ipv4: record.PodIPs.IPv4 ?? undefined, ipv6: record.PodIPs.IPv6 ?? undefined },
    sandboxExited: record.SandboxExited,
    podEni: record.PodENI,
    podUid: record.PodUID,
    networkPriority: record.NetworkPriority,
    erdma: record.ERdma,
    ipStickTimeMs: Math.floor(record.IPStickTime / 1_000_000),
    createTimeMs: created,
  };
}

/** Terway's utils.PodInfoKey. */
export function podKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
