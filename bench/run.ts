// `npm run bench`: runs every package's benchmarks in one process and prints a table.
// `npm run bench -- sim-base cloud` runs only the packages whose names contain those words.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatNumber, type Bench, type BenchResult } from './harness.js';

const root = join(import.meta.dirname, '..');
const filters = process.argv.slice(2);

async function loadBenches(): Promise<Array<{ pkg: string; bench: Bench }>> {
  const found: Array<{ pkg: string; bench: Bench }> = [];
  for (const pkg of readdirSync(join(root, 'packages')).sort()) {
    if (filters.length > 0 && !filters.some((filter) => pkg.includes(filter))) continue;
    let files: string[] = [];
    try {
      files = readdirSync(join(root, 'packages', pkg, 'bench'))
        .filter((file) => file.endsWith('.bench.ts'))
        .sort();
    } catch {
      continue;
    }
    for (const file of files) {
      const module = (await import(join(root, 'packages', pkg, 'bench', file))) as {
        benches: Bench[];
      };
      module.benches.forEach((bench) => found.push({ pkg, bench }));
    }
  }
  return found;
}

const rows: Array<BenchResult & { pkg: string }> = [];
for (const { pkg, bench } of await loadBenches()) {
  process.stderr.write(`running ${pkg}: ${bench.name}…\n`);
  (await bench.run()).forEach((result) => rows.push({ pkg, ...result }));
}
const table = rows.map((row) => [
  row.pkg, row.name, `${formatNumber(row.value)} ${row.unit}`, row.target ?? '',
  row.met === undefined ? '' : row.met ? 'met' : 'MISSED', row.note ?? '',
]);
const header = ['package', 'measurement', 'value', 'target', '', 'note'];
const widths = header.map((title, column) =>
  Math.max(title.length, ...table.map((row) => row[column]!.length)),
);
const line = (cells: string[]): string =>
  cells
    .map((cell, column) => cell.padEnd(widths[column]!))
    .join('  ')
    .trimEnd();
console.log(line(header));
console.log(widths.map((width) => '-'.repeat(width)).join('  '));
table.forEach((row) => console.log(line(row)));
