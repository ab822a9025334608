// `kubectl get` as text: a metav1.Table printed the way kubectl's table printer prints it
// (k8s.io/cli-runtime pkg/printers/tableprinter.go: decorateTable and printTable): headers in
// upper case, `-o wide` columns only when asked, a NAMESPACE column in front with
// `-A`/`--all-namespaces` (read from each row's object metadata), a LABELS column with
// `--show-labels`; a string cell is cut at its first line break and marked `...`, an empty
// cell prints nothing. With no rows, kubectl prints nothing on stdout and says so on stderr
// (`noResourcesMessage`).

import type { Table, TableCell } from '../printers/table.js';
import { getTableLayout, tabbed } from './tabwriter.js';

export interface GetTextOptions {
  /** `-o wide`. */
  readonly wide?: boolean;
  /** `-A` / `--all-namespaces`. */
  readonly withNamespace?: boolean;
  readonly showLabels?: boolean;
  readonly noHeaders?: boolean;
}

interface RowMetadata {
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

function rowMetadata(object: unknown): RowMetadata | undefined {
  return (object as { metadata?: RowMetadata } | undefined)?.metadata;
}

function cellText(cell: TableCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell !== 'string') return String(cell);
  const cut = cell.search(/[\f\n\r]/);
  return cut < 0 ? cell : `${cell.slice(0, cut)}...`;
}

/** The lines of a table as kubectl prints them, without alignment (cells per line). */
export function tableLines(table: Table, options: GetTextOptions = {}): string[][] {
  if (table.rows.length === 0) return [];
  const shown = table.columnDefinitions
    .map((definition, index) => ({ definition, index }))
    .filter(({ definition }) => options.wide === true || definition.priority === 0);
  const lines: string[][] = [];
  if (options.noHeaders !== true) {
    lines.push([
      ...(options.withNamespace === true ? ['NAMESPACE'] : []),
      ...shown.map(({ definition }) => definition.name.toUpperCase()),
      ...(options.showLabels === true ? ['LABELS'] : []),
    ]);
  }
  for (const row of table.rows) {
    const metadata = rowMetadata(row.object);
    lines.push([
      ...(options.withNamespace === true ? [metadata?.namespace ?? ''] : []),
      ...shown.map(({ index }) => cellText(row.cells[index])),
      ...(options.showLabels === true ? [labelsText(metadata?.labels)] : []),
    ]);
  }
  return lines;
}

function labelsText(labels: Readonly<Record<string, string>> | undefined): string {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? '<none>'
    : entries.map(([key, value]) => `${key}=${value}`).join(',');
}

/** `kubectl get` output for one table. */
export function renderTable(table: Table, options: GetTextOptions = {}): string {
  return tabbed(tableLines(table, options).map((cells) => `${cells.join('\t')}\n`).join(''),
    getTableLayout);
}

/** What kubectl writes on stderr when a list is empty. */
export function noResourcesMessage(namespace: string | undefined): string {
  return namespace === undefined ? 'No resources found\n'
    : `No resources found in ${namespace} namespace.\n`;
}
