// A small valid scenario document for the input tests, and a loader that returns its problems as
// `path: message` lines (empty when it loads).

import { stringify } from 'yaml';
import { parseScenarioText } from '../../src/scenario/load.js';

export function baseScenario(): Record<string, unknown> {
  return {
    name: 'base',
    duration: '30m',
    cloud: { vSwitches: [
      { id: 'vsw-nodes', zone: 'cn-hangzhou-i', cidr: '192.168.0.0/24' },
      { id: 'vsw-pods', zone: 'cn-hangzhou-i', cidr: '192.168.16.0/20' },
    ] },
    cluster: { mode: 'eniip', nodeGroups: [
      { name: 'pool', count: 3, instanceType: 'ecs.g7.xlarge', zone: 'cn-hangzhou-i',
        vSwitch: 'vsw-nodes' },
    ] },
    eniConfig: { inline: { vswitches: { 'cn-hangzhou-i': ['vsw-pods'] }, security_group: 'sg-a',
      service_cidr: '172.16.0.0/16' } },
    workload: [{ kind: 'deployment', name: 'web', at: '1m', replicas: 30 }],
    expect: [{ kind: 'allPodsReady', within: '2m' }],
  };
}

/** The problems of a document (or YAML text) as `path: message` lines. */
export function problemsOf(document: Record<string, unknown> | string): string[] {
  const text = typeof document === 'string' ? document : stringify(document);
  const loaded = parseScenarioText(text, '/scenario.yaml');
  return loaded.ok ? [] : loaded.error.map((problem) => `${problem.path}: ${problem.message}`);
}
