// Every file a tracked Markdown document points at is in the repository (issue 17): links with
// their anchors, code spans that name repository paths, and `*.md` names in the prose. The rules
// are tools/doc-references.ts's; the first tests show what they catch and what they leave alone.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokenReferences, headingAnchor, type Repository } from './doc-references.js';

const root = join(import.meta.dirname, '..');

function fakeRepository(documents: Readonly<Record<string, string>>): Repository {
  const files = ['packages/world/src/kernel-verify/world.ts', 'packages/scenarios/test/kit/x.ts',
    'scenarios/quickstart.yaml', ...Object.keys(documents)];
  return { files, read: (path) => documents[path] ?? '' };
}

const found = (documents: Readonly<Record<string, string>>, document: string) =>
  brokenReferences(fakeRepository(documents), document).map(({ line, reference }) =>
    ({ line, reference }));

describe('the references a document makes', () => {
  it('gives headings the anchors GitHub gives them', () => {
    expect(headingAnchor('Cloud emulator (ECS / VPC)')).toBe('cloud-emulator-ecs--vpc');
    expect(headingAnchor('`inspect` views')).toBe('inspect-views');
  });

  it.each([
    { name: 'a link to a missing file', line: 'see [design](../DESIGN.md)',
      broken: '../DESIGN.md' },
    { name: 'a link to a missing anchor', line: 'see [x](guide.md#nowhere)',
      broken: 'guide.md#nowhere' },
    { name: 'a link out of the repository', line: 'see [x](../../etc/passwd)',
      broken: '../../etc/passwd' },
    { name: 'an outside note named in prose', line: 'as terway-core.md §4.3 says',
      broken: 'terway-core.md' },
    { name: 'a moved folder in a code span', line: 'in `scenarios/src/kernel-cases`',
      broken: 'scenarios/src/kernel-cases' },
    { name: 'one missing choice of a brace list', line: 'in `world/src/{kernel-verify,gone}`',
      broken: 'world/src/{kernel-verify,gone}' },
    { name: 'a missing file named by its tail', line: 'see `kit/missing.test.ts`',
      broken: 'kit/missing.test.ts' },
  ])('finds $name', ({ line, broken }) => {
    expect(found({ 'docs/a.md': `# A\n\n${line}\n`, 'docs/guide.md': '# Guide\n' }, 'docs/a.md'))
      .toEqual([{ line: 3, reference: broken }]);
  });

  it.each([
    { name: 'a link to a heading of another document', line: 'see [g](guide.md#the-guide)' },
    { name: 'a link to the root', line: 'see [r](../scenarios/quickstart.yaml)' },
    { name: 'a web link', line: 'see [t](https://github.com/AliyunContainerService/terway)' },
    { name: 'a tail of a tracked path',
      line: 'in `kernel-verify/world.ts` and `src/kernel-verify`' },
    { name: 'a folder and a glob', line: '`packages/*/test` and `kit/`' },
    { name: 'upstream sources', line: "Terway's `pkg/eni/local.go` and `daemon/daemon.go`" },
    { name: 'what a run writes', line: '`report.json` in `reports/quickstart/`, and report.md' },
    { name: 'system and HTTP paths', line: '`/proc/sys/net` and `/latest/meta-data/`' },
    { name: 'placeholders and commands',
      line: '`RUNDIR/run.json`, `<dir>/x.yaml`, `npx a b.yaml`' },
    { name: 'paths inside a fenced block', line: '```\ncat missing/file.ts\n```' },
  ])('leaves alone $name', ({ line }) => {
    expect(found({ 'docs/a.md': `# A\n\n${line}\n`, 'docs/guide.md': '# The guide\n' },
      'docs/a.md')).toEqual([]);
  });
});

describe("the repository's documents", () => {
  it('point only at what the repository holds', () => {
    const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
      .split('\n').filter((file) => file !== '');
    const repository: Repository = { files,
      read: (path) => readFileSync(join(root, path), 'utf8') };
    const documents = files.filter((file) => file.endsWith('.md'));
    expect(documents).toEqual(expect.arrayContaining(['README.md', 'ARCHITECTURE.md',
      'docs/ci.md']));
    const broken = documents.flatMap((document) => brokenReferences(repository, document))
      .map(({ file, line, reference, why }) => `${file}:${line}: ${reference}: ${why}`);
    expect(broken).toEqual([]);
  });
});
