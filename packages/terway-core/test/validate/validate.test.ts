import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateEniConfig } from '../../src/validate/validate.js';
import { codeCatalog } from '../../src/validate/codes.js';
import { c6large, clean, codes, g7xlarge, lint } from './helpers.js';

const configs = new URL('../../../../scenarios/configs/', import.meta.url);
const docs = new URL('../../../../docs/validate.md', import.meta.url);

describe('validateEniConfig', () => {
  it('passes a clean config with no diagnostics', () => {
    expect(lint(clean)).toEqual({ ok: true, diagnostics: [] });
  });

  it('reports invalid JSON with a position and stops', () => {
    const report = validateEniConfig('{\n  "max_pool_size": 5,\n}');
    expect(report.ok).toBe(false);
    expect(report.diagnostics).toEqual([expect.objectContaining({ code: 'json-syntax',
      severity: 'error', line: 3, column: 1 })]);
  });

  it('reports invalid YAML with a position', () => {
    const report = validateEniConfig('kind: ConfigMap\ndata:\n  eni_conf: |\n    {}\n  bad: : x\n');
    expect(report.diagnostics[0]).toMatchObject({ code: 'yaml-syntax', line: 5 });
  });

  it('reports a ConfigMap without eni_conf as document-shape', () => {
    expect(codes(validateEniConfig('kind: ConfigMap\ndata: {}\n'))).toEqual(['document-shape']);
  });

  it('reports every wrong type, and still checks the other keys', () => {
    const report = lint({ ...clean, max_pool_size: '5', security_groups: 'sg-1',
      ip_stack: 'ipv6' });
    expect(report.ok).toBe(false);
    expect(codes(report).filter((c) => c === 'wrong-type')).toHaveLength(2);
    expect(codes(report)).toContain('ip-stack-ipv6');
    expect(report.diagnostics.find((d) => d.path === 'eni_conf.max_pool_size')).toMatchObject({
      line: 9, column: 3 });
  });

  it('orders errors before warnings before infos', () => {
    const report = lint({ vswitch: {}, ip_stack: 'ipv6' });
    const ranks = report.diagnostics.map((d) => ['error', 'warning', 'info'].indexOf(d.severity));
    expect(ranks).toEqual([...ranks].sort());
  });

  it('merges a node dynamic config before checking', () => {
    const report = validateEniConfig(JSON.stringify(clean), {}, {
      nodeEniConf: '{"ip_stack": "ipv6"}' });
    expect(codes(report)).toEqual(['ip-stack-ipv6']);
  });

  it('passes the shipped good example and finds the mistakes in the other', () => {
    const good = validateEniConfig(readFileSync(new URL('eni-config-good.yaml', configs), 'utf8'), {
      instanceTypes: [g7xlarge], zones: ['cn-hangzhou-i', 'cn-hangzhou-j'], nodes: 20,
      podsPerNode: 30 });
    expect(good).toEqual({ ok: true, diagnostics: [] });
    const bad = validateEniConfig(readFileSync(new URL('eni-config-mistakes.yaml', configs),
      'utf8'), { instanceTypes: [c6large] });
    expect(bad.ok).toBe(false);
    expect(new Set(codes(bad))).toEqual(new Set([
      'ip-stack-ipv6', 'reclaim-duration-invalid', 'backoff-steps-zero', 'rate-limit-non-positive',
        'unknown-key',
      'security-groups-over-5', 'vswitch-selection-policy', 'pool-min-above-max',
        'ip-warm-up-size-legacy',
      'trunk-unsupported-instance', 'backoff-nanoseconds', 'cni-mtu', 'vswitches-empty',
    ]));
  });

  it('docs/validate.md lists every code with its severity', () => {
    const text = readFileSync(docs, 'utf8');
    for (const { code, severity } of codeCatalog) expect(text).toContain(
      `| \`${code}\` | ${severity} |`);
    expect(new Set(codeCatalog.map((c) => c.code)).size).toBe(codeCatalog.length);
  });
});
