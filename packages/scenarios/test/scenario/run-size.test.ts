// A run's size is estimated from the file before anything starts, and a run over a bound is
// refused with the figure, the bound and its reason. The shipped scenarios and the scale bench
// stay well inside every bound.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadScenarioFile, parseScenarioText } from '../../src/scenario/load.js';
import { estimateRunSize, runSizeProblems } from '../../src/scenario/run-size.js';
import type { Scenario } from '../../src/scenario/schema/index.js';
import { baseScenario } from './base.js';

function scenarioOf(change: (document: Record<string, any>) => void): Scenario {
  const document = baseScenario() as Record<string, any>;
  change(document);
  const loaded = parseScenarioText(stringify(document), '/size.yaml');
  if (!loaded.ok) throw new Error(loaded.error.map((problem) => problem.message).join('\n'));
  return loaded.value.scenario;
}

describe('run size', () => {
  it('estimates nodes × time, pods, samples and events', () => {
    const scenario = scenarioOf((d) => {
      d.workload[0].scale = [{ at: '10m', replicas: 60 }, { at: '20m', replicas: 10 }];
      d.workload[0].rollouts = [{ at: '25m' }];
      d.workload.push({ kind: 'jobs', name: 'j', from: '0s', to: '10m', perMinute: 6, runFor: { median: '30s' } });
      d.workload.push({ kind: 'nodes', group: 'pool', at: '5m', count: 5 });
    });
    expect(estimateRunSize(scenario)).toEqual({
      nodesPeak: 5, nodesCreated: 5, nodeMinutes: 150,
      // web peaks at 60 (+25% surge for its rollout); jobs: 6/min living about 1m45s.
      podsPeak: 60 + 15 + 11,
      // web: 30, then +30, then a rollout of its peak (60); jobs: 6/min × 10 min.
      podsCreated: 30 + 30 + 60 + 60,
      samples: 180, sampleVisits: 180 * (5 + 86), events: 180 * 20 + 5 * 50,
    });
  });

  const refused: { name: string; change: (d: Record<string, any>) => void; problem: string }[] = [
    { name: 'a second of samples for a week', change: (d) => { d.duration = '168h'; d.sampleEvery = '1s'; },
      problem: 'the run is too large: samples (duration 168h / sampleEvery 1s) = 604,800, above the bound of 10,000' },
    { name: 'jobs at the scheduler\'s rate for a week', change: (d) => {
      d.duration = '168h'; d.sampleEvery = '1h';
      d.workload.push({ kind: 'jobs', name: 'j', to: '168h', perMinute: 3000, runFor: { median: '10s' } });
    }, problem: 'the run is too large: pods created over the run = 30,240,030, above the bound of 500,000' },
    { name: '5,000 nodes for a week', change: (d) => {
      d.duration = '168h'; d.sampleEvery = '1h'; d.cluster.nodeGroups[0].count = 5000;
    }, problem: 'the run is too large: 5,000 nodes × 168h in node-minutes = 50,400,000, above the bound of 1,000,000' },
    { name: 'nodes churned by the hundred thousand', change: (d) => {
      d.duration = '1h';
      d.workload = Array.from({ length: 40 }, (_, i) => ({ kind: 'nodes', group: 'pool', at: `${i}m`, count: i % 2 === 0 ? 5000 : 0 }));
      d.expect = [];
    }, problem: 'the run is too large: nodes launched over the run = 100,000, above the bound of 20,000' },
  ];

  it.each(refused.map((row) => [row.name, row] as const))('refuses %s', (_name, row) => {
    const scenario = scenarioOf(row.change);
    const problems = runSizeProblems(estimateRunSize(scenario), scenario);
    expect(problems.some((problem) => problem.startsWith(row.problem)), problems.join('\n')).toBe(true);
  });

  it('accepts the shipped scenarios and the scale bench', () => {
    const root = join(import.meta.dirname, '..', '..', '..', '..');
    for (const file of ['scenarios/quickstart.yaml', 'scenarios/ci-churn.yaml',
      'scenarios/failures/vpc-route-quota.yaml', 'packages/scenarios/bench/scale-1000.yaml']) {
      const loaded = loadScenarioFile(join(root, file));
      if (!loaded.ok) throw new Error(file);
      const { scenario } = loaded.value;
      expect(runSizeProblems(estimateRunSize(scenario), scenario), file).toEqual([]);
    }
  });
});
