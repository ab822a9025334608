// sweep.html: the variants side by side, one row each: how many seeds passed, the spread over
// seeds of time-to-IP p99 (a range bar from the best to the worst seed, the median marked),
// pods Ready, throttled calls and leaks, then which expectations failed how often. One
// self-contained file, like report.html.

import { escapeXml } from '../report/svg-chart.js';
import type { RunFigures } from './figures.js';
import type { SweepResults } from './results.js';

const barWidth = 240;

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function rangeBar(values: readonly number[], scaleMax: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  const x = (value: number): number => (scaleMax <= 0 ? 0 : (value / scaleMax) * barWidth);
  const [low, mid, high] = [sorted[0] ?? 0, quantile(sorted, 0.5), sorted.at(-1) ?? 0];
  return `<svg width="${barWidth + 4}" height="14" role="img" aria-label="${low} to ${high} ms">` +
    `<rect x="${x(low)}" y="4" width="${Math.max(1, x(high) - x(low))}" height="6" ` +
    `fill="#8aa9d6"/><rect x="${x(mid)}" y="1" width="2" height="12" fill="#1f3b73"/></svg> ` +
    `${low}–${high} ms (median ${mid})`;
}

function variantRow(results: SweepResults, variant: number, runs: readonly RunFigures[],
  scaleMax: number): string {
  const label = Object.entries(results.variants[variant]!)
    .map(([key, value]) => `${escapeXml(key)}=${escapeXml(value)}`).join('<br>') || 'as written';
  const passed = runs.filter((run) => run.verdict === 'pass').length;
  const ready = runs.map((run) => run.podsReady);
  const mean = (values: readonly number[]): string => (values.length === 0 ? '–'
    : (values.reduce((sum, value) => sum + value, 0) / values.length).toFixed(1));
  const leaks = runs.map((run) => run.leaks).filter((count): count is number => count !== null);
  const failures = new Map<string, number>();
  for (const run of runs) for (const name of run.failed) {
    failures.set(name, (failures.get(name) ?? 0) + 1);
  }
  const failed = [...failures].sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, count]) => `${escapeXml(name)}: ${count}/${runs.length}`).join('<br>') || 'none';
  const passClass = passed === runs.length ? 'pass' : 'fail';
  return `<tr><td>${variant}</td><td>${label}</td>` +
    `<td class="${passClass}">${passed}/${runs.length}</td>` +
    `<td>${rangeBar(runs.map((run) => run.timeToIpP99Ms), scaleMax)}</td>` +
    `<td>${mean(ready)} (min ${ready.length === 0 ? '–' : Math.min(...ready)})</td>` +
    `<td>${mean(runs.map((run) => run.apiThrottled))}</td>` +
    `<td>${leaks.length === 0 ? 'not checked'
      : leaks.reduce((sum, count) => sum + count, 0)}</td>` +
    `<td>${failed}</td></tr>`;
}

export function sweepHtml(results: SweepResults): string {
  const scaleMax = Math.max(0, ...results.runs.map((run) => run.timeToIpP99Ms));
  const rows = results.variants.map((_, variant) => variantRow(results, variant,
    results.runs.filter((run) => run.variant === variant), scaleMax)).join('\n');
  const errors = results.errors.length === 0 ? '' : `<h2>Runs that did not run</h2><ul>${
    results.errors.map((entry) => `<li>run ${entry.run}: ${escapeXml(entry.error)}</li>`)
      .join('')}</ul>`;
  const title = `Sweep of ${escapeXml(results.scenario)}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 2em; color: #1d1d1f; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccd; padding: 4px 8px;
vertical-align: top; text-align: left; } .pass { color: #1b6e20; } .fail { color: #b3261e; }
</style></head><body>
<h1>${title}</h1>
<p>${results.variants.length} variant(s) × ${results.seeds.length} seed(s)
(${escapeXml(results.seeds[0] ?? '')}..${escapeXml(results.seeds.at(-1) ?? '')}),
${results.runs.length} run(s). Inputs ${results.inputsDigest.slice(0, 12)}.</p>
<table id="variants"><thead><tr><th>#</th><th>variant</th><th>seeds passed</th>
<th>time to IP p99 over seeds</th><th>pods Ready (mean)</th><th>throttled calls (mean)</th>
<th>leaks (total)</th><th>expectations failed</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${errors}
</body></html>
`;
}
