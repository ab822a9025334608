// Kubernetes label selectors (metav1.LabelSelectorAsSelector + Matches), as the webhook applies a
// PodNetworking's podSelector / namespaceSelector: matchLabels and matchExpressions all must hold;
// an empty selector matches everything. A selector Kubernetes cannot convert (an unknown
// operator, In/NotIn without values, Exists/DoesNotExist with values) is an error with
// apimachinery's text, which the webhook turns into a refusal.

import { err, ok, type Result } from '@terway-sim/sim-base';
import type { LabelSelector, LabelSelectorRequirement } from '../ports/crd.js';

/** Go's `%#v` of a []string, as apimachinery's field errors print a rejected value. */
function goStrings(values: readonly string[] | undefined): string {
  return values === undefined || values.length === 0 ? '[]string(nil)'
    : `[]string{${values.map((value) => JSON.stringify(value)).join(', ')}}`;
}

/** The refusal LabelSelectorAsSelector gives a requirement, if any. */
function requirementError(requirement: LabelSelectorRequirement): string | undefined {
  const operator: string = requirement.operator;
  const count = requirement.values?.length ?? 0;
  switch (operator) {
    case 'In':
    case 'NotIn':
      return count > 0 ? undefined : `values: Invalid value: ${goStrings(requirement.values)}: ` +
        'for \'in\', \'notin\' operators, values set can\'t be empty';
    case 'Exists':
    case 'DoesNotExist':
      return count === 0 ? undefined : `values: Invalid value: ${goStrings(requirement.values)}: ` +
        'values set must be empty for exists and does not exist';
    default:
      return `${JSON.stringify(operator)} is not a valid label selector operator`;
  }
}

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

/** PodMatchSelector: whether the labels match, or why the selector is not one. */
export function matchLabelSelector(selector: LabelSelector,
  labels: { readonly [key: string]: string }): Result<boolean, string> {
  for (const requirement of selector.matchExpressions ?? []) {
    const refused = requirementError(requirement);
    if (refused !== undefined) return err(refused);
  }
  const byLabels = Object.entries(selector.matchLabels ?? {})
    .every(([key, value]) => labels[key] === value);
  return ok(byLabels && (selector.matchExpressions ?? [])
    .every((requirement) => requirementHolds(requirement, labels)));
}

/** Whether the labels match a valid selector (an invalid one matches nothing). */
export function labelsMatch(selector: LabelSelector,
  labels: { readonly [key: string]: string }): boolean {
  const matched = matchLabelSelector(selector, labels);
  return matched.ok && matched.value;
}
