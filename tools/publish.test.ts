// The packages as another repository gets them: built (`npm run build`), packed (`npm pack`), and
// installed into a fresh project with no network (npm ci --offline from the cache the
// repository's own npm ci filled). In that project plain Node, without tsx, imports the property
// kit and runs one property check; `npx terway-sim` prints its version, runs a small scenario
// to the same digest as the repository's sources give, and sweeps it on worker threads;
// TypeScript finds the declarations through the packages' exports. The repository itself runs
// its sources (the "@terway-sim/source" export condition), so this is the one test of what
// `npm pack` ships.

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerProject, type PackedPackage } from './consumer-project.js';

const root = join(import.meta.dirname, '..');
const workspaces = ['sim-base', 'cloud-emulator', 'kernel-shim', 'kube-sim', 'terway-core',
  'world', 'scenarios'];

interface Ran {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/**
 * The environment of every child: without NODE_OPTIONS (a source condition there would send the
 * installed packages looking for sources they do not ship) and without the npm_* settings an
 * `npm test` around this test passes down, except the cache the installs read.
 */
function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) =>
    key !== 'NODE_OPTIONS' && (!key.startsWith('npm_') || key === 'npm_config_cache')));
}

function run(command: string, args: readonly string[], cwd: string): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: childEnv(), maxBuffer: 64 * 1024 * 1024 },
      (error, out, err) => resolve({ code: error === null ? 0 : (error.code as number | null
        ?? null), out, err }));
  });
}

async function mustRun(command: string, args: readonly string[], cwd: string): Promise<string> {
  const ran = await run(command, args, cwd);
  if (ran.code !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ` +
    `${ran.code}:\n${ran.err}${ran.out}`);
  return ran.out;
}

/** One node, three pods, three minutes: a run of a few seconds that exercises every package. */
const tinyScenario = `name: tiny
seed: 1
duration: 3m
cloud:
  region: cn-hangzhou
  vpc: { cidr: 192.168.0.0/16 }
  vSwitches:
    - { id: vsw-bp1nodes0001, zone: cn-hangzhou-i, cidr: 192.168.0.0/24 }
    - { id: vsw-bp1pods00001, zone: cn-hangzhou-i, cidr: 192.168.16.0/24 }
  securityGroups: [ { id: sg-bp1default01 } ]
cluster:
  mode: eniip
  nodeGroups:
    - { name: pool-a, count: 1, instanceType: ecs.g7.xlarge, zone: cn-hangzhou-i,
        vSwitch: vsw-bp1nodes0001 }
eniConfig:
  inline:
    version: "1"
    max_pool_size: 5
    min_pool_size: 0
    vswitches: { cn-hangzhou-i: [ vsw-bp1pods00001 ] }
    security_group: sg-bp1default01
    service_cidr: 172.16.0.0/16
workload:
  - { kind: deployment, name: web, at: 10s, replicas: 3 }
expect:
  - { kind: allPodsReady, within: 2m }
  - { kind: noLeaks }
`;

/** Plain Node ESM: the kit's entry point and one property check of one generated scenario. */
const kitCheck = `import { checkScenarios, scenarioArbitrary } from '@terway-sim/scenarios/testing';
const arbitrary = scenarioArbitrary({ faultKinds: [], nodesMax: 1 });
const result = await checkScenarios({ arbitrary, runs: 1, seed: 7 });
console.log(JSON.stringify({ ok: result.ok, runs: result.ok ? result.runs : 0 }));
`;

/** Compiled against the declarations only; the wrong type on the last line must be refused. */
const typesCheck = `import { checkScenarios, scenarioArbitrary, type ScenarioCheck }
  from '@terway-sim/scenarios/testing';
import type { Scenario } from '@terway-sim/scenarios';
export const check: Promise<ScenarioCheck> = checkScenarios({ arbitrary: scenarioArbitrary() });
export const name: Scenario['name'] = 42;
`;

const typesConfig = { compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext',
  target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, types: [] },
files: ['types.ts'] };

/** Each check runs children that start Node a few times; a loaded machine makes that slow. */
const childTimeoutMs = 300_000;

let temp = '';
let consumer = '';
let packed: (PackedPackage & { files: { path: string }[] })[] = [];

function digestOf(runDir: string): string {
  return (JSON.parse(readFileSync(join(runDir, 'report.json'), 'utf8')) as { digest: string })
    .digest;
}

describe('the packages another repository installs', () => {
  beforeAll(async () => {
    temp = mkdtempSync(join(tmpdir(), 'terway-sim-pack-'));
    const packDir = join(temp, 'pack');
    consumer = join(temp, 'consumer');
    mkdirSync(packDir);
    mkdirSync(consumer);
    await mustRun('npm', ['run', '--silent', 'build'], root);
    packed = JSON.parse(await mustRun('npm', ['pack', '--json', '--pack-destination', packDir,
      ...workspaces.map((name) => `./packages/${name}`)], root)) as typeof packed;
    const { manifest, lockfile } = consumerProject(root, packDir, packed);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify(manifest, null, 2));
    writeFileSync(join(consumer, 'package-lock.json'), JSON.stringify(lockfile, null, 2));
    writeFileSync(join(consumer, 'tiny.yaml'), tinyScenario);
    writeFileSync(join(consumer, 'kit-check.mjs'), kitCheck);
    writeFileSync(join(consumer, 'types.ts'), typesCheck);
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify(typesConfig));
    await mustRun('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'],
      consumer);
  }, 600_000);

  afterAll(() => {
    if (temp !== '') rmSync(temp, { recursive: true, force: true });
  });

  it('packs built JavaScript and declarations, and neither sources nor build state', () => {
    expect(packed.map((pkg) => pkg.name)).toEqual(workspaces.map((name) => `@terway-sim/${name}`));
    for (const pkg of packed) {
      const files = pkg.files.map((file) => file.path);
      expect(files, pkg.name).toContain('dist/index.js');
      expect(files, pkg.name).toContain('dist/index.d.ts');
      expect(files.filter((file) => file.startsWith('src/') || file.endsWith('.tsbuildinfo')),
        pkg.name).toEqual([]);
    }
    const kernel = packed.find((pkg) => pkg.name === '@terway-sim/kernel-shim')!;
    expect(kernel.files.map((file) => file.path))
      .toContain('dist/linux/udp-probe/listener.cjs');
  });

  it.concurrent('runs a property check of the kit from plain Node ESM', async () => {
    const out = await mustRun(process.execPath, ['kit-check.mjs'], consumer);
    expect(JSON.parse(out.trim())).toEqual({ ok: true, runs: 1 });
  }, childTimeoutMs);

  it.concurrent('prints the version with npx terway-sim --version', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as
      { version: string };
    expect((await mustRun('npx', ['terway-sim', '--version'], consumer)).trim())
      .toBe(`terway-sim ${version}`);
  }, childTimeoutMs);

  it.concurrent('runs a scenario to the digest the sources give', async () => {
    writeFileSync(join(temp, 'tiny.yaml'), tinyScenario);
    const [installed] = await Promise.all([
      mustRun('npx', ['terway-sim', 'run', 'tiny.yaml', '--out', 'installed'], consumer),
      mustRun(process.execPath, [join(root, 'packages/scenarios/bin/terway-sim.js'), 'run',
        'tiny.yaml', '--out', 'sources'], temp),
    ]);
    expect(installed).toContain('pass  all pods Ready within 2m');
    expect(digestOf(join(consumer, 'installed'))).toBe(digestOf(join(temp, 'sources')));
  }, childTimeoutMs);

  it.concurrent('runs a sweep on worker threads', async () => {
    const out = await mustRun('npx', ['terway-sim', 'sweep', 'tiny.yaml', '--seeds', '1..2',
      '--workers', '2', '--out', 'sweep'], consumer);
    expect(out).toContain('2 run(s), 2 passed');
  }, childTimeoutMs);

  it.concurrent('gives TypeScript the declarations through the exports', async () => {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const ran = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], consumer);
    expect(ran.out.trim().split('\n')).toEqual([expect.stringMatching(
      /^types\.ts\(5,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/)]);
  }, childTimeoutMs);
});
