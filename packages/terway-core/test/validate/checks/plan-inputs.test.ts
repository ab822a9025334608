// The plan against the config: pods per node beyond a type's capacity were capped in silence,
// and a --vswitch the config does not list was ignored (issue 17).
import { describe, expect, it } from 'vitest';
import { c6large, clean, g7xlarge, lint, only } from '../helpers.js';

describe('plan inputs', () => {
  it('refuses more planned pods per node than the type gives IPs', () => {
    const table = [
      { type: c6large, podsPerNode: 6, exclusive: false, found: 0 },
      { type: c6large, podsPerNode: 7, exclusive: false, found: 1 },
      { type: g7xlarge, podsPerNode: 400, exclusive: false, found: 1 },
      { type: g7xlarge, podsPerNode: 4, exclusive: true, found: 1 },
      { type: g7xlarge, podsPerNode: 3, exclusive: true, found: 0 },
    ];
    for (const row of table) {
      const report = lint(clean, { instanceTypes: [row.type], podsPerNode: row.podsPerNode,
        daemonMode: row.exclusive ? 'ENIOnly' : 'ENIMultiIP' });
      expect(only(report, 'plan-pods-above-capacity'), JSON.stringify(row)).toHaveLength(row.found);
    }
    const [finding] = only(lint(clean, { instanceTypes: [c6large], podsPerNode: 400 }), 'plan-pods-above-capacity');
    expect(finding).toMatchObject({ severity: 'error', path: '--pods-per-node', message:
      '400 pods per node, but ecs.c6.large gives at most 6 pod IPs with this config (1 ENI × 6 IPs): ' +
      '394 pods per node would never get an IP. Plan at most 6, a larger type, or more nodes; set kubelet maxPods to match (F04)' });
  });

  it('reports a --vswitch the config does not list', () => {
    const report = lint(clean, { vSwitches: { 'vsw-pod1': { availableIpCount: 100 }, 'vsw-other': { cidr: '10.0.0.0/24' } } });
    expect(only(report, 'plan-vswitch-unknown')).toEqual([expect.objectContaining({ path: '--vswitch',
      message: expect.stringContaining('--vswitch vsw-other is not in eni_conf.vswitches, so its size is not used by any check; eni_conf lists vsw-pod1') })]);
  });
});
