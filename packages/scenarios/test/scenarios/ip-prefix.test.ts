// scenarios/ip-prefix.yaml, beyond its own expectations: each node's 100 pods get their addresses
// from the /28 prefixes of one ENI the controlplane created with ipv4_prefix_count prefixes, so
// 200 distinct pod addresses come from 2 ENIs (secondary IPs would give 15 per ENI), and the
// controlplane binds no pod (no AssignPrivateIpAddresses for single IPs).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { runScenario } from '../../src/run/runner.js';

const file = join(import.meta.dirname, '..', '..', '..', '..', 'scenarios', 'ip-prefix.yaml');

/** The event-log fields this test reads (k8s.event and pod.ip lines). */
type Line = Readonly<{ kind: string; reason?: string; message?: string; ips?: string[] }>;

describe('ip-prefix', () => {
  it('serves 100 pods per node from the prefixes of one ENI each', async () => {
    const loaded = loadScenarioFile(file);
    if (!loaded.ok) throw new Error('load');
    const outcome = await runScenario(loaded.value, { keepEvents: true });
    if (!outcome.ok) throw new Error(outcome.error.join('\n'));
    const lines = outcome.value.eventLines!.map((line) => JSON.parse(line) as Line);
    const created = lines.filter((line) => line.kind === 'k8s.event'
      && line.reason === 'CreateENISucceed');
    expect(created).toHaveLength(2);
    expect(created.every((line) => line.message!.includes('(IPv4=0 IPv4Prefix=8)'))).toBe(true);
    const attached = lines.filter((line) => line.kind === 'k8s.event'
      && line.reason === 'AttachENISucceed');
    expect(attached.every((line) => line.message!.includes('8 IPv4Prefixes'))).toBe(true);
    const addresses = new Set(lines.filter((line) => line.kind === 'pod.ip')
      .flatMap((line) => line.ips ?? []));
    expect(addresses.size).toBeGreaterThanOrEqual(200);
    expect([...addresses].every((ip) => ip.startsWith('192.168.'))).toBe(true);
    expect(outcome.value.report.assertions.filter((assertion) => !assertion.ok)).toEqual([]);
  }, 300_000);
});
