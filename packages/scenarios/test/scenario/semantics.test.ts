// Checks across fields: each row is a file that used to run and pass without testing what it
// says (a false green) or that could never do what it asks, now refused naming what exists.
import { describe, expect, it } from 'vitest';
import { baseScenario, problemsOf } from './base.js';

type Change = (document: Record<string, any>) => void;

const refused: { name: string; change: Change; problem: string }[] = [
  {
    name: 'a security-group rule with both a CIDR and a group as its peer',
    change: (d) => {
      d.cloud.securityGroups = [{ id: 'sg-a', rules: [{ cidr: '10.0.0.0/8', group: 'sg-a' }] }];
    },
    problem: 'cloud.securityGroups.0.rules.0: give the peer as exactly one of `cidr` or `group`',
  },
  {
    name: 'an SNAT source with both a vSwitch and a CIDR',
    change: (d) => {
      d.cloud.natGateways = [{ vSwitch: 'vsw-nodes',
        snat: [{ vSwitch: 'vsw-pods', cidr: '192.168.16.0/20' }] }];
    },
    problem: 'cloud.natGateways.0.snat.0: give the source as exactly one of `vSwitch` or `cidr`',
  },
  {
    name: 'a security-group rule of priority 0',
    change: (d) => {
      d.cloud.securityGroups = [{ id: 'sg-a', rules: [{ cidr: '10.0.0.0/8', priority: 0 }] }];
    },
    problem: 'cloud.securityGroups.0.rules.0.priority: priority is 1 (first) to 100 (last)',
  },
  {
    name: 'a fault on an unknown group',
    change: (d) => {
      d.faults = [{ kind: 'daemonRestart', group: 'poool', at: '5m' }];
    },
    problem:
      'faults.0.group: no node group "poool"; the groups are pool (nodes are named <group>-<index>)',
  },
  {
    name: 'a fault on a node that never exists',
    change: (d) => {
      d.faults = [{ kind: 'nodeLoss', node: 'pool-7', at: '5m' }];
    },
    problem: 'faults.0.node: "pool-7" never exists; at 5m pool has pool-0, pool-1, pool-2',
  },
  {
    name: 'a fault on a node of an unknown group',
    change: (d) => {
      d.faults = [{ kind: 'daemonRestart', node: 'web-0', at: '5m' }];
    },
    problem: 'faults.0.node: no node group "web"; the groups are pool',
  },
  {
    name: 'a fault on a node launched only later',
    change: (d) => {
      d.workload.push({ kind: 'nodes', group: 'pool', at: '20m', count: 5 });
      d.faults = [{ kind: 'daemonRestart', node: 'pool-4', at: '5m' }];
    },
    problem:
      'faults.0.node: "pool-4" is launched only after 20m; at 5m pool has pool-0, pool-1, pool-2',
  },
  {
    name: 'a workload step after the end',
    change: (d) => {
      d.workload[0].at = '2h';
    },
    problem: "workload.0.at: 2h is after the run's end (duration 30m): it would never happen",
  },
  {
    name: 'a scale step after the end',
    change: (d) => {
      d.workload[0].scale = [{ at: '31m', replicas: 5 }];
    },
    problem: "workload.0.scale.0.at: 31m is after the run's end (duration 30m)",
  },
  {
    name: 'a fault after the end',
    change: (d) => {
      d.faults = [{ kind: 'regionOutage', from: '40m', to: '50m' }];
    },
    problem: "faults.0.from: 40m is after the run's end",
  },
  {
    name: 'a window that ends before it starts',
    change: (d) => {
      d.faults = [{ kind: 'regionOutage', from: '10m', to: '5m' }];
    },
    problem: 'faults.0.to: the window ends (5m) before it starts (from 10m)',
  },
  {
    name: 'sampleEvery longer than the run',
    change: (d) => {
      d.sampleEvery = '1h';
    },
    problem: 'sampleEvery: 1h is longer than the run (duration 30m)',
  },
  {
    name: 'a nodes step for an unknown group',
    change: (d) => {
      d.workload.push({ kind: 'nodes', group: 'other', at: '5m', count: 2 });
    },
    problem: 'workload.1.group: no node group "other"; the groups are pool',
  },
  {
    name: 'a pod deletion beyond the replicas',
    change: (d) => {
      d.workload.push({
        kind: 'statefulset',
        name: 'db',
        replicas: 2,
        podDeletions: [{ at: '5m', ordinal: 2 }],
      });
    },
    problem: 'workload.1.podDeletions.0.ordinal: db never has a pod db-2',
  },
  {
    name: 'a scale step before its deployment exists',
    change: (d) => {
      d.workload.push({ kind: 'deployment', name: 'late', at: '3m', replicas: 0,
        scale: [{ at: '0s', replicas: 10 }] });
    },
    problem: 'workload.1.scale.0.at: 0ms is before "late" exists (at 3m): the step would ' +
      'act on nothing',
  },
  {
    name: 'allPodsReady with no workload',
    change: (d) => {
      d.workload = [];
    },
    problem: 'expect.0: the scenario has no deployment, StatefulSet or jobs',
  },
  {
    name: 'more nodes at once than Kubernetes supports',
    change: (d) => {
      d.cluster.nodeGroups.push({
        name: 'more',
        count: 4_999,
        instanceType: 'ecs.g7.xlarge',
        zone: 'cn-hangzhou-i',
        vSwitch: 'vsw-nodes',
      });
    },
    problem: 'cluster.nodeGroups: 5,002 nodes at once (from the start) is more than 5,000',
  },
  {
    name: 'a metadata fault that does nothing',
    change: (d) => {
      d.faults = [{ kind: 'metadata' }];
    },
    problem: 'faults.0: a metadata fault needs `lag` or `unreachable: true`',
  },
];

const accepted: { name: string; change: Change }[] = [
  { name: 'the base scenario', change: () => {} },
  {
    name: 'a fault on a node launched by an earlier step',
    change: (d) => {
      d.workload.push({ kind: 'nodes', group: 'pool', at: '5m', count: 5 });
      d.faults = [{ kind: 'daemonRestart', node: 'pool-4', at: '6m' }];
    },
  },
  {
    name: 'a second fault on a node already lost (recorded as fault.no-target)',
    change: (d) => {
      d.faults = [
        { kind: 'nodeLoss', node: 'pool-1', at: '5m' },
        { kind: 'daemonRestart', node: 'pool-1', at: '6m' },
      ];
    },
  },
  {
    name: 'a step exactly at the end',
    change: (d) => {
      d.workload[0].at = '30m';
    },
  },
  {
    name: 'a zero-length window (generated schedules have them)',
    change: (d) => {
      d.faults = [{ kind: 'apiError', action: 'X', code: 'Throttling', from: '30m', to: '30m' }];
    },
  },
  {
    name: 'a deployment of zero replicas with allPodsReady',
    change: (d) => {
      d.workload[0].replicas = 0;
    },
  },
];

describe('scenario checks across fields', () => {
  it.each(refused.map((row) => [row.name, row] as const))('refuses %s', (_name, row) => {
    const document = baseScenario() as Record<string, any>;
    row.change(document);
    const problems = problemsOf(document);
    expect(
      problems.some((problem) => problem.startsWith(row.problem)),
      problems.join('\n'),
    ).toBe(true);
  });

  it.each(accepted.map((row) => [row.name, row] as const))('accepts %s', (_name, row) => {
    const document = baseScenario() as Record<string, any>;
    row.change(document);
    expect(problemsOf(document)).toEqual([]);
  });
});
