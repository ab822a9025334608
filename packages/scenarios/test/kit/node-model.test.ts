// The model-based test of one node's daemon against the cloud emulator, in every network mode:
// pod creations and deletions (through the kubelet and the CNI plugin), time, cloud faults and
// daemon restarts in random order, with IP ownership, placement, the daemon's store and the pool
// checked against the model after every command. Each broken variant of the pool or the daemon
// must be caught and shrunk to a short command sequence.

import { enableMutation, mutationNames, resetMutations } from '@terway-sim/terway-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { checkNodeModel } from '../../src/testing/index.js';

const modes = ['eniip', 'trunk', 'eni', 'vpc'] as const;
const commandsMax = 10;

afterEach(() => resetMutations());

describe('node model', () => {
  it.each(modes.map((mode) => [mode]))('%s: the node agrees with the model', async (mode) => {
    const result = await checkNodeModel({ mode, runs: 60 });
    expect(result.ok ? 'passed' : result.message).toBe('passed');
  }, 120_000);

  const variants = mutationNames.map((name) => [name]);
  it.each(variants)('catches the %s variant in few commands', async (name) => {
    enableMutation(name);
    const result = await checkNodeModel({ mode: 'eniip', runs: 60 });
    if (result.ok) throw new Error(`the node model did not catch ${name}`);
    expect(result.commandCount, result.message).toBeLessThanOrEqual(commandsMax);
  }, 120_000);
});
