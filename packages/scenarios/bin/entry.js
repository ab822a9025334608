// Loads one of the package's entry modules for the bin scripts. An installed package has only
// its built JavaScript, and runs it with plain Node. In the repository the sources are
// TypeScript and there may be no build: tsx compiles them on load and the workspace packages
// resolve through their "@terway-sim/source" export condition (source-condition.js), so a fresh
// `npm ci` is all a machine needs. Each thread that loads an entry (the command, a sweep's
// workers) registers the hooks for itself.
import { existsSync } from 'node:fs';

/** Imports `src/NAME.ts` when the sources are present, else `dist/NAME.js`. */
export async function importEntry(name) {
  const source = new URL(`../src/${name}.ts`, import.meta.url);
  if (!existsSync(source)) return import(new URL(`../dist/${name}.js`, import.meta.url).href);
  const { register } = await import('node:module');
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  register(new URL('./source-condition.js', import.meta.url));
  return import(source.href);
}
