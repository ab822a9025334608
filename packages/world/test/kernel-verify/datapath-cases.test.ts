// The datapath cases of `terway-sim kernel verify`: deterministic on the model, and, when this
// process is root and iproute2 works, run on the real kernel and compared with the model the way
// the command does.

import { release } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  compareObservations, LinuxKernel, ModelKernel, modelOptionsFor, probeLinux,
} from '@terway-sim/kernel-shim';
import { datapathVerifyCases } from '../../src/kernel-verify/index.js';

const kernelRelease = release();
const cases = datapathVerifyCases({ kernelRelease });
const availability = await probeLinux();

describe('datapath verify cases on the model', () => {
  it('cover every datapath and the two-node probes', () => {
    expect(cases.map((c) => c.name)).toEqual([
      'datapath PolicyRoute (veth, ENI multi-IP): ADD, CHECK, DEL',
      'datapath PolicyRoute with tc bandwidth (tbf on both veth ends): ADD, CHECK, DEL',
      'datapath PolicyRoute dual stack: ADD, CHECK, DEL',
      'datapath PolicyRoute trunk member (tc vlan push/pop on the trunk ENI): ADD, CHECK, DEL',
      'datapath PolicyRoute trunk member dual stack (IPv6 VLAN push/pop too): ADD, CHECK, DEL',
      'datapath IPVlan (eniip_virtual_type ipvlan): ADD, CHECK, DEL',
      'datapath ExclusiveENI with the veth1 host peer: ADD, CHECK, DEL',
      'datapath Vlan (trunk member, vlan_strip_type vlan): ADD, CHECK, DEL',
      'datapath VPCRoute (removed VPC-route mode, host-local IPAM): ADD, CHECK, DEL',
      'datapath PolicyRoute: pings between pods on two nodes',
      'datapath ExclusiveENI: pings between pods on two nodes',
      'datapath VPCRoute: pings between pods on two nodes',
    ]);
  });

  it.each(
    cases.map((c) => [c.name, c] as const)
  )('%s: ADD succeeds and two runs observe the same', async (_name, entry) => {
    const first = await entry.run(new ModelKernel({}, { renameRequiresDown: false }));
    const second = await entry.run(new ModelKernel({}, { renameRequiresDown: false }));
    expect(compareObservations(first, second)).toEqual([]);
    expect(first[0]?.outcome).toMatch(/"ok":true/);
    expect(first.at(-1)?.outcome).not.toMatch(/"ok":false/);
    // The model's packet trace predicts two-way reachability for every probe.
    const probes = first.filter((o) => o.label.startsWith('udp echo'));
    expect(probes.map((o) => o.outcome)).toEqual(probes.map(() => 'reply'));
  });

  it('skips what a kernel lacks with "unsupported by this kernel"', () => {
    const poor = {
      backend: 'linux', linkKinds: ['loopback', 'device', 'veth'], qdiscKinds: ['clsact'],
      tcActions: ['mirred'], ipv6: true, traffic: false, notes: [],
      queues: { vethTxQueues: 2, deviceTxQueues: 2, deviceNoQueue: true },
    } as const;
    expect(cases.map((c) => c.skipReason(poor) ?? 'runs')).toEqual([
      'runs', 'unsupported by this kernel: no tbf qdiscs', 'runs',
      'unsupported by this kernel: no tc vlan actions',
      'unsupported by this kernel: no tc vlan actions',
      'unsupported by this kernel: no ipvlan links, tc tunnel_key actions, tc skbedit actions',
      'runs',
      'unsupported by this kernel: no vlan links', 'runs', 'runs', 'runs', 'runs',
    ]);
  });
});

describe.skipIf(!availability.available)('datapath verify cases on the real kernel', () => {
  const runnable = availability.available ? cases.filter(
    (c) => c.skipReason(availability.capabilities) === undefined
  ) : [];

  it.each(runnable.map((c) => [c.name, c] as const))('%s: the model matches Linux', async (
    _name, entry,
  ) => {
    if (!availability.available) return;
    const model = new ModelKernel({}, modelOptionsFor(availability.capabilities, kernelRelease));
    const linux = new LinuxKernel({ capabilities: availability.capabilities });
    try {
      const differences = compareObservations(await entry.run(model), await entry.run(linux));
      expect(differences.flatMap((d) => d.lines)).toEqual([]);
    } finally {
      await linux.close();
    }
  });
});
