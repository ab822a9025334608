// API discovery as kubectl reads it to turn `po`, `deploy` or `podenis` into a resource and a
// URL (k8s.io/apiserver pkg/endpoints/discovery): `/version`, `/api` (the core versions),
// `/apis` (every group with its versions), and one APIResourceList per group version with each
// resource's name, singular name, kind, scope, short names and the verbs this face serves.
// Subresources are listed as `deployments/scale` and the like. Aggregated discovery (the v2
// format newer clients ask for first) is not served: an ordinary JSON answer makes them fall
// back to these documents.

import { apiVersionOf, type ResourceInfo } from '../store/resources.js';

/** What the face serves for a resource: the read verbs, plus the writes it takes. */
export interface ServedVerbs {
  readonly verbs: readonly string[];
  readonly subresources: ReadonlyArray<{ readonly name: string; readonly kind: string;
    readonly group: string; readonly version: string; readonly verbs: readonly string[] }>;
}

export interface VersionInfo {
  readonly major: string;
  readonly minor: string;
  readonly gitVersion: string;
}

/** The Kubernetes version the face says it is (the minor picks kubectl's compatibility). */
export const servedVersion: VersionInfo = { major: '1', minor: '32', gitVersion: 'v1.32.4' };

export function versionDocument(version: VersionInfo): unknown {
  return {
    ...version, gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean', buildDate: '2025-04-22T00:00:00Z', goVersion: 'go1.23.8',
    compiler: 'gc', platform: 'linux/amd64',
  };
}

export function coreVersions(): unknown {
  return { kind: 'APIVersions', versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] };
}

/** Group versions other than the core one, in the order resources were registered. */
export function groupVersions(resources: readonly ResourceInfo[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const info of resources) {
    if (info.group === '') continue;
    const versions = groups.get(info.group) ?? [];
    if (!versions.includes(info.version)) versions.push(info.version);
    groups.set(info.group, versions);
  }
  return groups;
}

export function groupList(resources: readonly ResourceInfo[]): unknown {
  const groups = [...groupVersions(resources)].map(([name, versions]) => {
    const entries = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
    return { name, versions: entries, preferredVersion: entries[0] };
  });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function resourceList(groupVersion: string, resources: readonly ResourceInfo[],
  verbsOf: (info: ResourceInfo) => ServedVerbs): unknown {
  const entries = resources.filter((info) => apiVersionOf(info) === groupVersion)
    .flatMap((info) => {
      const served = verbsOf(info);
      return [
        { name: info.plural, singularName: info.singular, namespaced: info.namespaced,
          kind: info.kind, verbs: served.verbs,
          ...(info.shortNames.length === 0 ? {} : { shortNames: info.shortNames }),
          ...(info.group === '' || info.group === 'apps' ? categoriesOf(info) : {}) },
        ...served.subresources.map((sub) => ({ name: `${info.plural}/${sub.name}`,
          singularName: '', namespaced: info.namespaced, group: sub.group,
          version: sub.version, kind: sub.kind, verbs: sub.verbs })),
      ];
    });
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: entries };
}

/** `kubectl get all` covers pods, deployments and statefulsets (the `all` category). */
function categoriesOf(info: ResourceInfo): { categories?: string[] } {
  return ['pods', 'apps/deployments', 'apps/statefulsets'].includes(info.id)
    ? { categories: ['all'] } : {};
}
