// One bbolt bucket as Terway's pkg/storage DiskStorage uses it: a key → JSON value map that is
// written to disk before memory and loaded whole at start. Values are deep-copied on the way in
// and out (a caller mutating what it got must not change what is stored, as with bytes on disk).
//
// `list()` returns values in ascending key order; Terway's in-memory layer iterates a Go map
// (random order), which only matters to GC and startup recovery order (docs/differences.md).

import { err, ok, type Result } from '@terway-sim/sim-base';
import type { z } from 'zod';

export class Bucket<T> {
  private readonly values = new Map<string, string>();

  constructor(readonly name: string, private readonly schema: z.ZodType<T>) {}

  get size(): number {
    return this.values.size;
  }

  put(key: string, value: T): void {
    this.values.set(key, JSON.stringify(value));
  }

  get(key: string): T | undefined {
    const text = this.values.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  /** Deleting a missing key is a no-op, as in bbolt. */
  delete(key: string): void {
    this.values.delete(key);
  }

  keys(): string[] {
    return [...this.values.keys()].sort();
  }

  list(): T[] {
    return this.keys().map((key) => JSON.parse(this.values.get(key)!) as T);
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
    parsed.forEach((value, key) => this.values.set(key, value));
    return ok(undefined);
  }
}
