// The second step of `npm run build`: tsc emits each package's src/ as JavaScript and declarations
// into dist/, but copies nothing else, and a few source files are not TypeScript (kernel-shim's
// UDP probe scripts, which Node runs as separate processes beside the module that starts them).
// This copies every such file of packages/*/src to the same place under dist/, so the built
// package finds them where its sources do.

import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

const packagesDir = join(import.meta.dirname, '..', 'packages');

/** Files under `dir` that tsc does not emit, as paths relative to `dir`. */
function assetsUnder(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return assetsUnder(path).map((file) => join(name, file));
    return name.endsWith('.ts') ? [] : [name];
  });
}

let copied = 0;
for (const pkg of readdirSync(packagesDir).sort()) {
  const src = join(packagesDir, pkg, 'src');
  const dist = join(packagesDir, pkg, 'dist');
  for (const file of assetsUnder(src)) {
    mkdirSync(dirname(join(dist, file)), { recursive: true });
    copyFileSync(join(src, file), join(dist, file));
    copied += 1;
  }
}
process.stdout.write(`copied ${copied} non-TypeScript file(s) of packages/*/src into dist/\n`);
