// `terway-sim sweep k8s-job`: the manifests it writes validate against the Kubernetes OpenAPI
// schemas (kubernetes-models' validators, generated from them) with unknown fields refused (the
// API models of @kubernetes/client-node, as kubeconform -strict would); the script each index
// runs, run here with JOB_COMPLETION_INDEX set as the Job controller sets it, gives shards that
// merge byte for byte into what one sweep writes; the Dockerfile the Job's image comes from
// names files the repository has; and bad input is refused with exit 2.

import { execFile } from 'node:child_process';
import {
  chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as client from '@kubernetes/client-node';
import { ConfigMap, PersistentVolume, PersistentVolumeClaim } from 'kubernetes-models/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { shardScript, sweepJobManifests, type SweepJobOptions } from '../../src/sweep/k8s-job.js';
import { run } from '../cli/io.js';
import { repositoryRoot, shortQuickstart } from './short-quickstart.js';

const root = repositoryRoot;
const bin = join(root, 'packages', 'scenarios', 'bin', 'terway-sim.js');
let work = '';
let scenario = '';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'terway-sim-k8s-job-'));
  mkdirSync(join(work, 'scenario'));
  scenario = join(work, 'scenario', 'scenario.yaml');
  writeFileSync(scenario, shortQuickstart());
});

type Model = { getAttributeTypeMap(): Array<{ baseName: string; type: string }> };

/** Fields the Kubernetes API does not define, as kubeconform -strict reports them. */
function unknownFields(value: unknown, type: string, path: string): string[] {
  const list = /^Array<(.+)>$/.exec(type);
  if (list !== null) {
    return (value as unknown[]).flatMap((item, at) =>
      unknownFields(item, list[1]!, `${path}[${at}]`));
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map !== null) {
    return Object.entries(value as object).flatMap(([key, item]) =>
      unknownFields(item, map[1]!, `${path}.${key}`));
  }
  const model = (client as unknown as Record<string, Model | undefined>)[type];
  if (model?.getAttributeTypeMap === undefined) return [];
  const fields = new Map(model.getAttributeTypeMap().map((field) => [field.baseName, field.type]));
  return Object.entries(value as object).flatMap(([key, item]) => {
    const field = fields.get(key);
    return field === undefined ? [`${path}.${key}`] : unknownFields(item, field, `${path}.${key}`);
  });
}

const validators: Record<string, { validate(object: unknown): void; model: string }> = {
  ConfigMap: { validate: (o) => new ConfigMap(o as object).validate(), model: 'V1ConfigMap' },
  PersistentVolume: { validate: (o) => new PersistentVolume(o as never).validate(),
    model: 'V1PersistentVolume' },
  PersistentVolumeClaim: { validate: (o) => new PersistentVolumeClaim(o as never).validate(),
    model: 'V1PersistentVolumeClaim' },
  Job: { validate: (o) => new Job(o as never).validate(), model: 'V1Job' },
};

async function manifestsOf(argv: readonly string[]): Promise<Array<Record<string, unknown>>> {
  const out = join(work, 'job.yaml');
  const ran = await run([...argv, '--out', out]);
  expect(ran.code, ran.err).toBe(0);
  return parseAllDocuments(readFileSync(out, 'utf8')).map((doc) =>
    doc.toJS() as Record<string, unknown>);
}

const jobArgs = (...more: string[]): string[] => ['sweep', 'k8s-job', scenario, '--seeds', '1..4',
  '--vary', 'eniConfig.inline.max_pool_size=5,10', '--shards', '3', '--image',
  'registry.example.com/terway-sim:0.1.0', ...more];

describe('terway-sim sweep k8s-job', () => {
  it('writes manifests that the Kubernetes schemas accept, for a claim and for OSS', async () => {
    const cases: ReadonlyArray<{ readonly results: string[]; readonly kinds: string[] }> = [
      { results: ['--results', 'pvc:sweeps/run-1'], kinds: ['ConfigMap', 'Job'] },
      { results: ['--results', 'oss://terway-sweeps/runs/a', '--oss-endpoint',
        'oss-cn-hangzhou-internal.aliyuncs.com', '--oss-secret', 'oss-keys'],
        kinds: ['ConfigMap', 'PersistentVolume', 'PersistentVolumeClaim', 'Job'] },
    ];
    for (const { results, kinds } of cases) {
      const manifests = await manifestsOf(jobArgs(...results));
      expect(manifests.map((manifest) => manifest['kind'])).toEqual(kinds);
      for (const manifest of manifests) {
        const validator = validators[manifest['kind'] as string]!;
        expect(() => validator.validate(manifest)).not.toThrow();
        expect(unknownFields(manifest, validator.model, String(manifest['kind']))).toEqual([]);
      }
      const job = manifests.at(-1) as { spec: Record<string, unknown> };
      expect(job.spec).toMatchObject({ completionMode: 'Indexed', completions: 3 });
    }
  });

  it('the validators refuse what the API refuses (a wrong type, an unknown field)', () => {
    const made = sweepJobManifests({ name: 'x', namespace: 'default', image: 'i', shards: 2,
      workers: 1, scenarioText: 'name: x\n', seeds: '1..2', vary: [],
      results: { kind: 'pvc', claim: 'c', subPath: '' } });
    const job = structuredClone((made.ok ? made.value : []).at(-1)!) as {
      spec: Record<string, unknown> };
    expect(() => validators['Job']!.validate({ ...job, spec: { ...job.spec, completions: '2' } }))
      .toThrow(/completions must be integer/);
    expect(unknownFields({ ...job, spec: { ...job.spec, completion: 2 } }, 'V1Job', 'Job'))
      .toEqual(['Job.spec.completion']);
  });

  it('each index runs its shard, and the shards merge into what one sweep writes', async () => {
    const options: SweepJobOptions = { name: 'sweep-x', namespace: 'default', image: 'i',
      shards: 2, workers: 1, scenarioText: readFileSync(scenario, 'utf8'), seeds: '1..2',
      vary: ["eniConfig.inline.max_pool_size=5,10"],
      results: { kind: 'pvc', claim: 'c', subPath: '' },
      mounts: { scenario: join(work, 'scenario'), results: join(work, 'results') } };
    const shim = join(work, 'bin');
    mkdirSync(shim);
    writeFileSync(join(shim, 'terway-sim'), `#!/bin/sh\nexec node ${bin} "$@"\n`);
    chmodSync(join(shim, 'terway-sim'), 0o755);
    for (const index of [0, 1]) {
      const code = await new Promise<number>((resolve) => {
        execFile('sh', ['-c', shardScript(options)], { env: { ...process.env,
          PATH: `${shim}:${process.env['PATH'] ?? ''}`, JOB_COMPLETION_INDEX: String(index) } },
        (error) => resolve(error === null ? 0 : Number(error.code)));
      });
      expect(code).toBe(0);
    }
    const merged = join(work, 'merged');
    const shards = [0, 1].map((index) => join(work, 'results', `shard-${index}`));
    expect((await run(['sweep', 'merge', ...shards, '--out', merged])).code).toBe(0);
    const single = join(work, 'single');
    await run(['sweep', scenario, '--seeds', '1..2', '--vary', options.vary[0]!, '--workers', '1',
      '--out', single]);
    for (const name of ['sweep.json', 'sweep.csv', 'sweep.html']) {
      expect(readFileSync(join(merged, name), 'utf8'))
        .toBe(readFileSync(join(single, name), 'utf8'));
    }
  }, 300_000);

  it('inlines an eniConfig.file, since a pod sees only the ConfigMap', async () => {
    const withFile = join(work, 'scenario', 'with-file.yaml');
    writeFileSync(withFile, readFileSync(join(root, 'scenarios', 'quickstart.yaml'), 'utf8')
      .replace(/eniConfig:\n(?: {2}.*\n)+/, 'eniConfig:\n  file: ../configs/eni.yaml\n'));
    mkdirSync(join(work, 'configs'));
    const config = readFileSync(join(root, 'scenarios', 'configs', 'eni-config-good.yaml'), 'utf8');
    writeFileSync(join(work, 'configs', 'eni.yaml'), config);
    const manifests = await manifestsOf(['sweep', 'k8s-job', withFile, '--seeds', '1',
      '--shards', '1', '--image', 'i', '--results', 'pvc:c']);
    const data = (manifests[0] as { data: Record<string, string> }).data['scenario.yaml']!;
    const inlined = parseAllDocuments(data)[0]!.toJS() as { eniConfig: { configMap: string } };
    expect(inlined.eniConfig.configMap).toBe(config);
  });

  it('refuses bad input with exit 2 and writes nothing', async () => {
    const cases: ReadonlyArray<{ readonly argv: string[]; readonly says: RegExp }> = [
      { argv: jobArgs('--results', 'pvc:sweeps').filter((word) => word !== '--image' &&
        !word.startsWith('registry')), says: /needs --image/ },
      { argv: jobArgs('--results', 's3://bucket'), says: /expected pvc:CLAIM\[\/DIR\] or oss/ },
      { argv: jobArgs('--results', 'oss://bucket/x'), says: /--oss-endpoint/ },
      { argv: jobArgs('--results', 'pvc:Bad_Claim'), says: /is not a claim name/ },
      { argv: jobArgs('--results', 'pvc:c/../up'), says: /no "\.\."/ },
      { argv: [...jobArgs('--results', 'pvc:c'), '--shards', '9'], says: /has 8 run\(s\)/ },
      { argv: [...jobArgs('--results', 'pvc:c'), '--shard', '0/2'], says: /give --shards N/ },
      { argv: [...jobArgs('--results', 'pvc:c'), '--name', 'x'.repeat(60)], says: /at most 52/ },
      { argv: ['sweep', scenario, '--seeds', '1', '--image', 'i', '--out', join(work, 'no')],
        says: /--image is a flag of sweep k8s-job/ },
    ];
    for (const { argv, says } of cases) {
      const ran = await run(argv);
      expect({ argv, code: ran.code }).toEqual({ argv, code: 2 });
      expect(ran.err).toMatch(says);
    }
  });

  it('the Dockerfile copies files the repository has and packs every workspace', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)]
      .flatMap((match) => match[1]!.split(' '));
    for (const path of copied) {
      expect({ path, exists: existsSync(join(root, path)) }).toEqual({ path, exists: true });
    }
    const workspaces = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as
      { workspaces: string[] }).workspaces;
    for (const workspace of workspaces) expect(dockerfile).toContain(`./${workspace}`);
  });
});
