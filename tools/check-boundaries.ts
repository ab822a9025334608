// The package boundaries of ARCHITECTURE.md, checked: every import of every package's source,
// test and bench files names a package the importing package declares (src: `dependencies`;
// tests and benches also `devDependencies` and the root's tooling), workspace dependencies follow
// the one direction of the architecture, no relative import leaves its package, and production
// source imports no other package's `./testing` entry. Run by `npm run lint` (exits 1 listing
// every breach as file:line) and by `npm test` (tools/check-boundaries.test.ts), so CI enforces
// it either way.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const repositoryRoot = resolve(import.meta.dirname, '..');
const scope = '@terway-sim/';

/** Which workspace packages each package may depend on (ARCHITECTURE.md, "Dependency direction"). */
const allowed: Readonly<Record<string, readonly string[]>> = {
  'sim-base': [],
  'cloud-emulator': ['sim-base'],
  'kernel-shim': ['sim-base'],
  'kube-sim': ['sim-base'],
  'terway-core': ['sim-base', 'kernel-shim'],
  world: ['sim-base', 'cloud-emulator', 'kernel-shim', 'kube-sim', 'terway-core'],
  scenarios: ['sim-base', 'cloud-emulator', 'kernel-shim', 'kube-sim', 'terway-core', 'world'],
};

interface Manifest {
  readonly name: string;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

const builtins = new Set(builtinModules);

/** What one check of a repository reads and writes. */
interface Checking {
  readonly root: string;
  /** The root's devDependencies: tooling every test and bench may import. */
  readonly tooling: ReadonlySet<string>;
  readonly breaches: string[];
}

function files(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === 'node_modules') return [];
    if (statSync(path).isDirectory()) return files(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

const importPattern = /(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

function checkFile(checking: Checking, pkg: string, pkgDir: string, file: string,
  declared: Set<string>): void {
  const { root, tooling, breaches } = checking;
  const text = readFileSync(file, 'utf8');
  const production = relative(pkgDir, file).startsWith(`src${sep}`);
  const testingSource = relative(pkgDir, file).startsWith(`src${sep}testing${sep}`);
  for (const match of text.matchAll(importPattern)) {
    const specifier = match[1] ?? match[2] ?? match[3]!;
    const line = text.slice(0, match.index).split('\n').length + (match[0].startsWith('\n') ? 1 : 0);
    const where = `${relative(root, file)}:${line}`;
    if (specifier.startsWith('.')) {
      const target = resolve(dirname(file), specifier);
      const inside = target.startsWith(pkgDir + sep);
      const rootBench = !production && target.startsWith(join(root, 'bench') + sep);
      if (!inside && !rootBench) breaches.push(`${where}: ${specifier} reaches outside ${pkg}`);
      continue;
    }
    if (specifier.startsWith('node:') || builtins.has(specifier)) continue;
    const name = packageOf(specifier);
    if (!declared.has(name) && !(!production && tooling.has(name))) {
      breaches.push(`${where}: imports ${name}, which ${pkg}'s package.json does not declare` +
        (production ? ' in dependencies' : ''));
    }
    if (production && !testingSource && name.startsWith(scope) && specifier.endsWith('/testing')) {
      breaches.push(`${where}: production code imports ${specifier} (test doubles stay in tests)`);
    }
  }
}

/** Every breach of the boundaries in the repository at `root`, as `file:line: why`. */
export function boundaryBreaches(root: string = repositoryRoot): string[] {
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  const checking: Checking = { root, breaches: [],
    tooling: new Set(Object.keys(rootManifest.devDependencies ?? {})) };
  for (const pkg of readdirSync(join(root, 'packages')).sort()) checkPackage(checking, pkg);
  return checking.breaches;
}

function checkPackage(checking: Checking, pkg: string): void {
  const { root, breaches } = checking;
  const pkgDir = join(root, 'packages', pkg);
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as Manifest;
  const deps = Object.keys(manifest.dependencies ?? {});
  const devDeps = Object.keys(manifest.devDependencies ?? {});
  const permitted = allowed[pkg];
  if (permitted === undefined) {
    breaches.push(`packages/${pkg}: not in the architecture's package list`);
    return;
  }
  for (const dep of deps.filter((name) => name.startsWith(scope))) {
    if (!permitted.includes(dep.slice(scope.length))) {
      breaches.push(`packages/${pkg}/package.json: depends on ${dep}, against the dependency ` +
        `direction (${pkg} may depend on ${permitted.join(', ') || 'nothing in the workspace'})`);
    }
  }
  for (const dep of devDeps.filter((name) => name.startsWith(scope))) {
    const other = dep.slice(scope.length);
    if ((allowed[other] ?? []).includes(pkg) || other === pkg) {
      breaches.push(`packages/${pkg}/package.json: devDependency ${dep} depends on ${pkg} (a cycle)`);
    }
  }
  for (const file of files(join(pkgDir, 'src'))) {
    checkFile(checking, pkg, pkgDir, file, new Set(deps));
  }
  for (const dir of ['test', 'bench']) {
    for (const file of files(join(pkgDir, dir))) {
      checkFile(checking, pkg, pkgDir, file, new Set([...deps, ...devDeps, manifest.name]));
    }
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const breaches = boundaryBreaches();
  if (breaches.length > 0) {
    console.error(`package boundaries: ${breaches.length} breach(es)\n${breaches.join('\n')}`);
    process.exit(1);
  }
  console.log('package boundaries: every import is declared and points the architecture\'s way');
}
