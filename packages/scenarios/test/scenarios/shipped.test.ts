// Every scenario shipped in scenarios/ is a test: it must load, run, and pass its own
// expectations, with every invariant checked after every event on small clusters (large ones get
// the targeted per-event checks and full checks every sample, as `terway-sim run` does).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { runScenario } from '../../src/run/runner.js';

const root = join(import.meta.dirname, '..', '..', '..', '..', 'scenarios');
const files = [
  ...readdirSync(root)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => join(root, name)),
  ...readdirSync(join(root, 'failures'))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => join(root, 'failures', name)),
].sort();
const everyEventNodesMax = 5;

describe('shipped scenarios', () => {
  it('are all found', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files.map((file) => [file.slice(root.length + 1), file]))(
    '%s passes its expectations',
    async (_name, file) => {
      const loaded = loadScenarioFile(file);
      if (!loaded.ok) throw new Error(loaded.error.map((problem) => problem.message).join('\n'));
      const nodes = loaded.value.scenario.cluster.nodeGroups.reduce(
        (sum, group) => sum + group.count,
        0,
      );
      const outcome = await runScenario(loaded.value, {
        checkEveryEvent: nodes <= everyEventNodesMax,
      });
      if (!outcome.ok) throw new Error(outcome.error.join('\n'));
      expect(outcome.value.violation).toBeUndefined();
      const failed = outcome.value.report.assertions.filter((assertion) => !assertion.ok);
      expect(failed).toEqual([]);
    },
    600_000,
  );
});

describe('statefulset-sticky-ip', () => {
  it('keeps the IP while other pods are handed addresses during the pod\'s absence', async () => {
    const loaded = loadScenarioFile(join(root, 'failures', 'statefulset-sticky-ip.yaml'));
    if (!loaded.ok) throw new Error('load');
    const outcome = await runScenario(loaded.value, { keepEvents: true });
    if (!outcome.ok) throw new Error(outcome.error.join('\n'));
    const ipEvents = outcome.value
      .eventLines!.map(
        (line) => JSON.parse(line) as { kind: string; t: number; pod: string; ips: string[] },
      )
      .filter((event) => event.kind === 'pod.ip');
    const db1 = ipEvents.filter((event) => event.pod === 'default/db-1');
    expect(db1).toHaveLength(2);
    const [first, second] = db1;
    const rivalsMeanwhile = ipEvents.filter(
      (event) =>
        event.pod.startsWith('default/rivals-') && event.t > first!.t && event.t < second!.t,
    );
    expect(rivalsMeanwhile.length).toBeGreaterThan(0);
    expect(rivalsMeanwhile.every((event) => event.ips[0] !== first!.ips[0])).toBe(true);
    expect(second!.ips[0]).toBe(first!.ips[0]);
  }, 120_000);
});
