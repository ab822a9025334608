// The change a rehearsal applies, from the command line: a change file (`--changes FILE`, a YAML
// list of the scenario DSL's change entries, bare or under `changes:`, each `at` counted from
// `--at`), or a new eni-config (`--eni-config FILE`, the ConfigMap YAML or its eni_conf JSON, as
// `terway-sim validate` reads it), which becomes one `configChange` replacing the eni_conf. Both
// are checked against the scenario before anything runs (change-semantics.ts): every problem is
// reported as `FILE:LINE:COL: path: message` and nothing is run.

import { err, ok, type Result } from '@terway-sim/sim-base';
import { parseEniConfigFile } from '@terway-sim/terway-core';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { checkChanges } from '../scenario/change-semantics.js';
import { readInputFile } from '../scenario/input-file.js';
import {
  describeIssue, locate, yamlToJs, type LoadedScenario, type ScenarioProblem,
} from '../scenario/load.js';
import { nodeTimeline } from '../scenario/node-timeline.js';
import { configChange, changeItem, type ChangeItem } from '../scenario/schema/changes.js';
import { boundedList, describeValue } from '../scenario/schema/primitives.js';
import type { Path } from '../scenario/semantics.js';

const changeFileSchema = z.strictObject({
  changes: boundedList(changeItem, 1, 'a change file lists at least one change'),
});

/** A change file's entries, checked against the scenario as applied at `atMs`. */
export function loadChangeFile(file: string, loaded: LoadedScenario,
  atMs: number): Result<ChangeItem[], ScenarioProblem[]> {
  const text = readInputFile(file);
  if (!text.ok) {
    return err([{ file, path: '', message: `cannot use the change file: ${text.error}` }]);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text.value, { lineCounter, prettyErrors: false });
  const firstError = document.errors[0];
  if (firstError !== undefined) {
    const position = lineCounter.linePos(firstError.pos[0]);
    return err([{ file, line: position.line, column: position.col, path: '',
      message: `YAML: ${firstError.message.split('\n')[0] ?? ''}` }]);
  }
  const value = yamlToJs(document);
  if (!value.ok) return err([{ file, path: '', message: value.error }]);
  const bare = Array.isArray(value.value);
  if (!bare && (typeof value.value !== 'object' || value.value === null)) {
    return err([{ file, path: '', message: 'expected a change list: a list of changes, or a ' +
      `mapping with \`changes:\`; the file holds ${describeValue(value.value ?? undefined)}` }]);
  }
  const parsed = changeFileSchema.safeParse(bare ? { changes: value.value } : value.value);
  // A bare list's paths start at the list; `changes.N` in the messages either way.
  const where = (path: readonly PropertyKey[]) => (bare ? path.slice(1) : path);
  if (!parsed.success) {
    return err(parsed.error.issues.map((issue) => ({ ...locate(where(issue.path),
      describeIssue(issue), document, lineCounter, file), path: issue.path.join('.') })));
  }
  const problems = changeProblems(loaded, parsed.data.changes, atMs);
  return problems.length > 0 ? err(problems.map((problem) => ({ ...locate(where(problem.path),
    problem.message, document, lineCounter, file), path: problem.path.join('.') })))
    : ok(parsed.data.changes);
}

/** A new eni-config file as one `configChange` that replaces eni_conf and rolls it out. */
export function loadEniConfigChange(file: string, loaded: LoadedScenario, atMs: number,
  group: string | undefined): Result<ChangeItem[], ScenarioProblem[]> {
  const text = readInputFile(file);
  if (!text.ok) {
    return err([{ file, path: '', message: `cannot use the eni-config: ${text.error}` }]);
  }
  const parsed = parseEniConfigFile(text.value);
  if (!parsed.ok) {
    return err(parsed.error.map((issue) => ({ file, line: issue.line, column: issue.column,
      path: issue.path, message: issue.message })));
  }
  const change = configChange.parse({ kind: 'configChange', eniConfig: parsed.value.eniConf.raw,
    ...(group === undefined ? {} : { group }) });
  const problems = changeProblems(loaded, [change], atMs).map((problem) => ({ file,
    path: flagOrKey(problem.path),
    message: problem.message }));
  return problems.length > 0 ? err(problems) : ok([change]);
}

/** Where a problem of the made-up configChange is, in the user's terms. */
function flagOrKey(path: Path): string {
  const [, , key, ...rest] = path;
  if (key === 'group' || key === 'at') return `--${key}`;
  return ['eni_conf', ...rest].join('.');
}

function changeProblems(loaded: LoadedScenario, changes: readonly ChangeItem[],
  atMs: number): Array<{ path: Path; message: string }> {
  const problems: Array<{ path: Path; message: string }> = [];
  const { scenario } = loaded;
  checkChanges(scenario, nodeTimeline(scenario), { changes, offsetMs: atMs, path: ['changes'] },
    (path, message) => problems.push({ path, message }));
  return problems;
}
