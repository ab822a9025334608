// What a running Terway daemon answers on its tracing gRPC service (rpc/tracing.proto, served on
// /var/run/eni/eni.socket next to the CNI service), as plain data: the `terway-cli` commands
// `list`, `show` and `mapping` read nothing else. Terway's pieces, modelled here:
//   - pkg/tracing/tracing.go: handlers registered by type and name. The daemon registers one,
//     the network service as `network_service`/`default` (daemon/builder.go RegisterTracing);
//   - daemon/daemon.go `Config()`: name, daemon mode and config file path; `Trace()`: the number
//     of pods with an RPC in flight, and `pods/<ns>/<name>/resources` for each stored pod, its
//     resources as `(<type>)<id>` joined by spaces, in the resource DB's order;
//   - daemon/daemon.go `GetResourceMapping()` with `toRPCMapping()`: one entry per ENI backend
//     that reports a status (pkg/eni/local.go `Status()`, in the manager's current backend
//     order), its IP rows as `ip  pod  status` (two spaces), and one resource DB entry per stored
//     resource of a pod.
// `AllocInhibitExpireAt` is Go's `time.Time.String()` of the slot's inhibit deadline; Go's zero
// time (never inhibited) prints as `0001-01-01 00:00:00 +0000 UTC`, which terway-cli shows too.
//
// A snapshot is taken between two events and changes nothing, so taking it never alters a run.

import { isoMillis } from '@terway-sim/sim-base';
import type { DaemonMode } from '../config/daemon-mode.js';
import type { BackendStatus } from '../pool/types.js';
import type { PodResources } from '../store/records.js';

/** One `MapKeyValueEntry` of a Config or Trace answer. */
export interface TracingEntry {
  readonly key: string;
  readonly value: string;
}

/** A registered handler's answers: `GetResourceConfig` and `GetResourceTrace`. */
export interface TracedResource {
  readonly config: readonly TracingEntry[];
  readonly trace: readonly TracingEntry[];
}

/** rpc.ResourceMapping: one ENI backend's status. */
export interface ResourceMappingEntry {
  readonly networkInterfaceId: string;
  readonly mac: string;
  readonly type: string;
  readonly status: string;
  readonly allocInhibitExpireAt: string;
  /** The IP rows, `ip  podId  ipStatus`, highest address first. */
  readonly info: readonly string[];
}

/** rpc.ResourceDBEntry: one stored resource of one pod. */
export interface ResourceDbEntry {
  readonly podName: string;
  readonly podNamespace: string;
  readonly eniId: string;
  readonly eniMac: string;
  readonly ipv4: string;
  readonly ipv6: string;
  readonly type: string;
}

export interface TracingSnapshot {
  /** Registered handlers: type → resource name → answers (Go map order: sorted here). */
  readonly handlers: Readonly<Record<string, Readonly<Record<string, TracedResource>>>>;
  /** `GetResourceMapping`'s reply. */
  readonly mapping: {
    readonly info: readonly ResourceMappingEntry[];
    readonly resourceDb: readonly ResourceDbEntry[];
  };
}

/** The type and name the daemon registers its network service under. */
export const tracingTypeNetworkService = 'network_service';
export const networkServiceName = 'default';
/** The daemon's `--config` default (cmd/terway/main.go). */
export const daemonConfigFilePath = '/etc/eni/eni.json';

export interface TracingInputs {
  readonly daemonMode: DaemonMode;
  /** Pods with an AllocIP / ReleaseIP / GetIPInfo in flight (the service's pendingPods). */
  readonly pendingPods: number;
  /** The manager's backend statuses, in its current order. */
  readonly statuses: readonly BackendStatus[];
  /** The resource DB's records, in its order. */
  readonly records: readonly PodResources[];
  /** Converts a virtual instant to the wall clock (Unix ms), for the inhibit deadline. */
  readonly wallMsOf: (virtualMs: number) => number;
}

/** Go's `time.Time.String()` for a UTC instant, or for the zero time when `unixMs` is undefined. */
export function goTimeString(unixMs: number | undefined): string {
  if (unixMs === undefined) return '0001-01-01 00:00:00 +0000 UTC';
  const [date, time] = isoMillis(unixMs).replace(/Z$/, '').split('T') as [string, string];
  // Go prints the fraction with trailing zeros cut, and no dot when it is zero.
  return `${date} ${time.replace(/\.?0+$/, '')} +0000 UTC`;
}

function serviceTrace(inputs: TracingInputs): TracingEntry[] {
  const pods = inputs.records.map((record) => ({
    key: `pods/${record.PodInfo?.Namespace ?? ''}/${record.PodInfo?.Name ?? ''}/resources`,
    value: (record.Resources ?? []).map((item) => `(${item.type})${item.id}`).join(' '),
  }));
  return [{ key: 'pending_pods_count', value: String(inputs.pendingPods) }, ...pods];
}

function mappingEntry(status: BackendStatus, inputs: TracingInputs): ResourceMappingEntry {
  const inhibited = status.allocInhibitExpireAtMs === 0 ? undefined
    : inputs.wallMsOf(status.allocInhibitExpireAtMs);
  return {
    networkInterfaceId: status.networkInterfaceId, mac: status.mac, type: status.type,
    status: status.status, allocInhibitExpireAt: goTimeString(inhibited),
    info: status.usage.map((row) => row.join('  ')),
  };
}

function resourceDb(records: readonly PodResources[]): ResourceDbEntry[] {
  return records.flatMap((record) => {
    const pod = record.PodInfo;
    if (pod === null) return [];
    return (record.Resources ?? []).map((item) => ({
      podName: pod.Name, podNamespace: pod.Namespace, eniId: item.eni_id, eniMac: item.eni_mac,
      ipv4: item.ipv4, ipv6: item.ipv6, type: item.type,
    }));
  });
}

/** The daemon's tracing answers at this instant. */
export function tracingSnapshot(inputs: TracingInputs): TracingSnapshot {
  const config: TracingEntry[] = [
    { key: 'name', value: networkServiceName },
    { key: 'daemon_mode', value: inputs.daemonMode },
    { key: 'config_file_path', value: daemonConfigFilePath },
  ];
  return {
    handlers: {
      [tracingTypeNetworkService]: { [networkServiceName]: { config,
        trace: serviceTrace(inputs) } },
    },
    mapping: {
      info: inputs.statuses.map((status) => mappingEntry(status, inputs)),
      resourceDb: resourceDb(inputs.records),
    },
  };
}
