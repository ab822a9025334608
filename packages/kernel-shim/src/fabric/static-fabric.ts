// A FabricView over a fixed list of ENIs and route entries, for whatever has no cloud emulator
// behind it: `kernel verify`'s two-node datapath cases (world/src/kernel-verify), the trace's
// tests and the benches. A running world implements FabricView over the emulator's state instead
// (world/src/cloud/fabric.ts).

import { prefixContains } from '@terway-sim/sim-base';
import type { FabricOwner, FabricRouteEntry, FabricView, FabricVSwitch } from './fabric-view.js';

export interface StaticEni {
  readonly instanceId: string;
  readonly mac: string;
  readonly ips: readonly string[];
  readonly primary?: boolean;
  readonly trunk?: { readonly trunkMac: string; readonly vlanId: number };
}

export interface StaticFabricSpec {
  readonly vSwitches: readonly FabricVSwitch[];
  readonly enis: readonly StaticEni[];
  readonly routeEntries?: readonly FabricRouteEntry[];
}

export function staticFabric(spec: StaticFabricSpec): FabricView {
  return {
    ownerOf(ip) {
      const eni = spec.enis.find((candidate) => candidate.ips.includes(ip));
      if (eni === undefined) return undefined;
      const owner: FabricOwner = { instanceId: eni.instanceId, eniMac: eni.mac, ...(eni.trunk !== undefined ? { trunk: eni.trunk } : {}) };
      return owner;
    },
    vSwitchOf: (ip) => spec.vSwitches.find((vSwitch) => prefixContains(vSwitch.cidr, ip)),
    routeEntries: () => spec.routeEntries ?? [],
    primaryEniMacOf: (instanceId) => spec.enis.find((eni) => eni.instanceId === instanceId && eni.primary === true)?.mac,
    instanceOfEni: (mac) => spec.enis.find((eni) => eni.mac === mac)?.instanceId,
  };
}
