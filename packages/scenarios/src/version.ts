// The tool's version: `terway-sim --version` prints it and report.json records it, so a report
// says which terway-sim wrote it. It is the repository's version (the root package.json), read
// once; a copy of this package installed on its own falls back to the package's version.

import { readFileSync } from 'node:fs';

const manifests = [
  new URL('../../../package.json', import.meta.url),
  new URL('../package.json', import.meta.url),
];

let cached: string | undefined;

export function toolVersion(): string {
  cached ??= readVersion();
  return cached;
}

function readVersion(): string {
  for (const manifest of manifests) {
    try {
      const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown }).version;
      if (typeof version === 'string' && version !== '') return version;
    } catch {
      // The next manifest, or "unknown": a version is never worth failing a run for.
    }
  }
  return 'unknown';
}
