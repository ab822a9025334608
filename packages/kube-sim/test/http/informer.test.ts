// An Informer from @kubernetes/client-node against the face: it lists pods, then watches from
// the list's resourceVersion, so the pods a scale-up creates arrive as `add` and their status
// writes as `update`, and a deleted pod as `delete`; the informer's cache ends equal to the
// store.

import {
  CoreV1Api, KubeConfig, makeInformer, type V1Pod,
} from '@kubernetes/client-node';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeconfig } from '../../src/http/kubeconfig.js';
import { buildKubeServer } from '../../src/http/server.js';
import { scaleWebUp, servedCluster } from './served-cluster.js';

const token = 'informer-token';

describe('a client-node Informer', () => {
  let cluster: Awaited<ReturnType<typeof servedCluster>>;
  let app: FastifyInstance;
  let config: KubeConfig;

  beforeAll(async () => {
    cluster = await servedCluster(6);
    app = buildKubeServer({ api: cluster.api, clock: cluster.env.scheduler }, { token });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    config = new KubeConfig();
    config.loadFromString(kubeconfig({ server: url, token }));
  });
  afterAll(async () => {
    await app.close();
  });

  it('lists, then sees pods added, updated and deleted through its watch', async () => {
    const core = config.makeApiClient(CoreV1Api);
    const informer = makeInformer(config, '/api/v1/namespaces/default/pods',
      () => core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' }), 'app=web');
    const seen: string[] = [];
    informer.on('add', (pod: V1Pod) => seen.push(`add ${pod.metadata?.name}`));
    informer.on('update', (pod: V1Pod) => seen.push(`update ${pod.metadata?.name}`));
    informer.on('delete', (pod: V1Pod) => seen.push(`delete ${pod.metadata?.name}`));
    const errors: unknown[] = [];
    informer.on('error', (error: unknown) => errors.push(error));
    await informer.start();
    expect(seen.filter((entry) => entry.startsWith('add'))).toHaveLength(3);

    const { added, before } = await scaleWebUp(cluster, 4);
    const removed = [...before].find((name) => name?.startsWith('web-'))!;
    cluster.api.deletePod(`default/${removed}`);
    await cluster.env.scheduler.run({ untilMs: cluster.env.scheduler.nowMs() + 60_000 });
    for (let wait = 0; !seen.includes(`delete ${removed}`) && wait < 200; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await informer.stop();
    expect(errors).toEqual([]);
    expect(seen).toContain(`add ${added}`);
    expect(seen).toContain(`update ${added}`);
    expect(seen).toContain(`delete ${removed}`);
    const cached = informer.list('default').map((pod) => pod.metadata?.name).sort();
    const stored = cluster.api.listPods().filter((pod) => pod.metadata?.labels?.['app'] === 'web')
      .map((pod) => pod.metadata?.name).sort();
    expect(cached).toEqual(stored);
  });
});
