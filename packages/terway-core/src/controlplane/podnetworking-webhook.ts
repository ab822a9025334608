// terway-controlplane's admission webhooks for PodNetworking (Terway's
// pkg/controller/webhook/mutating.go `podNetworkingWebhook` and validate.go `ValidateHook`), run
// in the API server's order: mutating first, then validating.
// Defaulting: a PodNetworking that names both security groups and vSwitches is left as it is;
// otherwise the missing list(s) come from the cluster's eni-config. Without an eni-config the
// object passes unchanged and validation decides.
// Validation (first failure wins, with Terway's message text):
//   with resource injection off and neither selector set, only the Default attach type
//   (or none) is allowed, since nothing would then request the ENI resource a pod needs;
//   vSwitchOptions and security groups must be set, at most 10 security groups;
//   `TTL` needs a releaseAfter that Go's time.ParseDuration reads; `Never` needs none.
// Pure; world registers `admitPodNetworking` as the CR's admission, and a denial reaches the
// creator as the API server's "admission webhook … denied the request: <message>".

import { parseGoDurationNs } from '../config/go-duration.js';
import type { PodNetworking } from '../ports/crd.js';

export interface PodNetworkingWebhookOptions {
  /** `enableWebhookInjectResource` (Terway's default true). */
  readonly injectResource: boolean;
  /** eni-config's vSwitches and security groups; undefined when there is no eni-config. */
  readonly defaults?: { readonly vSwitchIds: readonly string[];
    readonly securityGroupIds: readonly string[] } | undefined;
}

export type PodNetworkingVerdict =
  | { readonly podNetworking: PodNetworking }
  | { readonly denied: string };

const securityGroupsMax = 10;

/** A list field as written by the creator: a YAML object may leave it out. */
const listOf = (value: unknown): readonly string[] =>
  (Array.isArray(value) ? value as string[] : []);

/** podNetworkingWebhook: fills what is missing from eni-config. */
export function defaultPodNetworking(networking: PodNetworking,
  options: PodNetworkingWebhookOptions): PodNetworking {
  const spec = networking.spec;
  const groups = listOf(spec.securityGroupIDs);
  const vSwitches = listOf(spec.vSwitchOptions);
  if (groups.length > 0 && vSwitches.length > 0) return networking;
  const defaults = options.defaults;
  if (defaults === undefined) return networking;
  return { ...networking, spec: { ...spec,
    securityGroupIDs: groups.length > 0 ? groups : [...defaults.securityGroupIds],
    vSwitchOptions: vSwitches.length > 0 ? vSwitches : [...defaults.vSwitchIds] } };
}

/** ValidateHook: the denial message, or undefined when the object is allowed. */
export function validatePodNetworking(networking: PodNetworking,
  options: PodNetworkingWebhookOptions): string | undefined {
  const { spec } = networking;
  const selector: PodNetworking['spec']['selector'] | undefined = spec.selector;
  const noSelector = selector?.podSelector === undefined
    && selector?.namespaceSelector === undefined;
  const eniOptions: PodNetworking['spec']['eniOptions'] | undefined = spec.eniOptions;
  const attachType: string = eniOptions?.eniType ?? '';
  if (!options.injectResource && noSelector && attachType !== '' && attachType !== 'Default') {
    return 'attachType must be default when podSelector and namespaceSelector are not set';
  }
  if (listOf(spec.vSwitchOptions).length === 0) return 'vSwitchOptions is not set';
  const groups = listOf(spec.securityGroupIDs);
  if (groups.length === 0) return 'security group is not set';
  if (groups.length > securityGroupsMax) return 'security group can not more than 10';
  const allocation: PodNetworking['spec']['allocationType'] | undefined = spec.allocationType;
  const { releaseStrategy, releaseAfter } = allocation ?? {};
  if (releaseStrategy === 'TTL' && !parseGoDurationNs(releaseAfter ?? '').ok) {
    return `invalid releaseAfter ${releaseAfter ?? ''}`;
  }
  if (releaseStrategy === 'Never' && (releaseAfter ?? '') !== '') {
    return 'releaseAfter must be empty when releaseStrategy is never';
  }
  return undefined;
}

/** Both webhooks, as the API server runs them on a create (a missing status starts empty). */
export function admitPodNetworking(networking: PodNetworking,
  options: PodNetworkingWebhookOptions): PodNetworkingVerdict {
  const status: PodNetworking['status'] | undefined = networking.status;
  const defaulted = defaultPodNetworking({ ...networking,
    status: status ?? { status: '', vSwitches: [], message: '' } }, options);
  const denied = validatePodNetworking(defaulted, options);
  return denied === undefined ? { podNetworking: defaulted } : { denied };
}
