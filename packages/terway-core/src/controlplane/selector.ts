// Kubernetes label selectors (metav1.LabelSelectorAsSelector + Matches), as the webhook applies a
// PodNetworking's podSelector / namespaceSelector: matchLabels and matchExpressions all must hold;
// an empty selector matches everything.

import type { LabelSelector, LabelSelectorRequirement } from '../ports/crd.js';

function requirementHolds(requirement: LabelSelectorRequirement,
  labels: { readonly [key: string]: string }): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In': return has && values.includes(labels[requirement.key]!);
    case 'NotIn': return !has || !values.includes(labels[requirement.key]!);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
  }
}

export function labelsMatch(selector: LabelSelector,
  labels: { readonly [key: string]: string }): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {})
    .every(([key, value]) => labels[key] === value);
  return byLabels && (selector.matchExpressions ?? [])
    .every((requirement) => requirementHolds(requirement, labels));
}
