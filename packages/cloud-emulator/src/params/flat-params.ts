// RPC parameters as the SDKs put them on the wire, rebuilt into the nested shape the actions take.
// The SDKs flatten lists to `Name.1`, `Name.2`, lists of objects to `Name.1.Field` and nested
// objects to `Name.Field` (`flatMap` in @alicloud/openapi-core's src/utils.ts); list indexes are
// 1-based and may have gaps (null elements are skipped without renumbering). Every value arrives as
// text; the schemas coerce. Hostile keys (prototype names, huge indexes, deep nesting) are refused
// with InvalidParameter instead of being allowed to allocate or pollute.

import { err, ok, type Result } from '@terway-sim/sim-base';
import { invalidParameter, type ApiError } from '../errors/catalog.js';

export type ParamTree = { [name: string]: ParamValue };
export type ParamValue = string | ParamValue[] | ParamTree;

const indexMax = 1000;
const depthMax = 4;
const forbiddenNames = new Set(['__proto__', 'prototype', 'constructor']);
const namePattern = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/;

interface Node {
  value?: string;
  named?: Map<string, Node>;
  indexed?: Map<number, Node>;
}

function segmentError(key: string, why: string): ApiError {
  return invalidParameter(key, why);
}

function descend(node: Node, segment: string, key: string): Result<Node, ApiError> {
  if (/^\d+$/.test(segment)) {
    const index = Number(segment);
    if (index < 1 || index > indexMax) return err(segmentError(key,
      `list index must be from 1 to ${indexMax}`));
    if (node.named !== undefined || node.value !== undefined) return err(segmentError(key,
      'mixes a list with a value'));
    node.indexed ??= new Map();
    let child = node.indexed.get(index);
    if (child === undefined) node.indexed.set(index, (child = {}));
    return ok(child);
  }
  if (!namePattern.test(segment) || forbiddenNames.has(segment)) return err(segmentError(key,
    'malformed parameter name'));
  if (node.indexed !== undefined || node.value !== undefined) return err(segmentError(key,
    'mixes an object with a value'));
  node.named ??= new Map();
  let child = node.named.get(segment);
  if (child === undefined) node.named.set(segment, (child = {}));
  return ok(child);
}

function place(root: Node, key: string, value: string): Result<void, ApiError> {
  const segments = key.split('.');
  if (segments.length > depthMax) return err(segmentError(key,
    `nesting deeper than ${depthMax} levels`));
  if (!namePattern.test(segments[0]!)) return err(segmentError(key, 'malformed parameter name'));
  let node = root;
  for (const segment of segments) {
    const next = descend(node, segment, key);
    if (!next.ok) return next;
    node = next.value;
  }
  if (node.named !== undefined || node.indexed !== undefined) return err(segmentError(key,
    'mixes a value with a list or object'));
  node.value = value;
  return ok(undefined);
}

function build(node: Node): ParamValue {
  if (node.indexed !== undefined) {
    return [...node.indexed.entries()].sort(([a], [b]) => a - b).map(([, child]) => build(child));
  }
  if (node.named !== undefined) {
    const tree: ParamTree = {};
    for (const [name, child] of node.named) Object.defineProperty(tree, name,
      { value: build(child), enumerable: true, writable: true, configurable: true });
    return tree;
  }
  return node.value ?? '';
}

/** Rebuilds `Name.N.Field=value` pairs into nested parameters. The last duplicate key wins. */
export function decodeFlatParams(pairs: Iterable<readonly [string,
  string]>): Result<ParamTree, ApiError> {
  const root: Node = { named: new Map() };
  for (const [key, value] of pairs) {
    const placed = place(root, key, value);
    if (!placed.ok) return placed;
  }
  return ok(build(root) as ParamTree);
}
