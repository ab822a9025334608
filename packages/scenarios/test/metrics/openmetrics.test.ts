// metrics.om's layout (OpenMetrics 1.0 text): families by name, each with TYPE then HELP; every
// series whole and in time order (no interleaving); job and node labels added, a clashing own
// label kept as exported_<name>; counters typed `unknown` so their names stay Terway's;
// timestamps in seconds from the scenario clock's epoch; `# EOF` last.

import { describe, expect, it } from 'vitest';
import { formatTimestamp, OpenMetricsRecorder } from '../../src/report/openmetrics.js';
import { daemonSource, scrape } from './fixtures.js';

describe('OpenMetricsRecorder', () => {
  it('writes series whole, in time order, with target labels and scrape timestamps', () => {
    const recorder = new OpenMetricsRecorder();
    const disposed = { name: 'terway_resource_pool_disposed_count', help: 'disposed',
      type: 'counter' as const, series: [{ labels: { node: 'own' }, value: 2 }] };
    const a = (idle: number) => ({ ...daemonSource({ node: 'a', idle, total: 9, allocMs: [] }),
      exported: [daemonSource({ node: 'a', idle, total: 9, allocMs: [] }).exported[0]!,
        disposed] });
    recorder.add(scrape(0, [a(4)]));
    recorder.add(scrape(10_500, [a(4), { job: 'terway-controlplane', node: undefined,
      exported: [{ name: 'terway_controlplane_config_info', help: 'info', type: 'gauge',
        series: [{ labels: { controller: 'pod' }, value: 1 }] }], unexported: [] }]));
    recorder.add(scrape(20_000, [a(6)]));
    expect(recorder.text()).toBe([
      '# TYPE terway_controlplane_config_info gauge',
      '# HELP terway_controlplane_config_info info',
      'terway_controlplane_config_info{controller="pod",job="terway-controlplane"} 1 ' +
        '1767225610.500',
      '# TYPE terway_resource_pool_disposed_count unknown',
      '# HELP terway_resource_pool_disposed_count disposed',
      ...[0, 10_500, 20_000].map((ms) => 'terway_resource_pool_disposed_count' +
        `{exported_node="own",job="terway-daemon",node="a"} 2 ` +
        `${formatTimestamp(1_767_225_600_000 + ms)}`),
      '# TYPE terway_resource_pool_idle_count gauge',
      '# HELP terway_resource_pool_idle_count terway_resource_pool_idle_count help',
      ...[[0, 4], [10_500, 4], [20_000, 6]].map(([ms, idle]) => 'terway_resource_pool_idle_count' +
        `{ipStack="ipv4",job="terway-daemon",node="a",type="LocalIP"} ${idle} ` +
        `${formatTimestamp(1_767_225_600_000 + ms!)}`),
      '# EOF', '',
    ].join('\n'));
  });

  it('writes a histogram point as buckets (+Inf last), count and sum at one timestamp', () => {
    const recorder = new OpenMetricsRecorder();
    recorder.add(scrape(60_000, [daemonSource({ node: 'n', idle: 0, total: 0, allocMs: [120] })]));
    const lines = recorder.text().split('\n')
      .filter((line) => line.startsWith('terway_rpc_latency'));
    expect(lines).toHaveLength(19 + 3);
    expect(lines[0]).toBe('terway_rpc_latency_bucket{error="false",job="terway-daemon",node="n",' +
      'rpc_api="AllocIP",le="50"} 0 1767225660.000');
    expect(lines.slice(-3)).toEqual([
      'terway_rpc_latency_bucket{error="false",job="terway-daemon",node="n",rpc_api="AllocIP",' +
        'le="+Inf"} 1 1767225660.000',
      'terway_rpc_latency_count{error="false",job="terway-daemon",node="n",rpc_api="AllocIP"} 1 ' +
        '1767225660.000',
      'terway_rpc_latency_sum{error="false",job="terway-daemon",node="n",rpc_api="AllocIP"} 120 ' +
        '1767225660.000',
    ]);
  });
});
