// How far a YAML document's aliases expand it. yaml's own `maxAliasCount` weighs an anchor by
// the scalars under it, so a bomb built over empty mappings (`&a [{}, {}, …]`, then `[*a, *a,
// …]` nine times) passes it: toJS shares the objects, but the schema check and every copy after
// it walk a billion values (issue 17, a world file given to `serve --world`). This walk follows
// every alias once per node (sizes are remembered per node), so it costs what the file costs.

import { isAlias, isCollection, isPair, parseAllDocuments, type Document } from 'yaml';

/**
 * Aliases a file may expand (YAML merge keys such as `<<: *defaults` are fine); a file that
 * needs more is an alias bomb (a few lines that expand to gigabytes).
 */
export const yamlAliasesMax = 100;

/** Values aliases may add to a document: shared defaults (`<<: *base`) add a few hundred. */
export const yamlAliasValuesMax = 100_000;

/**
 * How many values aliases add to `document` once expanded: values with the aliases followed,
 * minus the values written. An alias inside its own anchor adds without end (Infinity). Sizes
 * are plain numbers: a billion, or 10^300, is still a number, and past that Infinity.
 */
export function aliasAddedValues(document: Document): number {
  const sizes = new Map<unknown, number>();
  const visit = (node: unknown): number => {
    if (node === null || node === undefined) return 0;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    sizes.set(node, Infinity);
    let size = 1;
    if (isAlias(node)) size = visit(node.resolve(document));
    else if (isPair(node)) size = visit(node.key) + visit(node.value);
    else if (isCollection(node)) for (const item of node.items) size += visit(item);
    sizes.set(node, size);
    return size;
  };
  const expanded = visit(document.contents);
  return Math.max(0, expanded - sizes.size);
}

/** The one-line refusal when aliases add more than `yamlAliasValuesMax` values, else undefined. */
export function aliasBombProblem(document: Document): string | undefined {
  let added: number;
  try {
    added = aliasAddedValues(document);
  } catch (error) {
    // Nesting deep enough to exhaust the stack: the parser reports it where it converts.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
  if (added <= yamlAliasValuesMax) return undefined;
  return `the aliases (*name) expand to more than ${yamlAliasValuesMax.toLocaleString('en-US')} ` +
    'values (an alias bomb?); write the values out or use fewer aliases';
}

/**
 * The refusal for a text (a file of one or more YAML documents) whose aliases expand beyond
 * `maxAliasCount` copies or add more than `yamlAliasValuesMax` values, else undefined. Syntax
 * errors are left to the caller's parser, which reports them with their positions.
 */
export function aliasBombInText(text: string, maxAliasCount = yamlAliasesMax): string | undefined {
  // Every alias is written with a `*`: a text without one has none to expand.
  if (!text.includes('*')) return undefined;
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) return undefined;
    try {
      document.toJS({ maxAliasCount });
    } catch (error) {
      if (!(error instanceof ReferenceError)) throw error;
      return `the aliases (*name) expand beyond ${maxAliasCount} copies (an alias bomb?); write ` +
        'the values out or use fewer aliases';
    }
    const bomb = aliasBombProblem(document);
    if (bomb !== undefined) return bomb;
  }
  return undefined;
}
