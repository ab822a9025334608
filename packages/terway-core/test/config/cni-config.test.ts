import { describe, expect, it } from 'vitest';
import { parseCniConf } from '../../src/config/cni-config.js';

describe('parseCniConf', () => {
  it('applies the plugin defaults', () => {
    const parsed = parseCniConf('{"cniVersion": "0.4.0", "name": "terway", "type": "terway"}');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toMatchObject({ mtu: 1500, multiIpDatapath: 'policyRoute',
      trunkDatapath: 'tcFilter', bandwidthMode: 'tc', disableHostPeer: false, hostStackCidrs: [] });
  });

  it('selects IPVlan only for "ipvlan" in any case; mtu 0 means 1500', () => {
    const upper = parseCniConf(
      '{"type": "terway", "eniip_virtual_type": "IPVlan", "mtu": 0, "vlan_strip_type": "vlan", ' +
      '"bandwidth_mode": "edt"}');
    expect(upper.ok && upper.value).toMatchObject({ multiIpDatapath: 'ipvlan', mtu: 1500,
      trunkDatapath: 'vlan', bandwidthMode: 'edt' });
    const v2 = parseCniConf('{"type": "terway", "eniip_virtual_type": "datapathv2", "mtu": 9000}');
    expect(v2.ok && v2.value).toMatchObject({ multiIpDatapath: 'policyRoute', mtu: 9000 });
  });

  it('reads the terway entry of a conflist, with name and version from the list', () => {
    const parsed = parseCniConf(JSON.stringify({ cniVersion: '0.4.0', name: 'terway-chainer',
      plugins: [{ type: 'terway', mtu: 1450 }, { type: 'cilium-cni' }] }), {
      key: '10-terway.conflist' });
    expect(parsed.ok && parsed.value).toMatchObject({ name: 'terway-chainer', cniVersion: '0.4.0',
      mtu: 1450, chainedPlugins: ['cilium-cni'] });
    const none = parseCniConf('{"plugins": [{"type": "bridge"}]}', { key: '10-terway.conflist' });
    expect(!none.ok && none.error[0]!.path).toBe('10-terway.conflist.plugins');
  });

  it('refuses a host_stack_cidrs entry that is not a CIDR, as every ADD would fail', () => {
    const parsed = parseCniConf(
      '{"type": "terway", "host_stack_cidrs": ["169.254.20.10/32", "169.254.20.10"]}');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error[0]).toMatchObject({ kind: 'value', path:
      '10-terway.conf.host_stack_cidrs[1]', message: expect.stringContaining('is invaild') });
  });

  it('refuses wrong types with the key path, lists unknown keys', () => {
    const wrong = parseCniConf('{"type": "terway", "mtu": "1500"}');
    expect(!wrong.ok && wrong.error[0]!.path).toBe('10-terway.conf.mtu');
    const unknown = parseCniConf('{"type": "terway", "ipam": {}, "MTU": 1400}');
    expect(unknown.ok && unknown.value.unknownKeys).toEqual(['MTU']);
  });
});
