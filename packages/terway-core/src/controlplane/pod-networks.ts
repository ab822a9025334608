// The `k8s.aliyun.com/pod-networks` annotation (Terway's types/controlplane
// PodNetworksAnnotation): the webhook writes it, the pod controller reads it to know which ENIs a
// pod gets (one entry per interface: vSwitches to pick from, security groups, attach type,
// allocation type). The text is what Go's encoding/json writes for the struct — field order as
// declared, nil slices as `null`, `eniOptions` always present — so an annotation written here
// reads like one the real webhook wrote.

import { err, ok, type Result } from '@terway-sim/sim-base';
import type { AllocationType, CrdRoute, EniOptionType, PodNetworking } from '../ports/crd.js';

export interface PodNetworksEntry {
  readonly vSwitchOptions: readonly string[] | null;
  readonly securityGroupIDs: readonly string[] | null;
  readonly interface: string;
  readonly extraRoutes?: readonly CrdRoute[] | undefined;
  readonly eniOptions: { readonly eniType: EniOptionType | '' };
  readonly vSwitchSelectOptions: { readonly vSwitchSelectionPolicy?: string | undefined };
  readonly resourceGroupID: string;
  readonly networkInterfaceTrafficMode: string;
  readonly defaultRoute: boolean;
  readonly allocationType: AllocationType | null;
}

export interface PodNetworksAnnotation {
  readonly podNetworks: readonly PodNetworksEntry[];
}

export const defaultInterface = 'eth0';

/** An entry with only the interface set, as the webhook starts the default eth0 one. */
export function emptyEntry(ifName: string): PodNetworksEntry {
  return {
    vSwitchOptions: null, securityGroupIDs: null, interface: ifName, eniOptions: { eniType: '' },
    vSwitchSelectOptions: {}, resourceGroupID: '', networkInterfaceTrafficMode: '',
    defaultRoute: false, allocationType: null,
  };
}

/** podNetworkingToPodNetworks: a PodNetworking's options as the eth0 entry. */
export function entryFromPodNetworking(networking: PodNetworking): PodNetworksEntry {
  return {
    ...emptyEntry(defaultInterface),
    vSwitchOptions: [...networking.spec.vSwitchOptions],
    securityGroupIDs: [...networking.spec.securityGroupIDs],
    eniOptions: { eniType: networking.spec.eniOptions.eniType },
    vSwitchSelectOptions: { ...networking.spec.vSwitchSelectOptions },
    allocationType: { ...networking.spec.allocationType },
  };
}

function allocationTypeJson(type: AllocationType | null): unknown {
  if (type === null) return null;
  return Object.fromEntries(Object.entries({ type: type.type,
    releaseStrategy: type.releaseStrategy, releaseAfter: type.releaseAfter })
    .filter(([, value]) => value !== undefined && value !== ''));
}

/** json.Marshal(PodNetworksAnnotation). */
export function formatPodNetworks(annotation: PodNetworksAnnotation): string {
  return JSON.stringify({ podNetworks: annotation.podNetworks.map((entry) => ({
    vSwitchOptions: entry.vSwitchOptions, securityGroupIDs: entry.securityGroupIDs,
    interface: entry.interface,
    ...(entry.extraRoutes === undefined || entry.extraRoutes.length === 0 ? {}
      : { extraRoutes: entry.extraRoutes.map((route) => ({ dst: route.dst })) }),
    eniOptions: { eniType: entry.eniOptions.eniType },
    vSwitchSelectOptions: entry.vSwitchSelectOptions.vSwitchSelectionPolicy === undefined ? {}
      : { vSwitchSelectionPolicy: entry.vSwitchSelectOptions.vSwitchSelectionPolicy },
    resourceGroupID: entry.resourceGroupID,
    networkInterfaceTrafficMode: entry.networkInterfaceTrafficMode,
    defaultRoute: entry.defaultRoute, allocationType: allocationTypeJson(entry.allocationType),
  })) });
}

type Json = { readonly [key: string]: unknown };

const strings = (value: unknown): string[] | null =>
  (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : null);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const object = (value: unknown): Json =>
  (typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Json : {});

function entryFromJson(raw: unknown): PodNetworksEntry {
  const entry = object(raw);
  const allocation = entry['allocationType'];
  const routes = Array.isArray(entry['extraRoutes']) ? entry['extraRoutes'] : [];
  const policy = object(entry['vSwitchSelectOptions'])['vSwitchSelectionPolicy'];
  return {
    vSwitchOptions: strings(entry['vSwitchOptions']),
    securityGroupIDs: strings(entry['securityGroupIDs']),
    interface: text(entry['interface']),
    extraRoutes: routes.map((route) => ({ dst: text(object(route)['dst']) })),
    eniOptions: { eniType: text(object(entry['eniOptions'])['eniType']) as EniOptionType },
    vSwitchSelectOptions: typeof policy === 'string' ? { vSwitchSelectionPolicy: policy } : {},
    resourceGroupID: text(entry['resourceGroupID']),
    networkInterfaceTrafficMode: text(entry['networkInterfaceTrafficMode']),
    defaultRoute: entry['defaultRoute'] === true,
    allocationType: allocation === null || allocation === undefined ? null : {
      type: (text(object(allocation)['type']) || 'Elastic') as AllocationType['type'],
      releaseStrategy: (text(object(allocation)['releaseStrategy']) || undefined) as
        AllocationType['releaseStrategy'],
      releaseAfter: text(object(allocation)['releaseAfter']) || undefined,
    },
  };
}

/**
 * ParsePodNetworksFromAnnotation: no annotation is an empty list; text that is not the JSON of the
 * struct is an error carrying the parser's message.
 */
export function parsePodNetworks(annotations: { readonly [key: string]: string } | undefined,
  key: string): Result<PodNetworksAnnotation, string> {
  const value = annotations?.[key];
  if (value === undefined || value === '') return ok({ podNetworks: [] });
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    return err((error as Error).message);
  }
  const list = object(parsed)['podNetworks'];
  if (list !== undefined && list !== null && !Array.isArray(list)) {
    return err('json: cannot unmarshal podNetworks into []PodNetworks');
  }
  return ok({ podNetworks: (list ?? []).map(entryFromJson) });
}
