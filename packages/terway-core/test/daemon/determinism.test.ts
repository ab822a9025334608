import { describe, expect, it } from 'vitest';
import { createDaemonHarness } from './harness.js';

/** A node's half hour: pods come and go, some DELs never arrive; returns the run's digest. */
async function workload(seed: number): Promise<{ digest: string; events: number }> {
  const h = createDaemonHarness({ seed, pool: { minPoolSize: 2, maxPoolSize: 4 } });
  await h.start();
  for (let round = 0; round < 6; round++) {
    const names = Array.from({ length: 5 }, (_, index) => `r${round}-p${index}`);
    names.forEach((name) => h.addPod(name));
    const adds = names.map((name) => h.add(name));
    await h.run(20_000);
    await Promise.all(adds);
    names.slice(0, 3).forEach((name) => h.kube.deletePod('default', name));
    const dels = names.slice(0, 2).map((name) => h.del(name));
    await h.run(280_000);
    await Promise.all(dels);
  }
  h.daemon.stop();
  return { digest: h.env.log.digest(), events: h.env.log.size };
}

describe('determinism', () => {
  it('same seed, same history; another seed, another history (pool and sync jitters)', async () => {
    const first = await workload(7);
    const again = await workload(7);
    const other = await workload(8);
    expect(again).toEqual(first);
    expect(first.events).toBeGreaterThan(100);
    expect(other.digest).not.toBe(first.digest);
  });
});
