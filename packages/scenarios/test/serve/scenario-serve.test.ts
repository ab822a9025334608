// `terway-sim serve --scenario`: the quickstart replayed to 3m and served on one port, then looked
// at by real clients: kubectl over HTTPS with the kubeconfig's token (get -A -o wide, describe,
// events by field selector, scale, label, delete), client-node, the official VPC SDK over plain
// HTTP against the copy of the cloud at that instant, and /metrics (promtool, where installed).
// Then `--speed`: the world runs on, and a scale-up shows new pods Running.

import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import * as VpcPackage from '@alicloud/vpc20160428';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaySource, type ReplaySource } from '../../src/inspect/source.js';
import { startScenarioServe, type ScenarioServe } from '../../src/serve/scenario-serve.js';
import { terwayNamingFindings } from '../metrics/fixtures.js';

const execute = promisify(execFile);
const VpcClient = ((VpcPackage.default as unknown as { default?: typeof VpcPackage.default })
  .default ?? VpcPackage.default);
const root = join(import.meta.dirname, '..', '..', '..', '..');
const quickstart = join(root, 'scenarios', 'quickstart.yaml');
const token = 'scenario-serve-test-token';
const keys = { accessKeyId: 'AKIDSERVE', accessKeySecret: 'serve-secret' };

function onPath(binary: string): string | undefined {
  return (process.env['PATH'] ?? '').split(delimiter).map((dir) => join(dir, binary))
    .find((path) => existsSync(path));
}
const kubectl = process.env['KUBECTL'] ?? onPath('kubectl');
const promtool = onPath('promtool');
const noKubectl = kubectl === undefined
  ? ' (skipped: no kubectl on PATH; .ci/run installs kubernetes-client)' : '';

function source(): ReplaySource {
  const found = replaySource(quickstart, undefined);
  if (!found.ok) throw new Error(found.error.join('\n'));
  return found.value;
}

describe('serve --scenario, paused at 3m', () => {
  let served: ScenarioServe;
  let kubeconfigPath = '';
  const run = async (...args: string[]): Promise<string> => {
    const { stdout } = await execute(kubectl!, ['--kubeconfig', kubeconfigPath,
      '--request-timeout=30s', ...args]);
    return stdout;
  };

  beforeAll(async () => {
    const started = await startScenarioServe({ source: source(), host: '127.0.0.1', port: 0,
      atMs: 180_000, speed: undefined, token, keys });
    if (!started.ok) throw new Error(started.error.join('\n'));
    served = started.value;
    kubeconfigPath = join(mkdtempSync(join(tmpdir(), 'terway-sim-serve-')), 'kubeconfig');
    writeFileSync(kubeconfigPath, served.kubeconfig);
  }, 120_000);
  afterAll(async () => {
    await served.close();
  });

  it.skipIf(kubectl === undefined)(`kubectl get, describe and events show the instant${noKubectl}`,
    async () => {
    const pods = await run('get', 'pods', '-A', '-o', 'wide');
    const header = pods.split('\n')[0]!;
    expect(header).toMatch(/^NAMESPACE +NAME +READY +STATUS +RESTARTS +AGE +IP +NODE/);
    const running = served.world.api.listPods()
      .filter((pod) => pod.status?.phase === 'Running');
    expect(pods.trim().split('\n')).toHaveLength(served.world.api.listPods().length + 1);
    const pod = running[0]!;
    expect(pods).toMatch(new RegExp(`^default +${pod.metadata!.name} +1/1 +Running +0 +\\S+ +` +
      `${pod.status!.podIP!.replaceAll('.', '\\.')} +${pod.spec!.nodeName}`, 'm'));
    const described = await run('describe', 'pod', pod.metadata!.name!);
    expect(described).toMatch(/Normal +AllocIPSucceed +\S+ +terway-daemon +Alloc IP /);
    const events = await run('get', 'events', '--field-selector', 'reason=AllocIPSucceed');
    expect(events.split('\n')[0]).toMatch(/^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE/);
    expect(events).toContain(`pod/${pod.metadata!.name}`);
  }, 120_000);

  it.skipIf(kubectl === undefined)(`kubectl's writes reach the paused store${noKubectl}`,
    async () => {
    await run('scale', 'deployment', 'web', '--replicas=61');
    const web = served.world.api.store.get('apps/deployments', 'default/web') as
      { spec?: { replicas?: number } } | undefined;
    expect(web?.spec?.replicas).toBe(61);
    await run('label', 'node', 'pool-a-0', 'drill=on');
    expect(served.world.api.getNode('pool-a-0')?.metadata?.labels?.['drill']).toBe('on');
  }, 120_000);

  it('refuses a request without the token (401) and answers unknown paths with a Status 404',
    async () => {
    const noToken = await fetch(`${served.httpUrl}api/v1/pods`);
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ kind: 'Status', code: 401 });
    const unknown = await fetch(`${served.httpUrl}apis/nothing.example.com/v1/things`,
      { headers: { authorization: `Bearer ${token}` } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ kind: 'Status', reason: 'NotFound' });
  });

  it('client-node lists the pods over HTTPS with the kubeconfig', async () => {
    const config = new KubeConfig();
    config.loadFromString(served.kubeconfig);
    const listed = await config.makeApiClient(CoreV1Api).listNamespacedPod({
      namespace: 'default' });
    expect(listed.items.length).toBe(served.world.api.listPods()
      .filter((pod) => pod.metadata?.namespace === 'default').length);
  });

  it('the official VPC SDK reads the cloud of the instant over plain HTTP on the same port',
    async () => {
    const endpoint = served.httpUrl.slice('http://'.length, -1);
    const vpc = new VpcClient(new $OpenApiUtil.Config({ endpoint, protocol: 'http', ...keys,
      regionId: served.world.cloud.regionId }));
    const reply = await vpc.describeVSwitches(new VpcPackage.DescribeVSwitchesRequest({
      regionId: served.world.cloud.regionId }));
    const view = served.world.cloud.emulator.view();
    expect(reply.body!.vSwitches!.vSwitch!.map((vSwitch) => vSwitch.availableIpAddressCount)
      .sort()).toEqual(view.vSwitches(served.world.cloud.regionId)
      .map((usage) => usage.available).sort());
  });

  it('/metrics holds every daemon\'s series labelled by node, and the cloud\'s', async () => {
    const text = await (await fetch(`${served.httpUrl}metrics`)).text();
    for (const node of served.world.allNodes()) {
      expect(text).toContain(`terway_resource_pool_total_count{ipStack="ipv4",` +
        `job="terway-daemon",node="${node.name}",type="LocalIP"}`);
    }
    expect(text).toMatch(/^# TYPE cloud_api_latency_seconds histogram$/m);
    if (promtool === undefined) return;
    // Parses (exit 0, or 3 for lint findings), and the only findings are Terway's own names.
    const checked = spawnSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect([0, 3]).toContain(checked.status);
    const findings = `${checked.stdout}${checked.stderr}`.split('\n')
      .filter((line) => line.trim() !== '');
    expect(findings.filter((line) => !terwayNamingFindings.has(line))).toEqual([]);
  });
});

describe('serve --scenario --speed', () => {
  it('runs the world on: a scale-up through the API face ends with the new pods Running',
    async () => {
    const started = await startScenarioServe({ source: source(), host: '127.0.0.1', port: 0,
      atMs: 180_000, speed: 50, token, keys });
    if (!started.ok) throw new Error(started.error.join('\n'));
    const served = started.value;
    try {
      const scale = await fetch(`${served.httpUrl}apis/apps/v1/namespaces/default/deployments/` +
        'web/scale', { method: 'PATCH', headers: { authorization: `Bearer ${token}`,
        'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ spec: { replicas: 70 } }) });
      expect(scale.status).toBe(200);
      const running = (): number => served.world.api.listPods()
        .filter((pod) => pod.status?.phase === 'Running').length;
      for (let tries = 0; tries < 300 && running() < 70; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(running()).toBe(70);
      expect(served.world.env.scheduler.nowMs()).toBeGreaterThan(180_000);
    } finally {
      await served.close();
    }
  }, 120_000);
});
