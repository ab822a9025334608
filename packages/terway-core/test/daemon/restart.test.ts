// The daemon as a restartable process over Terway's Aliyun stack on the cloud emulator: what a
// crash leaves in the cloud and on the node, and how the next start recovers from it.
import { describe, expect, it } from 'vitest';
import { NodeStorage } from '../../src/store/node-storage.js';
import { createDaemonHarness, type DaemonHarness } from './harness.js';

const usage = (h: DaemonHarness) => h.process().manager.status().flatMap((slot) => slot.usage)
  .map(([ip, owner]) => `${ip}=${owner}`).sort();

/** The pool and the cloud agree on every address; returns the cloud's addresses. */
function cloudMatchesPool(h: DaemonHarness): string[] {
  const cloud = h.cloudIpv4().sort();
  const slots = h.process().manager.status();
  const pool = slots.flatMap((slot) => slot.usage.map(([ip]) => ip)).sort();
  expect(pool).toEqual(cloud);
  return cloud;
}

describe('daemon restart', () => {
  it('crash mid-creation: the ENI the cloud finished is recovered idle, retried ADDs use it, '
    + 'GC cleans up, nothing leaks', async () => {
    const h = createDaemonHarness({ pool: { maxPoolSize: 10 } });
    await h.start();
    ['a', 'b', 'c'].forEach((name) => h.addPod(name));
    const first = ['a', 'b', 'c'].map((name) => h.add(name));
    await h.run(1_900);
    h.daemon.stop();
    const down = h.add('a');
    await h.run(8_000);
    const codes = (await Promise.all(first)).map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes).toEqual(Array(3).fill('Unavailable'));
    expect(await down).toMatchObject({ ok: false, error: { code: 'Unavailable' } });
    // The cloud finished the creation the dead daemon asked for: the ENI is attached with its
    // three addresses.
    expect(h.cloud.secondaryEnis().map((eni) => [eni.status, eni.ipv4.length])).toEqual([
      ['InUse', 3]]);
    expect(h.storage.relation.size).toBe(0);

    expect((await h.start()).ok).toBe(true);
    expect(usage(h)).toEqual(['192.168.1.1=', '192.168.1.2=', '192.168.1.3=']);
    const retried = ['a', 'b', 'c'].map((name) => h.add(name));
    await h.run(1_000);
    const ips = (await Promise.all(retried)).map((r) => h.ipOf(r));
    expect(ips).toEqual(['192.168.1.2', '192.168.1.3', '192.168.1.1']);
    expect(h.cloud.openApi.callsOf('CreateNetworkInterface')).toHaveLength(1);

    // a is deleted normally; b's DEL never arrives (its pod just disappears).
    h.kube.deletePod('default', 'a');
    const delA = h.del('a');
    h.kube.deletePod('default', 'b');
    await h.run(301_000);
    expect((await delA).ok).toBe(true);
    expect(h.storage.relation.keys()).toEqual(['default/c']);
    expect(usage(h)).toEqual(['192.168.1.1=default/c', '192.168.1.2=', '192.168.1.3=']);
    expect(cloudMatchesPool(h)).toHaveLength(3);
    h.daemon.stop();
  });

  it('crash after allocation: ownership comes back from the store; a new pod cannot take it; '
    + 'repeated ADD keeps it', async () => {
    const storage = new NodeStorage();
    const h = createDaemonHarness({ storage, pool: { maxPoolSize: 10, minPoolSize: 2 } });
    await h.start();
    h.addPod('a');
    const a = h.add('a');
    await h.run(5_000);
    const ipA = h.ipOf(await a);
    h.daemon.stop();
    // The node's storage survives the process, and round-trips through JSON.
    const restored = NodeStorage.restore(storage.toJson());
    expect(restored.ok && restored.value.relation.keys()).toEqual(['default/a']);
    await h.run(1_000);
    expect((await h.start()).ok).toBe(true);
    expect(usage(h)).toContain(`${ipA}=default/a`);
    h.addPod('d');
    const d = h.add('d');
    const again = h.add('a');
    await h.run(5_000);
    expect(h.ipOf(await d)).not.toBe(ipA);
    expect(h.ipOf(await again)).toBe(ipA);
    expect(cloudMatchesPool(h).length).toBeGreaterThanOrEqual(2);
    h.daemon.stop();
  });

  it('a crash ends every task of the process: nothing stays armed on the clock', async () => {
    const h = createDaemonHarness({ pool: { minPoolSize: 2 } });
    await h.start();
    h.addPod('a');
    const a = h.add('a');
    await h.run(400_000);
    expect((await a).ok).toBe(true);
    h.daemon.stop();
    await h.run(60_000);
    expect(h.env.scheduler.pending).toBe(0);
  });

  it('a crash during startup ends the start with an error; the next start recovers', async () => {
    const h = createDaemonHarness();
    // Each start's first metadata read answers 500: Terway's metadata client retries it after
    // about 500 ms, so the attached-ENI listing takes that long.
    const nextReadFails = { kind: 'metadataUnreachable', status: 500, countMax: 1 } as const;
    h.cloud.faults(nextReadFails);
    let first: Awaited<ReturnType<typeof h.daemon.start>> | undefined;
    h.env.scheduler.spawn('start', async () => {
      first = await h.daemon.start();
    });
    await h.run(100);
    h.daemon.stop();
    await h.run(1_000);
    expect(first).toEqual({ ok: false,
      error: { kind: 'stopped-during-startup', message: 'daemon stopped during startup' } });
    expect(h.daemon.running).toBe(false);
    h.cloud.faults(nextReadFails);
    const second = await h.start();
    // Still listing attached ENIs after 100 ms.
    expect(second).toEqual({ ok: false, error: 'start did not finish within 100 ms' });
    await h.run(1_000);
    expect(h.daemon.running).toBe(true);
    h.daemon.stop();
  });

  it('records of ENIs no longer attached are dropped at start (filterENINotFound), not released',
    async () => {
    const h = createDaemonHarness();
    h.storage.relation.put('default/old', {
      Resources: [{ type: 'eniIp', id: '00:16:3e:99:99:99.10.9.9.9', extra_eip_info: null,
        eni_id: 'eni-gone', eni_mac: '00:16:3e:99:99:99', ipv4: '10.9.9.9', ipv6: '' }],
      PodInfo: null, NetNs: null, ContainerID: 'c-old', NetConf: '',
    });
    expect((await h.start()).ok).toBe(true);
    await h.run(1_000);
    expect(usage(h)).toEqual([]);
    expect(h.cloud.openApi.callsOf().filter((call) => call.action.startsWith('Unassign')))
      .toHaveLength(0);
    h.daemon.stop();
  });
});
