import { ApiServer } from '@terway-sim/kube-sim';
import { createSimEnv } from '@terway-sim/sim-base';
import { kubePortContract, type KubePortFixture } from '@terway-sim/terway-core/testing';
import { describe, it } from 'vitest';
import { ApiServerKubePort } from '../src/kube/kube-port.js';

function fixture(): KubePortFixture {
  const api = new ApiServer(createSimEnv({ seed: 1 }));
  return {
    port: new ApiServerKubePort(api),
    addNode: (name) => api.createNode({ metadata: { name } }),
    addPod: (pod) => {
      api.createPod({ metadata: { namespace: pod.namespace, name: pod.name },
        spec: { nodeName: pod.nodeName, containers: [{ name: 'main' }] } });
      const phase = pod.phase;
      if (phase !== undefined) {
        api.updatePod(`${pod.namespace}/${pod.name}`, (current) => ({ ...current,
          status: { ...current.status, phase } }));
      }
    },
    events: () => api.events(),
  };
}

describe('ApiServerKubePort (the daemon\'s KubePort over kube-sim)', () => {
  for (const contract of kubePortContract) it(contract.name, () => contract.run(fixture()));
});
