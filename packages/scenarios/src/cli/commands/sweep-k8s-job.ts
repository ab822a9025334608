// `terway-sim sweep k8s-job FILE --seeds A..B [--vary …] --shards N --image IMAGE --results
// pvc:CLAIM[/DIR]|oss://BUCKET[/PATH] [--workers W] [--name NAME] [--namespace NS] [--out FILE]`:
// checks the sweep exactly as `sweep` would, then writes the manifests of an Indexed Job that
// runs its shards on a cluster (sweep/k8s-job.ts). Nothing runs here.

import { statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { readInputFile } from '../../scenario/input-file.js';
import { resolveBeside, type LoadedScenario } from '../../scenario/load.js';
import { printable } from '../../scenario/printable.js';
import { parseResultsTarget, sweepJobManifests } from '../../sweep/k8s-job.js';
import {
  exitOk, intOption, listOption, stringOption, UsageError, type Io, type OptionSpec,
  type ParsedArgs,
} from '../command.js';
import { slug } from '../output-dir.js';
import { prepareSweep } from './sweep-inputs.js';

export const k8sJobOptions: Readonly<Record<string, OptionSpec>> = {
  shards: { type: 'string', value: 'N', description: 'k8s-job: how many indexes (shards)' },
  image: { type: 'string', value: 'IMAGE',
    description: 'k8s-job: the terway-sim image (docker build -t IMAGE . in the repository)' },
  results: { type: 'string', value: 'TARGET',
    description: 'k8s-job: where shards write: pvc:CLAIM[/DIR] or oss://BUCKET[/PATH]' },
  'oss-endpoint': { type: 'string', value: 'HOST',
    description: 'k8s-job: the OSS endpoint for oss:// results' },
  'oss-secret': { type: 'string', value: 'NAME',
    description: 'k8s-job: the Secret (akId, akSecret) that mounts the OSS bucket' },
  name: { type: 'string', value: 'NAME', description: 'k8s-job: the Job name' },
  namespace: { type: 'string', value: 'NS',
    description: 'k8s-job: the namespace (default "default")' },
};

/**
 * The scenario as one file: a pod sees only the ConfigMap, so an `eniConfig.file` becomes the
 * same text under `eniConfig.configMap`, which the runner reads the same way.
 */
function selfContained(loaded: LoadedScenario): string {
  const spec = loaded.scenario.eniConfig;
  if (!('file' in spec)) return loaded.text;
  const path = resolveBeside(loaded.file, spec.file);
  const read = readInputFile(path);
  if (!read.ok) {
    throw new UsageError(`${printable(loaded.file)}: eniConfig.file: cannot use ` +
      `${printable(path)}: ${read.error}`);
  }
  const document = parseDocument(loaded.text);
  document.setIn(['eniConfig'], { configMap: read.value });
  return document.toString();
}

function required(args: ParsedArgs, name: string, example: string): string {
  const value = stringOption(args, name);
  if (value === undefined) throw new UsageError(`sweep k8s-job needs --${name} (e.g. ${example})`);
  return value;
}

function writeTo(out: string | undefined, text: string, io: Io): void {
  if (out === undefined) {
    io.out(text);
    return;
  }
  const where = (() => {
    try {
      return statSync(dirname(out));
    } catch {
      return undefined;
    }
  })();
  if (where === undefined || !where.isDirectory()) {
    throw new UsageError(`--out ${printable(out)}: its folder does not exist`);
  }
  try {
    writeFileSync(out, text);
  } catch (error) {
    throw new UsageError(`--out ${printable(out)}: cannot write it ` +
      `(${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

export function k8sJob(files: readonly string[], args: ParsedArgs, io: Io): number {
  const [file, ...others] = files;
  if (file === undefined) throw new UsageError('sweep k8s-job needs the scenario FILE');
  if (others.length > 0) {
    throw new UsageError(`one scenario file per sweep; also given: ${others[0]}`);
  }
  if (stringOption(args, 'shard') !== undefined) {
    throw new UsageError('--shard is chosen by the Job for each index; give --shards N instead');
  }
  const { plan } = prepareSweep(file, args);
  const shards = intOption(args, 'shards', { min: 1, max: 1000 });
  if (shards === undefined) throw new UsageError('sweep k8s-job needs --shards N (e.g. 8)');
  if (shards > plan.runs.length) {
    throw new UsageError(`--shards ${shards}: the sweep has ${plan.runs.length} run(s); ` +
      'a shard without runs would write nothing');
  }
  const image = required(args, 'image', 'registry.example.com/terway-sim:0.1.0');
  const results = parseResultsTarget(required(args, 'results', 'pvc:sweep-results'), {
    endpoint: stringOption(args, 'oss-endpoint'), secret: stringOption(args, 'oss-secret') });
  if (!results.ok) throw new UsageError(results.error);
  const manifests = sweepJobManifests({
    name: stringOption(args, 'name') ?? `sweep-${slug(plan.scenario.scenario.name)}`
      .replaceAll(/[._]/g, '-').slice(0, 52).replace(/-+$/, ''),
    namespace: stringOption(args, 'namespace') ?? 'default', image, shards,
    workers: intOption(args, 'workers', { min: 1, max: 64 }) ?? 2,
    scenarioText: selfContained(plan.scenario), seeds: required(args, 'seeds', '1..20'),
    vary: listOption(args, 'vary'), results: results.value,
  });
  if (!manifests.ok) throw new UsageError(manifests.error);
  writeTo(stringOption(args, 'out'),
    manifests.value.map((manifest) => stringify(manifest, { lineWidth: 0 })).join('---\n'), io);
  return exitOk;
}
