// report.md: the same report as text, for pull requests, terminals and chat.

import type { RunReport, Why } from './model.js';
import { formatClock } from './svg-chart.js';
import { groupMessage, repeatText } from './event-groups.js';
import { overallVerdict, verdictAt } from './verdict.js';

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const escape = (cell: string): string => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

function summaryTable(s: RunReport['summary']): string {
  const ttip = s.timeToIpMs;
  return table(
    ['figure', 'value'],
    [
      ['nodes', String(s.nodes)],
      ['pods created', String(s.podsCreated)],
      ['Ready at end', String(s.podsReadyAtEnd)],
      ['not Ready at end', String(s.podsNotReadyAtEnd)],
      [
        'time to IP p50 / p90 / p99 / max',
        `${ttip.p50} / ${ttip.p90} / ${ttip.p99} / ${ttip.max} ms (${ttip.count} pods)`,
      ],
      [
        'cloud API calls / throttled / failed',
        `${s.apiCalls} / ${s.apiThrottled} / ${s.apiFailed}`,
      ],
      ['ENIs created', String(s.enisCreated)],
      ['invariant checks', String(s.invariantChecks)],
    ],
  );
}

/** The "why" section: the binding constraint, the others, first errors, validate's findings. */
function whySection(why: Why): string[] {
  const lines = [`**${why.headline}**`, ''];
  if (why.constraints.length > 0) {
    lines.push(table(['', 'constraint', 'evidence'], why.constraints.map((c, index) => [
      index === 0 ? 'binding' : 'also', `\`${c.kind}\`: ${c.summary}`, c.evidence.join('; ')])),
    '');
  }
  lines.push('First occurrence of each error code (main phase):', '',
    why.firstErrors.length === 0 ? 'The cloud refused no call.' : table(
      ['time', 'node', 'API', 'code', 'calls', 'message'],
      why.firstErrors.map((e) => [formatClock(e.t), e.node ?? '-', e.api, e.code,
        String(e.count), e.message])),
    '', '`terway-sim validate` on the scenario\'s eni-config:', '',
    why.validate.length === 0 ? 'No warnings.' : table(['severity', 'code', 'path', 'message'],
      why.validate.map((d) => [d.severity, d.code, d.path, d.message])), '');
  return lines;
}

const eventGroupsShown = 40;

/** Terway's log lines counted by level and message; what is not listed and where it is. */
function terwayLogSection(log: RunReport['terwayLog']): string[] {
  return [
    `${log.linesTotal} lines.`, '',
    table(['level', 'component', 'message', 'lines', 'first error'], log.groups.map((g) =>
      [g.level, g.component, g.message, String(g.count), g.firstError ?? ''])),
    '',
    ...(log.warningLinesDropped + log.lines.length === 0 ? [] : [
      `${log.lines.length + log.warningLinesDropped} warning and error lines; report.json ` +
      `(\`terwayLog.lines\`) keeps the first ${log.lines.length}, events.jsonl has every line ` +
      '(run with --events).', '']),
  ];
}

/** The first groups of events, and what was left out and where to find it. */
function eventGroupSection(report: RunReport): string[] {
  const groups = report.eventGroups;
  const shown = groups.slice(0, eventGroupsShown);
  const left = groups.length - shown.length + report.eventGroupsTruncated;
  return [
    table(['first', 'object', 'type', 'reason', 'repeated', 'latest message'],
      shown.map((g) => [formatClock(g.firstT), g.object, g.type, g.reason, repeatText(g),
        groupMessage(g)])),
    '',
    ...(left === 0 ? [] : [`${left} more groups are not shown here: report.html lists every ` +
      'warning group, report.json every group (`eventGroups`), and events.jsonl every event ' +
      '(run with --events).', '']),
  ];
}

export function renderMarkdown(report: RunReport): string {
  const s = report.summary;
  const lines = [
    `# ${report.scenario}`,
    '',
    report.description.trim(),
    '',
    `**${overallVerdict(report)}**`,
    '',
    `mode \`${report.mode}\` · seed \`${report.seed}\` · simulated ${formatClock(report.simulatedMs)} · digest \`${report.digest}\``,
    '',
    '## Assertions',
    '',
    report.assertions.length === 0
      ? 'No expectations were declared.'
      : table(
          ['', 'assertion', 'detail'],
          report.assertions.map((a, index) => {
            const verdict = verdictAt(report, index);
            return [verdict === 'FAIL' ? '**FAIL**' : verdict, a.name, a.detail];
          }),
        ),
    '',
    '## Why',
    '',
    ...whySection(report.why),
    '## Summary',
    '',
    summaryTable(report.summary),
    '',
    '## Cloud API by action',
    '',
    table(
      ['API', 'calls', 'throttled', 'failed'],
      Object.entries(report.series.apiByAction).map(([action, c]) => [
        action,
        String(c.calls),
        String(c.throttled),
        String(c.failed),
      ]),
    ),
    '',
    '## Events by reason',
    '',
    table(
      ['reason', 'count'],
      Object.entries(s.events).map(([reason, count]) => [reason, String(count)]),
    ),
    '',
    '## Node conditions',
    '',
    report.nodeConditions.length === 0 ? 'No node condition turned.' : table(
      ['time', 'node', 'condition', 'status', 'reason'],
      report.nodeConditions.map((c) => [formatClock(c.t), c.node, c.type, c.status, c.reason])),
    '',
    '## Events, grouped as kubectl shows them',
    '',
    ...eventGroupSection(report),
    "## Terway's log",
    '',
    ...terwayLogSection(report.terwayLog),
  ];
  return `${lines.join('\n')}\n`;
}
