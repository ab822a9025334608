// Tables of custom resources as apiextensions-apiserver builds them
// (k8s.io/apiextensions-apiserver pkg/registry/customresource/tableconvertor): a NAME column, then
// the CRD version's additionalPrinterColumns, or just AGE when the CRD declares none (the API
// server's defaulting of a CRD adds that one). Each column's value is read with its JSONPath:
// string columns print the value as text, integer/number/boolean ones keep it typed, `date`
// ones print as an age; a path that finds nothing leaves the cell empty.
//
// Only simple JSONPaths are understood (`.status.phase`, `.spec.items[0].name`), which is what
// CRDs use; others leave the cell empty.

import type { KubeObject, PrinterColumn } from '../store/resources.js';
import { ageSince } from './human-duration.js';
import { column, nameColumn, type Printer, type TableCell } from './table.js';

export const defaultPrinterColumns: readonly PrinterColumn[] = [
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
];

/** The value at a simple JSONPath, or undefined when the path finds nothing. */
export function valueAt(object: unknown, jsonPath: string): unknown {
  const path = jsonPath.trim().replace(/^\{(.*)\}$/, '$1');
  const steps = path.match(/\.[^.[]+|\[\d+\]/g);
  if (steps === null || steps.join('') !== path) return undefined;
  let value: unknown = object;
  for (const step of steps) {
    if (value === null || typeof value !== 'object') return undefined;
    value = step.startsWith('[') ? (value as unknown[])[Number(step.slice(1, -1))]
      : (value as Record<string, unknown>)[step.slice(1)];
  }
  return value;
}

function cell(definition: PrinterColumn, value: unknown, nowMs: number): TableCell {
  if (value === undefined || value === null) return null;
  switch (definition.type) {
    case 'date':
      return ageSince(value instanceof Date || typeof value === 'string' ? value : undefined,
        nowMs);
    case 'integer':
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    default:
      if (value instanceof Date) return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

export function customResourcePrinter(columns: readonly PrinterColumn[] | undefined): Printer {
  const declared = columns === undefined || columns.length === 0 ? defaultPrinterColumns
    : columns;
  return {
    columns: [nameColumn, ...declared.map((definition) => column(definition.name,
      definition.type, definition.description ?? '', {
        wide: (definition.priority ?? 0) > 0,
        ...(definition.format === undefined ? {} : { format: definition.format }),
      }))],
    row(object: KubeObject, nowMs: number) {
      return { cells: [object.metadata?.name ?? '',
        ...declared.map((definition) => cell(definition, valueAt(object, definition.jsonPath),
          nowMs))] };
    },
  };
}
