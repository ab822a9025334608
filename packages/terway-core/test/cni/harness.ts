// One simulated node for the CNI plugin tests: the datapath tests' example host namespace on the
// kernel model, a scripted terwayd, and the plugin, all on one virtual clock.

import { EventLog, Rng, Scheduler, type LoggedEvent } from '@terway-sim/sim-base';
import type { Kernel } from '@terway-sim/kernel-shim';
import { parseCniConf, type CniConfig } from '../../src/config/cni-config.js';
import { formatK8sArgs } from '../../src/cni/cni-args.js';
import { CniFileLock } from '../../src/cni/file-lock.js';
import { HostLocalIpam } from '../../src/cni/host-local.js';
import type { CniInvocation } from '../../src/cni/invocation.js';
import { TerwayCni } from '../../src/cni/plugin.js';
import type { NetConf } from '../../src/rpc/messages.js';
import { ScriptedTerwayBackend } from '../../src/rpc/scripted-backend.js';
import { eniMac, exampleNode, hostNs, must, podNs } from '../datapath/fixtures.js';
import type { ModelKernel } from '../datapath/model.js';

export const containerId = 'a'.repeat(64);

export function cniConfig(extra: Record<string, unknown> = {}): CniConfig {
  const parsed = parseCniConf(
    JSON.stringify({ cniVersion: '0.4.0', name: 'terway', type: 'terway', ...extra })
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

export interface Node {
  readonly scheduler: Scheduler;
  readonly kernel: ModelKernel;
  readonly backend: ScriptedTerwayBackend;
  readonly cni: TerwayCni;
  readonly hostLocal: HostLocalIpam;
  readonly lock: CniFileLock;
  readonly cniEvents: LoggedEvent[];
  invocation(overrides?: Partial<CniInvocation>): CniInvocation;
  /** Runs `work` on the virtual clock until everything settles. */
  drive<T>(work: () => Promise<T>): Promise<T>;
}

export async function node(
  options: { config?: CniConfig; kernelRelease?: string; kernel?: (k: ModelKernel) => Kernel } = {}
): Promise<Node> {
  const scheduler = new Scheduler();
  const kernel = await exampleNode();
  const backend = new ScriptedTerwayBackend({ scheduler });
  const log = new EventLog(scheduler);
  const cniEvents: LoggedEvent[] = [];
  log.subscribe((e) => cniEvents.push(e));
  const hostLocal = new HostLocalIpam();
  const lock = new CniFileLock({ scheduler });
  const cni = new TerwayCni(
    {
      scheduler, kernel: options.kernel?.(kernel) ?? kernel, backend,
      names: new Rng(7).stream('cni.veth-name'), lock, hostLocal, log,
    },
    {
      hostNs, kernelRelease: options.kernelRelease ?? '5.10.134-16.al8.x86_64', nodeName: 'node-1',
    },
  );
  const config = options.config ?? cniConfig();
  return {
    scheduler, kernel, backend, cni, hostLocal, lock, cniEvents,
    invocation: (overrides = {}) => ({
      containerId, netns: `/var/run/netns/${podNs}`, ifName: 'eth0',
      args: formatK8sArgs({
        podName: 'nginx', podNamespace: 'default', infraContainerId: containerId,
      }), config, ...overrides,
    }),
    async drive<T>(work: () => Promise<T>): Promise<T> {
      let result: { value: T } | undefined;
      scheduler.spawn('cni', async () => { result = { value: await work() }; });
      await scheduler.run();
      if (result === undefined) throw new Error('work did not finish');
      return result.value;
    },
  };
}

/** The ENIIP NetConf the daemon hands out for the example pod. */
export function eniipNetConf(overrides: Partial<NetConf> = {}): NetConf {
  return {
    basicInfo: {
      podIp: { ipv4: '10.0.1.20' }, podCidr: { ipv4: '10.0.1.0/24' },
      gatewayIp: { ipv4: '10.0.1.253' }, serviceCidr: { ipv4: '192.168.0.0/16' },
    },
    eniInfo: { mac: eniMac, trunk: false, vid: 0, gatewayIp: { ipv4: '10.0.1.253' }, erdma: false },
    pod: { ingress: 0, egress: 0, networkPriority: '' },
    ifName: '', extraRoutes: [], defaultRoute: true,
    ...overrides,
  };
}

export { must, hostNs, podNs, eniMac };
