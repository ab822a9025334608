import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './io.js';

const configs = new URL('../../../../scenarios/configs/', import.meta.url).pathname;
const good = join(configs, 'eni-config-good.yaml');
const mistakes = join(configs, 'eni-config-mistakes.yaml');

function temp(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'terway-sim-validate-')), name);
  writeFileSync(file, text);
  return file;
}

describe('terway-sim validate', () => {
  it('exits 0 on the good example, with the plan', async () => {
    const result = await run(['validate', good, '--instance-type', 'ecs.g7.xlarge', '--zones',
      'cn-hangzhou-i,cn-hangzhou-j', '--nodes', '20', '--pods-per-node', '30', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual({ ok: true, diagnostics: [] });
  });

  it('exits 1 on the mistakes example and reports codes, paths and positions', async () => {
    const result = await run(['validate', mistakes, '--instance-type', 'ecs.c6.large', '--json']);
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.out) as { ok: boolean; diagnostics: {
      code: string; severity: string; path: string; line?: number }[] };
    expect(doc.ok).toBe(false);
    expect(doc.diagnostics.find((d) => d.code === 'ip-stack-ipv6')).toMatchObject({
      severity: 'error', path: 'eni_conf.ip_stack', line: 26 });
    expect(doc.diagnostics.find((d) => d.path === 'eni_conf.vswitch')?.code).toBe('unknown-key');
    expect(doc.diagnostics.some((d) => d.code === 'trunk-unsupported-instance')).toBe(true);
  });

  it('prints file:line:col lines and a summary by default', async () => {
    const result = await run(['validate', mistakes]);
    expect(result.code).toBe(1);
    expect(result.out).toContain(`${mistakes}:26:7: error ip-stack-ipv6: eni_conf.ip_stack:`);
    expect(result.out).toMatch(/\d+ error\(s\), \d+ warning\(s\), \d+ info\(s\)\n$/);
  });

  it('reports invalid JSON as a diagnostic with a position (exit 1)', async () => {
    const file = temp('eni.json', '{\n  "max_pool_size": 5,\n}\n');
    const result = await run(['validate', file, '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toMatchObject({ ok: false, diagnostics: [{ code: 'json-syntax',
      line: 3, column: 1 }] });
  });

  it('checks vSwitch sizes from --vswitch, --zones, --nodes, --pods-per-node', async () => {
    const file = temp('eni.json', JSON.stringify({ vswitches: { 'cn-hangzhou-i': ['vsw-a'] },
      security_groups: ['sg-1'], service_cidr: '172.21.0.0/20' }));
    const result = await run(['validate', file, '--zones', 'cn-hangzhou-i', '--nodes', '10',
      '--pods-per-node', '30', '--vswitch', 'vsw-a=10.0.0.0/24', '--json']);
    expect(result.code).toBe(1);
    expect((JSON.parse(result.out) as { diagnostics: { code: string }[] }).diagnostics.map((
      d) => d.code)).toEqual(['vswitch-too-small']);
    expect((await run(['validate', file, '--vswitch', 'vsw-a=big'])).code).toBe(2);
  });

  it('merges --node-config before checking', async () => {
    const file = temp('eni.json', JSON.stringify({ vswitches: { 'cn-hangzhou-i': ['vsw-a'] },
      security_groups: ['sg-1'], service_cidr: '172.21.0.0/20' }));
    const node = temp('node.json', '{"ip_stack": "ipv6"}');
    const result = await run(['validate', file, '--node-config', node, '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toMatchObject({ diagnostics: [{ code: 'ip-stack-ipv6' }] });
  });

  it('exits 2 when the file cannot be read or a flag is wrong', async () => {
    const missing = await run(['validate', '/nonexistent/eni-config.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('FILE /nonexistent/eni-config.yaml: cannot open it (ENOENT)');
    expect((await run(['validate'])).code).toBe(2);
    const unknown = await run(['validate', good, '--instance-type', 'ecs.g9.xlarge']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('not in the instance-type catalog');
    expect((await run(['validate', good, '--nodes', 'many'])).code).toBe(2);
  });

  it('--strict makes warnings fail, for CI gates', async () => {
    const file = temp('eni.json', JSON.stringify({ vswitch: { 'cn-hangzhou-i': ['vsw-a'] },
      security_groups: ['sg-1'], service_cidr: '172.21.0.0/20' }));
    expect((await run(['validate', file])).code).toBe(0);
    const strict = await run(['validate', file, '--strict', '--json']);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.out)).toMatchObject({ ok: false,
      diagnostics: expect.arrayContaining([expect.objectContaining({ code: 'unknown-key' })]) });
    expect((await run(['validate', good, '--strict'])).code).toBe(0);
  });

  it('refuses --zones with empty entries or entries that are not zone ids', async () => {
    for (const zones of [',,,', 'cn-hangzhou-i,,cn-hangzhou-j', 'hangzhou']) {
      const result = await run(['validate', good, '--zones', zones]);
      expect(result.code, zones).toBe(2);
      expect(result.err, zones).toContain('is not a zone id; expected zone ids separated by commas');
    }
  });

  it('names the ConfigMap of each finding in a file of several', async () => {
    const cm = (name: string, eniConf: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name} }\ndata:\n  eni_conf: |\n    ${eniConf}\n`;
    const file = temp('two.yaml', `${cm('eni-config', '{}')}---\n${cm('other', '{ "max_pool_size": "x" }')}`);
    const result = await run(['validate', file]);
    expect(result.code).toBe(1);
    expect(result.out).toContain(`${file}:13:7: error wrong-type: [document 2 (other)] eni_conf.max_pool_size:`);
  });

  it('documents the plan flags in --help', async () => {
    const result = await run(['validate', '--help']);
    for (const flag of ['--zones', '--nodes', '--pods-per-node', '--vswitch', '--instance-type',
      '--json']) expect(result.out).toContain(flag);
  });
});
