// The kubeconfig that points kubectl and client libraries at the face: one cluster (https on
// loopback, trusting the face's fixed certificate), one user with the bearer token, one context
// with the default namespace. Written as JSON, which kubectl reads as it reads YAML.

import { loopbackTls } from './loopback-tls.js';

export interface KubeconfigOptions {
  /** `https://127.0.0.1:PORT`. */
  readonly server: string;
  readonly token: string;
  /** Cluster, user and context name. Default `terway-sim`. */
  readonly name?: string;
  readonly namespace?: string;
}

export function kubeconfig(options: KubeconfigOptions): string {
  const name = options.name ?? 'terway-sim';
  return `${JSON.stringify({
    apiVersion: 'v1', kind: 'Config', preferences: {},
    clusters: [{ name, cluster: { server: options.server,
      'certificate-authority-data': Buffer.from(loopbackTls.cert).toString('base64') } }],
    users: [{ name, user: { token: options.token } }],
    contexts: [{ name, context: { cluster: name, user: name,
      namespace: options.namespace ?? 'default' } }],
    'current-context': name,
  }, null, 2)}\n`;
}
