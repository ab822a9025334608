// Changes during a run (schema/changes.ts, run/change-plan.ts, world changes/rollout.ts): each
// kind has its documented effect at its instant, a rollout goes batch by batch, the daemons read
// the new eni-config when they restart, and the changes' checks name what exists.

import { isJsonObject } from '@terway-sim/terway-core';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { RunSession } from '../../src/run/runner.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { baseScenario, problemsOf } from '../scenario/base.js';

/** The input tests' scenario, with its security group declared so that pods get IPs. */
function withChanges(changes: readonly unknown[]): Record<string, unknown> {
  const base = baseScenario();
  const cloud = base['cloud'] as Record<string, unknown>;
  return { ...base, cloud: { ...cloud, securityGroups: [{ id: 'sg-a' }] }, duration: '10m',
    expect: [], changes };
}

async function runTo(changes: readonly unknown[], atMs: number): Promise<RunSession> {
  const loaded = parseScenarioText(stringify(withChanges(changes)), '/changes.yaml');
  if (!loaded.ok) throw new Error(loaded.error.map((problem) => problem.message).join('\n'));
  const started = await RunSession.start(loaded.value, { keepEvents: true });
  if (!started.ok) throw new Error(started.error.join('\n'));
  await started.value.advanceTo(atMs);
  return started.value;
}

function kinds(session: RunSession, prefix: string): Array<Record<string, unknown>> {
  return session.world.env.log.lines().map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((event) => String(event['kind']).startsWith(prefix));
}

describe('changes during a run', () => {
  it('rolls a config patch out batch by batch; restarted daemons read it', async () => {
    const session = await runTo([{ kind: 'configChange', at: '2m', patch: { max_pool_size: 7 },
      rollout: { maxUnavailable: 2, pause: '30s' } }], 5 * 60_000);
    const batches = kinds(session, 'change.rollout.batch');
    expect(batches.map((event) => ({ t: event['t'], nodes: event['nodes'] }))).toEqual([
      { t: 120_000, nodes: 'pool-0,pool-1' },
      { t: expect.any(Number) as number, nodes: 'pool-2' },
    ]);
    expect(Number(batches[1]!['t'])).toBeGreaterThanOrEqual(150_000);
    expect(session.changeRecords).toEqual([{ kind: 'configChange', atMs: 120_000,
      result: 'rollout', rollout: { kind: 'done', nodes: ['pool-0', 'pool-1', 'pool-2'],
        tookMs: expect.any(Number) as number } }]);
    for (const node of session.world.liveNodes().values()) {
      expect(node.pool?.status().length).toBeLessThanOrEqual(30);
    }
    expect(session.world.eniConf['max_pool_size']).toBe(7);
  }, 120_000);

  it('labels, cordons, drains, refuses a quota below use and adds a vSwitch', async () => {
    const session = await runTo([
      { kind: 'nodeLabel', at: '2m', node: 'pool-0', labels: { team: 'a' } },
      { kind: 'cordon', at: '2m', node: 'pool-1' },
      { kind: 'drain', at: '3m', node: 'pool-2' },
      { kind: 'quotaChange', at: '2m', enisPerRegion: 1 },
      { kind: 'quotaChange', at: '2m', routeEntryQuota: 300 },
      { kind: 'vSwitchAdd', at: '2m', id: 'vsw-more', zone: 'cn-hangzhou-i',
        cidr: '192.168.64.0/20', addToEniConfig: true },
    ], 4 * 60_000);
    const { world } = session;
    expect(world.api.getNode('pool-0')?.metadata?.labels?.['team']).toBe('a');
    expect(world.api.getNode('pool-1')?.spec?.unschedulable).toBe(true);
    expect(world.api.getNode('pool-2')?.spec?.unschedulable).toBe(true);
    expect(world.api.listPodsOnNode('pool-2')).toEqual([]);
    const refused = session.changeRecords.filter((record) => record.result === 'refused');
    expect(refused).toEqual([{ kind: 'quotaChange', atMs: 120_000, result: 'refused',
      reason: expect.stringMatching(/^enisPerRegion 1 is below the \d+ ENIs held$/) as string }]);
    expect(world.cloud.emulator.quotas.routeEntriesPerTable).toBe(300);
    const zones = world.eniConf['vswitches'];
    expect(isJsonObject(zones) && zones['cn-hangzhou-i']).toEqual([world.mintedId('vsw-pods'),
      world.mintedId('vsw-more')]);
    expect(world.mintedId('vsw-more')).toMatch(/^vsw-/);
  }, 120_000);
});

describe('checks of changes', () => {
  const cases: ReadonlyArray<{ name: string; change: Record<string, unknown>;
    expected: string }> = [
    { name: 'unknown group', change: { kind: 'configChange', group: 'gpu', patch: {} },
      expected: 'changes.0.group: no node group "gpu"; the groups are pool' },
    { name: 'unknown node', change: { kind: 'drain', at: '1m', node: 'pool-7' },
      expected: 'changes.0.node: "pool-7" never exists; at 1m pool has pool-0, pool-1, pool-2' },
    { name: 'unknown vSwitch', change: { kind: 'configChange',
      patch: { vswitches: { 'cn-hangzhou-i': ['vsw-x'] } } },
    expected: 'changes.0.patch.vswitches.cn-hangzhou-i: no vSwitch "vsw-x" is declared in ' +
      'cloud.vSwitches or added by an earlier vSwitchAdd; the vSwitches are vsw-nodes, vsw-pods' },
    { name: 'unknown eni_conf key', change: { kind: 'configChange', patch: { max_pool: 3 } },
      expected: 'changes.0.patch.max_pool: eni_conf has no key "max_pool": Terway would ignore ' +
        'it; did you mean "max_pool_size"?' },
    { name: 'nodeConfig without a group', change: { kind: 'configChange',
      nodeConfig: { max_pool_size: 3 } },
    expected: 'changes.0.group: `nodeConfig` changes one group\'s dynamic config: name the ' +
      '`group`' },
    { name: 'two documents', change: { kind: 'configChange', patch: {}, eniConfig: {} },
      expected: 'changes.0.patch: name exactly one of `eniConfig` (the new eni_conf), `patch` ' +
        '(a merge patch of it) or `nodeConfig` (a merge patch of the group\'s dynamic config)' },
    { name: 'unknown zone', change: { kind: 'vSwitchAdd', id: 'vsw-n', zone: 'cn-hangzhou-z',
      cidr: '192.168.64.0/20' },
    expected: 'changes.0.zone: no zone "cn-hangzhou-z" in this cluster\'s region; the zones are ' +
      'cn-hangzhou-i' },
    { name: 'after the end', change: { kind: 'cordon', at: '2h', group: 'pool' },
      expected: 'changes.0.at: 2h is after the run\'s end (duration 10m): it would never happen' },
  ];
  for (const { name, change, expected } of cases) {
    it(name, () => {
      expect(problemsOf(withChanges([change]))).toContain(expected);
    });
  }

  it('accepts a vSwitch that an earlier change adds', () => {
    expect(problemsOf(withChanges([
      { kind: 'vSwitchAdd', at: '1m', id: 'vsw-n', zone: 'cn-hangzhou-i', cidr: '192.168.64.0/20' },
      { kind: 'configChange', at: '2m', patch: { vswitches: { 'cn-hangzhou-i': ['vsw-n'] } } },
    ]))).toEqual([]);
  });
});
