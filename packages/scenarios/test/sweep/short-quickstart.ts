// The scenario the sweep tests run: the quickstart cut to 4 simulated minutes and 12 pods,
// without its scale steps, so each run takes a few seconds.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const repositoryRoot = join(import.meta.dirname, '..', '..', '..', '..');

export function shortQuickstart(): string {
  return readFileSync(join(repositoryRoot, 'scenarios', 'quickstart.yaml'), 'utf8')
    .replace('duration: 30m', 'duration: 4m').replace('replicas: 60', 'replicas: 12')
    .replace(/ {4}scale:\n(?: {6}- .*\n)+/, '');
}
