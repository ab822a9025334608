// The PodNetworkings a spec asks for at setup: one custom resource each, as a cluster admin
// would apply it (network.alibabacloud.com/v1beta1), with its security groups and vSwitches
// mapped from declared to minted ids. Terway's controlplane then gives matching pods member (or
// exclusive) ENIs in those groups, which the VPC fabric's filter enforces.

import { err, ok, type Result } from '@terway-sim/sim-base';
import type { PodNetworking } from '@terway-sim/terway-core';
import type { CloudWorld } from '../cloud/cloud-world.js';
import type { PodNetworkingSetup } from '../spec.js';
import type { StoreCrdPort } from './crd-port.js';

function resourceOf(setup: PodNetworkingSetup, cloud: CloudWorld): Result<PodNetworking, string> {
  const mapped = (id: string) => cloud.idMap.get(id) ?? id;
  const vSwitches = [];
  for (const declared of setup.vSwitches) {
    const found = cloud.vSwitches.find((vSwitch) => vSwitch.id === mapped(declared));
    if (found === undefined) return err(`unknown vSwitch ${declared}`);
    vSwitches.push({ id: found.id, zone: found.zone });
  }
  return ok({
    metadata: { name: setup.name },
    spec: { eniOptions: { eniType: 'Default' }, allocationType: { type: 'Elastic' },
      selector: { podSelector: { matchLabels: { ...setup.podSelector } } },
      securityGroupIDs: setup.securityGroups.map(mapped),
      vSwitchOptions: vSwitches.map((vSwitch) => vSwitch.id), vSwitchSelectOptions: {} },
    status: { status: 'Ready', vSwitches, message: '' },
  });
}

export async function createPodNetworkings(crd: StoreCrdPort, cloud: CloudWorld,
  setups: readonly PodNetworkingSetup[]): Promise<Result<void, string>> {
  for (const [index, setup] of setups.entries()) {
    const resource = resourceOf(setup, cloud);
    if (!resource.ok) return err(`cluster.podNetworkings.${index}: ${resource.error}`);
    const made = await crd.create('PodNetworking', resource.value);
    if (!made.ok) {
      return err(`cluster.podNetworkings.${index}: ${made.error.reason}: ${made.error.message}`);
    }
  }
  return ok(undefined);
}
