import { describe, expect, it } from 'vitest';
import { validateEniConfig } from '../../../src/validate/validate.js';
import { suggestKey } from '../../../src/validate/suggest.js';
import { eniConfKeys } from '../../../src/config/eni-conf-schema.js';
import { clean, lint, only } from '../helpers.js';

describe('unknown-key', () => {
  it('names the key Terway reads for known mistakes and other tools\' keys', () => {
    const cases: [string, string][] = [
      ['vswitch', 'vswitches'], ['vswitchs', 'vswitches'], ['security-groups', 'security_groups'], [
        'max_pool', 'max_pool_size'],
      ['min_pool', 'min_pool_size'], ['service-cidr', 'service_cidr'], ['eni_tag', 'eni_tags'], [
        'ip-stack', 'ip_stack'],
      ['maxPoolSize', 'max_pool_size'], ['securityGroups', 'security_groups'], ['vSwitches',
        'vswitches'],
      ['MAX_POOL_SIZE', 'max_pool_size'], ['WARM_IP_TARGET', 'min_pool_size'], [
        'enableEniTrunking', 'enable_eni_trunking'],
      ['max_pol_size', 'max_pool_size'], ['ipam_typ', 'ipam_type'],
    ];
    for (const [wrong, right] of cases) expect(suggestKey(wrong, eniConfKeys)?.key, wrong).toBe(
      right);
    expect(suggestKey('completely_unrelated_thing', eniConfKeys)).toBeUndefined();
  });

  it('warns with the suggestion and the key position', () => {
    const [d] = only(lint({ ...clean, vswitch: { a: ['vsw-1'] } }), 'unknown-key');
    expect(d).toMatchObject({ severity: 'warning', path: 'eni_conf.vswitch', line: 11, column: 3 });
    expect(d!.message).toContain('did you mean "vswitches"');
  });

  it('points CNI keys at 10-terway.conf', () => {
    expect(only(lint({ ...clean, mtu: 1500 }), 'unknown-key')[0]!.message).toContain(
      '10-terway.conf');
  });

  it('mentions unknown ConfigMap data keys and a ConfigMap not named eni-config', () => {
    const text =
      'kind: ConfigMap\nmetadata:\n  name: eni-config-node1\ndata:\n  eni_conf: |\n    ' +
      '{"service_cidr": "172.21.0.0/20", "security_groups": ["sg-1"], "vswitches": ' +
      '{"cn-hangzhou-i": ["vsw-1"]}}\n  extra: "x"\n';
    const report = validateEniConfig(text);
    expect(report.diagnostics.map((d) => [d.code, d.path])).toEqual([['configmap-unknown-data-key',
      'data.extra'], ['configmap-name', 'metadata.name']]);
    expect(report.ok).toBe(true);
  });
});
