// Code comments cite what a reader of this repository can open: ARCHITECTURE.md, docs/*.md, and the
// upstream sources the behaviour comes from (Terway's files, Kubernetes, Linux, the Alibaba Cloud
// SDKs and API documentation). Notes kept outside the repository (a DESIGN.md, the reference
// documents under shared/reference, a style guide's rule letters, bare "§3.1" section numbers and
// "quirk 8" list numbers into them) are refused (issue 11, item 6). Only comments are read: a test
// name or a message that quotes a section number is text, not a citation.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..', '..');

/** What makes a comment cite an outside note, each with the reason printed on a finding. */
const outsideCitations: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  { pattern: /\bDESIGN\.md\b/, why: 'DESIGN.md is not in the repository' },
  { pattern: /shared\/reference/, why: 'a reference document outside the repository' },
  {
    pattern: /\b(terway-core|terway-datapath|aliyun-api|failure-catalog|style)\.md/,
    why: 'a reference document outside the repository',
  },
  { pattern: /§\s*\d/, why: 'a bare section number into an outside document' },
  { pattern: /\bstyle guide [A-G]\d/i, why: 'a rule of the style guide outside the repository' },
  { pattern: /\bdesign card\b/i, why: 'the design card is outside the repository' },
  { pattern: /\bquirks? \d/i, why: "a number into the outside reference's list of quirks" },
];

/**
 * Files whose comments another branch is fixing at the same time; the commit that fixes them
 * empties this list.
 */
const pending: readonly string[] = [];

/** Every comment of a TypeScript or JavaScript source, with the line it starts on. */
function commentsOf(fileName: string, text: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const seen = new Map<number, string>();
  const collect = (ranges: readonly ts.CommentRange[] | undefined): void => {
    for (const range of ranges ?? []) seen.set(range.pos, text.slice(range.pos, range.end));
  };
  const visit = (node: ts.Node): void => {
    collect(ts.getLeadingCommentRanges(text, node.getFullStart()));
    collect(ts.getTrailingCommentRanges(text, node.getEnd()));
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return [...seen].sort(([a], [b]) => a - b).map(([pos, comment]) => ({
    line: source.getLineAndCharacterOfPosition(pos).line + 1, text: comment,
  }));
}

/** The outside citations in one file's comments, as `file:line: why: comment line`. */
function outsideCitationsIn(fileName: string, text: string): string[] {
  return commentsOf(fileName, text).flatMap(({ line, text: comment }) => comment.split('\n')
    .flatMap((commentLine, offset) => outsideCitations
      .filter(({ pattern }) => pattern.test(commentLine))
      .map(({ why }) => `${fileName}:${line + offset}: ${why}: ${commentLine.trim()}`)));
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(name) ? [path] : [];
  });
}

/** packages/*\/src and packages/*\/bench, tools, bench and eslint.config.js. */
function checkedFiles(): string[] {
  const packages = readdirSync(join(root, 'packages'));
  return [
    ...packages.flatMap((name) => [
      ...sourceFiles(join(root, 'packages', name, 'src')),
      ...sourceFiles(join(root, 'packages', name, 'bench')),
    ]),
    ...sourceFiles(join(root, 'tools')),
    ...sourceFiles(join(root, 'bench')),
    join(root, 'eslint.config.js'),
  ];
}

describe('comments cite only what the repository holds', () => {
  it('finds a citation in a comment and ignores the same text in a string', () => {
    const text = [
      '// Verifies the signature (DESIGN.md, "Contracts"; reference §1.5).',
      '/** Terway\'s defaults (terway-core.md §4.3). */',
      'const name = \'PolicyRoute setup (reference §3.1 example)\';',
      'const ok = 1; // Terway\'s pkg/eni/local.go and ARCHITECTURE.md, "Checks".',
    ].join('\n');
    expect(outsideCitationsIn('sample.ts', text)).toEqual([
      'sample.ts:1: DESIGN.md is not in the repository: '
        + '// Verifies the signature (DESIGN.md, "Contracts"; reference §1.5).',
      'sample.ts:1: a bare section number into an outside document: '
        + '// Verifies the signature (DESIGN.md, "Contracts"; reference §1.5).',
      'sample.ts:2: a reference document outside the repository: '
        + '/** Terway\'s defaults (terway-core.md §4.3). */',
      'sample.ts:2: a bare section number into an outside document: '
        + '/** Terway\'s defaults (terway-core.md §4.3). */',
    ]);
  });

  it('finds no citation of an outside note in src, bench, tools or eslint.config.js', () => {
    const findings = checkedFiles()
      .map((file) => relative(root, file))
      .filter((file) => !pending.includes(file))
      .flatMap((file) => outsideCitationsIn(file, readFileSync(join(root, file), 'utf8')));
    expect(findings).toEqual([]);
  });
});
