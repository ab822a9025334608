// Checkpoints kept on disk, so that looking at an instant a second time (another view, another
// command) costs a read instead of a replay. A checkpoint is keyed by everything that decides
// the run's state at that instant: the scenario text, the resolved eni-config, the seed, the
// instant, and the simulator's own code (a digest of every package's sources, so a changed
// simulator never serves a stale state; an installed package has no sources, and its built
// JavaScript stands in for them). `run --checkpoint-at` writes them into the run
// directory; `inspect` reads them from there, or from the user's cache directory.

import { createHash } from 'node:crypto';
import {
  existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeCheckpoint, encodeCheckpoint, type WorldCheckpoint } from '@terway-sim/world';
import type { ReplaySource } from './source.js';

const packagesDir = resolve(import.meta.dirname, '..', '..', '..');
let codeDigestMemo: string | undefined;

/** sha256 over every package's sources (else its built JavaScript), in path order. */
export function codeDigest(): string {
  if (codeDigestMemo !== undefined) return codeDigestMemo;
  const hash = createHash('sha256');
  const walk = (dir: string, extension: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path, extension);
      else if (entry.endsWith(extension)) hash.update(`${path}\n`).update(readFileSync(path));
    }
  };
  for (const pkg of readdirSync(packagesDir).sort()) {
    const code = join(packagesDir, pkg);
    if (existsSync(join(code, 'src'))) walk(join(code, 'src'), '.ts');
    else if (existsSync(join(code, 'dist'))) walk(join(code, 'dist'), '.js');
  }
  codeDigestMemo = hash.digest('hex');
  return codeDigestMemo;
}

export function checkpointKey(source: ReplaySource, resolvedConfig: unknown, atMs: number): string {
  return createHash('sha256').update(JSON.stringify({ scenario: source.loaded.text,
    config: resolvedConfig, seed: source.seed, atMs, code: codeDigest() })).digest('hex');
}

/** Where checkpoints of this source live: its run directory, else the user's cache. */
export function checkpointDir(source: ReplaySource): string {
  if (source.runDir !== undefined) return join(source.runDir, 'checkpoints');
  const cache = process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache');
  return join(cache, 'terway-sim', 'checkpoints');
}

const fileName = (key: string): string => `${key}.checkpoint`;

/** A kept checkpoint; sections decode as views read them (world's checkpoint-pack.ts). */
export function readCheckpoint(dir: string, key: string): WorldCheckpoint | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, fileName(key)));
  } catch {
    return undefined;
  }
  const decoded = decodeCheckpoint(bytes);
  // A damaged file, or one of another version, is a cache miss, replaced by the next write.
  return decoded.ok ? decoded.value : undefined;
}

/** Writes atomically (a rename), so a reader never sees half a checkpoint. */
export function writeCheckpoint(dir: string, key: string, checkpoint: WorldCheckpoint): void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, fileName(key));
  const partial = `${path}.partial`;
  writeFileSync(partial, encodeCheckpoint(checkpoint));
  renameSync(partial, path);
}
