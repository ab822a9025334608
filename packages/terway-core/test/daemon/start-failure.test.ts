// A daemon start that does not give a running process says why as a tagged value, so whoever
// runs it (the daemonset container in the world package) branches on `kind`, never on text: a
// second start is `already-running`, a crash during startup `stopped-during-startup`, and a
// failed startup step `startup-failed` with the step's message.

import { createSimEnv, type Result, type SimEnv } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import type { StartFailure } from '../../src/daemon/start-failure.js';
import { NodeStorage } from '../../src/store/node-storage.js';
import { FakeKube } from '../../src/testing/fake-kube.js';
import { VpcRouteNode } from '../../src/vpc-route/vpc-node.js';
import { createDaemonHarness, nodeName } from './harness.js';

/** Runs `start` as a task and the clock until it settles. */
async function settle<T>(env: SimEnv,
  start: () => Promise<Result<T, StartFailure>>): Promise<Result<T, StartFailure> | undefined> {
  let result: Result<T, StartFailure> | undefined;
  env.scheduler.spawn('start', async () => {
    result = await start();
  });
  await env.scheduler.run({ untilMs: env.scheduler.nowMs() + 1_000 });
  return result;
}

describe('ENIIP daemon start failures', () => {
  it('a second start while running is already-running', async () => {
    const h = createDaemonHarness();
    expect((await h.start()).ok).toBe(true);
    expect(await settle(h.env, () => h.daemon.start())).toEqual({ ok: false,
      error: { kind: 'already-running', message: 'daemon is already running' } });
    expect(h.daemon.running).toBe(true);
  });

  it('a node missing from the API is startup-failed, naming the node', async () => {
    const h = createDaemonHarness();
    h.kube.nodes.delete(nodeName);
    const result = await settle(h.env, () => h.daemon.start());
    expect(result).toEqual({ ok: false, error: { kind: 'startup-failed', message: 'error init ' +
      `k8s: error retrieving node spec for '${nodeName}': nodes "${nodeName}" not found` } });
    expect(h.daemon.running).toBe(false);
  });
});

describe('VPC-route node start failures', () => {
  function vpcNode(): { env: SimEnv; kube: FakeKube; node: VpcRouteNode } {
    const env = createSimEnv({ seed: 5 });
    const kube = new FakeKube(env.scheduler);
    kube.addNode('node-v');
    const node = new VpcRouteNode({ scheduler: env.scheduler, log: env.log, kube,
      storage: new NodeStorage() }, { nodeName: 'node-v', eniConf: {} });
    return { env, kube, node };
  }

  it('no podCIDR yet is startup-failed; with one it starts, and again is already-running',
    async () => {
      const { env, kube, node } = vpcNode();
      expect(await settle(env, () => node.start())).toEqual({ ok: false, error: {
        kind: 'startup-failed', message: 'error init k8s: pod cidr not assigned' } });
      const registered = kube.nodes.get('node-v')!;
      kube.nodes.set('node-v', { ...registered, spec: { podCIDR: '172.20.1.0/24' } });
      expect(await settle(env, () => node.start())).toEqual({ ok: true,
        value: { podCidr: '172.20.1.0/24' } });
      expect(await settle(env, () => node.start())).toEqual({ ok: false, error: {
        kind: 'already-running', message: 'terway is already running on this node' } });
    });

  it('a stop during startup is stopped-during-startup', async () => {
    const { env, kube, node } = vpcNode();
    const getNode = kube.getNode.bind(kube);
    kube.getNode = async (name) => {
      await env.scheduler.sleep(100);
      return getNode(name);
    };
    let result: Result<unknown, StartFailure> | undefined;
    env.scheduler.spawn('start', async () => {
      result = await node.start();
    });
    await env.scheduler.run({ untilMs: 50 });
    node.stop();
    await env.scheduler.run({ untilMs: 1_000 });
    expect(result).toEqual({ ok: false, error: { kind: 'stopped-during-startup',
      message: 'daemon stopped during startup' } });
    expect(node.running).toBe(false);
  });
});
