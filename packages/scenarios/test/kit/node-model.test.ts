// The model-based test of one node's daemon against the cloud emulator, in every network mode:
// pod creations and deletions (through the kubelet and the CNI plugin), time, cloud faults and
// daemon restarts in random order, with IP ownership, placement, the daemon's store and the pool
// checked against the model after every command. Each broken variant of the pool or the daemon
// must be caught and shrunk to a short command sequence. The variant is a run option: two rigs in
// one process, one broken and one not, run side by side without touching each other.

import { mutationNames } from '@terway-sim/terway-core';
import { describe, expect, it } from 'vitest';
import { checkNodeModel, NodeRig } from '../../src/testing/index.js';

const modes = ['eniip', 'trunk', 'eni', 'vpc'] as const;
const commandsMax = 10;

describe('node model', () => {
  it.each(modes.map((mode) => [mode]))('%s: the node agrees with the model', async (mode) => {
    const result = await checkNodeModel({ mode, runs: 60 });
    expect(result.ok ? 'passed' : result.message).toBe('passed');
  }, 120_000);

  const variants = mutationNames.map((name) => [name]);
  it.each(variants)('catches the %s variant in few commands', async (name) => {
    const result = await checkNodeModel({ mode: 'eniip', runs: 60, mutations: [name] });
    if (result.ok) throw new Error(`the node model did not catch ${name}`);
    expect(result.commandCount, result.message).toBeLessThanOrEqual(commandsMax);
  }, 120_000);

  it('runs a broken and a shipped node side by side in one process', async () => {
    const broken = await NodeRig.create({ mode: 'eniip', mutations: ['ip-twice'] });
    const shipped = await NodeRig.create({ mode: 'eniip' });
    const podIps = (rig: NodeRig): Array<string | undefined> =>
      ['a', 'b'].map((name) => rig.pod(name)?.status?.podIP);
    const running = (rig: NodeRig) => (): boolean =>
      podIps(rig).every((ip) => ip !== undefined && ip !== '');
    for (const rig of [broken, shipped]) ['a', 'b'].forEach((name) => rig.createPod(name));
    for (let slice = 0; slice < 120 && !(running(broken)() && running(shipped)()); slice++) {
      await broken.run(1_000);
      await shipped.run(1_000);
    }
    const [brokenA, brokenB] = podIps(broken);
    const [shippedA, shippedB] = podIps(shipped);
    expect(brokenA).toBeDefined();
    expect(brokenB).toBe(brokenA);
    expect(shippedB).toBeDefined();
    expect(shippedB).not.toBe(shippedA);
    expect(shipped.checker.violation).toBeUndefined();
  }, 120_000);
});
