// `kubectl describe networkpolicy` as kubectl v1.32 prints it (k8s.io/kubectl pkg/describe,
// the NetworkPolicy describer), checked line for line against kubectl's own output from the
// HTTP face: the header block, the pod selector, then per direction the rules (ports, then
// peers, rules separated by dashes) or whether the direction is isolated or not affected,
// which kubectl reads from the stored policyTypes.

import { goTimeUtc } from '@terway-sim/sim-base';
import type {
  NetworkPolicyObject, NetworkPolicyPeer, NetworkPolicyPort,
} from '../api/network-policy.js';
import { formatLabelSelector, labelSelectorFromObject } from '../store/label-selector.js';
import { timestampMs } from '../printers/human-duration.js';
import { DescribeWriter, writeAnnotations, writeLabels } from './describe-writer.js';

const indent = '    ';

function selectorText(selector: NetworkPolicyPeer['podSelector']): string {
  const parsed = labelSelectorFromObject(selector);
  const text = parsed.ok ? formatLabelSelector(parsed.value) : '';
  return text === '' ? '<none>' : text;
}

/** Go's time.Time String() in UTC: `2006-01-02 15:04:05 +0000 UTC`. */
function goTime(value: Date | string | undefined): string {
  return goTimeUtc(timestampMs(value) ?? 0);
}

function writePorts(w: DescribeWriter, ports: readonly NetworkPolicyPort[] | undefined): void {
  if (ports === undefined || ports.length === 0) {
    w.write(0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    return;
  }
  for (const port of ports) {
    const protocol = port.protocol ?? 'TCP';
    if (port.endPort !== undefined) {
      w.write(0, `${indent}To Port Range: ${String(port.port)}-${port.endPort}/${protocol}\n`);
    } else {
      w.write(0, `${indent}To Port: ${port.port === undefined ? '<nil>' : String(port.port)}` +
        `/${protocol}\n`);
    }
  }
}

function writePeers(w: DescribeWriter, peers: readonly NetworkPolicyPeer[] | undefined,
  title: 'From' | 'To'): void {
  if (peers === undefined || peers.length === 0) {
    w.write(0, `${indent}${title}: <any> (traffic not restricted by ` +
      `${title === 'From' ? 'source' : 'destination'})\n`);
    return;
  }
  for (const peer of peers) {
    w.write(0, `${indent}${title}:\n`);
    if (peer.namespaceSelector !== undefined) {
      w.write(1, `${indent}NamespaceSelector: ${selectorText(peer.namespaceSelector)}\n`);
    }
    if (peer.podSelector !== undefined) {
      w.write(1, `${indent}PodSelector: ${selectorText(peer.podSelector)}\n`);
    }
    if (peer.ipBlock !== undefined && peer.podSelector === undefined
      && peer.namespaceSelector === undefined) {
      w.write(1, `${indent}IPBlock:\n`);
      w.write(2, `${indent}CIDR: ${peer.ipBlock.cidr}\n`);
      w.write(2, `${indent}Except: ${(peer.ipBlock.except ?? []).join(', ')}\n`);
    }
  }
}

interface Rule {
  readonly peers: readonly NetworkPolicyPeer[] | undefined;
  readonly ports?: readonly NetworkPolicyPort[] | undefined;
}

function writeDirection(w: DescribeWriter, direction: 'ingress' | 'egress',
  covered: boolean, rules: readonly Rule[]): void {
  if (!covered) {
    w.write(1, `Not affecting ${direction} traffic\n`);
    return;
  }
  w.write(1, `Allowing ${direction} traffic:\n`);
  if (rules.length === 0) {
    w.write(0, `${indent}<none> (Selected pods are isolated for ${direction} connectivity)\n`);
    return;
  }
  rules.forEach((rule, index) => {
    writePorts(w, rule.ports);
    writePeers(w, rule.peers, direction === 'ingress' ? 'From' : 'To');
    if (index !== rules.length - 1) w.write(0, `${indent}----------\n`);
  });
}

export function describeNetworkPolicy(policy: NetworkPolicyObject): string {
  const w = new DescribeWriter();
  const { metadata, spec } = policy;
  w.write(0, `Name:\t${metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${metadata?.namespace ?? ''}\n`);
  w.write(0, `Created on:\t${goTime(metadata?.creationTimestamp)}\n`);
  writeLabels(w, 'Labels', metadata?.labels);
  writeAnnotations(w, 'Annotations', metadata?.annotations);
  w.write(0, 'Spec:\n');
  const podSelector = selectorText(spec?.podSelector);
  w.write(1, 'PodSelector: ');
  w.write(2, `${podSelector === '<none>'
    ? '<none> (Allowing the specific traffic to all pods in this namespace)' : podSelector}\n`);
  const types = spec?.policyTypes ?? [];
  writeDirection(w, 'ingress', types.includes('Ingress'),
    (spec?.ingress ?? []).map((rule) => ({ ...rule, peers: rule.from })));
  writeDirection(w, 'egress', types.includes('Egress'),
    (spec?.egress ?? []).map((rule) => ({ ...rule, peers: rule.to })));
  w.write(1, `Policy Types: ${types.length === 0 ? '<none>' : types.join(', ')}\n`);
  return w.text();
}
