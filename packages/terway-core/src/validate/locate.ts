// Points a diagnostic about an eni_conf key at the line that sets it. The top-level key is found
// by its first `"key":` in the eni_conf text (keys are unique at the top level in practice; Go and
// JSON.parse both keep the last of duplicates, a rare case where the line may be the first one).

import { formatPath, type PathSegment } from '../config/config-issue.js';
import { filePosition, type EmbeddedText } from '../config/document.js';
import { positionAt, type TextPosition } from '../config/json-text.js';
import { diagnostic } from './codes.js';
import type { CheckContext, Diagnostic } from './diagnostic.js';

type Located = Pick<CheckContext, 'file'>;

/** Where `"key":` first appears in an embedded text, as a file position. */
function findKey(embedded: EmbeddedText | undefined, key: string): TextPosition | undefined {
  if (embedded === undefined) return undefined;
  const escaped = JSON.stringify(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}\\s*:`).exec(embedded.text);
  if (match === null) return undefined;
  return filePosition(embedded, positionAt(embedded.text, match.index));
}

/** File position of a top-level eni_conf key, when the text shows it. */
export function keyPosition(context: Located, key: string): TextPosition | undefined {
  return findKey(context.file.eniConf, key);
}

/** File position of a key in the CNI config text, when the text shows it. */
export function cniKeyPosition(context: Located, key: string): TextPosition | undefined {
  return findKey(context.file.cniConf, key);
}

/** A diagnostic about `eni_conf.<segments…>`, located at its top-level key. */
export function atKey(context: Pick<CheckContext, 'file'>, code: string,
  segments: readonly PathSegment[], message: string): Diagnostic {
  const top = segments[0];
  const position = typeof top === 'string' ? keyPosition(context, top) : undefined;
  return diagnostic(code, formatPath('eni_conf', segments), message, position);
}
