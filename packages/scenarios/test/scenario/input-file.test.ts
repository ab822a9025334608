// Input files are read with a size limit, and only regular files are read at all: /dev/zero once
// grew a run to 16.9 GB, a FIFO blocks an open until a writer comes (issue 17).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputFileBytesMax, readInputFile } from '../../src/scenario/input-file.js';

const dir = mkdtempSync(join(tmpdir(), 'terway-sim-input-'));

describe('readInputFile', () => {
  it('reads a regular UTF-8 file', () => {
    const file = join(dir, 'ok.yaml');
    writeFileSync(file, 'name: héllo\n');
    expect(readInputFile(file)).toEqual({ ok: true, value: 'name: héllo\n' });
  });

  it('refuses what is not a regular file, without blocking or reading it', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const table = [
      { path: '/dev/zero', error: 'it is a character device; expected a regular file' },
      { path: dir, error: 'it is a directory; expected a regular file' },
      { path: fifo, error: 'it is a FIFO (named pipe); expected a regular file' },
      { path: join(dir, 'missing.yaml'), error: 'cannot open it (ENOENT)' },
    ];
    for (const row of table) expect(readInputFile(row.path), row.path).toEqual({ ok: false, error: row.error });
  });

  it('refuses a file over the limit by its size, and a file that reports no size by reading', () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, 'x'.repeat(101));
    expect(readInputFile(big, { bytesMax: 100 })).toEqual({ ok: false,
      error: 'it holds 101 bytes; input files are limited to 100 bytes' });
    expect(readInputFile(join(dir, 'ok.yaml'), { bytesMax: 100 }).ok).toBe(true);
    // /proc files report size 0 and are read in chunks: the limit still holds.
    expect(readInputFile('/proc/self/maps', { bytesMax: 16 })).toMatchObject({ ok: false,
      error: expect.stringContaining('it holds more; input files are limited to 16 bytes') });
    expect(inputFileBytesMax).toBe(4 * 1024 * 1024);
  });

  it('refuses text that is not UTF-8, showing its first bytes escaped', () => {
    const binary = join(dir, 'binary.yaml');
    writeFileSync(binary, Buffer.from([0xff, 0xfe, 0x00, 0x1b, 0x41]));
    const read = readInputFile(binary);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.error).toMatch(/^it is not UTF-8 text: line 1 holds a byte that is not UTF-8/);
      expect(read.error).not.toMatch(/[\u0000-\u0008\u001b]/);
    }
  });
});
