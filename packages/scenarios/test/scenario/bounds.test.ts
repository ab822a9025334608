// Every number in a scenario file has a bound with its reason, and every refusal says what is
// expected, the bound and what the file holds: values that used to hang a run for hours
// (`sampleEvery: 0`, `replicas: 1e9`, `duration: 100000h`) and values that got only zod's
// "Invalid input" (`duration: true`, `probability: 0.5`, `!!binary`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatSpan } from '../../src/report/svg-chart.js';
import { bounds, runSizeBounds } from '../../src/scenario/schema/bounds.js';
import { baseScenario, problemsOf } from './base.js';

type Change = (document: Record<string, any>) => void;

const rows: { name: string; change: Change; problem: string }[] = [
  { name: 'sampleEvery 0', change: (d) => { d.sampleEvery = 0; },
    problem: 'sampleEvery: expected a duration from 1s to 168h (metric series are sampled at most once a simulated second, and at least once a run), got 0' },
  { name: 'sampleEvery 1 (ms)', change: (d) => { d.sampleEvery = 1; },
    problem: 'sampleEvery: expected a duration from 1s to 168h' },
  { name: 'replicas 1e9', change: (d) => { d.workload[0].replicas = 1_000_000_000; },
    problem: 'workload.0.replicas: expected an integer from 0 to 150,000 (Kubernetes supports up to 150,000 pods per cluster), got 1000000000' },
  { name: 'replicas 1e308', change: (d) => { d.workload[0].replicas = 1e308; },
    problem: 'workload.0.replicas: expected an integer from 0 to 150,000 (Kubernetes supports up to 150,000 pods per cluster), got 1e+308' },
  { name: 'duration 100000h', change: (d) => { d.duration = '100000h'; },
    problem: 'duration: expected a duration from 1s to 168h (a run simulates at least one second and at most 7 days), got "100000h"' },
  { name: 'duration 1e15 ms', change: (d) => { d.duration = 1e15; },
    problem: 'duration: expected a duration from 1s to 168h (a run simulates at least one second and at most 7 days), got 1000000000000000' },
  { name: 'duration true', change: (d) => { d.duration = true; },
    problem: 'duration: expected a duration like "30s", "10m" or "1h30m", or integer milliseconds, got true (a boolean)' },
  { name: 'perMinute 1e9', change: (d) => { d.workload.push({ kind: 'jobs', name: 'j', to: '10m', perMinute: 1e9, runFor: { median: '1m' } }); },
    problem: 'workload.1.perMinute: expected a number above 0 and at most 3,000 (kube-scheduler binds at most 50 pods a second with its default client QPS (50)), got 1000000000' },
  { name: 'probability 0.5', change: (d) => { d.faults = [{ kind: 'apiError', action: 'AssignPrivateIpAddresses', code: 'Throttling', probability: 0.5 }]; },
    problem: 'faults.0.probability: expected a probability as an integer ratio like "1/20" (numerator ≤ denominator ≤ 1,000,000,000), or 0 or 1, got 0.5 (as a ratio: "1/2")' },
  { name: 'probability 1/0', change: (d) => { d.faults = [{ kind: 'apiError', action: 'X', code: 'Throttling', probability: '1/0' }]; },
    problem: 'faults.0.probability: expected a probability as an integer ratio' },
  { name: 'count 6000', change: (d) => { d.cluster.nodeGroups[0].count = 6000; },
    problem: 'cluster.nodeGroups.0.count: expected an integer from 0 to 5,000 (Kubernetes supports clusters of up to 5,000 nodes), got 6000' },
  { name: 'maxPods 400', change: (d) => { d.cluster.nodeGroups[0].maxPods = 400; },
    problem: 'cluster.nodeGroups.0.maxPods: expected an integer from 1 to 250' },
  { name: 'seed 1.5', change: (d) => { d.seed = 1.5; }, problem: 'seed: expected a seed: an integer or text, got 1.5' },
  { name: 'name with escapes', change: (d) => { d.name = 'x\n\u001b[31mred'; },
    problem: 'name: expected a scenario name on one line without control characters, got "x\\n\\u001b[31mred"' },
  { name: 'rateLimits 0', change: (d) => { d.cloud.rateLimits = { AssignPrivateIpAddresses: 0 }; },
    problem: 'cloud.rateLimits.AssignPrivateIpAddresses: expected an integer from 1 to 1,000,000' },
  { name: '151 vSwitches', change: (d) => { d.cloud.vSwitches = Array.from({ length: 151 }, (_, i) => ({ zone: 'cn-hangzhou-i', cidr: `10.${i}.0.0/24` })); },
    problem: "cloud.vSwitches: declare at most 150 vSwitches (Alibaba Cloud's quota of vSwitches per VPC)" },
  { name: '1001 workload items', change: (d) => { d.workload = Array.from({ length: 1001 }, (_, i) => ({ kind: 'deployment', name: `w${i}`, replicas: 1 })); },
    problem: 'workload: expected at most 1,000 items' },
];

describe('scenario bounds', () => {
  it.each(rows.map((row) => [row.name, row] as const))('%s is refused with the bound and the value', (_name, row) => {
    const document = baseScenario() as Record<string, any>;
    row.change(document);
    const problems = problemsOf(document);
    expect(problems.some((problem) => problem.startsWith(row.problem)), problems.join('\n')).toBe(true);
  });

  it('!!binary says it is binary data', () => {
    const problems = problemsOf('name: b\nduration: !!binary aGVsbG8=\n');
    expect(problems).toContain('duration: expected a duration like "30s", "10m" or "1h30m", or integer milliseconds, got binary data (a !!binary value)');
  });

  it('reports a value once even when it breaks two checks', () => {
    const document = baseScenario() as Record<string, any>;
    document.workload[0].replicas = 1e308;
    expect(problemsOf(document).filter((problem) => problem.startsWith('workload.0.replicas'))).toHaveLength(1);
  });

  it('docs/scenarios.md lists every bound with its figure', () => {
    const docs = readFileSync(new URL('../../../../docs/scenarios.md', import.meta.url), 'utf8');
    const section = docs.slice(docs.indexOf('## Bounds'));
    expect(section.length).toBeGreaterThan(10);
    for (const [name, bound] of Object.entries({ ...bounds, ...runSizeBounds })) {
      expect(section, name).toContain(`\`${name}\``);
      const figure = name.endsWith('Ms') ? formatSpan(bound.max) : bound.max.toLocaleString('en-US');
      expect(section, name).toContain(figure);
    }
  });
});
