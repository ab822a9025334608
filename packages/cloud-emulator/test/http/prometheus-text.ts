// A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: every line
// is a HELP, a TYPE, a comment or a sample; names and label names are valid; label values use only
// the three escapes the format defines and never hold a raw line feed; a family's TYPE comes
// once, before its samples, and its samples are contiguous; no series appears twice; counters are
// not negative; histograms have ascending, cumulative buckets ending in +Inf equal to _count.
// It returns every problem (empty when the text is valid) and the series it read.
import { execFileSync } from 'node:child_process';

export interface Series {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const floatText = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^[+-]?Inf$|^NaN$/;
const suffixes = ['_bucket', '_sum', '_count'];

/** Reads `{a="x",b="y"}` from `text` at `at` (just past `{`); the labels and where they end. */
function readLabels(text: string, at: number): { labels: Record<string, string>; end: number }
  | string {
  const labels: Record<string, string> = {};
  let position = at;
  while (text[position] !== '}') {
    const equals = text.indexOf('=', position);
    if (equals < 0) return 'label without "="';
    const name = text.slice(position, equals);
    if (!labelName.test(name)) return `invalid label name ${JSON.stringify(name)}`;
    if (text[equals + 1] !== '"') return `label ${name}: value does not start with a quote`;
    let value = '';
    let cursor = equals + 2;
    for (;; cursor++) {
      const char = text[cursor];
      if (char === undefined) return `label ${name}: unterminated value`;
      if (char === '"') break;
      if (char !== '\\') {
        value += char;
        continue;
      }
      const escaped = text[++cursor];
      if (escaped === 'n') value += '\n';
      else if (escaped === '\\' || escaped === '"') value += escaped;
      else return `label ${name}: invalid escape \\${escaped ?? ''}`;
    }
    if (Object.hasOwn(labels, name)) return `label ${name} twice`;
    labels[name] = value;
    position = cursor + 1;
    if (text[position] === ',') position++;
    else if (text[position] !== '}') return `label ${name}: expected "," or "}"`;
  }
  return { labels, end: position + 1 };
}

function readSample(line: string): Series | string {
  const brace = line.indexOf('{');
  const space = line.indexOf(' ');
  const nameEnd = brace >= 0 && (space < 0 || brace < space) ? brace : space;
  if (nameEnd < 0) return 'sample without a value';
  const name = line.slice(0, nameEnd);
  if (!metricName.test(name)) return `invalid metric name ${JSON.stringify(name)}`;
  let labels: Record<string, string> = {};
  let rest = line.slice(nameEnd);
  if (rest.startsWith('{')) {
    const read = readLabels(line, nameEnd + 1);
    if (typeof read === 'string') return read;
    labels = read.labels;
    rest = line.slice(read.end);
  }
  const fields = rest.split(' ');
  if (fields[0] !== '' || fields.length < 2 || fields.length > 3) return 'malformed value';
  if (!floatText.test(fields[1]!)) return `invalid value ${JSON.stringify(fields[1])}`;
  if (fields[2] !== undefined && !/^-?\d+$/.test(fields[2])) return 'invalid timestamp';
  const value = /Inf$/.test(fields[1]!) ? (fields[1]!.startsWith('-') ? -Infinity : Infinity)
    : Number(fields[1]);
  return { name, labels, value };
}

function familyOf(name: string, types: ReadonlyMap<string, string>): string {
  for (const suffix of suffixes) {
    const base = name.slice(0, -suffix.length);
    if (name.endsWith(suffix) && types.get(base) === 'histogram') return base;
  }
  return name;
}

function histogramProblems(family: string, series: readonly Series[]): string[] {
  const problems: string[] = [];
  const groups = new Map<string, Series[]>();
  for (const one of series) {
    const { le: _le, ...rest } = one.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    groups.set(key, [...groups.get(key) ?? [], one]);
  }
  for (const [key, group] of groups) {
    const buckets = group.filter((one) => one.name === `${family}_bucket`);
    const count = group.find((one) => one.name === `${family}_count`);
    const bounds = buckets.map((one) => (one.labels.le === '+Inf' ? Infinity
      : Number(one.labels.le)));
    if (bounds.at(-1) !== Infinity) problems.push(`${family} ${key}: no +Inf bucket`);
    for (let index = 1; index < buckets.length; index++) {
      if (!(bounds[index]! > bounds[index - 1]!)) {
        problems.push(`${family} ${key}: le not ascending`);
      }
      if (buckets[index]!.value < buckets[index - 1]!.value) {
        problems.push(`${family} ${key}: buckets not cumulative`);
      }
    }
    if (count === undefined || buckets.at(-1)?.value !== count.value) {
      problems.push(`${family} ${key}: +Inf bucket differs from _count`);
    }
  }
  return problems;
}

/** Every problem of the text (empty when strictly valid), and the series read. */
export function parsePrometheusText(text: string): { problems: string[]; series: Series[] } {
  const problems: string[] = [];
  const series: Series[] = [];
  const types = new Map<string, string>();
  const closed = new Set<string>();
  const seen = new Set<string>();
  let current: string | null = null;
  if (text !== '' && !text.endsWith('\n')) problems.push('the text does not end with a line feed');
  for (const [index, line] of text.split('\n').entries()) {
    const at = `line ${index + 1}`;
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
    const sampleName = line.startsWith('#') ? null : line.split(/[{ ]/)[0]!;
    const family = meta?.[2] ?? (sampleName === null ? null : familyOf(sampleName, types));
    if (family !== null && family !== current) {
      if (current !== null) closed.add(current);
      if (closed.has(family)) problems.push(`${at}: ${family} continues after other families`);
      current = family;
    }
    if (meta?.[1] === 'TYPE') {
      if (types.has(meta[2]!)) problems.push(`${at}: second TYPE for ${meta[2]}`);
      if (!/^(counter|gauge|histogram|summary|untyped)$/.test(meta[3] ?? '')) {
        problems.push(`${at}: unknown type ${meta[3] ?? ''}`);
      }
      types.set(meta[2]!, meta[3] ?? '');
      continue;
    }
    if (meta !== null || line.startsWith('#')) continue;
    const sample = readSample(line);
    if (typeof sample === 'string') {
      problems.push(`${at}: ${sample}`);
      continue;
    }
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seen.has(key)) problems.push(`${at}: ${key} appears twice`);
    seen.add(key);
    if (types.get(familyOf(sample.name, types)) === 'counter' && sample.value < 0) {
      problems.push(`${at}: negative counter`);
    }
    series.push(sample);
  }
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    problems.push(...histogramProblems(family, series.filter((one) =>
      familyOf(one.name, types) === family)));
  }
  return { problems, series };
}

/** `promtool check metrics` on the text when promtool is installed; null when it is not. */
export function promtoolProblems(text: string): string | null {
  try {
    execFileSync('promtool', ['check', 'metrics'], { input: text, stdio: 'pipe' });
    return '';
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: Buffer; stdout?: Buffer };
    if (failure.code === 'ENOENT') return null;
    return `${failure.stdout?.toString() ?? ''}${failure.stderr?.toString() ?? ''}`;
  }
}
