import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './io.js';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const quickstart = join(root, 'scenarios', 'quickstart.yaml');

describe('terway-sim run', () => {
  it('runs the quickstart, writes the three reports and exits 0', async () => {
    const out = mkdtempSync(join(tmpdir(), 'terway-sim-run-'));
    const result = await run(['run', quickstart, '--out', out, '--events']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/quickstart: \d+ pods Ready/);
    for (const file of ['report.json', 'report.md', 'report.html', 'events.jsonl'])
      expect(existsSync(join(out, file))).toBe(true);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      scenario: string;
      seed: string;
      digest: string;
      toolVersion: string;
      assertions: Array<{ name: string; ok: boolean; detail: string }>;
    };
    expect(report.scenario).toBe('quickstart');
    const version = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
    ).version;
    expect(report.toolVersion).toBe(version);
    expect(report.seed).toBe('42');
    expect(report.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(
      report.assertions.every((assertion) => assertion.ok && assertion.detail.length > 0),
    ).toBe(true);
    const events = readFileSync(join(out, 'events.jsonl'), 'utf8');
    expect(JSON.parse(events.slice(0, events.indexOf('\n')))).toHaveProperty('kind');
    // Streamed during the run, the file still holds every line the digest covers, in order.
    expect(createHash('sha256').update(events).digest('hex')).toBe(report.digest);
    expect(existsSync(join(out, 'events.jsonl.partial'))).toBe(false);
  }, 120_000);

  it('prints one JSON document with --json and takes --seed', async () => {
    const result = await run([
      'run',
      quickstart,
      '--out',
      mkdtempSync(join(tmpdir(), 'terway-sim-run-')),
      '--json',
      '--seed',
      '7',
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out) as { seed: string };
    expect(report.seed).toBe('7');
  }, 120_000);

  it('names the file, line and key of every problem in a bad scenario and exits 2', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'terway-sim-bad-')), 'bad.yaml');
    writeFileSync(
      file,
      [
        'name: bad',
        'duration: 10 minutes',
        'cloud:',
        '  vSwitches: [ { zone: a, cidr: 10.0.0.1/24 } ]',
        'cluster: { mode: eniipp, nodeGroups: [] }',
        'eniConfig: { inline: {} }',
      ].join('\n'),
    );
    const result = await run(['run', file]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${file}:2:11: duration: expected a duration`);
    expect(result.err).toMatch(/bad\.yaml:4:\d+: cloud\.vSwitches\.0\.cidr: expected an IPv4 CIDR/);
    expect(result.err).toMatch(/cluster\.mode: Invalid option/);
    expect(result.err).toMatch(/cluster\.nodeGroups: declare at least one node group/);
    expect(result.err).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('refuses a missing file and an unknown flag with exit 2', async () => {
    expect((await run(['run', '/nonexistent/scenario.yaml'])).err).toMatch(
      /scenario\.yaml: cannot use the scenario file: cannot open it \(ENOENT\)/,
    );
    const flag = await run(['run', quickstart, '--sed', '1']);
    expect(flag.code).toBe(2);
    expect(flag.err).toContain('unknown option "--sed"; did you mean --seed?');
  });

  it('refuses an unknown --mutation with exit 2, naming the known ones', async () => {
    const result = await run(['run', quickstart, '--mutation', 'ip-thrice']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('--mutation: unknown mutation "ip-thrice": expected one of ' +
      'ip-twice, release-lost');
  });

  it('keeps no checkpoints for a --mutation run (inspect would take them as shipped Terway)',
    async () => {
      const result = await run(['run', quickstart, '--mutation', 'ip-twice',
        '--checkpoint-at', '1m']);
      expect(result.code).toBe(2);
      expect(result.err).toContain('--checkpoint-at cannot be kept for a --mutation run');
    });

  it('reports an eni-config the cloud world cannot take, naming the problem', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'terway-sim-bad-')), 'world.yaml');
    writeFileSync(
      file,
      readFileSync(quickstart, 'utf8').replace('cidr: 192.168.0.0/16', 'cidr: 10.0.0.0/16'),
    );
    const result = await run(['run', file]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/world\.yaml: cloud\.vSwitches\.0: InvalidCidrBlock\.Mismatch/);
  });
});
