// The real kubectl against the HTTP face on a loopback port: every view it prints must be what
// kube-sim's own renderers print for the same state (the golden check of the printers, the
// table layout, describe and -o yaml/json), and its writes (scale, delete, label, apply,
// replace) must reach the simulation. Skipped, saying why, where no kubectl is installed
// (.ci/run installs Debian's kubernetes-client); KUBECTL names another binary.
//
// The goldens are what a kubectl within the version skew of the served v1.32 prints. Debian 12's
// kubernetes-client is v1.20, twelve minors older; against it the views it prints differently
// (lists' selfLink, describe node's AGE header and its event search by the node's name only)
// are skipped, saying so, and the writes run with --validate=false (it asks for the protobuf
// OpenAPI v2, which the face does not serve). Everything else runs with either.

import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { V1ConfigMap, V1Deployment, V1Node } from '@kubernetes/client-node';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKubeServer } from '../../src/http/server.js';
import { kubeconfig } from '../../src/http/kubeconfig.js';
import { kubectlDescribe, kubectlGet, type GetRequest } from '../../src/kubectl/kubectl.js';
import { scaleWebUp, servedCluster } from './served-cluster.js';

function findKubectl(): string | undefined {
  if (process.env['KUBECTL'] !== undefined) return process.env['KUBECTL'];
  return (process.env['PATH'] ?? '').split(delimiter).map((dir) => join(dir, 'kubectl'))
    .find((path) => existsSync(path));
}

const kubectlPath = findKubectl();
if (kubectlPath === undefined) {
  console.warn('kubectl tests skipped: no kubectl on PATH (apt-get install kubernetes-client, ' +
    'or set KUBECTL)');
}

/** The client's minor version, from `kubectl version --client`. */
function clientMinor(path: string): number {
  const printed = execFileSync(path, ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  const version = JSON.parse(printed) as { clientVersion: { minor: string } };
  return Number.parseInt(version.clientVersion.minor, 10);
}

/** Oldest kubectl minor within the supported skew of the served v1.32. */
const oldestInSkew = 31;
const minor = kubectlPath === undefined ? undefined : clientMinor(kubectlPath);
const oldClient = minor !== undefined && minor < oldestInSkew;
if (oldClient) {
  console.warn(`kubectl 1.${minor} is older than the served v1.32's skew (1.${oldestInSkew}+): ` +
    'the views it prints differently (-o yaml|json lists, describe node) are skipped');
}
/** Client-side validation off for clients that would fetch the protobuf OpenAPI v2. */
const validate = oldClient ? ['--validate=false'] : [];

const token = 'kubeapi-test-token';
const minutes = 20;

interface GetRow {
  readonly args: string[];
  readonly request: GetRequest;
}

interface DescribeRow {
  readonly resource: string;
  readonly name: string;
  readonly namespace?: string;
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe.skipIf(kubectlPath === undefined)('kubectl against the face', () => {
  let cluster: Awaited<ReturnType<typeof servedCluster>>;
  let app: FastifyInstance;
  let dir: string;
  const run = (args: readonly string[], config = 'config'): Promise<Run> =>
    new Promise((resolve) => {
      execFile(kubectlPath!, ['--kubeconfig', join(dir, config), ...args],
        { env: { ...process.env, TZ: 'UTC', KUBECACHEDIR: join(dir, 'cache') } },
        (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code ?? 1),
          stdout, stderr }));
    });
  const nowMs = (): number => cluster.env.scheduler.wallMs();
  const get = (request: GetRequest): string => {
    const printed = kubectlGet(cluster.api.store, nowMs(), request);
    if (!printed.ok) throw new Error(printed.error);
    return printed.value.stdout;
  };
  /** Advances sim time in slices while a kubectl command runs (it may wait for the world). */
  const whileRunning = async (pending: Promise<Run>, sliceMs = 1_000): Promise<Run> => {
    let done: Run | undefined;
    void pending.then((result) => { done = result; });
    const deadline = Date.now() + 40_000;
    while (done === undefined && Date.now() < deadline) {
      await cluster.env.scheduler.run({ untilMs: cluster.env.scheduler.nowMs() + sliceMs });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return pending;
  };

  beforeAll(async () => {
    // Sim time is anchored so that "now" in the world is the wall-clock now: describe's ages
    // are computed by kubectl from its own clock.
    cluster = await servedCluster(minutes, Date.now() - minutes * 60_000);
    app = buildKubeServer({ api: cluster.api, clock: cluster.env.scheduler }, { token });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    dir = mkdtempSync(join(tmpdir(), 'kubeapi-'));
    writeFileSync(join(dir, 'config'), kubeconfig({ server: url, token }));
    writeFileSync(join(dir, 'wrong'), kubeconfig({ server: url, token: 'not-the-token' }));
  });
  afterAll(async () => {
    await app.close();
  });

  const compareGet = async ({ args, request }: GetRow): Promise<void> => {
    const result = await run(args);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(get(request));
  };

  it.each([
    { args: ['get', 'pods', '-A', '-o', 'wide'],
      request: { resource: 'pods', allNamespaces: true, output: 'wide' } },
    { args: ['get', 'no', '-o', 'wide'], request: { resource: 'no', output: 'wide' } },
    { args: ['get', 'deploy', '-o', 'wide'], request: { resource: 'deploy', output: 'wide' } },
    { args: ['get', 'sts', '-o', 'wide'], request: { resource: 'sts', output: 'wide' } },
    { args: ['get', 'cm', '-A'], request: { resource: 'cm', allNamespaces: true } },
    { args: ['get', 'namespaces'], request: { resource: 'namespaces' } },
    { args: ['get', 'events', '-A', '-o', 'wide'],
      request: { resource: 'events', allNamespaces: true, output: 'wide' } },
    { args: ['get', 'events', '-A', '--field-selector', 'involvedObject.name=node-1'],
      request: { resource: 'events', allNamespaces: true,
        fieldSelector: 'involvedObject.name=node-1' } },
    { args: ['get', 'podenis'], request: { resource: 'podenis' } },
    { args: ['get', 'networkinterfaces.network.alibabacloud.com', '-o', 'wide'],
      request: { resource: 'networkinterfaces.network.alibabacloud.com', output: 'wide' } },
    { args: ['get', 'pods', '-l', 'app=db', '--show-labels'],
      request: { resource: 'pods', labelSelector: 'app=db', showLabels: true } },
    { args: ['get', 'pod', 'db-0', '-o', 'yaml'],
      request: { resource: 'pod', name: 'db-0', output: 'yaml' } },
    { args: ['get', 'cm', 'eni-config', '-n', 'kube-system', '-o', 'yaml'],
      request: { resource: 'cm', name: 'eni-config', namespace: 'kube-system', output: 'yaml' } },
  ] satisfies GetRow[])('kubectl $args.0 $args.1 $args.2 $args.3 prints what kube-sim renders',
    compareGet);

  // Lists in -o yaml|json: kubectl v1.20 (Debian 12's) adds `selfLink: ""` to the List's
  // metadata.
  it.skipIf(oldClient).each([
    { args: ['get', 'pods', '-o', 'yaml'], request: { resource: 'pods', output: 'yaml' } },
    { args: ['get', 'nodes', '-o', 'json'], request: { resource: 'nodes', output: 'json' } },
    { args: ['get', 'events', '-n', 'default', '-o', 'yaml'],
      request: { resource: 'events', output: 'yaml' } },
  ] satisfies GetRow[])('kubectl $args.0 $args.1 $args.2 $args.3 prints what kube-sim renders',
    compareGet);

  const compareDescribe = async (target: DescribeRow): Promise<void> => {
    const name = target.name === 'web'
      ? cluster.api.listPods().find((pod) => pod.metadata?.name?.startsWith('web-'))!
        .metadata!.name! : target.name;
    const render = (): string => {
      const described = kubectlDescribe(cluster.api.store, Date.now(),
        { resource: target.resource, name, ...(target.namespace === undefined ? {}
          : { namespace: target.namespace }) });
      if (!described.ok) throw new Error(described.error);
      return described.value.stdout;
    };
    // kubectl measures ages on its own clock: it printed what we render just before or after.
    const before = render();
    const result = await run(['describe', target.resource, name]);
    const after = render();
    expect(result.stderr).toBe('');
    expect([before, after]).toContain(result.stdout);
    if (target.resource === 'node') expect(result.stdout).toMatch(/\(x5 over \d+m\)/);
  };

  it.each([
    { resource: 'pod', name: 'db-0', namespace: 'default' },
    { resource: 'pod', name: 'web', namespace: 'default' },
  ] satisfies DescribeRow[])('kubectl describe $resource $name prints what kube-sim renders',
    compareDescribe);

  // kubectl v1.20 heads the pods' age column AGE and finds only events naming the node
  // by name as their uid.
  it.skipIf(oldClient)('kubectl describe node node-1 prints what kube-sim renders',
    () => compareDescribe({ resource: 'node', name: 'node-1' }));

  it('kubectl get -w shows a pod appear and come up', async () => {
    const watch = execFile(kubectlPath!, ['--kubeconfig', join(dir, 'config'), 'get', 'pods',
      '-l', 'app=web', '-w'], { env: { ...process.env, TZ: 'UTC' } });
    let output = '';
    watch.stdout?.on('data', (chunk: string) => { output += chunk; });
    for (let wait = 0; !output.includes('\n') && wait < 100; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const { added } = await scaleWebUp(cluster, 4);
    for (let wait = 0; !new RegExp(`${added} +1/1 +Running`).test(output) && wait < 100;
      wait++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    watch.kill();
    const lines = output.split('\n').filter((line) => line.startsWith(added));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines[0]).toMatch(/0\/1 +(Pending|ContainerCreating)/);
    expect(lines.at(-1)).toMatch(/1\/1 +Running/);
  });

  it('kubectl scale of a deployment and a statefulset writes spec.replicas', async () => {
    const scaled = await run(['scale', 'deployment', 'web', '--replicas=2']);
    expect(scaled.stdout).toBe('deployment.apps/web scaled\n');
    const sts = await run(['scale', 'sts/db', '--replicas=3']);
    expect(sts.stdout).toBe('statefulset.apps/db scaled\n');
    await cluster.env.scheduler.run({ untilMs: cluster.env.scheduler.nowMs() + 60_000 });
    const deployment = cluster.api.store.get<V1Deployment>('apps/deployments', 'default/web')!;
    expect(deployment.spec?.replicas).toBe(2);
    expect(deployment.status?.replicas).toBe(2);
    expect(cluster.api.getPod('default/db-2')?.status?.phase).toBe('Running');
  });

  // A Deployment's pod: its replacement has another name. (kubectl's wait lists the name after
  // its first GET; a StatefulSet pod deleted and recreated in between, which a sim running
  // seconds per real millisecond can do, would leave it waiting for the new pod to go.)
  it('kubectl delete pod deletes gracefully and waits until the kubelet is done', async () => {
    const name = cluster.api.listPods().map((pod) => pod.metadata!.name!)
      .find((pod) => pod.startsWith('web-'))!;
    const deleted = await whileRunning(run(['delete', 'pod', name]));
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toBe(`pod "${name}" deleted\n`);
    expect(cluster.api.getPod(`default/${name}`)).toBeUndefined();
    await cluster.env.scheduler.run({ untilMs: cluster.env.scheduler.nowMs() + 30_000 });
    const web = cluster.api.store.get<V1Deployment>('apps/deployments', 'default/web')!;
    expect(web.status?.readyReplicas).toBe(web.spec?.replicas);
  });

  it('kubectl label node adds and removes a label', async () => {
    expect((await run(['label', 'node', 'node-0', 'pool=blue'])).stdout)
      .toBe('node/node-0 labeled\n');
    expect(cluster.api.getNode('node-0')?.metadata?.labels?.['pool']).toBe('blue');
    // kubectl v1.20 says `labeled` for a removal too.
    expect((await run(['label', 'node', 'node-0', 'pool-'])).stdout)
      .toBe(`node/node-0 ${oldClient ? '' : 'un'}labeled\n`);
    expect(cluster.api.getNode('node-0')?.metadata?.labels?.['pool']).toBeUndefined();
  });

  it('kubectl apply and replace change a ConfigMap', async () => {
    const manifest = (maxPool: number): string => JSON.stringify({ apiVersion: 'v1',
      kind: 'ConfigMap', metadata: { name: 'eni-config', namespace: 'kube-system' },
      data: { eni_conf: `{"version":"1","max_pool_size":${maxPool}}` } });
    writeFileSync(join(dir, 'cm.json'), manifest(10));
    const applied = await run(['apply', ...validate, '-f', join(dir, 'cm.json')]);
    expect(applied.stdout).toBe('configmap/eni-config configured\n');
    const data = (): Record<string, string> | undefined =>
      cluster.api.store.get<V1ConfigMap>('configmaps', 'kube-system/eni-config')?.data;
    // A first apply merges into what is there: keys it does not mention stay.
    expect(data()).toMatchObject({ eni_conf: '{"version":"1","max_pool_size":10}' });
    expect(Object.keys(data() ?? {}).sort()).toEqual(['10-terway.conf', 'eni_conf']);
    writeFileSync(join(dir, 'cm.json'), manifest(20));
    const replaced = await run(['replace', ...validate, '-f', join(dir, 'cm.json')]);
    expect(replaced.stdout).toBe('configmap/eni-config replaced\n');
    expect(data()).toEqual({ eni_conf: '{"version":"1","max_pool_size":20}' });
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'eni-config', namespace: 'kube-system' }, data: { eni_conf: true } }));
    const refused = await run(['replace', ...validate, '-f', join(dir, 'bad.json')]);
    expect(refused.stderr).toMatch(/data.eni_conf: expected a string/);
  });

  it.each([
    { args: ['create', 'deployment', 'x', '--image=nginx'], message: /not supported/ },
    { args: ['delete', 'node', 'node-0'], message: /DELETE of nodes is not supported/ },
    { args: ['annotate', 'node', 'node-0', 'a=b'], message: /only metadata.labels of a node/ },
    { args: ['get', 'leases', '-A'], message: /doesn't have a resource type "leases"/ },
  ])('kubectl $args.0 $args.1 is refused with what is supported', async ({ args, message }) => {
    const result = await run(args);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
  });

  it('a kubeconfig without the right token is refused', async () => {
    const result = await run(['get', 'pods'], 'wrong');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/You must be logged in to the server/);
    const node = cluster.api.getNode('node-0') as V1Node;
    expect(node.metadata?.name).toBe('node-0');
  });
});
