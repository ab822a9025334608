// report.html: one self-contained page (inline CSS, SVG and one small script, no external
// requests) that an on-call engineer would rather look at than read: what was asserted, then the
// charts, the API table and the event timeline with production's event reasons. The timeline
// filters by node, pod, reason and kind, and every event offers the commands that open its
// instant (`terway-sim inspect … --at`, `terway-sim serve --scenario … --at`); without the script
// every row stays visible and the commands still read as text.

import type { RunReport, Series, TimelineEntry, Why } from './model.js';
import { formatDuration } from '@terway-sim/sim-base';
import { groupMessage, repeatText } from './event-groups.js';
import { overallVerdict, verdictAt } from './verdict.js';
import { escapeXml, formatClock, formatSpan, lineChart, meaningColors,
  stackedBarChart } from './svg-chart.js';

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
.reproduced{color:#7c3aed;font-weight:600}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:14px}
.chart{background:#fff;border:1px solid #e5e7eb;border-radius:8px;width:100%;height:auto}
.warning{color:#b45309}.filters{display:flex;gap:8px;flex-wrap:wrap;margin:8px 0}
.filters input,.filters select{font:inherit;padding:2px 6px}td.look code{display:block;white-space:nowrap}
details{margin:10px 0}summary{cursor:pointer;font-weight:600}code{font-size:12px}h2{margin-top:26px}`;

function percentileSeries(
  title: string,
  unit: string,
  group: { p50: Series; p90?: Series; max: Series },
  endMs: number,
): string {
  const series = [
    { name: 'p50', points: group.p50 },
    ...(group.p90 ? [{ name: 'p90', points: group.p90 }] : []),
    { name: 'max', points: group.max },
  ];
  return lineChart({ title, unit, series, endMs });
}

function cards(report: RunReport): string {
  const s = report.summary;
  const items: Array<[string, string]> = [
    [String(s.nodes), 'nodes'],
    [String(s.podsCreated), 'pods created'],
    [String(s.podsReadyAtEnd), 'Ready at end'],
    [String(s.podsNotReadyAtEnd), 'not Ready at end'],
    [`${(s.timeToIpMs.p50 / 1000).toFixed(2)} s`, 'time to IP p50'],
    [`${(s.timeToIpMs.p99 / 1000).toFixed(2)} s`, 'time to IP p99'],
    [String(s.apiCalls), 'API calls'],
    [String(s.apiThrottled), 'throttled'],
    [String(s.apiFailed), 'failed calls'],
    [String(s.enisCreated), 'ENIs created'],
  ];
  return `<div class="cards">${items.map(([value, label]) => `<div class="card"><b>${escapeXml(value)}</b><span>${escapeXml(label)}</span></div>`).join('')}</div>`;
}

function assertions(report: RunReport): string {
  if (report.assertions.length === 0) return '<p>No expectations were declared.</p>';
  const rows = report.assertions
    .map((a, index) => {
      const verdict = verdictAt(report, index);
      const css = verdict === 'pass' ? 'ok' : verdict === 'FAIL' ? 'fail' : 'reproduced';
      return `<tr><td class="${css}">${verdict}</td><td>${escapeXml(a.name)}</td>` +
        `<td>${escapeXml(a.detail)}</td></tr>`;
    })
    .join('');
  return `<table><tr><th></th><th>assertion</th><th>detail</th></tr>${rows}</table>`;
}

/** The "why" section: what bound, the first error of each code, what validate says. */
function whySection(why: Why): string {
  const constraints = why.constraints.map((c, index) =>
    `<tr><td class="${index === 0 ? 'fail' : ''}">${index === 0 ? 'binding' : 'also'}</td>` +
    `<td><code>${escapeXml(c.kind)}</code> ${escapeXml(c.summary)}</td>` +
    `<td>${c.evidence.map((e) => escapeXml(e)).join('<br>')}</td></tr>`).join('');
  const errors = why.firstErrors.map((e) => `<tr><td>${formatClock(e.t)}</td>` +
    `<td>${escapeXml(e.node ?? '-')}</td><td>${escapeXml(e.api)}</td>` +
    `<td>${escapeXml(e.code)}</td><td>${e.count}</td><td>${escapeXml(e.message)}</td></tr>`)
    .join('');
  const diagnostics = why.validate.map((d) => `<tr><td class="warning">${escapeXml(d.severity)}` +
    `</td><td>${escapeXml(d.code)}</td><td>${escapeXml(d.path)}</td>` +
    `<td>${escapeXml(d.message)}</td></tr>`).join('');
  return `<p class="why"><b>${escapeXml(why.headline)}</b></p>` +
    (constraints === '' ? '' : '<table><tr><th></th><th>constraint</th><th>evidence</th></tr>' +
      `${constraints}</table>`) +
    '<h3>First occurrence of each error code (main phase)</h3>' +
    (errors === '' ? '<p>The cloud refused no call.</p>' : '<table><tr><th>time</th>' +
      '<th>node</th><th>API</th><th>code</th><th>calls</th><th>message</th></tr>' +
      `${errors}</table>`) +
    '<h3><code>terway-sim validate</code> on the eni-config</h3>' +
    (diagnostics === '' ? '<p>No warnings.</p>' : '<table><tr><th>severity</th><th>code</th>' +
      `<th>path</th><th>message</th></tr>${diagnostics}</table>`);
}

function charts(report: RunReport): string {
  const series = report.series;
  const endMs = report.simulatedMs;
  // Legends name vSwitches as the scenario declares them, not by the ids the cloud minted.
  const vSwitches = Object.entries(series.vSwitchFree).map(([id, points]) => ({
    name: report.vSwitchDeclaredIds?.[id] ?? id,
    points,
  }));
  const histogram = series.timeToIpHistogram.map((bucket) => ({
    label: bucket.leMs >= Number.MAX_SAFE_INTEGER ? 'more' : `≤${formatSpan(bucket.leMs)}`,
    segments: [{ name: 'pods', value: bucket.count }],
  }));
  const api = series.apiPerMinute.map((minute) => ({
    label: `${minute.minute}m`,
    segments: [
      { name: 'ok', value: minute.calls - minute.throttled - minute.failed },
      { name: 'throttled', value: minute.throttled },
      { name: 'failed', value: minute.failed },
    ],
  }));
  return `<div class="charts">${[
    lineChart({
      title: 'Pods Ready and Pending',
      unit: 'pods',
      series: [
        { name: 'Ready', points: series.podsReady, color: meaningColors.good },
        { name: 'Pending', points: series.podsPending, color: meaningColors.waiting },
      ],
      endMs,
    }),
    stackedBarChart({
      title: 'Time from pod creation to IP',
      unit: 'pods',
      bars: histogram,
      segmentNames: ['pods'],
    }),
    percentileSeries('Idle IPs in the pool, per node', 'IPs', series.poolIdlePerNode, endMs),
    percentileSeries('IPs in use, per node', 'IPs', series.poolUsedPerNode, endMs),
    lineChart({ title: 'Free IPs per vSwitch', unit: 'IPs', series: vSwitches, endMs }),
    stackedBarChart({
      title: 'Cloud API calls per minute',
      unit: 'calls',
      bars: api,
      segmentNames: ['ok', 'throttled', 'failed'],
      segmentColors: { ok: meaningColors.good, throttled: meaningColors.waiting,
        failed: meaningColors.bad },
    }),
    percentileSeries('ENIs per node', 'ENIs', series.enisPerNode, endMs),
  ].join('')}</div>`;
}

function apiTable(report: RunReport): string {
  const rows = Object.entries(report.series.apiByAction)
    .map(
      ([action, counts]) =>
        `<tr><td>${escapeXml(action)}</td><td>${counts.calls}</td><td>${counts.throttled}</td><td>${counts.failed}</td></tr>`,
    )
    .join('');
  return `<table><tr><th>API</th><th>calls</th><th>throttled</th><th>failed</th></tr>${rows}</table>`;
}

/** Where the report's run directory is, for the commands that reopen an instant. */
export interface HtmlOptions {
  readonly runDir?: string;
}

function shellWord(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** The commands that open the event's instant: its object described, the world served there. */
function lookCommands(entry: TimelineEntry, runDir: string): string[] {
  const at = `--at ${formatDuration(entry.t)}`;
  const [kind, ...rest] = entry.object.split('/');
  const describe = kind === 'Pod' && rest.length === 2
    ? `kubectl describe pod ${shellWord(rest[1]!)} -n ${shellWord(rest[0]!)}`
    : `kubectl describe ${kind === 'Node' ? 'node' : 'pod'} ${shellWord(rest.join('/'))}`;
  return [`terway-sim inspect ${runDir} ${at} ${describe}`,
    `terway-sim serve --scenario ${runDir} ${at}`];
}

function eventRows(entries: readonly TimelineEntry[], runDir: string): string {
  return entries.map((entry) => {
    const [kind = '', ...rest] = entry.object.split('/');
    const data = [['node', entry.node ?? ''], ['kind', kind], ['reason', entry.reason],
      ['pod', kind === 'Pod' ? rest.join('/') : '']]
      .map(([key, value]) => ` data-${key}="${escapeXml(value!)}"`).join('');
    const look = lookCommands(entry, runDir).map((command) => `<code>${escapeXml(command)}</code>`);
    return `<tr${data}><td>${formatClock(entry.t)}</td><td>${escapeXml(entry.object)}</td>` +
      `<td class="${entry.type === 'Warning' ? 'warning' : ''}">${escapeXml(entry.type)}</td>` +
      `<td>${escapeXml(entry.reason)}</td><td>${escapeXml(entry.message)}</td>` +
      `<td class="look">${look.join('')}</td></tr>`;
  }).join('');
}

function options(values: Iterable<string>): string {
  return [...new Set(values)].sort().map((value) =>
    `<option value="${escapeXml(value)}">${escapeXml(value)}</option>`).join('');
}

/** Text boxes for node and pod (substring), lists for reason and kind; the script applies them. */
function filterBar(entries: readonly TimelineEntry[]): string {
  return '<div class="filters" id="timeline-filters">' +
    '<input data-filter="node" placeholder="node" aria-label="node">' +
    '<input data-filter="pod" placeholder="namespace/pod" aria-label="pod">' +
    '<select data-filter="reason" aria-label="reason"><option value="">any reason</option>' +
    `${options(entries.map((entry) => entry.reason))}</select>` +
    '<select data-filter="kind" aria-label="kind"><option value="">any kind</option>' +
    `${options(entries.map((entry) => entry.object.split('/')[0]!))}</select></div>`;
}

// Exact match for the lists, substring for the text boxes; a row shows when every filter holds.
const filterScript = `<script>
(() => {
  const controls = [...document.querySelectorAll('#timeline-filters [data-filter]')];
  const apply = () => {
    const wanted = controls.map((c) => [c.dataset.filter, c.value.trim(), c.tagName === 'SELECT']);
    for (const row of document.querySelectorAll('table.timeline tr[data-kind]')) {
      row.hidden = !wanted.every(([key, value, exact]) => value === '' ||
        (exact ? row.dataset[key] === value : row.dataset[key].includes(value)));
    }
  };
  for (const control of controls) control.addEventListener('input', apply);
})();
</script>`;

/** Node conditions as they turned: the timeline's state, next to its events. */
function conditionTable(report: RunReport): string {
  if (report.nodeConditions.length === 0) return '<p>No node condition turned.</p>';
  const rows = report.nodeConditions.map((c) => `<tr><td>${formatClock(c.t)}</td>` +
    `<td>Node/${escapeXml(c.node)}</td><td>${escapeXml(c.type)}</td>` +
    `<td>${escapeXml(c.status)}</td><td>${escapeXml(c.reason)}</td></tr>`).join('');
  return '<table class="conditions"><tr><th>time</th><th>object</th><th>condition</th>' +
    `<th>status</th><th>reason</th></tr>${rows}</table>`;
}

/** Warnings grouped as kubectl shows them ("x65 over 14m"); nothing left out unsaid. */
function groupedWarnings(report: RunReport): string {
  const warnings = report.eventGroups.filter((group) => group.type === 'Warning');
  const rows = warnings.map((group) => `<tr><td>${formatClock(group.firstT)}</td>` +
    `<td>${escapeXml(group.object)}</td><td>${escapeXml(group.reason)}</td>` +
    `<td>${escapeXml(repeatText(group))}</td><td>${escapeXml(groupMessage(group))}</td></tr>`)
    .join('');
  const more = report.eventGroupsTruncated === 0 ? '' : `<p>${report.eventGroupsTruncated} ` +
    'more groups are not in this report; every event is in events.jsonl (run with --events).</p>';
  return (warnings.length === 0 ? '<p>None.</p>' : '<table class="groups"><tr><th>first</th>' +
    '<th>object</th><th>reason</th><th>repeated</th><th>latest message</th></tr>' +
    `${rows}</table>`) + more;
}

/** Terway's log: every line counted by level and message, then the first warnings verbatim. */
function terwayLogSection(log: RunReport['terwayLog']): string {
  const groups = log.groups.map((g) => `<tr><td class="${g.level === 'info' ? '' : 'warning'}">` +
    `${escapeXml(g.level)}</td><td>${escapeXml(g.component)}</td><td>${escapeXml(g.message)}` +
    `</td><td>${g.count}</td><td>${formatClock(g.firstT)}–${formatClock(g.lastT)}</td>` +
    `<td>${escapeXml(g.firstError ?? '')}</td></tr>`).join('');
  const lines = log.lines.map((l) => `<tr><td>${formatClock(l.t)}</td>` +
    `<td class="warning">${escapeXml(l.level)}</td><td>${escapeXml(l.node ?? '')}</td>` +
    `<td>${escapeXml(l.message)}</td><td>${escapeXml(l.error ?? '')}</td></tr>`).join('');
  const dropped = log.warningLinesDropped === 0 ? '' : `<p>${log.warningLinesDropped} more ` +
    'warning and error lines are not listed here; every line is in events.jsonl (run with ' +
    '--events, then grep \'"kind":"log"\').</p>';
  return `<p>${log.linesTotal} lines.</p><table><tr><th>level</th><th>component</th>` +
    `<th>message</th><th>lines</th><th>from–to</th><th>first error</th></tr>${groups}</table>` +
    `<details><summary>First warning and error lines (${log.lines.length})</summary>` +
    `<table><tr><th>time</th><th>level</th><th>node</th><th>message</th><th>error</th></tr>` +
    `${lines}</table></details>${dropped}`;
}

function timeline(report: RunReport, runDir: string): string {
  const reasons = Object.entries(report.summary.events)
    .map(([reason, count]) => `<code>${escapeXml(reason)}</code> ${count}`)
    .join(' · ');
  const header = '<tr><th>time</th><th>object</th><th>type</th><th>reason</th><th>message</th>' +
    '<th>open this instant</th></tr>';
  const more =
    report.timelineTruncated > 0
      ? `<p>This list stops after the first ${report.timeline.length} events: ` +
        `${report.timelineTruncated} more are in events.jsonl (run with --events).</p>`
      : '';
  const table = (entries: readonly TimelineEntry[]) =>
    `<table class="timeline">${header}${eventRows(entries, runDir)}</table>`;
  const warningGroups = report.eventGroups.filter((group) => group.type === 'Warning').length;
  return (
    `<p>By reason: ${reasons || 'none'}</p>` +
    `<h3>Node conditions</h3>${conditionTable(report)}` +
    `<h3>Warnings, grouped as kubectl shows them (${warningGroups})</h3>` +
    `${groupedWarnings(report)}${filterBar(report.timeline)}` +
    `<details><summary>All events (${report.timeline.length})</summary>${table(report.timeline)}${more}</details>`
  );
}

export function renderHtml(report: RunReport, htmlOptions: HtmlOptions = {}): string {
  const runDir = shellWord(htmlOptions.runDir ?? 'RUN_DIR');
  const verdict = overallVerdict(report);
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>terway-sim: ${escapeXml(report.scenario)}</title>` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><style>${style}</style></head><body>` +
    `<header><h1>${escapeXml(report.scenario)} — ${escapeXml(verdict)}</h1><p>${escapeXml(report.description)}</p>` +
    `<p>mode ${escapeXml(report.mode)} · seed <code>${escapeXml(report.seed)}</code> · simulated ${formatClock(report.simulatedMs)} · digest <code>${report.digest.slice(0, 16)}…</code></p></header>` +
    `<main>${cards(report)}<h2>Assertions</h2>${assertions(report)}` +
    `<h2>Why</h2>${whySection(report.why)}<h2>Charts</h2>${charts(report)}` +
    `<h2>Cloud API</h2>${apiTable(report)}<h2>Event timeline</h2>${timeline(report, runDir)}` +
    `<h2>Terway's log</h2>${terwayLogSection(report.terwayLog)}</main>` +
    `${filterScript}</body></html>\n`
  );
}
