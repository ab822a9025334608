// `terway-sim inspect … ip|tc NODE[/POD] …` end to end: a run keeps a checkpoint at 3m, and the
// kernel model's namespaces of that instant print as iproute2 prints them. The pod's address,
// the host's route to it and the ENI's default qdisc are checked against the checkpoint's own
// records (the pod's status IP), not against the renderer.

import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint } from '@terway-sim/world';
import { run } from './io.js';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const quickstart = join(root, 'scenarios', 'quickstart.yaml');

type KeptPod = { metadata: { namespace: string; name: string }; status?: { podIP?: string } };

describe('terway-sim inspect: ip and tc', () => {
  let runDir = '';
  let pod = { node: '', key: '', ip: '' };
  beforeAll(async () => {
    process.env['XDG_CACHE_HOME'] = mkdtempSync(join(tmpdir(), 'terway-sim-cache-'));
    runDir = mkdtempSync(join(tmpdir(), 'terway-sim-inspect-ip-'));
    const done = await run(['run', quickstart, '--out', runDir, '--checkpoint-at', '3m']);
    expect(done.code).toBe(0);
    const dir = join(runDir, 'checkpoints');
    const kept = decodeCheckpoint(readFileSync(join(dir, readdirSync(dir)[0]!)));
    if (!kept.ok) throw new Error(kept.error);
    const node = kept.value.nodes[0]!;
    const key = Object.keys(node.podNamespaces)[0]!;
    const ip = (kept.value.objects('pods') as readonly KeptPod[]).find((candidate) =>
      `${candidate.metadata.namespace}/${candidate.metadata.name}` === key)?.status?.podIP ?? '';
    pod = { node: node.name, key, ip };
    expect(ip).not.toBe('');
  }, 120_000);

  it('ip NODE/POD addr shows the pod\'s IP on its eth0; the host routes it to a veth', async () => {
    const inPod = await run(['inspect', runDir, '--at', '3m', 'ip', `${pod.node}/${pod.key}`,
      'addr', 'show', 'dev', 'eth0']);
    expect(inPod.err).toBe('');
    expect(inPod.out).toMatch(/^\d+: eth0@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500/);
    expect(inPod.out).toContain(`    inet ${pod.ip}/32 scope global eth0\n`);
    const host = await run(['inspect', runDir, '--at', '3m', 'ip', pod.node, 'r']);
    expect(host.out).toMatch(new RegExp(`^${pod.ip.replaceAll('.', '\\.')} dev cali[0-9a-f]+ ` +
      'scope link $', 'm'));
  });

  it('tc NODE qdisc show dev eth0: the ENI\'s default mq with a pfifo_fast per queue', async () => {
    const shown = await run(['inspect', runDir, '--at', '3m', 'tc', pod.node, 'qdisc', 'show',
      'dev', 'eth0']);
    expect(shown.out.split('\n')[0]).toBe('qdisc mq 0: root ');
    expect(shown.out).toMatch(/^qdisc pfifo_fast 0: parent :1 bands 3 priomap/m);
  });

  it('refuses bad input with one line naming what exists, exit 2', async () => {
    const cases: ReadonlyArray<{ readonly argv: string[]; readonly says: RegExp }> = [
      { argv: ['ip', pod.node, 'route', 'add', 'default'], says: /only show is offered/ },
      { argv: ['ip', pod.node, 'addr', 'show', 'dev', 'eth7'],
        says: /Cannot find device "eth7"; devices here: lo, eth0/ },
      { argv: ['ip', `${pod.node}/nope`, 'a'], says: /no pod default\/nope .*; pods there: / },
      { argv: ['tc', 'nope', 'qdisc'], says: /no node nope; nodes: / },
    ];
    for (const { argv, says } of cases) {
      const result = await run(['inspect', runDir, '--at', '3m', ...argv]);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.err, argv.join(' ')).toMatch(says);
      expect(result.err.trim().split('\n'), argv.join(' ')).toHaveLength(1);
    }
  });
});
