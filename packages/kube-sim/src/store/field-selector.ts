// Field selectors as the API server parses and applies them (k8s.io/apimachinery pkg/fields):
// `spec.nodeName=node-1,status.phase!=Running`, with `=`, `==` and `!=`, backslash escapes in
// values, comma = AND. Only the fields a resource registers are selectable; any other is refused
// with the API server's words, "field label not supported: <field>".

import { err, ok, type Result } from '@terway-sim/sim-base';

export interface FieldRequirement {
  readonly field: string;
  readonly equals: boolean;
  readonly value: string;
}

export type FieldSelector = readonly FieldRequirement[];

/** A resource's selectable fields: field path → the value as a string ('' when unset). */
export type FieldExtractors<T> = { readonly [field: string]: (object: T) => string };

export function parseFieldSelector(text: string): Result<FieldSelector, string> {
  const requirements: FieldRequirement[] = [];
  for (const part of splitUnescaped(text, ',')) {
    if (part.trim() === '') continue;
    const match = /^\s*([^!=\s]+)\s*(==|=|!=)(.*)$/.exec(part);
    if (match === null) return err(`invalid selector: '${part}'; can't understand '${part}'`);
    requirements.push({ field: match[1]!, equals: match[2] !== '!=', value: unescape(match[3]!) });
  }
  return ok(requirements);
}

/** Refuses fields the resource does not register. */
export function checkFields<T>(selector: FieldSelector,
  extractors: FieldExtractors<T>): Result<void, string> {
  for (const requirement of selector) {
    if (!Object.hasOwn(extractors, requirement.field)) {
      return err(`field label not supported: ${requirement.field}`);
    }
  }
  return ok(undefined);
}

export function fieldsMatch<T>(selector: FieldSelector, extractors: FieldExtractors<T>,
  object: T): boolean {
  for (const requirement of selector) {
    const extract = extractors[requirement.field];
    if (extract === undefined) return false;
    if ((extract(object) === requirement.value) !== requirement.equals) return false;
  }
  return true;
}

/** The value a `field=value` selector pins (for index lookups), if there is exactly one. */
export function pinnedValue(selector: FieldSelector, field: string): string | undefined {
  const pins = selector.filter((requirement) => requirement.field === field && requirement.equals);
  return pins.length === 1 ? pins[0]!.value : undefined;
}

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (char === '\\' && index + 1 < text.length) {
      current += char + text[index + 1]!;
      index++;
    } else if (char === separator) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}
