// Text from input files and the command line, made safe to print. A scenario name with a newline
// and terminal escape codes once reached the terminal raw (issue 17): it could rewrite what the
// user sees, or forge a line of output. Everything terway-sim prints from input goes through
// `quoted` (a JSON string with every control character escaped), and the process writer passes
// all output through `escapeControls` as a last line of defence.

/**
 * C0 controls except tab, line feed and carriage return; DEL and C1 controls; the Unicode line
 * and paragraph separators; and the bidirectional overrides that can reorder a printed line.
 */
const unsafeInText = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;
/** The same, plus the three that `escapeControls` keeps: input shown inside a line keeps none. */
const lineUnsafe = '[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]';
const unsafeInLine = new RegExp(lineUnsafe, 'gu');
const hasUnsafeInLine = new RegExp(lineUnsafe, 'u');

function escapeChar(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Output text with every control character escaped except tab, newline and carriage return. */
export function escapeControls(text: string): string {
  return text.replace(unsafeInText, escapeChar);
}

/** Input shown inside a message: a JSON string literal with every control character escaped. */
export function quoted(text: string): string {
  return JSON.stringify(text).replace(unsafeInLine, escapeChar);
}

/** Input shown bare (a path in a `FILE:LINE:` prefix): as is unless it holds a control character. */
export function printable(text: string): string {
  return hasUnsafeInLine.test(text) ? quoted(text) : text;
}
