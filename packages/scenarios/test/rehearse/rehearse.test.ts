// `terway-sim rehearse` end to end, each case with its report checked: a harmless change passes;
// max_pool_size halved on a busy cluster releases idle IPs and says so; a pod vSwitch replaced by
// a smaller one starves the pods made after the rollout (exit 1); a node-group override with a
// bad duration fails the daemons (exit 1); bad input is refused before anything runs (exit 2).

import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RehearsalReport } from '../../src/rehearse/rehearse.js';
import { run } from '../cli/io.js';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

async function rehearseJson(args: readonly string[]): Promise<{ code: number;
  report: RehearsalReport }> {
  const result = await run(['rehearse', ...args, '--json']);
  return { code: result.code, report: JSON.parse(result.out) as RehearsalReport };
}

describe('terway-sim rehearse', () => {
  it('passes a harmless change: every pod keeps its IP, nothing fails or leaks', async () => {
    const { code, report } = await rehearseJson([fixture('busy.yaml'), '--changes',
      fixture('harmless.yaml'), '--at', '5m']);
    expect(report.reasons).toEqual([]);
    expect(code).toBe(0);
    const { rollout, rollback } = report.runs;
    expect(rollout.rollout).toMatchObject({ state: 'done', updated: 3 });
    expect(rollout.pods.lostIp).toEqual([]);
    expect(rollout.pods.keptIp).toBe(rollout.pods.readyAtChange);
    expect(rollout.pods.readyAtChange).toBeGreaterThan(0);
    expect(rollout.daemons.failedStarts).toBe(0);
    expect(rollout.leaksAfterTeardown).toBe(0);
    expect(rollback.rollout.state).toBe('done');
    expect(report.rollbackAtMs).toBe(750_000);
    expect(rollout.api.busiest?.limitPerMinute).toBeGreaterThan(0);
    // The same inputs give the same three histories.
    const again = await rehearseJson([fixture('busy.yaml'), '--changes',
      fixture('harmless.yaml'), '--at', '5m']);
    expect(again.report).toEqual(report);
  }, 240_000);

  it('reports the idle IPs released when max_pool_size is halved on a busy cluster',
    async () => {
      const out = join(mkdtempSync(join(tmpdir(), 'rehearse-')), 'out');
      const result = await run(['rehearse', fixture('busy.yaml'), '--eni-config',
        fixture('eni-config-halved.json'), '--at', '5m', '--out', out]);
      expect(result.code).toBe(0);
      expect(result.out).toContain('idle pool IPs at the end: 25 without the change, 15 with it ' +
        '(10 released to the vSwitch)');
      expect(existsSync(join(out, 'rehearsal.json'))).toBe(true);
      expect(result.out).toContain('pods Ready at the change:\n  baseline  15: 15 kept');
    }, 180_000);

  it('fails a pod vSwitch replaced by a smaller one: new pods get no IP after the rollout',
    async () => {
      const { code, report } = await rehearseJson([fixture('grow.yaml'), '--changes',
        fixture('small-vswitch.yaml'), '--at', '5m']);
      expect(code).toBe(1);
      const { baseline, rollout, rollback } = report.runs;
      expect(baseline.newPods.notReady).toEqual([]);
      expect(rollout.newPods.notReady.length).toBeGreaterThan(0);
      expect(report.reasons).toEqual([expect.stringMatching(
        /^rollout: \d+ pod\(s\) created after the change are not Ready at the end/)]);
      // The rollback puts the old vSwitch back; the small one stays in the VPC.
      expect(rollback.newPods.notReady).toEqual([]);
      expect(report.notes).toContain('not rolled back: vSwitchAdd vsw-small: the vSwitch stays ' +
        'in the VPC');
    }, 180_000);

  it('fails a rollout whose node-group override stops the daemons on some nodes', async () => {
    const { code, report } = await rehearseJson([fixture('busy.yaml'), '--changes',
      fixture('bad-override.yaml'), '--at', '5m']);
    expect(code).toBe(1);
    const { rollout, rollback } = report.runs;
    // Two nodes at a time: the first batch never comes back, so the third node is never touched.
    expect(rollout.rollout).toMatchObject({ state: 'stalled', waitingOn: ['pool-0', 'pool-1'],
      updated: 0, notStarted: 1 });
    expect(rollout.daemons.failedNodes).toEqual(['pool-0', 'pool-1']);
    expect(rollout.daemons.downAtEnd).toEqual(['pool-0', 'pool-1']);
    expect(rollout.daemons.firstError).toContain('eni_conf.idle_ip_reclaim_after');
    expect(report.reasons).toContainEqual(expect.stringMatching(
      /^rollout: terway failed to start on 2 node\(s\) \(pool-0, pool-1\): eni_conf\.idle_ip_/));
    expect(report.reasons).toContainEqual(expect.stringMatching(/^rollout: the rollout stalled/));
    // Rolled back, every daemon starts again and the pods made meanwhile get IPs.
    expect(rollback.daemons.downAtEnd).toEqual([]);
    expect(report.reasons.filter((reason) => reason.startsWith('rollback'))).toEqual([]);
  }, 300_000);
});

describe('terway-sim rehearse: bad input (exit 2, nothing run)', () => {
  const cases: ReadonlyArray<{ name: string; args: readonly string[];
    expected: readonly string[] }> = [
    { name: 'unknown group, node, vSwitch and eni_conf key in a change file',
      args: ['--at', '5m', '--changes', fixture('unknown-names.yaml')],
      expected: ['unknown-names.yaml:3:12: changes.0.group: no node group "pool-z"; the groups ' +
        'are pool',
      'changes.0.patch.max_pool_sise: eni_conf has no key "max_pool_sise": Terway would ignore ' +
        'it; did you mean "max_pool_size"?',
      'changes.0.patch.vswitches.cn-hangzhou-i: no vSwitch "vsw-nope" is declared in ' +
        'cloud.vSwitches or added by an earlier vSwitchAdd; the vSwitches are vsw-nodes, vsw-pods',
      'changes.1.node: "pool-9" never exists; at 5m pool has pool-0, pool-1'] },
    { name: 'a change file with schema errors',
      args: ['--at', '5m', '--changes', fixture('broken.yaml')],
      expected: ['broken.yaml:2:5: changes.0.enisPerRegion: name `enisPerRegion`, ' +
        '`routeEntryQuota` or both; this change does nothing',
      'changes.1.patch: name exactly one of `eniConfig`'] },
    { name: 'a change file with nothing in it',
      args: ['--at', '5m', '--changes', fixture('empty.yaml')],
      expected: ['empty.yaml: expected a change list: a list of changes, or a mapping with ' +
        '`changes:`; the file holds nothing'] },
    { name: 'an unknown --group with --eni-config',
      args: ['--eni-config', fixture('eni-config-halved.json'), '--group', 'pool-z'],
      expected: ['--group: no node group "pool-z"; the groups are pool'] },
    { name: 'neither --changes nor --eni-config', args: [],
      expected: ['name the change: exactly one of --eni-config FILE (a new eni-config) or ' +
        '--changes FILE (a change list)'] },
    { name: '--at after the run', args: ['--changes', fixture('harmless.yaml'), '--at', '1h'],
      expected: ['--at "1h": expected a duration after 0 and before the run\'s end'] },
  ];
  for (const { name, args, expected } of cases) {
    it(name, async () => {
      const out = join(mkdtempSync(join(tmpdir(), 'rehearse-')), 'out');
      const result = await run(['rehearse', fixture('grow.yaml'), ...args,
        '--out', out]);
      expect(result.code).toBe(2);
      for (const text of expected) expect(result.err).toContain(text);
      expect(result.out).toBe('');
      expect(existsSync(out)).toBe(false);
    });
  }
});
