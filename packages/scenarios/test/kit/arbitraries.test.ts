// The arbitraries produce scenario files the runner accepts, within the kit's size bounds, and
// eni-configs whose planted mistakes `terway-sim validate` reports at the right key. These run
// without simulating anything (fast), so they can try many cases.

import { validateEniConfig } from '@terway-sim/terway-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../src/scenario/load.js';
import { scenarioSchema } from '../../src/scenario/schema/index.js';
import {
  composeEniConf, durationMaxMs, eniConfigArbitrary, expectedDiagnostic, nodesMax, podsMax,
  scenarioArbitrary, scenarioYaml, zones,
} from '../../src/testing/index.js';

const seed = 0x5eed;

describe('scenario arbitrary', () => {
  it('makes documents the scenario schema accepts, also through YAML', () => {
    fc.assert(fc.property(scenarioArbitrary({ configMistakes: true }), (generated) => {
      expect(scenarioSchema.safeParse(generated.document).success).toBe(true);
      const loaded = parseScenarioText(scenarioYaml(generated.document), '/kit/generated.yaml');
      expect(loaded.ok ? [] : loaded.error).toEqual([]);
    }), { numRuns: 300, seed });
  });

  it('stays within the bounds: ≤ 4 nodes, ≤ 80 pods at once, ≤ 30 minutes', () => {
    fc.assert(fc.property(scenarioArbitrary(), (generated) => {
      const scenario = scenarioSchema.parse(generated.document);
      const nodes = scenario.cluster.nodeGroups.reduce((sum, group) => sum + group.count, 0);
      expect(nodes).toBeLessThanOrEqual(nodesMax);
      expect(generated.facts.peakPods).toBeLessThanOrEqual(podsMax);
      expect(scenario.duration).toBeLessThanOrEqual(durationMaxMs);
      const instants = [
        ...scenario.workload.map((item) => ('at' in item ? item.at : item.to)),
        ...scenario.faults.map((fault) => ('at' in fault ? fault.at : fault.to ?? fault.from)),
      ];
      expect(Math.max(0, ...instants)).toBeLessThanOrEqual(scenario.duration);
    }), { numRuns: 300, seed });
  });

  it('expects every pod Ready only of scenarios that heal, and most healing scenarios do', () => {
    let expected = 0;
    fc.assert(fc.property(scenarioArbitrary({ healing: true }), (generated) => {
      const ready = (generated.document.expect ?? []).some((item) => item.kind === 'allPodsReady');
      expect(ready).toBe(generated.facts.notHealedBecause.length === 0);
      if (ready) {
        expected++;
        expect(generated.facts.peakPods).toBeLessThanOrEqual(generated.facts.capacity!);
      }
    }), { numRuns: 200, seed });
    expect(expected).toBeGreaterThan(80);
  });

  it('generates every mode, every fault kind and API error code, every workload kind', () => {
    const seen = new Set<string>();
    fc.sample(scenarioArbitrary(), { numRuns: 300, seed }).forEach((generated) => {
      seen.add(`mode:${generated.document.cluster.mode}`);
      generated.document.workload?.forEach((item) => seen.add(`workload:${item.kind}`));
      generated.document.faults?.forEach((fault) =>
        seen.add(`fault:${fault.kind === 'apiError' ? fault.code : fault.kind}`));
    });
    expect([...seen].sort()).toEqual([
      'fault:InternalError', 'fault:InvalidVSwitchId.IpNotEnough', 'fault:Operation.Conflict',
      'fault:ServiceUnavailable', 'fault:Throttling', 'fault:Timeout', 'fault:TimeoutApplied',
      'fault:daemonRestart', 'fault:eniStuckAttaching', 'fault:metadata', 'fault:nodeLoss',
      'fault:regionOutage', 'mode:eni', 'mode:eniip', 'mode:trunk', 'mode:vpc',
      'workload:deployment', 'workload:jobs', 'workload:statefulset',
    ]);
  });
});

describe('eni-config arbitrary', () => {
  const mistakeCodes = [
    'unknown-key', 'pool-min-above-max', 'reclaim-duration-invalid', 'pool-sync-period-invalid',
  ];

  it('plants mistakes terway-sim validate reports at the key, and none in valid configs', () => {
    const inZones = fc.subarray([...zones], { minLength: 1 });
    fc.assert(fc.property(eniConfigArbitrary({ mistakes: true }), inZones, (generated, chosen) => {
      const report = validateEniConfig(JSON.stringify(composeEniConf(generated, chosen)));
      for (const mistake of generated.mistakes) {
        const want = expectedDiagnostic(mistake);
        const paths = report.diagnostics.filter((d) => d.code === want.code).map((d) => d.path);
        expect(paths).toContain(want.path);
      }
      if (generated.mistakes.length === 0) {
        expect(report.diagnostics.filter((d) => mistakeCodes.includes(d.code))).toEqual([]);
        expect(report.ok).toBe(true);
      }
    }), { numRuns: 300, seed });
  });

  it('plants each kind of mistake', () => {
    const kinds = new Set(fc.sample(eniConfigArbitrary({ mistakes: true }), { numRuns: 200, seed })
      .flatMap((generated) => generated.mistakes.map((mistake) => mistake.kind)));
    expect([...kinds].sort()).toEqual(['bad-duration', 'min-above-max', 'misspelled-key']);
  });
});
