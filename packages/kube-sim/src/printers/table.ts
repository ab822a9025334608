// metav1.Table, the server-side printing format (`Accept: application/json;as=Table;v=v1;
// g=meta.k8s.io`): column definitions, then one row of cells per object. The API server always
// fills every column, the `-o wide` ones (priority 1) included, and kubectl drops those unless
// asked; each row carries the object as `includeObject` asks (`Metadata` by default: a
// PartialObjectMetadata, which is where kubectl reads the namespace for `-A` and the labels
// for `--show-labels`). See k8s.io/apiserver pkg/endpoints/handlers/response.go and
// k8s.io/kubernetes pkg/printers/storage/storage.go.

import type { KubeObject } from '../store/resources.js';

export interface TableColumnDefinition {
  readonly name: string;
  readonly type: string;
  readonly format: string;
  readonly description: string;
  /** 0: always shown; 1: only with `-o wide`. */
  readonly priority: number;
}

export type TableCell = string | number | boolean | null;

export interface TableRowCondition {
  readonly type: 'Completed';
  readonly status: 'True';
  readonly reason: string;
  readonly message: string;
}

export interface TableRow {
  readonly cells: readonly TableCell[];
  readonly conditions?: readonly TableRowCondition[];
  readonly object?: unknown;
}

export interface Table {
  readonly kind: 'Table';
  readonly apiVersion: 'meta.k8s.io/v1';
  readonly metadata: { readonly resourceVersion?: string; readonly continue?: string };
  readonly columnDefinitions: readonly TableColumnDefinition[];
  readonly rows: readonly TableRow[];
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** How one resource prints: its columns and a row of cells for an object at `nowMs`. */
export interface Printer {
  readonly columns: readonly TableColumnDefinition[];
  row(object: KubeObject, nowMs: number): Pick<TableRow, 'cells' | 'conditions'>;
}

export const nameDescription = 'Name must be unique within a namespace. Is required when ' +
  'creating resources, although some resources may allow a client to request the generation ' +
  'of an appropriate name automatically. Name is primarily intended for creation idempotence ' +
  'and configuration definition. Cannot be updated. More info: ' +
  'https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';

export const ageDescription = 'CreationTimestamp is a timestamp representing the server time ' +
  'when this object was created. It is not guaranteed to be set in happens-before order across ' +
  'separate operations. Clients may not set this value. It is represented in RFC3339 form and ' +
  'is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: ' +
  'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** A column definition; `wide` ones are priority 1. */
export function column(name: string, type: string, description: string,
  options: { readonly wide?: boolean; readonly format?: string } = {}): TableColumnDefinition {
  return { name, type, format: options.format ?? '', description,
    priority: options.wide === true ? 1 : 0 };
}

export const nameColumn = column('Name', 'string', nameDescription, { format: 'name' });
export const ageColumn = column('Age', 'string', ageDescription);

export interface TableOptions {
  readonly nowMs: number;
  readonly includeObject?: IncludeObject;
  readonly resourceVersion?: string;
  readonly continueToken?: string;
  /** Leave the column definitions out (later events of a watch). */
  readonly noColumns?: boolean;
  /** How objects go on the wire (the HTTP face turns Dates into RFC 3339 text). */
  readonly encode?: (object: KubeObject) => unknown;
}

export function buildTable(printer: Printer, objects: readonly KubeObject[],
  options: TableOptions): Table {
  const encode = options.encode ?? ((object: KubeObject): unknown => object);
  const include = options.includeObject ?? 'Metadata';
  const rows = objects.map((object): TableRow => {
    const row = printer.row(object, options.nowMs);
    if (include === 'None') return row;
    return { ...row, object: include === 'Object' ? encode(object) : partialMetadata(object,
      encode) };
  });
  return {
    kind: 'Table', apiVersion: 'meta.k8s.io/v1',
    metadata: {
      ...(options.resourceVersion === undefined ? {}
        : { resourceVersion: options.resourceVersion }),
      ...(options.continueToken === undefined ? {} : { continue: options.continueToken }),
    },
    columnDefinitions: options.noColumns === true ? [] : printer.columns,
    rows,
  };
}

function partialMetadata(object: KubeObject, encode: (object: KubeObject) => unknown): unknown {
  const encoded = encode({ metadata: object.metadata }) as { metadata?: unknown };
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1',
    metadata: encoded.metadata };
}
