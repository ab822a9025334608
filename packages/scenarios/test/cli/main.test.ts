// The command line's own behaviour: --version, `help COMMAND`, errors as one JSON document under
// --json, and "did you mean" for unknown commands and flags (issue 17).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { namespacePrefix } from '../../src/cli/commands/kernel.js';
import { runPrefixRoot } from '@terway-sim/kernel-shim';
import { run } from './io.js';

const rootManifest = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url),
  'utf8')) as { version: string };

describe('terway-sim', () => {
  it('--version prints the root package.json version', async () => {
    expect(rootManifest.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(await run(['--version']))
      .toEqual({ code: 0, out: `terway-sim ${rootManifest.version}\n`, err: '' });
    expect(JSON.parse((await run(['--version', '--json'])).out)).toEqual({ name: 'terway-sim',
      version: rootManifest.version });
  });

  it('help COMMAND is COMMAND --help', async () => {
    for (const name of ['run', 'validate', 'capacity', 'serve', 'kernel', 'schema', 'selfcheck']) {
      const help = await run(['help', name]);
      expect(help, name).toEqual(await run([name, '--help']));
      expect(help.out).toContain(`Usage: terway-sim ${name}`);
    }
    expect((await run(['help'])).out).toContain('terway-sim help <command>');
  });

  it('suggests the closest command and flag', async () => {
    const table = [
      { argv: ['rn'], err: 'unknown command "rn"; did you mean run?' },
      { argv: ['help', 'valdate'], err: 'unknown command "valdate"; did you mean validate?' },
      { argv: ['validate', 'x.yaml', '--strickt'],
        err: 'unknown option "--strickt"; did you mean --strict?' },
      { argv: ['capacity', '--instance-typ', 'ecs.g7.xlarge'],
        err: 'did you mean --instance-type?' },
      { argv: ['run', 'x.yaml', '--zzzzzzzz'],
        err: 'unknown option "--zzzzzzzz"; run takes --seed, --out' },
    ];
    for (const row of table) {
      const result = await run(row.argv);
      expect(result.code, row.argv.join(' ')).toBe(2);
      expect(result.err, row.argv.join(' ')).toContain(row.err);
    }
  });

  it('prints bad input as one JSON document on stdout under --json', async () => {
    const table = [
      { argv: ['run', '/nonexistent.yaml', '--json'], command: 'run',
        message: 'cannot open it (ENOENT)' },
      { argv: ['validate', '/nonexistent.yaml', '--json'], command: 'validate',
        message: 'cannot open it (ENOENT)' },
      { argv: ['capacity', '--mode', 'eniip', '--json'], command: 'capacity',
        message: '--instance-type is required' },
      { argv: ['capacity', '--bogus', '--json'], command: 'capacity',
        message: 'unknown option "--bogus"' },
      { argv: ['nope', '--json'], command: null, message: 'unknown command "nope"' },
    ];
    for (const row of table) {
      const result = await run(row.argv);
      expect(result.code).toBe(2);
      expect(result.err).toBe('');
      expect(result.out.trim().split('\n')).toHaveLength(1);
      const document = JSON.parse(result.out) as {
        ok: boolean; exitCode: number; command: string | null;
        error: { message: string; problems: unknown[] } };
      expect(document).toMatchObject({ ok: false, exitCode: 2, command: row.command });
      const said = [document.error.message, ...document.error.problems.map((problem) =>
        (problem as { message: string }).message)].join('\n');
      expect(said, row.argv.join(' ')).toContain(row.message);
    }
  });

  it('kernel\'s namespace prefix is kernel-shim\'s', () => {
    expect(namespacePrefix).toBe(runPrefixRoot);
  });
});
