// Unit tests of the printers and kubectl's text: ages (HumanDuration), pod READY/STATUS/
// RESTARTS, node STATUS and ROLES, custom-resource columns, Go's tabwriter column blocks,
// go-yaml's key order and quoting, and the event correlator's folding of repeats.

import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { EventCorrelator } from '../../src/api/event-correlator.js';
import { renderTable } from '../../src/kubectl/get-text.js';
import { describeLayout, getTableLayout, tabbed } from '../../src/kubectl/tabwriter.js';
import { toKubectlJson, toYaml, yamlKeyLess } from '../../src/kubectl/yaml.js';
import { nodeRoles, nodeStatus, podState } from '../../src/printers/core.js';
import { customResourcePrinter } from '../../src/printers/custom.js';
import { humanDuration } from '../../src/printers/human-duration.js';
import { buildTable } from '../../src/printers/table.js';

const s = 1_000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration', () => {
  it.each([
    { ms: 0, text: '0s' }, { ms: -1_500, text: '0s' }, { ms: -2_500, text: '<invalid>' },
    { ms: 119 * s + 999, text: '119s' }, { ms: 2 * m, text: '2m' },
    { ms: 3 * m + 20 * s, text: '3m20s' }, { ms: 10 * m + 59 * s, text: '10m' },
    { ms: 179 * m, text: '179m' }, { ms: 3 * h, text: '3h' }, { ms: 3 * h + 5 * m, text: '3h5m' },
    { ms: 8 * h + 30 * m, text: '8h' }, { ms: 47 * h, text: '47h' }, { ms: 48 * h, text: '2d' },
    { ms: 50 * h, text: '2d2h' }, { ms: 8 * d, text: '8d' }, { ms: 729 * d, text: '729d' },
    { ms: 735 * d, text: '2y5d' }, { ms: 9 * 365 * d, text: '9y' },
  ])('$ms ms is $text', ({ ms, text }) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

function pod(fields: { phase?: string; waiting?: string; running?: boolean; ready?: boolean;
  terminated?: string; deleting?: boolean; restarts?: number; lastExitMsAgo?: number }): V1Pod {
  const state = fields.waiting !== undefined ? { waiting: { reason: fields.waiting } }
    : fields.terminated !== undefined ? { terminated: { exitCode: 0, reason: fields.terminated } }
      : fields.running === true ? { running: {} } : undefined;
  return {
    metadata: { name: 'p',
      ...(fields.deleting === true ? { deletionTimestamp: new Date(0) } : {}) },
    spec: { containers: [{ name: 'app' }] },
    status: { phase: fields.phase ?? 'Pending', ...(state === undefined ? {} : {
      containerStatuses: [{ name: 'app', image: '', imageID: '', ready: fields.ready === true,
        restartCount: fields.restarts ?? 0, state,
        ...(fields.lastExitMsAgo === undefined ? {} : { lastState: { terminated: {
          exitCode: 1, finishedAt: new Date(10 * h - fields.lastExitMsAgo) } } }) }] }) },
  };
}

describe('pod READY, STATUS and RESTARTS', () => {
  it.each([
    { name: 'no container status yet', pod: pod({}), ready: '0/1', status: 'Pending',
      restarts: '0' },
    { name: 'sandbox being made', pod: pod({ waiting: 'ContainerCreating' }), ready: '0/1',
      status: 'ContainerCreating', restarts: '0' },
    { name: 'running, not ready', pod: pod({ phase: 'Running', running: true }), ready: '0/1',
      status: 'Running', restarts: '0' },
    { name: 'ready', pod: pod({ phase: 'Running', running: true, ready: true }), ready: '1/1',
      status: 'Running', restarts: '0' },
    { name: 'being deleted', pod: pod({ phase: 'Running', running: true, ready: true,
      deleting: true }), ready: '1/1', status: 'Terminating', restarts: '0' },
    { name: 'a finished job', pod: pod({ phase: 'Succeeded', terminated: 'Completed' }),
      ready: '0/1', status: 'Completed', restarts: '0' },
    { name: 'restarted', pod: pod({ phase: 'Running', running: true, ready: true, restarts: 2,
      lastExitMsAgo: 5 * m }), ready: '1/1', status: 'Running', restarts: '2 (5m ago)' },
  ])('$name: $ready $status $restarts', ({ pod: subject, ready, status, restarts }) => {
    expect(podState(subject, 10 * h)).toEqual({ ready, status, restarts });
  });
});

describe('node STATUS and ROLES', () => {
  const node = (ready: string | undefined, labels: Record<string, string>,
    unschedulable = false): V1Node => ({ metadata: { name: 'n', labels },
    spec: { unschedulable }, status: { conditions: ready === undefined ? []
      : [{ type: 'Ready', status: ready }] } });
  it.each([
    { name: 'ready', node: node('True', {}), status: 'Ready', roles: [] },
    { name: 'not ready', node: node('False', {}), status: 'NotReady', roles: [] },
    { name: 'no condition', node: node(undefined, {}), status: 'Unknown', roles: [] },
    { name: 'cordoned', node: node('True', {}, true), status: 'Ready,SchedulingDisabled',
      roles: [] },
    { name: 'roles', node: node('True', { 'node-role.kubernetes.io/worker': '',
      'node-role.kubernetes.io/': '', 'kubernetes.io/role': 'edge' }), status: 'Ready',
    roles: ['edge', 'worker'] },
  ])('$name', ({ node: subject, status, roles }) => {
    expect(nodeStatus(subject)).toBe(status);
    expect(nodeRoles(subject)).toEqual(roles);
  });
});

describe('custom resource columns', () => {
  it('reads JSONPaths, keeps integers typed, leaves missing cells empty, prints dates as ages',
    () => {
    const printer = customResourcePrinter([
      { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
      { name: 'IPs', type: 'integer', jsonPath: '.status.ips' },
      { name: 'First', type: 'string', jsonPath: '.spec.items[0].name', priority: 1 },
      { name: 'Since', type: 'date', jsonPath: '.status.since' },
    ]);
    expect(printer.columns.map((c) => `${c.name}:${c.priority}`))
      .toEqual(['Name:0', 'Phase:0', 'IPs:0', 'First:1', 'Since:0']);
    const object = { metadata: { name: 'x' }, spec: { items: [{ name: 'a' }] },
      status: { ips: 3, since: '1970-01-01T00:00:00Z' } };
    expect(printer.row(object, 90 * s).cells).toEqual(['x', null, 3, 'a', '90s']);
    expect(customResourcePrinter(undefined).columns.map((c) => c.name)).toEqual(['Name', 'Age']);
  });
});

describe('kubectl table text', () => {
  it('aligns with min width 6 and padding 3, adds NAMESPACE, keeps wide columns out', () => {
    const printer = customResourcePrinter([
      { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
      { name: 'Node', type: 'string', jsonPath: '.status.node', priority: 1 },
    ]);
    const table = buildTable(printer, [
      { metadata: { name: 'a', namespace: 'default' }, status: { phase: 'Bind\nextra' } },
      { metadata: { name: 'longer-name', namespace: 'kube-system' }, status: { node: 'n1' } },
    ] as never, { nowMs: 0 });
    expect(renderTable(table, { withNamespace: true })).toBe(
      'NAMESPACE     NAME          PHASE\n' +
      'default       a             Bind...\n' +
      'kube-system   longer-name   \n');
    expect(renderTable(table, { wide: true })).toBe(
      'NAME          PHASE     NODE\n' +
      'a             Bind...   \n' +
      'longer-name             n1\n');
  });

  it("follows Go's column blocks: a line without a cell in a column ends that column's block",
    () => {
    const text = 'Name:\tx\nLonger name:\ty\nBreak\n  Indented key:\tz\n';
    expect(tabbed(text, describeLayout)).toBe(
      'Name:         x\nLonger name:  y\nBreak\n  Indented key:  z\n');
    expect(tabbed('a\tb\tc\nlonger\t\tc\n', getTableLayout)).toBe(
      'a        b     c\nlonger         c\n');
  });
});

describe('go-yaml text', () => {
  it.each([
    { a: '10-terway.conf', b: 'eni_conf', less: true },
    { a: 'a2', b: 'a10', less: true },
    { a: 'app', b: 'apps.kubernetes.io/pod-index', less: true },
    { a: 'eni_conf', b: 'eniX', less: true },
    { a: 'Zebra', b: 'apple', less: true },
  ])('orders $a before $b', ({ a, b, less }) => {
    expect(yamlKeyLess(a, b)).toBe(less);
    expect(yamlKeyLess(b, a)).toBe(!less);
  });

  it('quotes what would read back as another type and blocks multi-line text', () => {
    expect(toYaml({ t: 'True', num: '110', n: 'x', e: '', j: '{"a":1}', at: '2026-01-01T00:00:30Z',
      plain: 'kubelet is posting ready status', multi: '{\n  "a": 1\n}', list: [{ b: 1, a: null }],
      empty: {} })).toBe(
      'at: "2026-01-01T00:00:30Z"\ne: ""\nempty: {}\nj: \'{"a":1}\'\nlist:\n- a: null\n  b: 1\n' +
      'multi: |-\n  {\n    "a": 1\n  }\n"n": x\nnum: "110"\n' +
      'plain: kubelet is posting ready status\n' +
      't: "True"\n');
  });

  it('folds a long plain value at a space past column 80', () => {
    const words = Array.from({ length: 20 }, (_, i) => `word${i}`).join(' ');
    // The space after word11 is met at column 82, past 80: the line breaks there.
    expect(toYaml({ message: words })).toBe('message: word0 word1 word2 word3 word4 word5 word6 ' +
      'word7 word8 word9 word10 word11\n  word12 word13 word14 word15 word16 word17 word18 ' +
      'word19\n');
  });

  it("prints -o json as Go's encoder: sorted keys, four spaces, HTML escaped", () => {
    expect(toKubectlJson({ b: '<x&y>', a: [1] })).toBe(
      '{\n    "a": [\n        1\n    ],\n    "b": "\\u003cx\\u0026y\\u003e"\n}\n');
  });
});

describe('event correlation', () => {
  const event = (message: string) => ({ source: 'kubelet', object: 'Pod/default/p/u',
    type: 'Warning', reason: 'FailedCreatePodSandBox', message });
  it('folds identical events into one key and ten different messages into a combined one', () => {
    const correlator = new EventCorrelator();
    const first = correlator.correlate(event('same'), 0);
    expect(correlator.correlate(event('same'), 1_000)).toEqual(first);
    const keys = Array.from({ length: 11 }, (_, i) => correlator.correlate(event(`m${i}`), 2_000));
    expect(keys.slice(0, 8).every((k) => !k.message.startsWith('(combined'))).toBe(true);
    expect(keys[8]!.message).toBe('(combined from similar events): m8');
    expect(keys[9]!.key).toBe(keys[8]!.key);
    expect(correlator.correlate(event('later'), 20 * m).message).toBe('later');
  });
});
