// What the hypervisor and the guest's udev do when the cloud attaches or detaches an ENI: once an
// ENI becomes InUse on an instance, a NIC with its MAC appears in the node's host namespace as
// the next free `ethN` (down, unconfigured: only Terway's CNI touches it); when it starts
// detaching, the NIC disappears from wherever it is (host or a pod, for exclusive ENIs). Trunk
// member ENIs never appear as devices. The world learns of those changes from the emulator's typed
// events (cloud-emulator/src/emulator/events.ts, ARCHITECTURE.md "A world and its events").

import type { CloudEmulator } from '@terway-sim/cloud-emulator';
import type { KernelMachine } from '@terway-sim/kernel-shim';
import type { SimEnv } from '@terway-sim/sim-base';
import type { NodeActivity } from '../events.js';

export interface HotplugTarget {
  readonly hostNs: string;
}

export interface HotplugDeps {
  readonly env: SimEnv;
  readonly cloud: CloudEmulator;
  readonly kernel: KernelMachine;
  readonly nodeByInstance: (instanceId: string) => HotplugTarget | undefined;
  readonly publish: (activity: NodeActivity) => void;
}

/**
 * Reacts to the cloud's typed ENI status changes (never to its log lines, whose fields may be
 * renamed freely). The kernel is driven from a task on the scheduler, because a listener runs
 * inside the cloud's call and must not call back into it.
 */
export function wireEniHotplug(deps: HotplugDeps): void {
  const { env, cloud, kernel } = deps;
  cloud.subscribe((event) => {
    if (event.type !== 'eni.state') return;
    const { eniId, from, to } = event;
    const eni = cloud.view().eni(eniId);
    if (eni === undefined || eni.type === 'Member' || eni.type === 'Primary') return;
    if (to === 'InUse') {
      const instanceId = event.instanceId ?? eni.attachment?.instanceId ?? '';
      const node = deps.nodeByInstance(instanceId);
      if (node === undefined) return;
      env.scheduler.spawn(`hotplug ${eniId}`, async () => {
        const name = await nextEthName(kernel, node.hostNs);
        const attached = await kernel.deviceAttach(node.hostNs, { name, mac: eni.mac,
          segment: eni.vSwitchId });
        deps.publish({ type: 'device.plugged', eni: eniId, mac: eni.mac, ns: node.hostNs,
          dev: name, ok: attached.ok });
      });
    } else if (from === 'InUse' && to === 'Detaching') {
      env.scheduler.spawn(`unplug ${eniId}`, async () => {
        const detached = await kernel.deviceDetach(eni.mac);
        deps.publish({ type: 'device.unplugged', eni: eniId, mac: eni.mac, ok: detached.ok });
      });
    }
  });
}

async function nextEthName(kernel: KernelMachine, ns: string): Promise<string> {
  const links = await kernel.linkList(ns);
  const taken = new Set(links.ok ? links.value.map((link) => link.name) : []);
  let index = 1;
  while (taken.has(`eth${index}`)) index++;
  return `eth${index}`;
}
