// terway-core keeps no state at module level: everything a node or a run changes lives in objects
// its constructors build, so two nodes (and two runs) share a process without sharing state
// (issue 11; the mutation switches were the last such state). This reads every production source
// file (src/, fakes in src/testing/ aside) and refuses, at top level:
//   - `let` and `var`;
//   - `new` of anything but a Map or Set typed ReadonlyMap / ReadonlySet (WeakMap and WeakSet are
//     caches, refused too);
//   - an array literal not typed readonly (or `as const`);
//   - an object literal that is neither `as const`, frozen, nor given a type (a `Record<…>` type
//     must be `Readonly<…>`);
//   - a regular expression with the g or y flag (its lastIndex is state);
//   - a class property that is static and not readonly.
// Calls (zod schemas, computed constants) are allowed: their results are immutable here.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const srcDir = join(import.meta.dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const readonlyCollection = /^(ReadonlyMap|ReadonlySet|ReadonlyArray)</;

function typeText(declaration: ts.VariableDeclaration): string {
  return declaration.type?.getText() ?? '';
}

/** Why a top-level initializer is mutable state, or undefined when it is not. */
function initializerProblem(declaration: ts.VariableDeclaration): string | undefined {
  const init = declaration.initializer;
  const type = typeText(declaration);
  if (init === undefined) return undefined;
  if (ts.isAsExpression(init) && init.type.getText() === 'const') return undefined;
  if (ts.isNewExpression(init)) {
    const made = init.expression.getText();
    const collection = made === 'Map' || made === 'Set';
    return collection && readonlyCollection.test(type) ? undefined
      : `new ${made} at module level (only a Map or Set typed Readonly… may be)`;
  }
  if (ts.isArrayLiteralExpression(init)) {
    return type.startsWith('readonly ') || type.startsWith('ReadonlyArray<') ? undefined
      : 'an array literal not typed readonly';
  }
  if (ts.isObjectLiteralExpression(init)) {
    if (type === '') return 'an object literal with no type (give it one, or `as const`)';
    return type.startsWith('Record<') ? 'a Record type that is not Readonly<…>' : undefined;
  }
  if (ts.isRegularExpressionLiteral(init)) {
    return /\/[a-z]*[gy][a-z]*$/.test(init.text) ? 'a g or y regular expression' : undefined;
  }
  return undefined;
}

/** Every top-level problem in one file's text, as `name: why`. */
function moduleStateProblems(fileName: string, text: string): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const problems: string[] = [];
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) {
      const constant = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
      for (const declaration of statement.declarationList.declarations) {
        const name = declaration.name.getText();
        const why = constant ? initializerProblem(declaration) : 'a module-level let or var';
        if (why !== undefined) problems.push(`${name}: ${why}`);
      }
    }
    if (ts.isClassDeclaration(statement)) {
      for (const member of statement.members) {
        if (!ts.isPropertyDeclaration(member)) continue;
        const flags = ts.getCombinedModifierFlags(member);
        const mutable = (flags & ts.ModifierFlags.Static) !== 0 &&
          (flags & ts.ModifierFlags.Readonly) === 0;
        if (mutable) problems.push(`${member.name.getText()}: a static property not readonly`);
      }
    }
  }
  return problems;
}

describe('module-level state', () => {
  const snippets = [
    { name: 'let', text: 'let count = 0;', problems: 1 },
    { name: 'mutable switches', text: 'const on: Record<string, boolean> = { a: false };',
      problems: 1 },
    { name: 'untyped object', text: 'const down = { ok: false as const };', problems: 1 },
    { name: 'cache', text: 'const cache = new Map<string, number>();', problems: 1 },
    { name: 'weak cache', text: 'const seen: ReadonlyMap<object, 1> = new WeakMap();',
      problems: 1 },
    { name: 'mutable list', text: 'const names = [\'a\'];', problems: 1 },
    { name: 'global regex', text: 'const words = /\\w+/g;', problems: 1 },
    { name: 'static counter', text: 'class A { static next = 0; }', problems: 1 },
    { name: 'readonly collections', text: 'const s: ReadonlySet<string> = new Set([\'a\']);\n' +
      'const l: readonly string[] = [\'a\'];\nconst k = { a: 1 } as const;', problems: 0 },
    { name: 'typed constants', text: 'const r: Readonly<Record<string, number>> = { a: 1 };\n' +
      'const b: Backoff = { steps: 1 };\nclass A { static readonly none = new A(); }\n' +
      'const p = /^a$/;', problems: 0 },
  ];
  it.each(snippets)('the check finds $problems problem(s) in: $name', ({ text, problems }) => {
    expect(moduleStateProblems('snippet.ts', text)).toHaveLength(problems);
  });

  it('terway-core src has none', () => {
    const found = sourceFiles(srcDir).flatMap((path) =>
      moduleStateProblems(path, readFileSync(path, 'utf8'))
        .map((problem) => `${relative(srcDir, path)}: ${problem}`));
    expect(found).toEqual([]);
  });
});
