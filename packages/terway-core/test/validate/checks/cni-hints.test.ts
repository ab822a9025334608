// Keys of old guides' CNI examples are told what they mean and where they belong, and a CNI
// config or conflist given as eni_conf is recognised and read (issue 17).
import { describe, expect, it } from 'vitest';
import { validateEniConfig } from '../../../src/validate/validate.js';
import { only } from '../helpers.js';

/** The shape of the seed guide's example: pool and vSwitch keys inside the CNI config. */
const guideExample = `apiVersion: v1
kind: ConfigMap
metadata: { name: eni-config, namespace: kube-system }
data:
  eni_conf: |
    { "vswitches": { "cn-hangzhou-i": ["vsw-a"] }, "security_group": "sg-a", "service_cidr": "172.21.0.0/20" }
  10-terway.conf: |
    { "cniVersion": "0.3.1", "name": "terway", "type": "terway",
      "eni_max_pool_size": 5, "eni_min_pool_size": 0, "eni_vswitches": ["vsw-a"],
      "eni_conf": { "max_pool_size": 5 }, "mtux": 1500 }
`;

describe('CNI config keys that belong elsewhere', () => {
  it('say which key is meant and where it goes', () => {
    const unknown = only(validateEniConfig(guideExample), 'cni-unknown-key');
    const byKey = Object.fromEntries(unknown.map((d) => [d.path, d.message]));
    expect(byKey['10-terway.conf.eni_max_pool_size']).toContain('did you mean max_pool_size (in eni_conf)?');
    expect(byKey['10-terway.conf.eni_min_pool_size']).toContain('did you mean min_pool_size (in eni_conf)?');
    expect(byKey['10-terway.conf.eni_vswitches']).toContain('did you mean vswitches (in eni_conf)?');
    expect(byKey['10-terway.conf.eni_conf']).toContain('eni_conf is a ConfigMap data key of its own');
    expect(byKey['10-terway.conf.mtux']).toContain('did you mean mtu (in this CNI config)?');
    expect(unknown.find((d) => d.path.endsWith('eni_max_pool_size'))?.line).toBe(9);
  });

  it('the same keys inside eni_conf get the eni_conf names', () => {
    const report = validateEniConfig('{ "eni_max_pool_size": 5, "eni_vswitches": {}, "eni_conf": {} }');
    const messages = only(report, 'unknown-key').map((d) => d.message);
    expect(messages).toEqual([
      expect.stringContaining('did you mean "the top level of eni_conf" (eni_conf nested in eni_conf is never read'),
      expect.stringContaining('did you mean "max_pool_size" (the name old guides use in the CNI config)?'),
      expect.stringContaining('did you mean "vswitches" (the name old guides use in the CNI config)?'),
    ]);
  });
});

describe('a CNI config given as eni_conf', () => {
  it('a conflist is reported once, and its terway plugin is read', () => {
    const conflist = { cniVersion: '0.4.0', name: 'terway-chainer', plugins: [
      { type: 'terway', eni_max_pool_size: 5, eni_vswitches: ['vsw-a'] },
      { type: 'portmap', capabilities: { portMappings: true } }] };
    const report = validateEniConfig(JSON.stringify(conflist, null, 2));
    expect(only(report, 'eni-conf-is-cni-config')).toEqual([expect.objectContaining({
      path: 'eni_conf', severity: 'warning',
      message: expect.stringContaining('Put this document in data["10-terway.conflist"]') })]);
    expect(only(report, 'cni-unknown-key').map((d) => d.path)).toEqual([
      'eni_conf.plugins[0].eni_max_pool_size', 'eni_conf.plugins[0].eni_vswitches']);
    expect(only(report, 'unknown-key')).toEqual([]);
  });

  it('a single CNI config too, and a conflist without a terway entry says so', () => {
    expect(only(validateEniConfig('{ "cniVersion": "0.3.1", "type": "terway", "name": "t" }'),
      'eni-conf-is-cni-config')[0]?.message).toContain('Put this document in data["10-terway.conf"]');
    expect(only(validateEniConfig('{ "plugins": [ { "type": "bridge" } ] }'),
      'eni-conf-is-cni-config')[0]?.message).toContain('its plugins[] has no "type": "terway" entry');
  });

  it('an ordinary eni_conf is not taken for one', () => {
    expect(only(validateEniConfig('{ "type": "x", "max_pool_size": 5 }'), 'eni-conf-is-cni-config')).toEqual([]);
  });
});
