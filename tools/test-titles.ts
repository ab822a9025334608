// The titles of a test file's describe/it/test blocks, and the shorthand in them that only a
// reader of notes kept outside the repository could decode (issue 17): section numbers (a
// section sign and digits), numbered quirks (the word, or a Q and digits), failure-catalog
// numbers (an F and two digits), "the reference" or "the brief". A title says the behaviour under
// test in words; a test that follows an upstream example names the upstream test or file instead.

import ts from 'typescript';

/** One block title with the line its call starts on. */
export interface TestTitle {
  readonly line: number;
  readonly title: string;
}

const blockNames = new Set(['describe', 'it', 'test', 'suite', 'bench']);

/** `it`, `it.each([...])`, `describe.concurrent`, `it.skipIf(x)`: the block the call opens. */
function blockOf(callee: ts.Expression): string | undefined {
  if (ts.isIdentifier(callee)) return blockNames.has(callee.text) ? callee.text : undefined;
  if (ts.isPropertyAccessExpression(callee)) return blockOf(callee.expression);
  if (ts.isCallExpression(callee)) return blockOf(callee.expression);
  return undefined;
}

/** The text of a title argument: a string, a template (its literal parts) or a concatenation. */
function textOf(node: ts.Expression): string | undefined {
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    return node.head.text + node.templateSpans.map((span) => `\${}${span.literal.text}`).join('');
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const [left, right] = [textOf(node.left), textOf(node.right)];
    return left === undefined || right === undefined ? undefined : left + right;
  }
  return undefined;
}

/** Every block title in a test file's source. */
export function testTitles(fileName: string, text: string): TestTitle[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const titles: TestTitle[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && blockOf(node.expression) !== undefined) {
      const first = node.arguments[0];
      const title = first === undefined ? undefined : textOf(first);
      if (title !== undefined) titles.push({ title,
        line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return titles;
}

const shorthand: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: /§/, what: 'a section number' },
  { pattern: /\bquirks?\b/i, what: 'a numbered quirk' },
  { pattern: /\bQ\d+\b/, what: 'a quirk number' },
  { pattern: /\bF\d{2}\b/, what: 'a failure-catalog number' },
  { pattern: /\b(the|of the) reference\b|\breference (§|order|examples?\b|numbers\b)/i,
    what: 'the outside reference' },
  { pattern: /\bbrief\b|\bDESIGN\b/, what: 'a note outside the repository' },
];

/** What shorthand a title uses (none: it says what it tests in words). */
export function shorthandIn(title: string): string[] {
  return shorthand.filter(({ pattern }) => pattern.test(title)).map(({ what }) => what);
}
