// A checkpoint as one file that a reader need not read whole: a fixed magic, the length of a JSON
// index, the index (the checkpoint's header and each section's byte range), then each section as
// gzipped JSON. Opening decodes the index only; a view's first read of a section decodes that
// section alone. A digest of the sections is checked on opening, so a damaged file is refused
// there and never fails a view halfway. The magic carries the layout's version, so a file of
// another layout (or a version-1 single-JSON checkpoint) reads as "not a checkpoint", which
// callers treat as a cache miss.

import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { err, ok, type Result } from '@terway-sim/sim-base';
import {
  worldCheckpointFormat, WorldCheckpoint, type CheckpointHeader, type SectionName,
} from './checkpoint.js';

const magic = Buffer.from('TWSIMCK2', 'latin1');
const indexLengthBytes = 4;

interface PackIndex {
  readonly header: CheckpointHeader;
  /** Section → [offset from the end of the index, length in bytes]. */
  readonly sections: Readonly<Record<string, readonly [number, number]>>;
  /** sha256 of every byte after the index. */
  readonly sha256: string;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** The whole checkpoint as a pack file's bytes (reads every section once). */
export function encodeCheckpoint(checkpoint: WorldCheckpoint): Buffer {
  const blobs: Buffer[] = [];
  const sections: Record<string, readonly [number, number]> = {};
  let offset = 0;
  for (const name of checkpoint.sectionNames()) {
    // Level 1: a checkpoint is written once per kept instant and read once per look; the bytes
    // saved by harder compression are not worth the seconds at a thousand nodes.
    const blob = gzipSync(JSON.stringify(checkpoint.section(name)), { level: 1 });
    sections[name] = [offset, blob.length];
    offset += blob.length;
    blobs.push(blob);
  }
  const body = Buffer.concat(blobs);
  const index = Buffer.from(JSON.stringify({ header: checkpoint.header, sections,
    sha256: sha256(body) } satisfies PackIndex), 'utf8');
  const length = Buffer.alloc(indexLengthBytes);
  length.writeUInt32BE(index.length);
  return Buffer.concat([magic, length, index, body]);
}

/** A checkpoint over a pack file's bytes; sections decode when first read. */
export function decodeCheckpoint(bytes: Buffer): Result<WorldCheckpoint, string> {
  const start = magic.length + indexLengthBytes;
  if (bytes.length < start || !bytes.subarray(0, magic.length).equals(magic)) {
    return err('not a terway-sim checkpoint of this version');
  }
  const indexEnd = start + bytes.readUInt32BE(magic.length);
  if (indexEnd > bytes.length) return err('the checkpoint is cut short (its index is incomplete)');
  let index: PackIndex;
  try {
    index = JSON.parse(bytes.subarray(start, indexEnd).toString('utf8')) as PackIndex;
  } catch (error) {
    return err(`the checkpoint's index is not JSON: ${(error as Error).message}`);
  }
  if (index.header.format !== worldCheckpointFormat || index.header.version !== 2) {
    return err('not a terway-sim checkpoint of this version');
  }
  if (sha256(bytes.subarray(indexEnd)) !== index.sha256) {
    return err('the checkpoint is damaged (its sections do not match its digest)');
  }
  return ok(new WorldCheckpoint(index.header, (name: SectionName) => {
    const range = index.sections[name];
    if (range === undefined) return undefined;
    const [at, size] = range;
    const blob = bytes.subarray(indexEnd + at, indexEnd + at + size);
    return JSON.parse(gunzipSync(blob).toString('utf8')) as unknown;
  }));
}
