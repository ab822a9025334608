// CNI_ARGS as Terway reads them (types.K8SArgs over containernetworking's LoadArgs):
// `K8S_POD_NAME=nginx;K8S_POD_NAMESPACE=default;K8S_POD_INFRA_CONTAINER_ID=<id>;IgnoreUnknown=1`.
// Pairs must be KEY=VALUE; unknown keys are an error unless IgnoreUnknown is true; `IP` must parse
// if given (and is ignored). Failures are CNI error code 6 "failed to parse args".

import { err, normalizeIp, ok, type Result } from '@terway-sim/sim-base';

export interface K8sArgs {
  readonly podName: string;
  readonly podNamespace: string;
  readonly infraContainerId: string;
}

const known: ReadonlySet<string> = new Set([
  'IgnoreUnknown', 'IP', 'K8S_POD_NAME', 'K8S_POD_NAMESPACE', 'K8S_POD_INFRA_CONTAINER_ID',
]);

function parseBool(value: string): boolean | undefined {
  if (['1', 'true', 'True'].includes(value)) return true;
  if (['0', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/** LoadArgs into K8SArgs. The error text is what Go prints. */
export function parseK8sArgs(text: string): Result<K8sArgs, string> {
  const values = new Map<string, string>();
  if (text !== '') {
    for (const pair of text.split(';')) {
      const kv = pair.split('=');
      if (kv.length !== 2) return err(`ARGS: invalid pair "${pair}"`);
      values.set(kv[0] ?? '', kv[1] ?? '');
    }
  }
  const ignoreText = values.get('IgnoreUnknown');
  const ignore = ignoreText === undefined ? false : parseBool(ignoreText);
  if (ignore === undefined) return err(
    `ARGS: error parsing value of pair "IgnoreUnknown=${ignoreText ?? ''}": boolean unmarshal `
      + `error: invalid input ${ignoreText ?? ''}`
  );
  const unknown = [...values.keys()].filter((key) => !known.has(key));
  if (unknown.length > 0 && !ignore) return err(
    `ARGS: unknown args [${unknown.map((key) => `"${key}=${values.get(key) ?? ''}"`).join(' ')}]`
  );
  const ip = values.get('IP');
  if (ip !== undefined && ip !== '' && normalizeIp(ip) === undefined) return err(
    `ARGS: error parsing value of pair "IP=${ip}": invalid IP address: ${ip}`
  );
  return ok({
    podName: values.get('K8S_POD_NAME') ?? '',
    podNamespace: values.get('K8S_POD_NAMESPACE') ?? '',
    infraContainerId: values.get('K8S_POD_INFRA_CONTAINER_ID') ?? '',
  });
}

/** The CNI_ARGS text a kubelet/containerd passes for a pod sandbox. */
export function formatK8sArgs(args: K8sArgs): string {
  return `IgnoreUnknown=1;K8S_POD_NAMESPACE=${args.podNamespace};K8S_POD_NAME=${args.podName};`
    + `K8S_POD_INFRA_CONTAINER_ID=${args.infraContainerId}`;
}
