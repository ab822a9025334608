// scenarios/centralized-ipam.yaml, beyond its own expectations: the warm-up asks for
// ip_warm_up_size IPs on each node's first ENI before any pod exists, the controlplane restart
// lands in the middle of the scale-out, and after the scale-down the idle IPs go back.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { runScenario } from '../../src/run/runner.js';

const file = join(import.meta.dirname, '..', '..', '..', '..', 'scenarios',
  'centralized-ipam.yaml');

interface Line {
  readonly kind: string;
  readonly t: number;
  readonly reason?: string;
  readonly message?: string;
  readonly api?: string;
}

describe('centralized-ipam', () => {
  it('warms up, survives a controlplane restart mid-allocation and reclaims idle IPs',
    async () => {
      const loaded = loadScenarioFile(file);
      if (!loaded.ok) throw new Error('load');
      const outcome = await runScenario(loaded.value, { keepEvents: true });
      if (!outcome.ok) throw new Error(outcome.error.join('\n'));
      const lines = outcome.value.eventLines!.map((line) => JSON.parse(line) as Line);
      const events = lines.filter((line) => line.kind === 'k8s.event');
      const created = events.filter((line) => line.reason === 'CreateENISucceed');
      // Warm-up: before the deployment (1m), each node's first ENI brings the 10 warm IPs.
      const early = created.filter((line) => line.t < 60_000);
      expect(early).toHaveLength(3);
      expect(early.every((line) => line.message!.includes('(IPv4=10 '))).toBe(true);
      // The restart happens while the scale-out is still being served.
      const restart = lines.find((line) => line.kind === 'controlplane.restart')!;
      expect(restart.t).toBe(305_000);
      expect(created.some((line) => line.t > 300_000 && line.t < restart.t)).toBe(true);
      expect(events.some((line) => line.reason === 'AttachENISucceed' && line.t > restart.t))
        .toBe(true);
      // Idle reclaim after the scale-down at 12m, before teardown (25m).
      const reclaimed = lines.filter((line) => line.kind === 'cloud.api' && line.t > 720_000
        && line.t < 1_500_000 && (line.api === 'UnassignPrivateIpAddresses'
          || line.api === 'DeleteNetworkInterface'));
      expect(reclaimed.length).toBeGreaterThan(0);
      expect(outcome.value.report.assertions.filter((assertion) => !assertion.ok)).toEqual([]);
    }, 300_000);
});
