import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { whyLines } from '../../src/report/why-text.js';
import { histogram, percentiles } from '../../src/report/stats.js';
import { meaningColors, niceTicks, timeTicks } from '../../src/report/svg-chart.js';
import { sampleReport } from '../../src/testing/sample-report.js';

describe('report stats', () => {
  it('takes nearest-rank percentiles and buckets values', () => {
    expect(percentiles([5, 1, 4, 2, 3])).toEqual({ count: 5, p50: 3, p90: 5, p99: 5, max: 5 });
    expect(percentiles([])).toEqual({ count: 0, p50: 0, p90: 0, p99: 0, max: 0 });
    expect(histogram([1, 10, 11, 500], [10, 100])).toEqual([
      { leMs: 10, count: 2 },
      { leMs: 100, count: 1 },
      { leMs: Number.MAX_SAFE_INTEGER, count: 1 },
    ]);
    expect(niceTicks(97)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(timeTicks(1_800_000)).toEqual([
      0, 300_000, 600_000, 900_000, 1_200_000, 1_500_000, 1_800_000,
    ]);
  });
});

describe('report renderers', () => {
  it('renders a self-contained page with every chart and escaped text', () => {
    const html = renderHtml(sampleReport());
    expect(html.match(/<svg /g)).toHaveLength(7);
    // Self-contained: one inline script (the timeline's filters), nothing fetched.
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script src|https?:\/\/(?!www\.w3\.org)/);
    expect(html).toContain('A report built by hand &lt;for tests&gt; &amp; demos.');
    expect(html).toContain('1 of 2 assertions FAILED');
    expect(html).toContain('AllocIPFailed');
  });

  it('shows the why: binding constraint, first errors and validate, in HTML and Markdown', () => {
    const report = sampleReport();
    const html = renderHtml(report);
    const md = renderMarkdown(report);
    for (const text of [html, md]) {
      expect(text).toContain('OpenAPI flow control: 3 calls throttled');
      expect(text).toContain('Request was denied due to user flow control.');
      expect(text).toContain('eni_conf.vswitch');
    }
    expect(md).toContain('## Why');
    expect(md).toContain('| 1m15s | pool-a-0 | AssignPrivateIpAddresses | Throttling.User | 3 |');
    expect(whyLines(report.why)[0]).toBe(`why: ${report.why.headline}`);
  });

  it('names vSwitches as declared in legends, not by the ids the cloud minted', () => {
    const html = renderHtml(sampleReport());
    expect(html).toContain('>vsw-pods</text>');
    expect(html).toContain('>vsw-nodes</text>');
    expect(html).not.toMatch(/>vsw-bp\d+<\/text>/);
  });

  it('paints trouble in colours that say so: throttled and Pending are not green', () => {
    const html = renderHtml(sampleReport());
    const green = meaningColors.good;
    const legendColour = (name: string) => new RegExp(
      `fill="(#[0-9a-f]{6})"/><text x="14" font-size="11">${name}</text>`).exec(html)?.[1];
    expect(legendColour('Ready')).toBe(green);
    expect(legendColour('Pending')).not.toBe(green);
    expect(legendColour('throttled')).not.toBe(green);
    expect(legendColour('failed')).toBe(meaningColors.bad);
    expect(html).toMatch(new RegExp(`fill="${meaningColors.waiting}"><title>3m throttled: 3`));
  });

  it('gives every figure exactly one unit', () => {
    const html = renderHtml(sampleReport());
    const figures = html.match(/<svg [\s\S]*?<\/svg>/g) ?? [];
    expect(figures.length).toBeGreaterThan(0);
    for (const figure of figures) expect(figure.match(/class="unit"/g)).toHaveLength(1);
  });

  it('says "reproduced" where a drill\'s expected failure happened, not "pass"', () => {
    const report = sampleReport({
      assertions: [{ name: 'invariants hold', ok: true, detail: 'ok' },
        { name: 'event AllocIPFailed seen', ok: true, detail: '4 recorded' }],
      verdicts: ['pass', 'reproduced'] });
    const html = renderHtml(report);
    const md = renderMarkdown(report);
    expect(html).toContain('reproduced: 1 expected failure(s) happened, 1 check(s) passed');
    expect(html).toContain('<td class="reproduced">reproduced</td><td>event AllocIPFailed seen');
    expect(md).toContain('| reproduced | event AllocIPFailed seen | 4 recorded |');
  });

  it('renders the same figures as Markdown', () => {
    const md = renderMarkdown(sampleReport());
    expect(md).toContain('| **FAIL** | no API call throttled | 3 calls throttled |');
    expect(md).toContain('| AssignPrivateIpAddresses | 300 | 3 | 0 |');
  });
});

describe('drill report sections', () => {
  it('groups repeated events as kubectl does and shows node conditions', () => {
    const html = renderHtml(sampleReport());
    const md = renderMarkdown(sampleReport());
    for (const text of [html, md]) {
      expect(text).toContain('x65 over 14m');
      expect(text).toContain(
        '(combined from similar events): errCode: InvalidVSwitchId.IpNotEnough');
      expect(text).toContain('SufficientIP');
      expect(text).toContain('InsufficientIP');
    }
  });

  it('says what it left out and how to get it all', () => {
    const many = Array.from({ length: 45 }, (_, i) => ({ object: `Pod/default/web-${i}`,
      type: 'Warning', reason: 'AllocIPFailed', count: 1, firstT: i, lastT: i, message: 'no IP',
      combined: false }));
    const md = renderMarkdown(sampleReport({ eventGroups: many, eventGroupsTruncated: 7 }));
    expect(md).toContain('12 more groups are not shown here');
    expect(md).toContain('events.jsonl every event (run with --events)');
    const html = renderHtml(sampleReport({ timelineTruncated: 3, eventGroupsTruncated: 7 }));
    expect(html).toContain('3 more are in events.jsonl (run with --events)');
    expect(html).toContain('7 more groups are not in this report');
  });
});

describe("Terway's log in the report", () => {
  it('shows its lines with their levels and says how many were not listed', () => {
    const html = renderHtml(sampleReport());
    const md = renderMarkdown(sampleReport());
    expect(html).toContain(
      '<td class="warning">error</td><td>terway-daemon</td><td>alloc ip failed');
    expect(html).toContain('4716 more warning and error lines are not listed here');
    expect(md).toContain('| error | terway-daemon | alloc ip failed | 4717 |');
    expect(md).toContain('4717 warning and error lines');
  });
});
