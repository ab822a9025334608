// `terway-sim inspect … kubectl …` end to end, from a replay and from a kept checkpoint: the
// table is the API server's objects at the instant (checked against the pod objects of that
// checkpoint), describe shows Terway's events, and a bad resource is one line with exit 2.

import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint } from '@terway-sim/world';
import { run } from './io.js';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const quickstart = join(root, 'scenarios', 'quickstart.yaml');

interface KeptPod {
  readonly metadata: { namespace: string; name: string };
  readonly spec: { nodeName?: string };
  readonly status?: { podIP?: string; phase?: string };
}

describe('terway-sim inspect: kubectl', () => {
  let runDir = '';
  let pods: readonly KeptPod[] = [];
  beforeAll(async () => {
    process.env['XDG_CACHE_HOME'] = mkdtempSync(join(tmpdir(), 'terway-sim-cache-'));
    runDir = mkdtempSync(join(tmpdir(), 'terway-sim-inspect-kubectl-'));
    const done = await run(['run', quickstart, '--out', runDir, '--checkpoint-at', '3m']);
    expect(done.code).toBe(0);
    const dir = join(runDir, 'checkpoints');
    const kept = decodeCheckpoint(readFileSync(join(dir, readdirSync(dir)[0]!)));
    if (!kept.ok) throw new Error(kept.error);
    pods = kept.value.objects('pods') as readonly KeptPod[];
  }, 120_000);

  it('get pods -o wide lists every pod of the instant with its IP and node', async () => {
    for (const target of [runDir, quickstart]) {
      const shown = await run(['inspect', target, '--at', '3m', 'kubectl', 'get', 'pods',
        '-o', 'wide']);
      expect(shown.err).toBe('');
      const lines = shown.out.trim().split('\n');
      expect(lines[0]).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE/);
      expect(lines).toHaveLength(pods.length + 1);
      for (const pod of pods.slice(0, 5)) {
        expect(shown.out).toMatch(new RegExp(`^${pod.metadata.name} +1/1 +Running +0 +\\S+ +` +
          `${pod.status!.podIP!.replaceAll('.', '\\.')} +${pod.spec.nodeName} `, 'm'));
      }
    }
  }, 120_000);

  it('describe pod shows the scheduler\'s and Terway\'s events', async () => {
    const pod = pods[0]!;
    const shown = await run(['inspect', runDir, '--at', '3m', 'kubectl', 'describe', 'pod',
      pod.metadata.name]);
    expect(shown.out).toMatch(/^Name: +web-/);
    expect(shown.out).toMatch(/Normal +Scheduled +\S+ +default-scheduler +Successfully assigned/);
    expect(shown.out).toMatch(/Normal +AllocIPSucceed +\S+ +terway-daemon +Alloc IP /);
  });

  it('refuses an unknown resource with one line naming what exists, exit 2', async () => {
    const shown = await run(['inspect', runDir, '--at', '3m', 'kubectl', 'get', 'widgets']);
    expect(shown.code).toBe(2);
    expect(shown.err).toMatch(
      /the server doesn't have a resource type "widgets" \(known: configmaps/,
    );
    expect(shown.err.trim().split('\n')).toHaveLength(1);
  });
});
