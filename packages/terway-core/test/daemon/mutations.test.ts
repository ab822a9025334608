// Broken variants are a node's dependency, not process state: two daemons on one scheduler, one
// given `ip-twice` and one given nothing, serve the same two pods at the same virtual instants and
// only the first hands out an address twice. The pure pool decider takes the variants as an input
// field, and `Mutations` refuses a name it does not know, naming what it knows.

import { Context, createSimEnv, type SimEnv } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { decodeEniConf } from '../../src/config/parse.js';
import { TerwayDaemon } from '../../src/daemon/daemon.js';
import { Mutations, mutationNames } from '../../src/mutations/mutations.js';
import { calculateToDel, type ToDelInput } from '../../src/pool/calculate-to-del.js';
import type { AllocIpReply, RpcResult } from '../../src/rpc/messages.js';
import { NodeStorage } from '../../src/store/node-storage.js';
import { FakeKube } from '../../src/testing/fake-kube.js';
import { FakeFactory } from '../pool/fake-factory.js';
import { testPoolConfig } from '../pool/harness.js';

interface TestNode {
  readonly kube: FakeKube;
  readonly daemon: TerwayDaemon;
}

/** One node's daemon over its own fake factory and API, on the shared env. */
function nodeOn(env: SimEnv, nodeName: string, mutations: Mutations): TestNode {
  const { scheduler } = env;
  const kube = new FakeKube(scheduler);
  kube.addNode(nodeName);
  const pool = testPoolConfig();
  const factory = new FakeFactory({ scheduler, ids: env.ids });
  const decoded = decodeEniConf({ service_cidr: '172.16.0.0/16' });
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.error));
  const daemon = new TerwayDaemon({ scheduler, rng: env.rng, log: env.log, kube, factory,
    storage: new NodeStorage(), mutations }, { nodeName, config: decoded.value.config, pool });
  return { kube, daemon };
}

/** CNI ADD for `pod` on `node` as a task under the plugin's 120 s context. */
function add(env: SimEnv, node: TestNode, pod: string): Promise<RpcResult<AllocIpReply>> {
  return new Promise((resolve) => {
    env.scheduler.spawn(`ADD ${pod}`, async () => {
      const { ctx, cancel } = Context.background(env.scheduler).withTimeout(120_000);
      resolve(await node.daemon.backend.allocIp(ctx, { k8sPodName: pod,
        k8sPodNamespace: 'default', k8sPodInfraContainerId: `c-${pod}`,
        netns: `/var/run/netns/${pod}`, ifName: 'eth0' }));
      cancel();
    });
  });
}

const ipOf = (reply: RpcResult<AllocIpReply>): string | undefined =>
  (reply.ok ? reply.value.netConfs[0]?.basicInfo?.podIp.ipv4 : undefined);

describe('mutations as a dependency', () => {
  it('two nodes in one process run different variants at the same time', async () => {
    const env = createSimEnv({ seed: 7 });
    const broken = nodeOn(env, 'node-broken', Mutations.of(['ip-twice']));
    const shipped = nodeOn(env, 'node-shipped', Mutations.none);
    env.scheduler.spawn('start', async () => {
      await Promise.all([broken.daemon.start(), shipped.daemon.start()]);
    });
    await env.scheduler.run({ untilMs: 1_000 });
    expect([broken.daemon.running, shipped.daemon.running]).toEqual([true, true]);
    const ips: Record<string, Array<string | undefined>> = { broken: [], shipped: [] };
    for (const pod of ['a', 'b']) {
      broken.kube.addPod({ name: pod, nodeName: 'node-broken' });
      shipped.kube.addPod({ name: pod, nodeName: 'node-shipped' });
      const replies = Promise.all([add(env, broken, pod), add(env, shipped, pod)]);
      await env.scheduler.run({ untilMs: env.scheduler.nowMs() + 60_000 });
      const [fromBroken, fromShipped] = await replies;
      ips['broken']!.push(ipOf(fromBroken));
      ips['shipped']!.push(ipOf(fromShipped));
    }
    const [brokenA, brokenB] = ips['broken']!;
    const [shippedA, shippedB] = ips['shipped']!;
    expect(brokenA).toBeDefined();
    expect(brokenB).toBe(brokenA);
    expect(shippedA).toBeDefined();
    expect(shippedB).toBeDefined();
    expect(shippedB).not.toBe(shippedA);
  });
});

describe('calculateToDel with variants as input', () => {
  const input: ToDelInput = {
    idle: 8, maxPoolSize: 5, minPoolSize: 0, lastModifiedMs: 0, nextReclaimMs: null, nowMs: 0,
    reclaim: { afterMs: 0, intervalMs: 600_000, batchSize: 0, jitterFactor: 0.1 },
    jitter: (durationMs) => durationMs,
  };
  const cases = [
    { name: 'no variant (absent field)', mutations: undefined, toDel: 3 },
    { name: 'no variant', mutations: Mutations.none, toDel: 3 },
    { name: 'another variant', mutations: Mutations.of(['ip-twice']), toDel: 3 },
    { name: 'sync-ignores-max-pool-size', mutations: Mutations.of(['sync-ignores-max-pool-size']),
      toDel: 0 },
  ];
  it.each(cases)('$name: gives back $toDel', ({ mutations, toDel }) => {
    expect(calculateToDel({ ...input, mutations }).toDel).toBe(toDel);
  });
});

describe('Mutations', () => {
  it('holds the names it was given, in catalogue order, and cannot change', () => {
    const value = Mutations.of(['sync-ignores-max-pool-size', 'ip-twice']);
    expect(value.names).toEqual(['ip-twice', 'sync-ignores-max-pool-size']);
    expect(value.has('release-lost')).toBe(false);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Mutations.none.names).toEqual([]);
    expect(mutationNames.every((name) => !Mutations.none.has(name))).toBe(true);
  });

  it('parses names and refuses an unknown one, naming the known ones', () => {
    const parsed = Mutations.parse(['release-lost']);
    expect(parsed.ok && parsed.value.names).toEqual(['release-lost']);
    expect(Mutations.parse(['ip-thrice'])).toEqual({ ok: false, error: 'unknown mutation ' +
      '"ip-thrice": expected one of ip-twice, release-lost, pool-never-disposes, ' +
      'sync-ignores-max-pool-size' });
  });
});
