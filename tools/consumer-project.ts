// A fresh project that depends on the packed workspace packages, the way another repository would
// install them, built so that npm can install it with no network: npm ci installs third-party
// packages offline only from a lockfile (the cache npm ci filled holds their tarballs, not the
// registry's metadata npm needs to pick versions). So the project's lockfile is this repository's,
// cut down to what the published packages need at run time: the workspace links become the packed
// tarballs and everything only a devDependency pulls in is left out. The root's `overrides` are
// kept (undici stays at 7, which @kubernetes/client-node runs with on Node 20) and README.md says
// another repository needs the same on Node 20.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One tarball `npm pack --json` wrote. */
export interface PackedPackage {
  readonly name: string;
  readonly filename: string;
}

interface LockEntry {
  readonly name?: string;
  readonly version?: string;
  readonly dev?: boolean;
  readonly link?: boolean;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly bin?: Readonly<Record<string, string>>;
  readonly engines?: Readonly<Record<string, string>>;
}

interface RootManifest {
  readonly overrides?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

export interface ConsumerProject {
  /** package.json of the new project. */
  readonly manifest: object;
  /** Its package-lock.json. */
  readonly lockfile: object;
}

/** The root's overrides with npm's `$name` references replaced by the root's own ranges. */
function overridesOf(root: RootManifest): Record<string, string> {
  return Object.fromEntries(Object.entries(root.overrides ?? {}).map(([name, spec]) => {
    const referenced = spec.startsWith('$') ? root.devDependencies?.[spec.slice(1)] : spec;
    if (referenced === undefined) throw new Error(`package.json: override ${name} = ${spec} ` +
      'names no root devDependency');
    return [name, referenced];
  }));
}

/** The project for `packed` (tarballs in `packDir`), from the repository at `repositoryRoot`. */
export function consumerProject(repositoryRoot: string, packDir: string,
  packed: readonly PackedPackage[]): ConsumerProject {
  const root = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as
    RootManifest;
  const lock = JSON.parse(readFileSync(join(repositoryRoot, 'package-lock.json'), 'utf8')) as
    { packages: Record<string, LockEntry> };
  const entries = Object.entries(lock.packages);
  const dependencies: Record<string, string> = {};
  const installed: Record<string, object> = {};
  for (const { name, filename } of packed) {
    const tarball = `file:${join(packDir, filename)}`;
    const workspace = entries.find(([path, entry]) =>
      path.startsWith('packages/') && entry.name === name);
    if (workspace === undefined) throw new Error(`package-lock.json: no workspace named ${name}`);
    const { version, dependencies: needs, bin, engines } = workspace[1];
    dependencies[name] = tarball;
    installed[`node_modules/${name}`] = { version, resolved: tarball, dependencies: needs, bin,
      engines };
  }
  for (const [path, entry] of entries) {
    if (!path.startsWith('node_modules/') || entry.dev === true || entry.link === true) continue;
    installed[path] = entry;
  }
  const overrides = overridesOf(root);
  const manifest = { name: 'terway-sim-consumer', private: true, type: 'module', dependencies,
    overrides };
  const lockfile = { name: manifest.name, lockfileVersion: 3, requires: true,
    packages: { '': { name: manifest.name, dependencies, overrides }, ...installed } };
  return { manifest, lockfile };
}
