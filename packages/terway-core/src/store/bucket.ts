// One bbolt bucket as Terway's pkg/storage DiskStorage uses it: a key → JSON value map that is
// written to disk before memory and loaded whole at start. Values are deep-copied on the way in
// and out (a caller mutating what it got must not change what is stored, as with bytes on disk).
//
// Readers that only look (the invariant checker, GC's scan) use `readEach`: each value parsed once
// per write and frozen, so looking at every record at every sample costs no JSON parsing.
//
// `list()` returns values in ascending key order; Terway's in-memory layer iterates a Go map
// (random order), which only matters to GC and startup recovery order (docs/differences.md).

import { deepFreeze, err, ok, type Result } from '@terway-sim/sim-base';
import type { z } from 'zod';

export class Bucket<T> {
  private readonly values = new Map<string, string>();
  /** Frozen parses of `values`, made on a read-only visit and dropped when the key is written. */
  private readonly frozen = new Map<string, Readonly<T>>();

  constructor(readonly name: string, private readonly schema: z.ZodType<T>) {}

  get size(): number {
    return this.values.size;
  }

  put(key: string, value: T): void {
    this.values.set(key, JSON.stringify(value));
    this.frozen.delete(key);
  }

  get(key: string): T | undefined {
    const text = this.values.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  /** Deleting a missing key is a no-op, as in bbolt. */
  delete(key: string): void {
    this.values.delete(key);
    this.frozen.delete(key);
  }

  keys(): string[] {
    return [...this.values.keys()].sort();
  }

  list(): T[] {
    return this.keys().map((key) => JSON.parse(this.values.get(key)!) as T);
  }

  /** Each value in ascending key order, deep-frozen: to look at, never to change. */
  readEach(visit: (value: Readonly<T>, key: string) => void): void {
    for (const key of this.keys()) {
      let value = this.frozen.get(key);
      if (value === undefined) {
        value = deepFreeze(JSON.parse(this.values.get(key)!) as T);
        this.frozen.set(key, value);
      }
      visit(value, key);
    }
  }

  /** The bucket as a plain object, keys sorted. */
  snapshot(): Record<string, unknown> {
    const entries = this.keys().map((key) => [key, JSON.parse(this.values.get(key)!) as unknown]);
    return Object.fromEntries(entries);
  }

  /** Replaces the content; on a malformed entry nothing changes; the error names key and field. */
  restore(entries: unknown, where: string): Result<void, string> {
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
      return err(`${where}: bucket ${this.name} must be an object of key → record`);
    }
    const parsed = new Map<string, string>();
    for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
      const result = this.schema.safeParse(value);
      if (!result.success) {
        const issue = result.error.issues[0];
        const path = [this.name, key, ...(issue?.path ?? []).map(String)].join('.');
        return err(`${where}: ${path}: ${issue?.message ?? 'invalid record'}`);
      }
      parsed.set(key, JSON.stringify(result.data));
    }
    this.values.clear();
    this.frozen.clear();
    parsed.forEach((value, key) => this.values.set(key, value));
    return ok(undefined);
  }
}

