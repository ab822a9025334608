// Where `terway-sim run` writes its reports, checked before the run starts. A run can take
// minutes; finding out afterwards that `--out` names a file, an unwritable place or /proc lost
// the results behind a stack trace (issue 17). The default directory is reports/<slug of the
// scenario name>: the name is free text, and `../../x` or a newline in it must not decide where
// files land.

import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { err, ok, type Result } from '@terway-sim/sim-base';

/** Files `writeReports` writes into the directory. */
const reportFiles = ['report.json', 'report.md', 'report.html', 'events.jsonl'];

/** Kernel interfaces, not storage: writing reports there fails or does harm. */
const pseudoFilesystems = ['/proc', '/sys', '/dev'];

/** Characters of a slug, at most (a directory name stays readable). */
const slugCharsMax = 64;

/**
 * A directory name from free text: lowercase letters, digits, dots, dashes and underscores, no
 * leading or trailing dot or dash (so never `.` or `..`), never empty.
 */
export function slug(name: string): string {
  // NFKD splits accented letters into letter + mark; the marks go, the letters stay.
  const cleaned = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, slugCharsMax)
    .replace(/^[-.]+|[-.]+$/g, '');
  return cleaned === '' ? 'scenario' : cleaned;
}

export function defaultOutDir(scenarioName: string): string {
  return join('reports', slug(scenarioName));
}

/** The deepest part of `path` that exists, with symlinks resolved. */
function existingAncestor(path: string): string {
  let current = path;
  while (!existsSync(current)) {
    const parent = dirname(current);
    if (parent === current) return current;
    current = parent;
  }
  return realpathSync(current);
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/**
 * Why reports cannot be written to `dir`, or nothing. Creates nothing: the directory is made when
 * the reports are written.
 */
export function checkOutDir(dir: string): Result<string, string> {
  if (dir.trim() === '') return err('expected a directory, got an empty path');
  const absolute = resolve(dir);
  const ancestor = existingAncestor(absolute);
  const pseudo = pseudoFilesystems.find((root) => ancestor === root ||
    ancestor.startsWith(`${root}${sep}`));
  if (pseudo !== undefined) {
    return err(`it lies under ${pseudo}, a kernel interface, not storage; choose a directory on ` +
      'a disk');
  }
  try {
    if (!statSync(ancestor).isDirectory()) {
      return err(ancestor === absolute ? 'it is a file; expected a directory'
        : `${ancestor} is a file, so no directory can be made below it`);
    }
    accessSync(ancestor, constants.W_OK | constants.X_OK);
  } catch (error) {
    return err(`${ancestor === absolute ? 'it' : ancestor} is not writable (${errorCode(error)})`);
  }
  if (ancestor === absolute) {
    const blocked = reportFiles.find((file) => {
      const path = join(absolute, file);
      return existsSync(path) && !statSync(path).isFile();
    });
    if (blocked !== undefined) return err(`${blocked} in it is not a file and cannot be replaced`);
  }
  return ok(absolute);
}
