// Small, dependency-free SVG charts for the self-contained HTML report: line charts over virtual
// time, stacked bars, histograms. Pure string builders; no script is needed to view them (hover a
// series or bar for its <title>).

import type { Series } from './model.js';

export interface LineSeries {
  readonly name: string;
  readonly points: Series;
  /** A colour that means something (Ready green, Pending amber); default: the palette's. */
  readonly color?: string;
}

/** Colours with a meaning, so a chart never paints trouble green. */
export const meaningColors = {
  good: '#16a34a', waiting: '#d97706', bad: '#dc2626', neutral: '#2563eb',
} as const;

export interface Bar {
  readonly label: string;
  readonly segments: ReadonlyArray<{ readonly name: string; readonly value: number }>;
}

const width = 640;
const height = 260;
const margin = { top: 28, right: 16, bottom: 36, left: 56 };
const palette = [
  '#2563eb',
  '#16a34a',
  '#dc2626',
  '#d97706',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#4b5563',
];

export function colorAt(index: number): string {
  return palette[index % palette.length]!;
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** "1h30m", "45s": virtual-time axis labels. */
export function formatClock(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h${minutes % 60 === 0 ? '' : `${minutes % 60}m`}`;
}

/** A duration for labels: "250ms" below a second, else as formatClock. */
export function formatSpan(ms: number): string {
  return ms < 1000 ? `${ms}ms` : formatClock(ms);
}

const timeSteps = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
].map((s) => s * 1000);

/** Round virtual-time ticks (1 s … 1 d steps), about `count` of them, covering [0, endMs]. */
export function timeTicks(endMs: number, count = 6): number[] {
  const step =
    timeSteps.find((candidate) => candidate * count >= endMs) ?? timeSteps[timeSteps.length - 1]!;
  const ticks: number[] = [];
  for (let t = 0; t <= endMs; t += step) ticks.push(t);
  return ticks;
}

/** About `count` round tick values covering [0, max]. */
export function niceTicks(max: number, count = 5): number[] {
  if (max <= 0) return [0];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step =
    [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= raw) ??
    10 * magnitude;
  const ticks: number[] = [];
  for (let value = 0; value <= max + step * 1e-9; value += step)
    ticks.push(Number(value.toPrecision(12)));
  if (ticks[ticks.length - 1]! < max)
    ticks.push(Number((ticks[ticks.length - 1]! + step).toPrecision(12)));
  return ticks;
}

function frame(title: string, body: string, legend: readonly string[], unit: string,
  colors: readonly string[] = []): string {
  // Legend entries flow left to right, each as wide as its text, wrapping to new rows.
  const items: string[] = [];
  let x = margin.left;
  let row = 0;
  legend.forEach((name, index) => {
    const itemWidth = 24 + name.length * 6.2;
    if (x + itemWidth > width - margin.right && x > margin.left) { x = margin.left; row++; }
    items.push(
      `<g transform="translate(${x.toFixed(1)},${height - 8 + row * 14})">` +
        `<rect width="10" height="10" y="-9" fill="${colors[index] ?? colorAt(index)}"/>` +
        `<text x="14" font-size="11">${escapeXml(name)}</text></g>`,
    );
    x += itemWidth;
  });
  const extra = legend.length > 0 ? 14 * (row + 1) : 0;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height + extra}" role="img" aria-label="${escapeXml(title)}" class="chart">` +
    `<text x="${margin.left}" y="16" font-size="13" font-weight="600">${escapeXml(title)}</text>` +
    `<text class="unit" x="12" y="${margin.top + 40}" font-size="10" ` +
    `transform="rotate(-90 12 ${margin.top + 40})" text-anchor="end">${escapeXml(unit)}</text>` +
    `${body}${items.join('')}</svg>`
  );
}

function axes(
  xTicks: Array<{ x: number; label: string }>,
  yTicks: number[],
  yScale: (v: number) => number,
  yFormat: (v: number) => string,
): string {
  const plotBottom = height - margin.bottom;
  const grid = yTicks
    .map(
      (tick) =>
        `<line x1="${margin.left}" x2="${width - margin.right}" y1="${yScale(tick)}" y2="${yScale(tick)}" stroke="#e5e7eb"/>` +
        `<text x="${margin.left - 6}" y="${yScale(tick) + 4}" font-size="10" text-anchor="end">${escapeXml(yFormat(tick))}</text>`,
    )
    .join('');
  const xLabels = xTicks
    .map(
      (tick) =>
        `<text x="${tick.x}" y="${plotBottom + 14}" font-size="10" text-anchor="middle">${escapeXml(tick.label)}</text>`,
    )
    .join('');
  return `${grid}<line x1="${margin.left}" x2="${width - margin.right}" y1="${plotBottom}" y2="${plotBottom}" stroke="#9ca3af"/>${xLabels}`;
}

export function lineChart(options: {
  title: string;
  /** The one unit of the y axis (every series shares it). */
  unit: string;
  series: readonly LineSeries[];
  yFormat?: (v: number) => string;
  endMs?: number;
}): string {
  const yFormat = options.yFormat ?? ((v: number) => String(v));
  const all = options.series.flatMap((series) => series.points);
  const endMs = Math.max(options.endMs ?? 0, ...all.map(([t]) => t), 1);
  const yTicks = niceTicks(Math.max(...all.map(([, v]) => v), 1));
  const yMax = yTicks[yTicks.length - 1]!;
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const xScale = (t: number): number => margin.left + (t / endMs) * plotWidth;
  const yScale = (v: number): number => margin.top + plotHeight - (v / yMax) * plotHeight;
  const xTicks = timeTicks(endMs).map((t) => ({ x: xScale(t), label: formatClock(t) }));
  const paths = options.series
    .map((series, index) => {
      if (series.points.length === 0) return '';
      const d = series.points
        .map(([t, v], i) => `${i === 0 ? 'M' : 'L'}${xScale(t).toFixed(1)},${yScale(v).toFixed(1)}`)
        .join('');
      const last = series.points[series.points.length - 1]!;
      const colour = series.color ?? colorAt(index);
      const title = `${series.name}: last ${yFormat(last[1])} at ${formatClock(last[0])}`;
      return `<path d="${d}" fill="none" stroke="${colour}" stroke-width="1.8">` +
        `<title>${escapeXml(title)}</title></path>`;
    })
    .join('');
  return frame(
    options.title,
    axes(xTicks, yTicks, yScale, yFormat) + paths,
    options.series.length > 1 ? options.series.map((s) => s.name) : [],
    options.unit,
    options.series.map((series, index) => series.color ?? colorAt(index)),
  );
}

export function stackedBarChart(options: {
  title: string;
  /** The one unit of the y axis. */
  unit: string;
  bars: readonly Bar[];
  segmentNames: readonly string[];
  /** A colour per segment name that means something; default: the palette's. */
  segmentColors?: Readonly<Record<string, string>>;
}): string {
  const colourOf = (name: string): string => options.segmentColors?.[name] ??
    colorAt(Math.max(0, options.segmentNames.indexOf(name)));
  const totals = options.bars.map((bar) =>
    bar.segments.reduce((sum, segment) => sum + segment.value, 0),
  );
  const yTicks = niceTicks(Math.max(...totals, 1));
  const yMax = yTicks[yTicks.length - 1]!;
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const yScale = (v: number): number => margin.top + plotHeight - (v / yMax) * plotHeight;
  const slot = plotWidth / Math.max(options.bars.length, 1);
  const labelEvery = Math.max(1, Math.ceil(options.bars.length / 12));
  const xTicks = options.bars.map((bar, index) => ({
    x: margin.left + slot * (index + 0.5),
    label: index % labelEvery === 0 ? bar.label : '',
  }));
  const rects = options.bars
    .map((bar, index) => {
      let base = 0;
      return bar.segments
        .map((segment) => {
          const y0 = yScale(base);
          base += segment.value;
          const y1 = yScale(base);
          const colour = colourOf(segment.name);
          if (segment.value === 0) return '';
          const x = (margin.left + slot * index + slot * 0.1).toFixed(1);
          const title = `${bar.label} ${segment.name}: ${segment.value}`;
          return `<rect x="${x}" y="${y1.toFixed(1)}" width="${(slot * 0.8).toFixed(1)}" ` +
            `height="${(y0 - y1).toFixed(1)}" fill="${colour}">` +
            `<title>${escapeXml(title)}</title></rect>`;
        })
        .join('');
    })
    .join('');
  return frame(options.title, axes(xTicks, yTicks, yScale, String) + rects, options.segmentNames,
    options.unit, options.segmentNames.map(colourOf));
}
