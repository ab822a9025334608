// What every CNI command shares: the plugin's dependencies (one set per node), the arguments the
// runtime passes (CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME, CNI_ARGS, stdin), and the checks skel
// and getCmdArgs do before Terway's own code runs, in their order: required variables (code 4),
// cniVersion (code 1), then netns (a missing path is an error, code 999), config (code 6) and
// CNI_ARGS (code 6).

import {
  Context, ok, type EventLog, type RandomStream, type Result, type Scheduler,
} from '@terway-sim/sim-base';
import { netnsNameFromPath, type Kernel } from '@terway-sim/kernel-shim';
import type { CniConfig } from '../config/cni-config.js';
import type { IpNetSet } from '../datapath/types.js';
import type { RpcFailure, TerwayBackend } from '../rpc/messages.js';
import { parseK8sArgs, type K8sArgs } from './cni-args.js';
import { cniError, supportedCniVersions, type CniError } from './cni-error.js';
import type { CniFileLock } from './file-lock.js';
import type { HostLocalIpam } from './host-local.js';
import { decodeNetworkConfig, pluginConfigOf, type PluginConfig } from './network-config.js';

/** `defaultCniTimeout`: the whole ADD/DEL/CHECK. */
export const cniTimeoutMs = 120_000;
/** `defaultEventTimeout`: each RecordEvent. */
export const eventTimeoutMs = 10_000;

export interface TerwayCniDeps {
  readonly scheduler: Scheduler;
  /** The node's kernel (model or real). */
  readonly kernel: Kernel;
  /** The node's terwayd, as the plugin reaches it over /var/run/eni/eni.socket. */
  readonly backend: TerwayBackend;
  /** Where random `vethXXXXXXXX` names come from (a named seeded stream). */
  readonly names: RandomStream;
  /** The node's /var/run/eni/terway_cni.lock. */
  readonly lock: CniFileLock;
  /** The node's host-local lease store (VPC-route mode only). */
  readonly hostLocal?: HostLocalIpam;
  /** Receives one `cni` event per call. */
  readonly log?: EventLog;
}

export interface TerwayCniOptions {
  /** The node's host network namespace. */
  readonly hostNs: string;
  /** `uname -r` of the node, for the IPVlan ≥ 4.19 check. */
  readonly kernelRelease: string;
  readonly nodeName?: string;
  /** Put every kernel command into the `cni` event (large); default: only their count. */
  readonly traceCommands?: boolean;
}

/** One invocation, as the runtime makes it. */
export interface CniInvocation {
  readonly containerId: string;
  /** CNI_NETNS: `/var/run/netns/NAME` (or "" for DEL of a sandbox whose netns is gone). */
  readonly netns: string;
  readonly ifName: string;
  /** CNI_ARGS text (see formatK8sArgs). */
  readonly args: string;
  /** stdin text, or an already parsed config. */
  readonly config: string | CniConfig;
}

export interface Prepared {
  readonly config: PluginConfig;
  readonly cniVersion: string;
  readonly k8s: K8sArgs;
  /** The pod namespace name; undefined when the netns path does not exist. */
  readonly podNs: string | undefined;
}

type Command = 'ADD' | 'DEL' | 'CHECK';

function versionOf(config: string | CniConfig): Result<{ config: PluginConfig; version: string } | {
  version: string; configError: string
}, CniError> {
  if (typeof config !== 'string') return ok({
    config: pluginConfigOf(config), version: config.cniVersion,
  });
  const decoded = decodeNetworkConfig(config);
  if (decoded.ok) return ok({ config: decoded.value, version: decoded.value.conf.cniVersion });
  if (decoded.error.kind === 'version') return cniError(
    '', 'decodingFailure', decoded.error.message,
  );
  const version = /"cniVersion"\s*:\s*"([^"]*)"/.exec(config)?.[1] ?? '';
  return ok({ version, configError: decoded.error.message });
}

async function netnsExists(kernel: Kernel, path: string): Promise<string | undefined> {
  const name = netnsNameFromPath(path);
  if (name === undefined) return undefined;
  const exists = await kernel.netnsExists(name);
  return exists.ok && exists.value ? name : undefined;
}

/** skel + getCmdArgs. `podNs` undefined means the netns path is gone (callers decide). */
export async function prepare(
  kernel: Kernel, inv: CniInvocation, command: Command,
): Promise<Result<Prepared, CniError>> {
  const missing = [
    ...(inv.containerId === '' ? ['CNI_CONTAINERID'] : []),
    ...(inv.netns === '' && command !== 'DEL' ? ['CNI_NETNS'] : []),
    ...(inv.ifName === '' ? ['CNI_IFNAME'] : []),
  ];
  if (missing.length > 0) return cniError(
    '', 'invalidEnvironmentVariables',
    `required env variables [${missing.join(',')}] missing`,
  );
  const versioned = versionOf(inv.config);
  if (!versioned.ok) return versioned;
  const version = versioned.value.version;
  if (!supportedCniVersions.includes(version)) {
    return cniError(version, 'incompatibleVersion', 'incompatible CNI versions',
      `config is "${version === '' ? '0.1.0' : version}", plugin supports `
        + `[${supportedCniVersions.map((v) => `"${v}"`).join(' ')}]`);
  }
  if (command === 'CHECK' && (version === '0.3.0' || version === '0.3.1')) return cniError(
    version, 'incompatibleVersion', 'config version does not allow CHECK',
  );
  const podNs = inv.netns === '' ? undefined : await netnsExists(kernel, inv.netns);
  if (podNs === undefined && inv.netns !== '' && command !== 'CHECK') {
    return cniError(
      version, 'internal', `failed to Statfs "${inv.netns}": no such file or directory`,
    );
  }
  if ('configError' in versioned.value) return cniError(
    version, 'decodingFailure', 'failed to parse network config',
    versioned.value.configError,
  );
  const k8s = parseK8sArgs(inv.args);
  if (!k8s.ok) return cniError(
    version, 'decodingFailure', 'failed to parse args', k8s.error,
  );
  return ok({ config: versioned.value.config, cniVersion: version, k8s: k8s.value, podNs });
}

/** How a failed RPC reads in Go (`status.Error`'s text). */
export function rpcErrorText(failure: RpcFailure): string {
  return `rpc error: code = ${failure.code} desc = ${failure.message}`;
}

/** IPNetSet.String(): `10.0.1.20/24`, `a-b` when dual stack. */
export function ipNetSetText(set: IpNetSet | undefined): string {
  if (set === undefined) return '';
  return [set.ipv4, set.ipv6].filter((v) => v !== undefined).join('-');
}

/** Runs `work` under a fresh context with `timeoutMs`, cancelling its timer afterwards. */
export async function runWithTimeout<T>(
  scheduler: Scheduler, timeoutMs: number, work: (ctx: Context) => Promise<T>,
): Promise<T> {
  const { ctx, cancel } = Context.background(scheduler).withTimeout(timeoutMs);
  try {
    return await work(ctx);
  } finally {
    cancel();
  }
}

/** Records a pod event through the daemon (errors ignored, as Terway does). */
export async function recordPodEvent(
  deps: TerwayCniDeps, ctx: Context | undefined, k8s: K8sArgs, type: 'Normal' | 'Warning',
  reason: string, message: string,
): Promise<void> {
  const send = (c: Context) => deps.backend.recordEvent(c, {
    target: 'EventTargetPod', k8sPodName: k8s.podName, k8sPodNamespace: k8s.podNamespace,
    eventType: type, reason, message,
  });
  if (ctx !== undefined) await send(ctx);
  else await runWithTimeout(deps.scheduler, eventTimeoutMs, send);
}

