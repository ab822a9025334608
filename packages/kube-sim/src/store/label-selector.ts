// Label selectors as the API server parses and applies them (k8s.io/apimachinery pkg/labels
// selector.go): the string form of `?labelSelector=` and `kubectl -l` (`app=web`, `tier!=db`,
// `env in (a,b)`, `env notin (c)`, `gpu`, `!gpu`, comma = AND) and the object form of
// `metav1.LabelSelector` (matchLabels + matchExpressions with In, NotIn, Exists, DoesNotExist)
// that controllers and PodNetworking use. An empty selector matches everything; the object form
// with an empty list of values for In/NotIn is invalid, as in Kubernetes.
//
// Parse errors are values naming the offending text, so the API face can answer 400 with it.

import { err, ok, type Result } from '@terway-sim/sim-base';

export type LabelOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

/** Requirements ANDed together; [] selects everything. */
export type LabelSelector = readonly LabelRequirement[];

export interface LabelSelectorObject {
  readonly matchLabels?: { readonly [key: string]: string } | undefined;
  readonly matchExpressions?: ReadonlyArray<{
    readonly key: string;
    readonly operator: string;
    readonly values?: readonly string[] | undefined;
  }> | undefined;
}

export type Labels = { readonly [key: string]: string } | undefined;

/** A DNS-1123 subdomain prefix and a name part, as label keys allow. */
const keyPattern = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const valuePattern = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const operatorNames: readonly LabelOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

export function labelsMatch(selector: LabelSelector, labels: Labels): boolean {
  for (const requirement of selector) {
    const value = labels?.[requirement.key];
    switch (requirement.operator) {
      case 'In':
        if (value === undefined || !requirement.values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && requirement.values.includes(value)) return false;
        break;
      case 'Exists':
        if (value === undefined) return false;
        break;
      case 'DoesNotExist':
        if (value !== undefined) return false;
        break;
    }
  }
  return true;
}

/** Parses the string form (`a=b,c!=d,e in (f,g),h,!i`). */
export function parseLabelSelector(text: string): Result<LabelSelector, string> {
  const requirements: LabelRequirement[] = [];
  for (const part of splitTopLevel(text)) {
    const parsed = parseRequirement(part.trim());
    if (!parsed.ok) return parsed;
    requirements.push(parsed.value);
  }
  return ok(requirements);
}

/** Converts metav1.LabelSelector; a `null`/undefined selector selects everything. */
export function labelSelectorFromObject(
  selector: LabelSelectorObject | undefined,
): Result<LabelSelector, string> {
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {}).sort(byFirst)) {
    const checked = checkKeyAndValues(key, [value]);
    if (!checked.ok) return checked;
    requirements.push({ key, operator: 'In', values: [value] });
  }
  for (const expression of selector?.matchExpressions ?? []) {
    const operator = operatorNames.find((name) => name === expression.operator);
    if (operator === undefined) {
      return err(`"${expression.operator}" is not a valid label selector operator`);
    }
    const values = [...(expression.values ?? [])];
    const needsValues = operator === 'In' || operator === 'NotIn';
    if (needsValues && values.length === 0) {
      return err(`values: Required value: must be specified when operator is ${operator}`);
    }
    if (!needsValues && values.length > 0) {
      return err(`values: Forbidden: may not be specified when operator is ${operator}`);
    }
    const checked = checkKeyAndValues(expression.key, values);
    if (!checked.ok) return checked;
    requirements.push({ key: expression.key, operator, values });
  }
  return ok(requirements);
}

/** The canonical string form (what `kubectl get -o wide` shows as SELECTOR). */
export function formatLabelSelector(selector: LabelSelector): string {
  return selector.map((requirement) => {
    const { key, values } = requirement;
    switch (requirement.operator) {
      case 'In':
        return values.length === 1 ? `${key}=${values[0]}` : `${key} in (${values.join(',')})`;
      case 'NotIn':
        return values.length === 1 ? `${key}!=${values[0]}`
          : `${key} notin (${values.join(',')})`;
      case 'Exists':
        return key;
      case 'DoesNotExist':
        return `!${key}`;
    }
    return key;
  }).join(',');
}

/** Commas separate requirements except inside a `(…)` value list. */
function splitTopLevel(text: string): string[] {
  if (text.trim() === '') return [];
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

const setForm = /^(\S+)\s+(in|notin)\s*\((.*)\)$/;
const equalityForm = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/;

function parseRequirement(part: string): Result<LabelRequirement, string> {
  if (part === '') return err('found \'\', expected: identifier');
  const set = setForm.exec(part);
  if (set !== null) {
    const values = set[3]!.split(',').map((value) => value.trim()).filter((value) => value !== '');
    const operator: LabelOperator = set[2] === 'in' ? 'In' : 'NotIn';
    const checked = checkKeyAndValues(set[1]!, values);
    return checked.ok ? ok({ key: set[1]!, operator, values }) : checked;
  }
  const equality = equalityForm.exec(part);
  if (equality !== null) {
    const operator: LabelOperator = equality[2] === '!=' ? 'NotIn' : 'In';
    const checked = checkKeyAndValues(equality[1]!, [equality[3]!]);
    return checked.ok ? ok({ key: equality[1]!, operator, values: [equality[3]!] }) : checked;
  }
  const negated = part.startsWith('!');
  const key = negated ? part.slice(1).trim() : part;
  const checked = checkKeyAndValues(key, []);
  if (!checked.ok) return err(`unable to parse requirement: ${checked.error}`);
  return ok({ key, operator: negated ? 'DoesNotExist' : 'Exists', values: [] });
}

function checkKeyAndValues(key: string, values: readonly string[]): Result<void, string> {
  const name = key.includes('/') ? key.slice(key.indexOf('/') + 1) : key;
  if (!keyPattern.test(key) || name.length > 63) {
    return err(`invalid label key "${key}": name part must consist of alphanumeric ` +
      'characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character');
  }
  for (const value of values) {
    if (!valuePattern.test(value) || value.length > 63) {
      return err(`invalid label value: "${value}": a valid label must be an empty string or ` +
        'consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with ' +
        'an alphanumeric character');
    }
  }
  return ok(undefined);
}

function byFirst(a: readonly [string, string], b: readonly [string, string]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}
