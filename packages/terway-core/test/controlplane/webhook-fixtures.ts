// The pod webhook's test fixtures: webhook options with eni-config defaults, an admission pod,
// a PodNetworking (Ready, one vSwitch in zone-b unless told), a CRD view holding PodNetworkings,
// and a pod-networks entry.

import { createSimEnv } from '@terway-sim/sim-base';
import type { PodNetworksEntry } from '../../src/controlplane/pod-networks.js';
import type { AdmissionPod, PodWebhookOptions } from '../../src/controlplane/webhook.js';
import type { PodNetworking } from '../../src/ports/crd.js';
import { FakeCrd } from '../../src/testing/fake-crd.js';

export const options: PodWebhookOptions = {
  enableTrunk: true, ipamType: '', injectResource: true,
  defaultVSwitchIds: ['vsw-a', 'vsw-b'], defaultSecurityGroupIds: ['sg-1'],
};

export function pod(spec: { name?: string; annotations?: Record<string, string>;
  labels?: Record<string, string>; owner?: string; hostNetwork?: boolean } = {}): AdmissionPod {
  return {
    metadata: { name: spec.name ?? 'web-0', namespace: 'default', labels: spec.labels ?? {},
      annotations: spec.annotations ?? {},
      ownerReferences: spec.owner === undefined ? [] : [{ kind: spec.owner }] },
    spec: { hostNetwork: spec.hostNetwork ?? false, containers: [{}] },
  };
}

export function networking(name: string, spec: Partial<PodNetworking['spec']>,
  ready = true): PodNetworking {
  return {
    metadata: { name },
    spec: { eniOptions: { eniType: 'Default' }, allocationType: { type: 'Elastic' },
      selector: {}, securityGroupIDs: ['sg-pn'], vSwitchOptions: ['vsw-pn'],
      vSwitchSelectOptions: {}, ...spec },
    status: { status: ready ? 'Ready' : '', vSwitches: [{ id: 'vsw-pn', zone: 'zone-b' }],
      message: '' },
  };
}

export function view(networkings: PodNetworking[] = []): { crd: FakeCrd } {
  const crd = new FakeCrd(createSimEnv({ seed: 1 }).scheduler);
  networkings.forEach((item) => void crd.create('PodNetworking', item));
  return { crd };
}

export function entry(ifName: string): PodNetworksEntry {
  return { vSwitchOptions: ['vsw-1'], securityGroupIDs: ['sg-1'], interface: ifName,
    eniOptions: { eniType: '' }, vSwitchSelectOptions: {}, resourceGroupID: '',
    networkInterfaceTrafficMode: '', defaultRoute: false, allocationType: null };
}
