// Reads a scenario file: YAML with line numbers, validated against the schema. Every problem is
// reported as `FILE:LINE:COL: path.to.key: what is expected`, all of them at once, so a user fixes a
// file in one pass. Nothing is half-loaded: a file with any error yields no scenario.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { err, ok, type Result } from '@terway-sim/sim-base';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { scenarioSchema, type Scenario } from './schema/index.js';

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
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return `${where}: ${problem.path === '' ? '' : `${problem.path}: `}${problem.message}`;
}

export function loadScenarioFile(file: string): Result<LoadedScenario, readonly ScenarioProblem[]> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return err([{ file, path: '', message: `cannot read the scenario file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }]);
  }
  return parseScenarioText(text, resolve(file));
}

export function parseScenarioText(text: string, file: string): Result<LoadedScenario, readonly ScenarioProblem[]> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    return err(document.errors.map((error) => {
      const position = lineCounter.linePos(error.pos[0]);
      return { file, line: position.line, column: position.col, path: '', message: `YAML: ${error.message.split('\n')[0]}` };
    }));
  }
  const parsed = scenarioSchema.safeParse(document.toJS());
  if (!parsed.success) return err(parsed.error.issues.map((issue) => locate(issue, document, lineCounter, file)));
  return ok({ scenario: parsed.data, file, text });
}

/** Resolves a path written inside a scenario (e.g. eniConfig.file) against the scenario's folder. */
export function resolveBeside(scenarioFile: string, path: string): string {
  return resolve(dirname(scenarioFile), path);
}

function locate(issue: z.core.$ZodIssue, document: Document, lineCounter: LineCounter, file: string): ScenarioProblem {
  const path = issue.path.map(String);
  // The deepest node that exists: a missing key is reported at its parent.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = document.getIn(issue.path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) {
      const position = lineCounter.linePos(node.range[0]);
      return { file, line: position.line, column: position.col, path: path.join('.'), message: describeIssue(issue) };
    }
  }
  return { file, path: path.join('.'), message: describeIssue(issue) };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
  if (issue.code === 'invalid_union' && 'discriminator' in issue) return issue.message;
  return issue.message;
}
