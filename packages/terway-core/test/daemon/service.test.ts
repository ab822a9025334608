// The daemon's RPC service (AllocIP, ReleaseIP, GetIPInfo), its start, GC and metadata
// reconciliation, over Terway's Aliyun stack on the cloud emulator (harness.ts).
import { describe, expect, it } from 'vitest';
import { createDaemonHarness, nodeName, type DaemonHarness } from './harness.js';

/** Every pool address as `[ip, owner, status]`, across slots. */
const usage = (h: DaemonHarness) => h.process().manager.status().flatMap((slot) => slot.usage);
const podIpsAnnotation = async (h: DaemonHarness, name: string): Promise<string | undefined> =>
  (await h.kube.getPod('default', name))?.metadata?.annotations?.['k8s.aliyun.com/pod-ips'];
const sufficient = 'node has sufficient IP or pass the exhaustive period: 10m0s';

describe('daemon start', () => {
  it('annotates the node, writes SufficientIP=True and pre-warms', async () => {
    const h = createDaemonHarness({ pool: { minPoolSize: 3 } });
    expect((await h.start()).ok).toBe(true);
    await h.run(10_000);
    const node = await h.kube.getNode(nodeName);
    expect(node?.metadata?.annotations).toEqual({ 'k8s.aliyun.com/max-available-ip': '30' });
    const writes = h.kube.conditionWrites.map((c) => [c.t, c.type, c.status, c.reason, c.message]);
    // After the attached-ENI listing of the startup order: two metadata reads of 1 ms each (the
    // primary MAC, then the MAC list, which holds only the primary).
    expect(h.cloud.metadata.reads.slice(0, 2).map((read) => `${read.path}@${read.atMs}`))
      .toEqual(['mac@1', 'network/interfaces/macs/@2']);
    expect(writes).toEqual([[2, 'SufficientIP', 'True', 'SufficientIP', sufficient]]);
    const creates = h.cloud.openApi.callsOf('CreateNetworkInterface');
    expect(creates.map((call) => call.params['SecondaryPrivateIpAddressCount'])).toEqual([2]);
    expect(h.cloudIpv4()).toHaveLength(3);
    h.daemon.stop();
  });

  it('fails with the step that failed when the node does not exist', async () => {
    const h = createDaemonHarness();
    h.kube.nodes.clear();
    const started = await h.start();
    const error = 'error init k8s: error retrieving node spec for \'node-1\': '
      + 'nodes "node-1" not found';
    expect(started).toEqual({ ok: false, error });
    expect(h.daemon.running).toBe(false);
  });

  it('refuses the centralized-IPAM stack, which this pool does not serve', async () => {
    const h = createDaemonHarness({ eniConf: { ipam_type: 'crd' } });
    const started = await h.start();
    expect(started.ok).toBe(false);
  });
});

describe('AllocIP / ReleaseIP / GetIPInfo', () => {
  it('replies with the NetConf the CNI plugin expects and persists the record', async () => {
    const h = createDaemonHarness();
    await h.start();
    h.addPod('nginx', { annotations: {
      'k8s.aliyun.com/ingress-bandwidth': '10M', 'k8s.aliyun.com/network-priority': 'guaranteed',
    } });
    const reply = h.add('nginx');
    await h.run(10_000);
    const result = await reply;
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const eni = h.cloud.secondaryEnis()[0]!;
    const v4 = (ipv4: string) => ({ ipv4, ipv6: undefined });
    expect(result.value).toEqual({
      success: true, ipType: 'TypeENIMultiIP', ipv4: true, ipv6: false,
      netConfs: [{
        basicInfo: { podIp: v4('192.168.1.1'), podCidr: v4('192.168.1.0/24'),
          gatewayIp: v4('192.168.1.253'), serviceCidr: v4('172.16.0.0/16') },
        eniInfo: { mac: eni.mac, trunk: false, vid: 0, gatewayIp: v4('192.168.1.253'),
          erdma: false },
        pod: { ingress: 10 * 1024 * 1024, egress: 0, networkPriority: 'guaranteed' },
        ifName: '', extraRoutes: [], defaultRoute: true,
      }],
    });
    const record = h.storage.relation.get('default/nginx')!;
    expect(record.Resources).toEqual([{ type: 'eniIp', id: `${eni.mac}.192.168.1.1`,
      extra_eip_info: null, eni_id: eni.id, eni_mac: eni.mac, ipv4: '192.168.1.1', ipv6: '' }]);
    expect(record.ContainerID).toBe('c-nginx');
    expect(JSON.parse(record.NetConf)).toEqual([{
      BasicInfo: { PodIP: { IPv4: '192.168.1.1' }, PodCIDR: { IPv4: '192.168.1.0/24' },
        GatewayIP: { IPv4: '192.168.1.253' }, ServiceCIDR: { IPv4: '172.16.0.0/16' } },
      ENIInfo: { MAC: eni.mac, GatewayIP: { IPv4: '192.168.1.253' } },
      Pod: { Ingress: 10485760, NetworkPriority: 'guaranteed' },
      DefaultRoute: true,
    }]);
    expect(await podIpsAnnotation(h, 'nginx')).toBe('192.168.1.1');
    const info = h.info('nginx');
    await h.run(1);
    expect(await info).toMatchObject({ ok: true, value: { netConfs: result.value.netConfs } });
    const latency = h.process().metrics.rpcLatency.snapshot().series;
    const observed = latency.map((series) => [series.labels, series.count, series.sum]);
    // The pool's 300 ms batching window, then Terway's create: DescribeVSwitches, Create and
    // Attach (50 ms each), the 2 s attach floor, and the InUse describe (50 ms).
    expect(observed).toEqual([[{ rpc_api: 'AllocIP', error: 'false' }, 1, 2_500]]);
    h.daemon.stop();
  });

  it('repeated ADD keeps the IP; a stale DEL (other container), a DEL of an unknown pod: no-ops',
    async () => {
      const h = createDaemonHarness();
      await h.start();
      h.addPod('a');
      const first = h.add('a');
      await h.run(5_000);
      const again = h.add('a');
      await h.run(1_000);
      expect(h.ipOf(await again)).toBe(h.ipOf(await first));
      const stale = h.del('a', 'c-old');
      const unknown = h.del('ghost');
      await h.run(1_000);
      expect(await stale).toEqual({ ok: true, value: { success: true, ipv4: true, ipv6: false } });
      expect((await unknown).ok).toBe(true);
      expect(h.storage.relation.get('default/a')).toBeDefined();
      const staleInfo = h.info('a', 'c-old');
      await h.run(1);
      expect(await staleInfo).toMatchObject({ ok: true, value: { netConfs: [] } });
      const del = h.del('a');
      await h.run(1_000);
      expect((await del).ok).toBe(true);
      expect(h.storage.relation.get('default/a')).toBeUndefined();
      expect(usage(h)).toEqual([['192.168.1.1', '', 'Valid']]);
      h.daemon.stop();
    });

  it('dual stack: an IPv4 and an IPv6 per pod; pod-ips IPv4 first; the id joins them', async () => {
    // ecs.g7.2xlarge: as many IPv6 as IPv4 per ENI (the default type has one IPv6 per ENI).
    const h = createDaemonHarness({ eniConf: { ip_stack: 'dual' }, pool: { enableIpv6: true },
      instanceType: 'ecs.g7.2xlarge' });
    await h.start();
    h.addPod('a');
    const reply = h.add('a');
    await h.run(5_000);
    const result = await reply;
    expect(result.ok && [result.value.ipv4, result.value.ipv6]).toEqual([true, true]);
    const podIp = result.ok ? result.value.netConfs[0]?.basicInfo?.podIp : undefined;
    const ipv6 = h.cloud.secondaryEnis()[0]!.ipv6[0]!.ip;
    expect(podIp).toEqual({ ipv4: '192.168.1.1', ipv6 });
    expect(await podIpsAnnotation(h, 'a')).toBe(`192.168.1.1,${ipv6}`);
    const id = h.storage.relation.get('default/a')?.Resources?.[0]?.id;
    expect(id).toBe(`${h.cloud.secondaryEnis()[0]!.mac}.192.168.1.1-${ipv6}`);
    h.daemon.stop();
  });

  it('a second call for the same pod while one runs fails with PodIsProcessing', async () => {
    const h = createDaemonHarness();
    await h.start();
    h.addPod('a');
    const first = h.add('a');
    const second = h.add('a');
    await h.run(5_000);
    expect((await first).ok).toBe(true);
    const message = 'code: PodIsProcessing, msg: Pod default/a request is processing';
    expect(await second).toEqual({ ok: false, error: { code: 'PodIsProcessing', message } });
    // Terway's AllocIP returns PodIsProcessing before it starts its latency clock: one
    // observation, the successful call's.
    const latency = h.process().metrics.rpcLatency.snapshot().series;
    expect(latency.map((series) => [series.labels, series.count])).toEqual([
      [{ rpc_api: 'AllocIP', error: 'false' }, 1]]);
    h.daemon.stop();
  });

  it('pods the daemon does not serve are not found (InvalidArgs)', async () => {
    const h = createDaemonHarness();
    await h.start();
    h.addPod('host', { hostNetwork: true });
    h.addPod('ignored', { labels: { 'k8s.aliyun.com/ignore-by-terway': 'true' } });
    h.addPod('elsewhere', { nodeName: 'node-2' });
    const names = ['missing', 'host', 'ignored', 'elsewhere'];
    const results = names.map((name) => h.add(name));
    await h.run(1_000);
    const messages = (await Promise.all(results)).map((r) => (r.ok ? 'ok' : r.error.message));
    const notFound = (name: string): string => `code: InvalidArgs, msg: pods "${name}" not found`;
    expect(messages).toEqual(names.map(notFound));
    expect(h.cloud.openApi.callsOf('CreateNetworkInterface')).toHaveLength(0);
    h.daemon.stop();
  });

  it('a PodENI pod is declined by the local pool: no eni can handle the allocation', async () => {
    const h = createDaemonHarness();
    await h.start();
    h.addPod('trunk-pod', { annotations: { 'k8s.aliyun.com/pod-eni': 'true' } });
    const result = h.add('trunk-pod');
    await h.run(1_000);
    const error = { code: 'Unknown', message: 'no eni can handle the allocation' };
    expect(await result).toEqual({ ok: false, error });
    h.daemon.stop();
  });
});

describe('GC and sticky IPs', () => {
  it('a pod whose DEL never came is released by the next GC, after an API check', async () => {
    const h = createDaemonHarness({ pool: { maxPoolSize: 10 } });
    await h.start();
    h.addPod('a');
    const a = h.add('a');
    await h.run(10_000);
    const ip = h.ipOf(await a);
    h.kube.deletePod('default', 'a');
    await h.run(300_000);
    expect(h.storage.relation.get('default/a')).toBeUndefined();
    expect(usage(h)).toEqual([[ip, '', 'Valid']]);
    h.daemon.stop();
  });

  it('a sticky pod keeps its IP over DEL, survives one GC, and the next releases it', async () => {
    const h = createDaemonHarness({ pool: { maxPoolSize: 10 } });
    await h.start();
    h.addPod('web-0', { ownerKind: 'StatefulSet' });
    const first = h.add('web-0');
    await h.run(10_000);
    const ip = h.ipOf(await first);
    const del = h.del('web-0');
    await h.run(1_000);
    expect((await del).ok).toBe(true);
    expect(h.storage.relation.get('default/web-0')).toBeDefined();
    h.kube.deletePod('default', 'web-0');
    // The re-created pod (new container) gets the same IP back while the record is held.
    await h.run(60_000);
    h.addPod('web-0', { ownerKind: 'StatefulSet' });
    const again = h.add('web-0', 'c-web-0-second');
    await h.run(1_000);
    expect(h.ipOf(await again)).toBe(ip);
    const del2 = h.del('web-0', 'c-web-0-second');
    await h.run(1_000);
    expect((await del2).ok).toBe(true);
    h.kube.deletePod('default', 'web-0');
    // GC passes run at 10 ms (start), 300.01 s, 600.01 s.
    // At 300 s the pod is gone from the API: the sticky mark is cleared, the IP kept.
    await h.run(300_100 - h.env.scheduler.nowMs());
    expect(h.storage.relation.get('default/web-0')?.PodInfo?.IPStickTime).toBe(0);
    expect(usage(h)).toEqual([[ip, 'default/web-0', 'Valid']]);
    // GC at 600 s releases it.
    await h.run(300_000);
    expect(h.storage.relation.get('default/web-0')).toBeUndefined();
    expect(usage(h)).toEqual([[ip, '', 'Valid']]);
    h.daemon.stop();
  });
});

describe('GC host-route hooks', () => {
  it('re-syncs live pods older than 2 min; cleans a deleted pod\'s routes (pod IP /32) before '
    + 'releasing; a failure ends the pass', async () => {
    const synced: string[] = [];
    const cleaned: string[] = [];
    let failCleanup = true;
    const h = createDaemonHarness({ pool: { maxPoolSize: 10 }, hostRoutes: {
      ruleSync: async (pod) => {
        synced.push(`${pod.name}@${pod.netConfs[0]?.basicInfo?.podIp.ipv4 ?? ''}`);
        return { ok: true, value: undefined };
      },
      gcPolicyRoutes: async (pod) => {
        const mac = pod.eniMac === '' ? 'no-mac' : 'mac';
        cleaned.push(`${pod.name} ${mac} ${pod.containerIpNet.ipv4}`);
        if (failCleanup) return { ok: false, error: { message: 'EBUSY' } };
        return { ok: true, value: undefined };
      },
    } });
    await h.start();
    h.addPod('old', { creationTimestamp: '2025-12-31T23:00:00Z' });
    h.addPod('new', { creationTimestamp: '2026-01-01T00:00:00Z' });
    const adds = [h.add('old'), h.add('new')];
    await h.run(5_000);
    const [oldIp, newIp] = (await Promise.all(adds)).map((result) => h.ipOf(result));
    h.kube.deletePod('default', 'new');
    await h.run(300_000);
    // Records go in key order: default/new's cleanup fails, which ends the pass before default/old.
    expect(cleaned).toEqual([`new mac ${newIp}/32`]);
    expect(synced).toEqual([]);
    expect(h.storage.relation.keys()).toEqual(['default/new', 'default/old']);
    failCleanup = false;
    await h.run(300_000);
    expect(h.storage.relation.keys()).toEqual(['default/old']);
    expect(synced).toEqual([`old@${oldIp}`]);
    h.daemon.stop();
  });
});

describe('metadata reconciliation events', () => {
  it('an address gone from metadata is marked Invalid (ResourceInvalid); an orphan is reported '
    + 'after two syncs', async () => {
    const h = createDaemonHarness({ pool: { maxPoolSize: 10, minPoolSize: 2 } });
    await h.start();
    h.addPod('a');
    const a = h.add('a');
    await h.run(5_000);
    await a;
    // Behind the daemon's back, one of the ENI's addresses is taken away and another one put on
    // it (set-up calls on the cloud: metadata shows both changes at once).
    const eni = h.cloud.secondaryEnis()[0]!;
    const gone = eni.ipv4.find((ip) => !ip.primary)!.ip;
    const removed = h.cloud.cloud.world.call('ecs', 'UnassignPrivateIpAddresses',
      { NetworkInterfaceId: eni.id, PrivateIpAddress: [gone] });
    const orphan = h.cloud.cloud.world.call('ecs', 'AssignPrivateIpAddresses',
      { NetworkInterfaceId: eni.id, PrivateIpAddress: ['192.168.1.99'] });
    expect([removed.ok, orphan.ok]).toEqual([true, true]);
    await h.run(600_000);
    const invalid = h.kube.events.filter((event) => event.reason === 'ResourceInvalid');
    const messages = invalid.map((event) => event.message);
    expect(messages[0]).toBe(`Mark as invalid, ip: ${gone}`);
    const orphanFound = 'orphan ip found on ecs metadata, ip: 192.168.1.99';
    expect(messages.slice(1).every((message) => message === orphanFound)).toBe(true);
    expect(messages.length).toBeGreaterThan(1);
    const fromDaemon = (event: (typeof h.kube.events)[number]): boolean =>
      event.source === 'terway-daemon' && event.target.kind === 'Node';
    expect(h.kube.events.every(fromDaemon)).toBe(true);
    h.daemon.stop();
  });
});
