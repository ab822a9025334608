// Writing a sweep's files, and reading shards back to merge them. Merging refuses shards of
// different sweeps (their inputs digests differ), a shard given twice, and a set with shards
// missing, naming which; nothing is written then.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '@terway-sim/sim-base';
import { sweepHtml } from './html.js';
import { sweepCsv, sweepFormat, type SweepResults } from './results.js';

export function writeSweepFiles(dir: string, results: SweepResults): string[] {
  mkdirSync(dir, { recursive: true });
  const files: Array<[string, string]> = [['sweep.json', `${JSON.stringify(results, null, 2)}\n`],
    ['sweep.csv', sweepCsv(results)], ['sweep.html', sweepHtml(results)]];
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  return files.map(([name]) => name);
}

function readShard(dir: string): Result<SweepResults, string> {
  const path = join(dir, 'sweep.json');
  let parsed: SweepResults;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as SweepResults;
  } catch (error) {
    return err(`${path}: ${(error as Error).message}`);
  }
  if (parsed.format !== sweepFormat || parsed.version !== 1) {
    return err(`${path}: not a terway-sim sweep result`);
  }
  return ok(parsed);
}

/** The shards of one sweep as one result, as if one sweep had run every run. */
export function mergeShards(dirs: readonly string[]): Result<SweepResults, string> {
  const shards: SweepResults[] = [];
  for (const dir of dirs) {
    const read = readShard(dir);
    if (!read.ok) return read;
    shards.push(read.value);
  }
  const [first] = shards;
  if (first === undefined) return err('give the output directories of the shards to merge');
  const other = shards.findIndex((shard) => shard.inputsDigest !== first.inputsDigest);
  if (other >= 0) {
    return err(`${dirs[other]} is a shard of another sweep (inputs ${
      shards[other]!.inputsDigest.slice(0, 12)}, not ${first.inputsDigest.slice(0, 12)} as ${
      dirs[0]}): merge shards of one sweep only`);
  }
  const count = first.shard?.count ?? 1;
  const seen = new Map<number, string>();
  for (const [at, shard] of shards.entries()) {
    const index = shard.shard?.index ?? 0;
    if (seen.has(index)) {
      return err(`shard ${index}/${count} is given twice: ${seen.get(index)} and ${dirs[at]}`);
    }
    seen.set(index, dirs[at]!);
  }
  const missing = Array.from({ length: count }, (_, index) => index)
    .filter((index) => !seen.has(index));
  if (missing.length > 0) {
    return err(`shards ${missing.map((index) => `${index}/${count}`).join(', ')} are missing`);
  }
  const { shard: _shard, ...rest } = first;
  return ok({ ...rest,
    runs: shards.flatMap((shard) => shard.runs).sort((a, b) => a.run - b.run),
    errors: shards.flatMap((shard) => shard.errors).sort((a, b) => a.run - b.run) });
}
