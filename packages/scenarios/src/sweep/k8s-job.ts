// `terway-sim sweep k8s-job`: one sweep spread over a Kubernetes cluster as an Indexed Job. Each
// index runs one shard (`--shard $JOB_COMPLETION_INDEX/N`) in the image the repository's
// Dockerfile builds, reads the scenario from a ConfigMap and writes its shard's files under
// `shard-<index>/` where the user said: a PersistentVolumeClaim, or an OSS bucket path mounted
// through ACK's OSS CSI driver (a static PersistentVolume and its claim). `sweep merge` over the
// shard directories then gives what one sweep on one machine writes.
//
// The manifests are plain objects here; the command prints them as YAML. A shard whose runs
// failed an expectation exits 1, which is a result, not a failed pod: the container's script
// turns it into success, and exit 2 (bad input, the same for every retry) fails the Job at once
// through its pod failure policy.

import { err, ok, type Result } from '@terway-sim/sim-base';

/** Where each shard's directory goes. */
export type ResultsTarget =
  | { readonly kind: 'pvc'; readonly claim: string; readonly subPath: string }
  | { readonly kind: 'oss'; readonly bucket: string; readonly path: string;
      readonly endpoint: string; readonly secret: string };

export interface SweepJobOptions {
  /** Job name; the ConfigMap and OSS volume names derive from it. */
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  readonly shards: number;
  /** Worker threads per shard, and the CPU each pod requests. */
  readonly workers: number;
  /** The scenario file's text, with any referenced file already inlined. */
  readonly scenarioText: string;
  /** `--seeds` and each `--vary`, as given to `sweep`. */
  readonly seeds: string;
  readonly vary: readonly string[];
  readonly results: ResultsTarget;
  /** Where the pod mounts the scenario and the results (tests run the script elsewhere). */
  readonly mounts?: { readonly scenario: string; readonly results: string };
}

type Manifest = Record<string, unknown>;

const dns1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A ConfigMap holds at most 1 MiB (etcd's object size limit, less room for the rest). */
export const configMapBytesMax = 1_000_000;
/** OSS endpoints are hostnames such as oss-cn-hangzhou-internal.aliyuncs.com. */
const ossEndpoint = /^[a-z0-9][-a-z0-9.]*[a-z0-9]$/;

/** `pvc:CLAIM[/SUBDIR]` or `oss://BUCKET[/PATH]` (the latter needs the endpoint and secret). */
export function parseResultsTarget(text: string,
  oss: { endpoint: string | undefined; secret: string | undefined })
  : Result<ResultsTarget, string> {
  const pvc = /^pvc:([^/]+)(?:\/(.*))?$/.exec(text);
  if (pvc !== null) {
    const [claim, subPath] = [pvc[1]!, (pvc[2] ?? '').replace(/\/+$/, '')];
    if (!dns1123.test(claim) || claim.length > 253) {
      return err(`--results ${text}: ${JSON.stringify(claim)} is not a claim name ` +
        '(lower-case letters, digits and "-")');
    }
    if (subPath.split('/').some((part) => part === '..') || subPath.startsWith('/')) {
      return err(`--results ${text}: the directory inside the claim must be relative, no ".."`);
    }
    return ok({ kind: 'pvc', claim, subPath });
  }
  const bucket = /^oss:\/\/([a-z0-9][-a-z0-9]{1,61}[a-z0-9])(\/.*)?$/.exec(text);
  if (bucket !== null) {
    if (oss.endpoint === undefined || !ossEndpoint.test(oss.endpoint)) {
      return err(`--results ${text}: give --oss-endpoint HOST (e.g. ` +
        'oss-cn-hangzhou-internal.aliyuncs.com)');
    }
    if (oss.secret === undefined || !dns1123.test(oss.secret)) {
      return err(`--results ${text}: give --oss-secret NAME, a Secret in the Job's namespace ` +
        'holding akId and akSecret');
    }
    const path = (bucket[2] ?? '/').replace(/\/+$/, '') || '/';
    return ok({ kind: 'oss', bucket: bucket[1]!, path, endpoint: oss.endpoint,
      secret: oss.secret });
  }
  return err(`--results ${JSON.stringify(text)}: expected pvc:CLAIM[/DIR] or ` +
    'oss://BUCKET[/PATH]');
}

/** A word for sh: as it is when plain, else single-quoted (a quote inside closes, escapes). */
function shellQuote(word: string): string {
  if (/^[\w./:=,@%+-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** What each index runs: its shard of the sweep, exit 1 (runs failed) counted as done. */
export function shardScript(options: SweepJobOptions): string {
  const mounts = options.mounts ?? { scenario: '/sweep/scenario', results: '/sweep/results' };
  const words = ['terway-sim', 'sweep', `${mounts.scenario}/scenario.yaml`,
    '--seeds', options.seeds, ...options.vary.flatMap((axis) => ['--vary', axis]),
    '--workers', String(options.workers)].map(shellQuote);
  return [
    'set -u',
    `shard="$JOB_COMPLETION_INDEX/${options.shards}"`,
    `${words.join(' ')} --shard "$shard" --out ${shellQuote(mounts.results)}` +
      '"/shard-$JOB_COMPLETION_INDEX"',
    'code=$?',
    '[ "$code" -eq 0 ] || [ "$code" -eq 1 ] || exit "$code"',
  ].join('\n');
}

function labels(options: SweepJobOptions): Record<string, string> {
  return { 'app.kubernetes.io/name': 'terway-sim', 'app.kubernetes.io/component': 'sweep',
    'app.kubernetes.io/instance': options.name };
}

function meta(options: SweepJobOptions, name: string, namespaced = true): Manifest {
  return { name, ...(namespaced ? { namespace: options.namespace } : {}),
    labels: labels(options) };
}

function ossVolume(options: SweepJobOptions,
  target: Extract<ResultsTarget, { kind: 'oss' }>): Manifest[] {
  const name = `${options.name}-results`;
  const volume = {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { ...meta(options, name, false), labels: { ...labels(options),
      'alicloud-pvname': name } },
    spec: {
      capacity: { storage: '20Gi' }, accessModes: ['ReadWriteMany'],
      persistentVolumeReclaimPolicy: 'Retain',
      csi: { driver: 'ossplugin.csi.alibabacloud.com', volumeHandle: name,
        nodePublishSecretRef: { name: target.secret, namespace: options.namespace },
        volumeAttributes: { bucket: target.bucket, url: target.endpoint, path: target.path,
          otherOpts: '-o allow_other' } },
    },
  };
  const claim = {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta(options, name),
    spec: { accessModes: ['ReadWriteMany'], storageClassName: '',
      resources: { requests: { storage: '20Gi' } },
      selector: { matchLabels: { 'alicloud-pvname': name } } },
  };
  return [volume, claim];
}

function job(options: SweepJobOptions, claim: string, subPath: string): Manifest {
  const scenarioVolume = `${options.name}-scenario`;
  const mounts = options.mounts ?? { scenario: '/sweep/scenario', results: '/sweep/results' };
  return {
    apiVersion: 'batch/v1', kind: 'Job', metadata: meta(options, options.name),
    spec: {
      completionMode: 'Indexed', completions: options.shards,
      parallelism: options.shards, backoffLimit: 2 * options.shards,
      podFailurePolicy: { rules: [{ action: 'FailJob',
        onExitCodes: { containerName: 'sweep', operator: 'In', values: [2] } }] },
      template: {
        metadata: { labels: labels(options) },
        spec: {
          restartPolicy: 'Never',
          containers: [{
            name: 'sweep', image: options.image, command: ['sh', '-c', shardScript(options)],
            resources: { requests: { cpu: String(options.workers), memory: '2Gi' },
              limits: { memory: `${2 + 2 * options.workers}Gi` } },
            volumeMounts: [
              { name: 'scenario', mountPath: mounts.scenario, readOnly: true },
              { name: 'results', mountPath: mounts.results,
                ...(subPath === '' ? {} : { subPath }) },
            ],
          }],
          volumes: [
            { name: 'scenario', configMap: { name: scenarioVolume } },
            { name: 'results', persistentVolumeClaim: { claimName: claim } },
          ],
        },
      },
    },
  };
}

/** The ConfigMap, the OSS volume and claim when the results go to OSS, and the Job. */
export function sweepJobManifests(options: SweepJobOptions): Result<Manifest[], string> {
  if (!dns1123.test(options.name) || options.name.length > 52) {
    return err(`--name ${JSON.stringify(options.name)}: a Job name is at most 52 characters ` +
      'of lower-case letters, digits and "-" (its pods add a suffix)');
  }
  if (!dns1123.test(options.namespace) || options.namespace.length > 63) {
    return err(`--namespace ${JSON.stringify(options.namespace)}: not a namespace name`);
  }
  const bytes = Buffer.byteLength(options.scenarioText);
  if (bytes > configMapBytesMax) {
    return err(`the scenario is ${bytes} bytes; a ConfigMap holds at most ${configMapBytesMax}`);
  }
  const scenario = { apiVersion: 'v1', kind: 'ConfigMap',
    metadata: meta(options, `${options.name}-scenario`),
    data: { 'scenario.yaml': options.scenarioText } };
  const target = options.results;
  if (target.kind === 'pvc') {
    return ok([scenario, job(options, target.claim, target.subPath)]);
  }
  return ok([scenario, ...ossVolume(options, target),
    job(options, `${options.name}-results`, '')]);
}
