// terway-controlplane's mutating pod webhook (Terway's pkg/controller/webhook/mutating.go
// `podWebhook`): decides which ENIs a pod will get, before it is
// scheduled, and writes that decision on the pod:
//   skip host-network pods, pods without containers and pods labelled ignore-by-terway;
//   refuse when more than one of pod-networks / pod-networks-request / pod-networking is set;
//   take the networks from the pod-networks annotation, else pod-networks-request (named
//   PodNetworkings), else the first Ready PodNetworking whose selectors match (Fixed ones only for
//   fixed-name pods; a selector Kubernetes cannot convert refuses the pod), else — in crd mode
//   or for `pod-eni: "true"` pods — a default eth0 entry;
//   validate (≤ 10 security groups, interface name 1–5 characters and unique, Fixed only for
//   fixed-name pods), default the allocation type to Elastic, fill eth0's missing vSwitches and
//   security groups from eni-config; write `k8s.aliyun.com/pod-networks` and `pod-eni: "true"`,
//   request `aliyun/member-eni` (trunk) or `aliyun/eni` (exclusive) × interfaces on the first
//   container, and pin the pod to the zones its fixed IP or its PodNetworking's vSwitches are in.
// Pure over a pod and a synchronous view of the CRs; the runner registers the returned function
// with ApiServer.addPodAdmission. A refusal is the webhook's denial message.

import { err, ok, type Result } from '@terway-sim/sim-base';
import type { CrdReader, LabelSelector, PodEni, PodNetworking } from '../ports/crd.js';
import {
  annotationPodEni, annotationPodNetworking, annotationPodNetworks, annotationPodNetworksRequest,
  labelIgnoreByTerway, labelTopologyZone, resourceEni, resourceMemberEni,
} from './names.js';
import {
  defaultInterface, emptyEntry, entryFromPodNetworking, formatPodNetworks, parsePodNetworks,
  type PodNetworksEntry,
} from './pod-networks.js';
import { matchLabelSelector } from './selector.js';

type Quantities = { readonly [resource: string]: string | number } | undefined;

/** The fields of a pod the webhook reads and writes (V1Pod is assignable). */
export interface AdmissionPod {
  readonly metadata?: {
    readonly name?: string | undefined;
    readonly namespace?: string | undefined;
    readonly labels?: { readonly [key: string]: string } | undefined;
    readonly annotations?: { readonly [key: string]: string } | undefined;
    readonly ownerReferences?: ReadonlyArray<{ readonly kind: string }> | undefined;
  } | undefined;
  readonly spec?: {
    readonly hostNetwork?: boolean | undefined;
    readonly containers: ReadonlyArray<{ readonly resources?: {
      readonly requests?: Quantities; readonly limits?: Quantities } | undefined }>;
    readonly affinity?: unknown;
  } | undefined;
}

export type AdmissionVerdict<P> = { readonly pod: P } | { readonly denied: string };

export interface PodWebhookOptions {
  /** Controlplane `enableTrunk` (default true in Terway). */
  readonly enableTrunk: boolean;
  /** Controlplane `ipamType`: `crd` gives every pod an eth0 PodENI entry. */
  readonly ipamType: string;
  /** `enableWebhookInjectResource` (default true). */
  readonly injectResource: boolean;
  /** eni-config's vSwitches (all zones, sorted) and security groups, for eth0's blanks. */
  readonly defaultVSwitchIds: readonly string[];
  readonly defaultSecurityGroupIds: readonly string[];
  /** Owner kinds treated like StatefulSet (fixed-name pods). */
  readonly statefulKinds?: readonly string[] | undefined;
}

export interface PodWebhookView {
  readonly crd: CrdReader;
  /** Namespace labels for namespaceSelector; none known means no labels. */
  readonly namespaceLabels?: ((namespace: string) => { readonly [key: string]: string })
    | undefined;
}

export function isFixedNamePod(pod: AdmissionPod, statefulKinds: readonly string[] = []): boolean {
  const owners = pod.metadata?.ownerReferences ?? [];
  const kinds = new Set(['StatefulSet', ...statefulKinds]);
  return owners.length === 0 || owners.some((owner) => kinds.has(owner.kind));
}

export function podUsesEni(annotations: { readonly [key: string]: string } | undefined): boolean {
  const value = annotations?.[annotationPodEni];
  return value !== undefined && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value);
}

/** The PodENI zone a fixed-name pod had before (its fixed IP lives there). */
function previousZone(pod: AdmissionPod, view: PodWebhookView, kinds: readonly string[]): string {
  if (!isFixedNamePod(pod, kinds)) return '';
  const podEni: PodEni | undefined = view.crd.peek('PodENI', {
    namespace: pod.metadata?.namespace ?? 'default', name: pod.metadata?.name ?? '' });
  if (podEni === undefined || podEni.metadata.deletionTimestamp !== undefined) return '';
  return podEni.spec.allocations.length === 0 ? '' : podEni.spec.zone;
}

/** A selector's verdict: undefined when the PodNetworking does not set it. */
function selectorMatches(selector: LabelSelector | undefined,
  labels: { readonly [key: string]: string }): Result<boolean | undefined, string> {
  return selector === undefined ? ok(undefined) : matchLabelSelector(selector, labels);
}

/**
 * matchOnePodNetworking: the first Ready one (name order) whose given selectors all match; a
 * selector that is not one fails the match with Terway's wording.
 */
export function matchPodNetworking(pod: AdmissionPod, view: PodWebhookView,
  kinds: readonly string[]): Result<PodNetworking | undefined, string> {
  const namespace = pod.metadata?.namespace ?? 'default';
  const podLabels = pod.metadata?.labels ?? {};
  const nsLabels = view.namespaceLabels?.(namespace) ?? {};
  for (const networking of view.crd.peekList('PodNetworking')) {
    if (networking.status.status !== 'Ready') continue;
    if (!isFixedNamePod(pod, kinds) && networking.spec.allocationType.type === 'Fixed') continue;
    const byPod = selectorMatches(networking.spec.selector.podSelector, podLabels);
    if (!byPod.ok) return err(`error match pod selector, ${byPod.error}`);
    if (byPod.value === false) continue;
    const byNs = selectorMatches(networking.spec.selector.namespaceSelector, nsLabels);
    if (!byNs.ok) return err(`error match namespace selector, ${byNs.error}`);
    if (byNs.value === false) continue;
    if (byPod.value === true || byNs.value === true) return ok(networking);
  }
  return ok(undefined);
}

interface Networks {
  readonly entries: PodNetworksEntry[];
  readonly vSwitchZones: string[];
  readonly podNetworking?: string | undefined;
}

/** getPodNetworkRequests: `[{interfaceName, network, defaultRoute, routes}]` → entries. */
function fromRequests(text: string, view: PodWebhookView): Networks | string {
  let requests: unknown;
  try {
    requests = JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  if (!Array.isArray(requests)) return 'json: cannot unmarshal into []PodNetworkRef';
  const entries: PodNetworksEntry[] = [];
  let zones: string[] | undefined;
  let attachType = '';
  for (const request of requests as Array<{ interfaceName?: string; network?: string;
    defaultRoute?: boolean; routes?: Array<{ dst: string }> }>) {
    const name = request.network ?? '';
    const networking = view.crd.peek('PodNetworking', { name });
    if (networking === undefined) {
      return `podnetworkings.network.alibabacloud.com "${name}" not found`;
    }
    if (networking.status.status !== 'Ready') return `pod networking ${name} is not ready`;
    const { podSelector, namespaceSelector } = networking.spec.selector;
    if (podSelector !== undefined || namespaceSelector !== undefined) {
      return `pod networking ${name} should not have selector`;
    }
    const own = [...new Set(networking.status.vSwitches.map((vsw) => vsw.zone))].sort();
    zones = zones === undefined ? own : zones.filter((zone) => own.includes(zone));
    // The first type that is set is the one the others must share; an unset one sets none.
    const ownType: string = networking.spec.eniOptions.eniType;
    if (attachType === '') attachType = ownType;
    else if (attachType !== ownType) return `pod networking ${name} has different eni attach type`;
    const entry = entryFromPodNetworking(networking);
    entries.push({ ...entry, interface: request.interfaceName || entry.interface,
      defaultRoute: request.defaultRoute === true || entry.defaultRoute,
      ...(request.routes === undefined ? {} : { extraRoutes: request.routes }) });
  }
  return { entries, vSwitchZones: zones ?? [] };
}

type Outcome = Networks | { readonly allow: true } | { readonly denied: string };

function chooseNetworks(pod: AdmissionPod, view: PodWebhookView,
  options: PodWebhookOptions): Outcome {
  const annotations = pod.metadata?.annotations ?? {};
  const parsed = parsePodNetworks(annotations, annotationPodNetworks);
  if (!parsed.ok) {
    return { denied: `unable parse annotation field ${annotationPodNetworks}, ${parsed.error}` };
  }
  if (parsed.value.podNetworks.length > 0) {
    return { entries: [...parsed.value.podNetworks], vSwitchZones: [] };
  }
  const requestText = annotations[annotationPodNetworksRequest];
  if (requestText !== undefined && requestText !== '') {
    const requested = fromRequests(requestText, view);
    if (typeof requested === 'string') {
      return { denied: `unable parse annotation ${annotationPodNetworksRequest}, ${requested}` };
    }
    if (requested.entries.length > 0) return requested;
  }
  const kinds = options.statefulKinds ?? [];
  const matched = matchPodNetworking(pod, view, kinds);
  if (!matched.ok) return { denied: matched.error };
  const networking = matched.value;
  if (networking !== undefined) {
    return { entries: [entryFromPodNetworking(networking)], podNetworking:
      networking.metadata.name, vSwitchZones: [...new Set(networking.status.vSwitches
        .map((vsw) => vsw.zone))].sort() };
  }
  if (options.ipamType !== 'crd' && !podUsesEni(annotations)) return { allow: true };
  return { entries: [emptyEntry(defaultInterface)], vSwitchZones: [] };
}

/** Validation and defaults; returns the denial message, if any, and whether eth0 needs config. */
function validate(entries: PodNetworksEntry[], fixedName: boolean):
  { denied?: string; require: boolean; fixed: boolean } {
  let require = false;
  let fixed = false;
  const names = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    if ((entry.vSwitchOptions ?? []).length === 0 || (entry.securityGroupIDs ?? []).length === 0) {
      require = true;
    }
    if ((entry.securityGroupIDs ?? []).length > 10) {
      return { denied: 'security group can not more than 10', require, fixed };
    }
    if (entry.interface.length <= 0 || entry.interface.length >= 6) {
      return { denied: 'interface name should >0 and <6 ', require, fixed };
    }
    if (names.has(entry.interface)) return { denied: 'duplicated interface', require, fixed };
    names.add(entry.interface);
    const allocationType = entry.allocationType ?? { type: 'Elastic' as const };
    entries[index] = { ...entry, allocationType };
    if (allocationType.type === 'Fixed') {
      if (!fixedName) return { denied: 'fixed ip only support for fixed name pod', require, fixed };
      fixed = true;
    }
  }
  return { require, fixed };
}

function fillDefaults(entries: PodNetworksEntry[], options: PodWebhookOptions): void {
  entries.forEach((entry, index) => {
    if (entry.interface !== defaultInterface) return;
    entries[index] = {
      ...entry,
      vSwitchOptions: (entry.vSwitchOptions ?? []).length > 0 ? entry.vSwitchOptions
        : [...options.defaultVSwitchIds],
      securityGroupIDs: (entry.securityGroupIDs ?? []).length > 0 ? entry.securityGroupIDs
        : [...options.defaultSecurityGroupIds],
    };
  });
}

/** setResourceRequest: member ENIs unless trunking is off or an entry asks for a whole ENI. */
export function resourceNameFor(entries: readonly PodNetworksEntry[],
  enableTrunk: boolean): string {
  if (!enableTrunk) return resourceEni;
  return entries.some((entry) => entry.eniOptions.eniType === 'ENI') ? resourceEni
    : resourceMemberEni;
}

function withResources<P extends AdmissionPod>(pod: P, name: string, count: number): P {
  const containers = (pod.spec?.containers ?? []).map((container, index) => {
    if (index !== 0) return container;
    const resources = container.resources ?? {};
    return { ...container, resources: { ...resources,
      requests: { ...resources.requests, [name]: String(count) },
      limits: { ...resources.limits, [name]: String(count) } } };
  });
  return { ...pod, spec: { ...pod.spec, containers } };
}

type AffinityShape = { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: {
  nodeSelectorTerms?: Array<{ matchExpressions?: unknown[] }> } } };

/** setNodeAffinityByZones: every required term gets `zone In [...]` per non-empty zone list. */
function withZoneAffinity<P extends AdmissionPod>(pod: P, zoneLists: readonly string[][]): P {
  const lists = zoneLists.filter((zones) => zones.length > 0);
  const daemonSet = (pod.metadata?.ownerReferences ?? []).some((o) => o.kind === 'DaemonSet');
  if (lists.length === 0 || daemonSet) return pod;
  const affinity = structuredClone((pod.spec?.affinity ?? {}) as AffinityShape);
  const required = (affinity.nodeAffinity ??= {})
    .requiredDuringSchedulingIgnoredDuringExecution ??= {};
  const terms = required.nodeSelectorTerms ??= [];
  if (terms.length === 0) terms.push({});
  for (const term of terms) {
    term.matchExpressions = [...(term.matchExpressions ?? []), ...lists.map((zones) => ({
      key: labelTopologyZone, operator: 'In', values: [...zones] }))];
  }
  return { ...pod, spec: { ...pod.spec, affinity } };
}

/** The webhook's verdict on one pod. */
export function admitPod<P extends AdmissionPod>(pod: P, view: PodWebhookView,
  options: PodWebhookOptions): AdmissionVerdict<P> {
  if (pod.spec?.hostNetwork === true || (pod.spec?.containers ?? []).length === 0) return { pod };
  if (pod.metadata?.labels?.[labelIgnoreByTerway] === 'true') return { pod };
  const annotations = pod.metadata?.annotations ?? {};
  const present = [annotationPodNetworks, annotationPodNetworksRequest, annotationPodNetworking]
    .filter((key) => key in annotations);
  if (present.length > 1) {
    return { denied: `pod annotations ${annotationPodNetworks}, ${annotationPodNetworksRequest}, ` +
      `and ${annotationPodNetworking} must be mutually exclusive` };
  }
  const kinds = options.statefulKinds ?? [];
  const chosen = chooseNetworks(pod, view, options);
  if ('denied' in chosen) return chosen;
  if ('allow' in chosen) return { pod };
  const entries = [...chosen.entries];
  const checked = validate(entries, isFixedNamePod(pod, kinds));
  if (checked.denied !== undefined) return { denied: checked.denied };
  if (checked.require) fillDefaults(entries, options);
  const zone = checked.fixed ? previousZone(pod, view, kinds) : '';
  let next: P = { ...pod, metadata: { ...pod.metadata, annotations: { ...annotations,
    ...(chosen.podNetworking === undefined ? {} : { [annotationPodNetworking]:
      chosen.podNetworking }),
    [annotationPodNetworks]: formatPodNetworks({ podNetworks: entries }),
    [annotationPodEni]: 'true' } } };
  if (options.injectResource) {
    next = withResources(next, resourceNameFor(entries, options.enableTrunk), entries.length);
  }
  return { pod: withZoneAffinity(next, [zone === '' ? [] : [zone], chosen.vSwitchZones]) };
}

/** The function the runner registers with ApiServer.addPodAdmission. */
export function createPodWebhook(view: PodWebhookView, options: PodWebhookOptions):
  <P extends AdmissionPod>(pod: P) => AdmissionVerdict<P> {
  return (pod) => admitPod(pod, view, options);
}
