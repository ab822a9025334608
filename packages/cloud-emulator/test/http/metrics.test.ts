// /metrics stays valid Prometheus text whatever clients send: a label value cannot inject a
// series, and garbage action names share one label value instead of adding series. Checked by
// a strict parser and, where installed, by promtool.
import { createSimEnv } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { CloudMetrics, unknownActionLabel } from '../../src/http/metrics.js';
import { actionNames, buildServer, CloudEmulator, type CallRecord } from '../../src/index.js';
import { parsePrometheusText, promtoolProblems } from './prometheus-text.js';
import { v1Query } from './signing.js';

const key = { accessKeyId: 'AK', accessKeySecret: 'SK' };

describe('/metrics', () => {
  it('stays valid and bounded after hostile action names', async () => {
    const cloud = new CloudEmulator(createSimEnv({ seed: 2 }), { latency: 'zero' });
    const app = buildServer(cloud, { keys: [key], timestampSkewMs: null });
    const send = (action: string, nonce: string) => app.inject({ method: 'POST',
      url: `/?${v1Query({ Action: action, Version: '2016-04-28', RegionId: 'cn-hangzhou' },
        { key, nonce })}` });
    await send('DescribeVpcs', 'first');
    await send('Bad"\\\ninjected_series{x="1"} 99\n', 'hostile');
    for (let index = 0; index < 50; index++) await send(`Garbage${index}`, `g${index}`);
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    await app.close();
    const { problems, series } = parsePrometheusText(text);
    expect(problems).toEqual([]);
    expect(promtoolProblems(text) ?? '').toBe('');
    expect(series.filter((one) => one.name === 'injected_series')).toEqual([]);
    const apis = new Set(series.flatMap((one) => one.labels.api ?? []));
    expect([...apis].sort()).toEqual([unknownActionLabel, 'DescribeVpcs'].sort());
    expect(series.find((one) => one.name === 'cloud_api_requests_total' &&
      one.labels.api === unknownActionLabel)?.value).toBe(51);
  });

  it('escapes backslashes, quotes and line feeds in label values', () => {
    const metrics = new CloudMetrics();
    const code = 'Odd\\"Code\nsecond_line 1';
    const record: CallRecord = { product: 'ecs', action: actionNames('ecs')[0]!,
      region: 'cn-hangzhou', requestId: 'r', eniId: null, instanceId: null, code, message: null,
      httpStatus: 400, latencyMs: 3, throttled: true, fault: 'error' };
    metrics.observe(record);
    metrics.refusedAtGateway(code);
    const text = metrics.render();
    const { problems, series } = parsePrometheusText(text);
    expect(problems).toEqual([]);
    expect(promtoolProblems(text) ?? '').toBe('');
    expect(series.filter((one) => one.labels.code !== undefined)
      .map((one) => one.labels.code)).toEqual([code, code]);
  });

  it('has a strict parser that refuses what Prometheus refuses', () => {
    const cases: readonly { name: string; text: string; problem: RegExp }[] = [
      { name: 'raw line feed', text: '# TYPE a counter\na{x="1\n2"} 1\n',
        problem: /unterminated value|malformed|invalid metric name/ },
      { name: 'bad escape', text: '# TYPE a counter\na{x="\\t"} 1\n', problem: /invalid escape/ },
      { name: 'two TYPE lines', text: '# TYPE a counter\n# TYPE a counter\n',
        problem: /second TYPE/ },
      { name: 'split family', text: '# TYPE a counter\na 1\n# TYPE b counter\nb 1\na{y="2"} 1\n',
        problem: /continues after other families/ },
      { name: 'repeated series', text: '# TYPE a counter\na{x="1"} 1\na{x="1"} 2\n',
        problem: /appears twice/ },
      { name: 'histogram without +Inf', problem: /no \+Inf bucket/,
        text: '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n' },
      { name: 'no final line feed', text: '# TYPE a counter\na 1', problem: /line feed/ },
    ];
    for (const { name, text, problem } of cases) {
      expect(parsePrometheusText(text).problems.join('; '), name).toMatch(problem);
    }
  });
});
