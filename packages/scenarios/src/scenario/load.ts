// Reads a scenario file: YAML with line numbers, validated against the schema, then the checks
// across fields (semantics.ts). Every problem is reported as `FILE:LINE:COL: path.to.key: what is
// expected`, all of them at once, so a user fixes a file in one pass. Nothing is half-loaded: a
// file with any error yields no scenario. The file is read with a size limit (input-file.ts), and
// YAML aliases are limited so that an alias bomb is one refusal, not an exhausted heap.

import { dirname, resolve } from 'node:path';
import { err, ok, type Result } from '@terway-sim/sim-base';
import { isNode, LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import type { z } from 'zod';
import { readInputFile } from './input-file.js';
import { printable, quoted } from './printable.js';
import { scenarioSchema, type Scenario } from './schema/index.js';
import { describeValue } from './schema/primitives.js';
import { aliasBombProblem, yamlAliasesMax } from './yaml-size.js';
import { checkScenario } from './semantics.js';

export interface ScenarioProblem {
  readonly file: string;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  /** Dotted path inside the document, e.g. `workload.2.replicas`. */
  readonly path: string;
  readonly message: string;
}

export interface LoadedScenario {
  readonly scenario: Scenario;
  /** Absolute path of the scenario file (relative paths inside it resolve against its folder). */
  readonly file: string;
  /** The file's text, digested into the run's fingerprint. */
  readonly text: string;
}

export function formatProblem(problem: ScenarioProblem): string {
  const file = printable(problem.file);
  const where =
    problem.line === undefined ? file : `${file}:${problem.line}:${problem.column ?? 1}`;
  return `${where}: ${problem.path === '' ? '' : `${problem.path}: `}${problem.message}`;
}

export function loadScenarioFile(file: string): Result<LoadedScenario, readonly ScenarioProblem[]> {
  const text = readInputFile(file);
  if (!text.ok)
    return err([{ file, path: '', message: `cannot use the scenario file: ${text.error}` }]);
  return parseScenarioText(text.value, resolve(file));
}

/** The document as plain data, or the one-line reason an alias bomb was refused. */
export function yamlToJs(document: Document): Result<unknown, string> {
  try {
    const value: unknown = document.toJS({ maxAliasCount: yamlAliasesMax });
    const bomb = aliasBombProblem(document);
    return bomb === undefined ? ok(value) : err(`YAML: ${bomb}`);
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return err(`YAML: the aliases (*name) expand beyond ${yamlAliasesMax} copies (an alias ` +
      'bomb?); write the values out or use fewer aliases');
  }
}

export function parseScenarioText(
  text: string,
  file: string,
): Result<LoadedScenario, readonly ScenarioProblem[]> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    return err(
      document.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        return {
          file,
          line: position.line,
          column: position.col,
          path: '',
          message: yamlMessage(error),
        };
      }),
    );
  }
  const value = yamlToJs(document);
  if (!value.ok) return err([{ file, path: '', message: value.error }]);
  if (value.value === null || typeof value.value !== 'object' || Array.isArray(value.value)) {
    const holds = describeValue(value.value ?? undefined);
    return err([
      {
        file,
        path: '',
        message:
          'expected a scenario: a mapping of name, duration, ' +
          `cloud, cluster, eniConfig, …; the file holds ${holds}`,
      },
    ]);
  }
  const parsed = scenarioSchema.safeParse(value.value);
  if (!parsed.success) {
    return err(
      unique(
        parsed.error.issues.map((issue) =>
          locate(issue.path, describeIssue(issue), document, lineCounter, file),
        ),
      ),
    );
  }
  const problems = checkScenario(parsed.data);
  if (problems.length > 0) {
    return err(
      problems.map((problem) => locate(problem.path, problem.message, document, lineCounter, file)),
    );
  }
  return ok({ scenario: parsed.data, file, text });
}

/** The parser's first line, in terms of the file rather than of the YAML library's API. */
function yamlMessage(error: YAMLError): string {
  if (error.code === 'MULTIPLE_DOCS') {
    return 'YAML: the file holds more than one document (a line "---" starts another); a ' +
      'scenario is one document';
  }
  const first = error.message.split('\n')[0] ?? '';
  return /Maximum call stack/.test(first) ? 'YAML: the values are nested too deeply to read'
    : `YAML: ${first}`;
}

/**
 * Resolves a path written inside a scenario (e.g. eniConfig.file) against the scenario's folder.
 */
export function resolveBeside(scenarioFile: string, path: string): string {
  return resolve(dirname(scenarioFile), path);
}

/**
 * One problem per key and message: zod reports some values twice (e.g. 1e308: not an int, too big).
 */
function unique(problems: readonly ScenarioProblem[]): ScenarioProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function locate(issuePath: readonly PropertyKey[], message: string, document: Document,
  lineCounter: LineCounter, file: string): ScenarioProblem {
  const path = issuePath.map(String).join('.');
  // The deepest node that exists: a missing key is reported at its parent.
  for (let depth = issuePath.length; depth >= 0; depth--) {
    const node = document.getIn(issuePath.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) {
      const position = lineCounter.linePos(node.range[0]);
      return { file, line: position.line, column: position.col, path, message };
    }
  }
  return { file, path, message };
}

export function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map(quoted).join(', ')}`;
  }
  return issue.message;
}
