// report.html: one self-contained page (inline CSS and SVG, no scripts, no external requests) that
// an on-call engineer would rather look at than read: what was asserted, then the charts, the API
// table and the event timeline with production's event reasons.

import type { RunReport, Series } from './model.js';
import { escapeXml, formatClock, formatSpan, lineChart, stackedBarChart } from './svg-chart.js';

const style = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#111827;background:#f9fafb}
header{background:#111827;color:#f9fafb;padding:18px 28px}header h1{margin:0 0 4px;font-size:20px}
header p{margin:0;color:#d1d5db}main{padding:20px 28px;max-width:1400px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px;margin:12px 0 20px}
.card{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:10px 12px}
.card b{display:block;font-size:20px}.card span{color:#6b7280;font-size:12px}
table{border-collapse:collapse;background:#fff;width:100%;margin:8px 0 20px}
th,td{border:1px solid #e5e7eb;padding:4px 8px;text-align:left;vertical-align:top;font-size:13px}
th{background:#f3f4f6}.ok{color:#15803d;font-weight:600}.fail{color:#b91c1c;font-weight:600}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:14px}
.chart{background:#fff;border:1px solid #e5e7eb;border-radius:8px;width:100%;height:auto}
.warning{color:#b45309}details{margin:10px 0}summary{cursor:pointer;font-weight:600}code{font-size:12px}h2{margin-top:26px}`;

function percentileSeries(title: string, group: { p50: Series; p90?: Series; max: Series }, endMs: number): string {
  const series = [{ name: 'p50', points: group.p50 }, ...(group.p90 ? [{ name: 'p90', points: group.p90 }] : []), { name: 'max', points: group.max }];
  return lineChart({ title, series, endMs });
}

function cards(report: RunReport): string {
  const s = report.summary;
  const items: Array<[string, string]> = [
    [String(s.nodes), 'nodes'], [String(s.podsCreated), 'pods created'], [String(s.podsReadyAtEnd), 'Ready at end'],
    [String(s.podsNotReadyAtEnd), 'not Ready at end'], [`${(s.timeToIpMs.p50 / 1000).toFixed(2)} s`, 'time to IP p50'],
    [`${(s.timeToIpMs.p99 / 1000).toFixed(2)} s`, 'time to IP p99'], [String(s.apiCalls), 'API calls'],
    [String(s.apiThrottled), 'throttled'], [String(s.apiFailed), 'failed calls'], [String(s.enisCreated), 'ENIs created'],
  ];
  return `<div class="cards">${items.map(([value, label]) => `<div class="card"><b>${escapeXml(value)}</b><span>${escapeXml(label)}</span></div>`).join('')}</div>`;
}

function assertions(report: RunReport): string {
  if (report.assertions.length === 0) return '<p>No expectations were declared.</p>';
  const rows = report.assertions.map((a) => `<tr><td class="${a.ok ? 'ok' : 'fail'}">${a.ok ? 'pass' : 'FAIL'}</td><td>${escapeXml(a.name)}</td><td>${escapeXml(a.detail)}</td></tr>`).join('');
  return `<table><tr><th></th><th>assertion</th><th>detail</th></tr>${rows}</table>`;
}

function charts(report: RunReport): string {
  const series = report.series;
  const endMs = report.simulatedMs;
  const vSwitches = Object.entries(series.vSwitchFree).map(([id, points]) => ({ name: id, points }));
  const histogram = series.timeToIpHistogram.map((bucket) => ({
    label: bucket.leMs >= Number.MAX_SAFE_INTEGER ? 'more' : `≤${formatSpan(bucket.leMs)}`,
    segments: [{ name: 'pods', value: bucket.count }],
  }));
  const api = series.apiPerMinute.map((minute) => ({
    label: `${minute.minute}m`,
    segments: [{ name: 'ok', value: minute.calls - minute.throttled - minute.failed }, { name: 'throttled', value: minute.throttled }, { name: 'failed', value: minute.failed }],
  }));
  return `<div class="charts">${[
    lineChart({ title: 'Pods Ready and Pending', series: [{ name: 'Ready', points: series.podsReady }, { name: 'Pending', points: series.podsPending }], endMs }),
    stackedBarChart({ title: 'Time from pod creation to IP', bars: histogram, segmentNames: ['pods'] }),
    percentileSeries('Idle IPs in the pool, per node', series.poolIdlePerNode, endMs),
    percentileSeries('IPs in use, per node', series.poolUsedPerNode, endMs),
    lineChart({ title: 'Free IPs per vSwitch', series: vSwitches, endMs }),
    stackedBarChart({ title: 'Cloud API calls per minute', bars: api, segmentNames: ['ok', 'throttled', 'failed'] }),
    percentileSeries('ENIs per node', series.enisPerNode, endMs),
  ].join('')}</div>`;
}

function apiTable(report: RunReport): string {
  const rows = Object.entries(report.series.apiByAction).map(([action, counts]) =>
    `<tr><td>${escapeXml(action)}</td><td>${counts.calls}</td><td>${counts.throttled}</td><td>${counts.failed}</td></tr>`).join('');
  return `<table><tr><th>API</th><th>calls</th><th>throttled</th><th>failed</th></tr>${rows}</table>`;
}

function eventRows(entries: RunReport['timeline']): string {
  return entries.map((entry) => `<tr><td>${formatClock(entry.t)}</td><td>${escapeXml(entry.object)}</td>` +
    `<td class="${entry.type === 'Warning' ? 'warning' : ''}">${escapeXml(entry.type)}</td><td>${escapeXml(entry.reason)}</td><td>${escapeXml(entry.message)}</td></tr>`).join('');
}

function timeline(report: RunReport): string {
  const reasons = Object.entries(report.summary.events).map(([reason, count]) => `<code>${escapeXml(reason)}</code> ${count}`).join(' · ');
  const header = '<tr><th>time</th><th>object</th><th>type</th><th>reason</th><th>message</th></tr>';
  const warnings = report.timeline.filter((entry) => entry.type === 'Warning');
  const more = report.timelineTruncated > 0 ? `<p>${report.timelineTruncated} more events are in events.jsonl (run with --events).</p>` : '';
  return `<p>By reason: ${reasons || 'none'}</p>` +
    `<h3>Warnings (${warnings.length})</h3>${warnings.length === 0 ? '<p>None.</p>' : `<table>${header}${eventRows(warnings)}</table>`}` +
    `<details><summary>All events (${report.timeline.length})</summary><table>${header}${eventRows(report.timeline)}</table>${more}</details>`;
}

export function renderHtml(report: RunReport): string {
  const failed = report.assertions.filter((a) => !a.ok).length;
  const verdict = failed === 0 ? `${report.assertions.length} assertions passed` : `${failed} of ${report.assertions.length} assertions FAILED`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>terway-sim: ${escapeXml(report.scenario)}</title>` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><style>${style}</style></head><body>` +
    `<header><h1>${escapeXml(report.scenario)} — ${escapeXml(verdict)}</h1><p>${escapeXml(report.description)}</p>` +
    `<p>mode ${escapeXml(report.mode)} · seed <code>${escapeXml(report.seed)}</code> · simulated ${formatClock(report.simulatedMs)} · digest <code>${report.digest.slice(0, 16)}…</code></p></header>` +
    `<main>${cards(report)}<h2>Assertions</h2>${assertions(report)}<h2>Charts</h2>${charts(report)}` +
    `<h2>Cloud API</h2>${apiTable(report)}<h2>Event timeline</h2>${timeline(report)}</main></body></html>\n`;
}
