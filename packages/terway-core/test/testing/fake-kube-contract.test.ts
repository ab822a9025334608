import { Scheduler } from '@terway-sim/sim-base';
import { describe, it } from 'vitest';
import { FakeKube, kubePortContract, type KubePortFixture } from '../../src/testing/index.js';

function fixture(): KubePortFixture {
  const kube = new FakeKube(new Scheduler());
  return {
    port: kube,
    addNode: (name) => kube.addNode(name),
    addPod: (pod) =>
      kube.addPod({ ...pod, ...(pod.phase === undefined ? {} : { phase: pod.phase }) }),
    events: () => kube.events,
  };
}

describe('FakeKube keeps the KubePort contract the simulated API server keeps', () => {
  for (const contract of kubePortContract) it(contract.name, () => contract.run(fixture()));
});
