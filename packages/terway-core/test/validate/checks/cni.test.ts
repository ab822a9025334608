import { describe, expect, it } from 'vitest';
import { validateEniConfig } from '../../../src/validate/validate.js';

function withCni(cni: string, key = '10-terway.conf'): string {
  return `kind: ConfigMap\n` +
    `metadata:\n  name: eni-config\ndata:\n  eni_conf: |\n    ` +
    `{"service_cidr": "172.21.0.0/20", "security_groups": ["sg-1"], "vswitches": ` +
    `{"cn-hangzhou-i": ["vsw-1"]}}\n  ${key}: |\n    ${cni}\n`;
}

const codes = (text: string) => validateEniConfig(text).diagnostics.map((d) => d.code);

describe('CNI config checks', () => {
  it('passes the chart default', () => {
    expect(codes(withCni(
      '{"cniVersion": "0.4.0", "name": "terway", "type": "terway", "capabilities": ' +
      '{"bandwidth": true}}'))).toEqual([]);
  });

  it('reports syntax, types and bad host_stack_cidrs as errors', () => {
    expect(codes(withCni('{"type": "terway",}'))).toEqual(['cni-syntax']);
    expect(codes(withCni('{"type": "terway", "mtu": "1500"}'))).toEqual(['cni-wrong-type']);
    expect(codes(withCni(
      '{"type": "terway", "host_stack_cidrs": ["10.0.0.1"]}'))).toEqual(['cni-host-stack-cidr']);
  });

  it('warns about MTU, unknown keys and option values; explains ipvlan', () => {
    expect(codes(withCni('{"type": "terway", "mtu": 9000}'))).toEqual(['cni-mtu']);
    expect(codes(withCni('{"type": "terway", "mtu": 8500}'))).toEqual(['cni-mtu']);
    expect(codes(withCni('{"type": "terway", "MTU": 1500}'))).toEqual(['cni-unknown-key']);
    expect(codes(withCni(
      '{"type": "terway", "vlan_strip_type": "strip", "bandwidth_mode": "htb"}'))).toEqual([
        'cni-option-value', 'cni-option-value']);
    expect(codes(withCni(
      '{"type": "terway", "eniip_virtual_type": "IPVlan"}'))).toEqual(['cni-virtual-type']);
  });

  it('locates CNI keys in the file and names the conflist entry', () => {
    const report = validateEniConfig(withCni(
      '{"cniVersion": "0.4.0", "plugins": [{"type": "terway", "mtu": 9000}]}',
        '10-terway.conflist'));
    expect(report.diagnostics).toEqual([expect.objectContaining({ code: 'cni-mtu', path:
      '10-terway.conflist.plugins[0].mtu', line: 8, column: 60 })]);
  });

  it('reads a conflist', () => {
    expect(codes(withCni(
      '{"cniVersion": "0.4.0", "name": "terway-chainer", "plugins": [{"type": "terway", "mtu": ' +
      '1500}, {"type": "cilium-cni"}]}', '10-terway.conflist'))).toEqual([]);
  });
});
