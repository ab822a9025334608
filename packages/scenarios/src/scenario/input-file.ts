// Reads the files a user hands terway-sim (scenario files, eni-configs, world files) with a size
// limit, and refuses what is not a regular file. A hostile or mistaken path must end at once with
// a message, never hang or eat memory: /dev/zero never ends (it reached 16.9 GB before this
// check), a FIFO blocks the open until a writer comes, a directory cannot be read at all.
// The file is opened without blocking and checked with fstat before a byte is read; at most
// `inputFileBytesMax` + 1 bytes are ever read, so a file that grows, or a /proc file that reports
// size 0, cannot get past the limit either.

import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { err, ok, type Result } from '@terway-sim/sim-base';
import { quoted } from './printable.js';

/** 4 MiB: a scenario or an eni-config is a few KiB; the largest shipped one is under 3 KiB. */
export const inputFileBytesMax = 4 * 1024 * 1024;

export interface InputFileOptions {
  /** The limit in bytes (tests lower it). */
  readonly bytesMax?: number;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/**
 * The UTF-8 text of a regular file of at most `bytesMax` bytes, or why it cannot be used (one
 * sentence, without the path: callers say which file and which key named it).
 */
export function readInputFile(path: string, options: InputFileOptions = {}): Result<string, string> {
  const bytesMax = options.bytesMax ?? inputFileBytesMax;
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return err(`cannot open it (${errorCode(error)})`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return err(`it is ${kindOf(stats)}; expected a regular file`);
    if (stats.size > bytesMax) return err(tooLarge(bytesMax, `${stats.size} bytes`));
    const buffer = Buffer.alloc(bytesMax + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > bytesMax) return err(tooLarge(bytesMax, 'more'));
    }
    return decodeUtf8(buffer.subarray(0, length));
  } catch (error) {
    return err(`cannot read it (${errorCode(error)})`);
  } finally {
    closeSync(fd);
  }
}

function tooLarge(bytesMax: number, size: string): string {
  const mib = bytesMax / 1024 / 1024;
  return `it holds ${size}; input files are limited to ${bytesMax.toLocaleString('en-US')} ` +
    `bytes${Number.isInteger(mib) ? ` (${mib} MiB)` : ''}`;
}

function decodeUtf8(bytes: Uint8Array): Result<string, string> {
  try {
    return ok(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    // Decoded again with replacement characters, to say where the first bad byte is.
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const at = lossy.indexOf('\ufffd');
    const line = lossy.slice(0, Math.max(0, at)).split('\n').length;
    const start = lossy.lastIndexOf('\n', at) + 1;
    return err(`it is not UTF-8 text: line ${line} holds a byte that is not UTF-8 (after ` +
      `${quoted(lossy.slice(start, at).slice(-20))})`);
  }
}
