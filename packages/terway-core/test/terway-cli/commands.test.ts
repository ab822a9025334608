// Golden tests of terway-cli's commands against Terway's printing code (cmd/terway-cli/cmd.go,
// tree.go at 89aadf8b). The format rules followed, beyond pterm's own (pterm.test.ts):
//   - list: one `* <name>` bullet per type (no argument) or per resource name of a type;
//   - show TYPE: the handler's Config then Trace entries; keys split on `/` become branches
//     (first appearance order), leaves print as `key: value`, and the unnamed root is an empty
//     first item, so the tree opens with `└─┬`;
//   - mapping: one tree per ENI status (`ENI: id` > MAC, Status, Type, InhibitExpireAt when not
//     empty, `IPs` > rows), then `Resource DB (<n> entries)` > `ns/name -> eni ip` sorted by pod;
//   - metadata: `vswitch:` > `eni: <mac>` (primary first) > primary, interface, primary_ipv4,
//     secondary_ipv4s (string order, primary left out), ipv6s;
//   - errors are the text main.go prints before exiting 1: Terway's argument errors, and the
//     gRPC status when the daemon's socket is missing.

import { err, ok } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import {
  daemonUnavailable, runTerwayCli, type TerwayCliInput,
} from '../../src/terway-cli/commands.js';
import type { MetadataReader } from '../../src/terway-cli/metadata-command.js';
import { goTimeString, tracingSnapshot } from '../../src/terway-cli/tracing.js';
import type { PodResources } from '../../src/store/records.js';

const mac1 = '00:16:3e:00:00:01';
const mac2 = '00:16:3e:00:00:02';

function record(name: string, ip: string): PodResources {
  return {
    Resources: [{ type: 'eniIp', id: `${mac2}.${ip}`, extra_eip_info: null, eni_id: 'eni-2',
      eni_mac: mac2, ipv4: ip, ipv6: '' }],
    PodInfo: { Name: name, Namespace: 'default', TcIngress: 0, TcEgress: 0,
      PodNetworkType: 'ENIMultiIP', PodIP: ip, PodIPs: { IPv4: ip, IPv6: null },
      SandboxExited: false, PodENI: false, PodUID: `uid-${name}`, NetworkPriority: '',
      ERdma: false, IPStickTime: 0, CreateTime: '2026-01-01T00:01:00Z' },
    NetNs: `/var/run/netns/cni-${name}`, ContainerID: `c-${name}`, NetConf: '[]',
  };
}

const daemon = tracingSnapshot({
  daemonMode: 'ENIMultiIP', pendingPods: 1,
  statuses: [{ networkInterfaceId: 'eni-2', mac: mac2, type: 'secondary', status: 'InUse',
    allocInhibitExpireAtMs: 0,
    usage: [['192.168.16.9', 'default/web-1', 'Valid'], ['192.168.16.10', '', 'Valid']] },
  { networkInterfaceId: '', mac: '', type: 'secondary', status: 'Init',
    allocInhibitExpireAtMs: 600_000, usage: [] }],
  records: [record('web-2', '192.168.16.11'), record('web-1', '192.168.16.9')],
  wallMsOf: (virtualMs) => 1_767_225_600_000 + virtualMs,
});

const metadataPaths: Readonly<Record<string, string>> = {
  'vswitch-id': 'vsw-nodes',
  'mac': mac1,
  'network/interfaces/macs/': `${mac1}/\n${mac2}/`,
  [`network/interfaces/macs/${mac1}/primary-ip-address`]: '192.168.0.10',
  [`network/interfaces/macs/${mac1}/private-ipv4s`]: '["192.168.0.10"]',
  [`network/interfaces/macs/${mac2}/primary-ip-address`]: '192.168.16.8',
  [`network/interfaces/macs/${mac2}/private-ipv4s`]:
    '["192.168.16.8","192.168.16.9","192.168.16.10"]',
  [`network/interfaces/macs/${mac2}/ipv6s`]: '[2408:4005:3c5::101,2408:4005:3c5::100]',
};

const metadata: MetadataReader = (path) => {
  const body = metadataPaths[path];
  return body === undefined ? err({ status: 404, message: 'not found' }) : ok(body);
};

const input: TerwayCliInput = { daemon, metadata,
  hostLinks: [{ name: 'lo', mac: '00:00:00:00:00:00' }, { name: 'eth0', mac: mac1 }] };

function run(args: string[], over: Partial<TerwayCliInput> = {}): string {
  const result = runTerwayCli({ ...input, ...over }, args);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('terway-cli list and show', () => {
  it('lists the registered types and the resources of one, as bullets', () => {
    expect(run(['list'])).toBe('* network_service\n\n');
    expect(run(['list', 'network_service'])).toBe('* default\n\n');
    expect(run(['list', 'no_such_type'])).toBe('\n');
  });

  it('shows the first resource of a type as a tree of its config and trace', () => {
    expect(run(['show', 'network_service'])).toBe([
      '└─┬',
      '  ├──name: default',
      '  ├──daemon_mode: ENIMultiIP',
      '  ├──config_file_path: /etc/eni/eni.json',
      '  ├──pending_pods_count: 1',
      '  └─┬pods',
      '    └─┬default',
      '      ├─┬web-2',
      `      │ └──resources: (eniIp)${mac2}.192.168.16.11`,
      '      └─┬web-1',
      `        └──resources: (eniIp)${mac2}.192.168.16.9`,
      '', '',
    ].join('\n'));
  });
});

describe('terway-cli mapping', () => {
  it('prints one tree per ENI slot, then the resource DB sorted by pod', () => {
    expect(run(['mapping'])).toBe([
      '└─┬ENI: eni-2',
      `  ├──MAC: ${mac2}`,
      '  ├──Status: InUse',
      '  ├──Type: secondary',
      '  ├──InhibitExpireAt: 0001-01-01 00:00:00 +0000 UTC',
      '  └─┬IPs',
      '    ├──192.168.16.9  default/web-1  Valid',
      '    └──192.168.16.10    Valid',
      '',
      '└─┬ENI: ',
      '  ├──MAC: ',
      '  ├──Status: Init',
      '  ├──Type: secondary',
      '  └──InhibitExpireAt: 2026-01-01 00:10:00 +0000 UTC',
      '',
      '└─┬Resource DB (2 entries)',
      '  ├──default/web-1 -> eni-2 192.168.16.9',
      '  └──default/web-2 -> eni-2 192.168.16.11',
      '', '',
    ].join('\n'));
  });
});

describe('terway-cli metadata', () => {
  it('draws the vSwitch, each ENI (primary first) and its addresses, with host link names',
    () => {
    expect(run(['metadata'])).toBe([
      '└─┬vswitch: vsw-nodes',
      `  ├─┬eni: ${mac1}`,
      '  │ ├──primary: true',
      '  │ ├──interface: eth0',
      '  │ └──primary_ipv4: 192.168.0.10',
      `  └─┬eni: ${mac2}`,
      '    ├──primary: false',
      '    ├──interface: !!!NOT FOUND',
      '    ├──primary_ipv4: 192.168.16.8',
      '    ├─┬secondary_ipv4s',
      '    │ ├──192.168.16.10',
      '    │ └──192.168.16.9',
      '    └─┬ipv6s',
      '      ├──2408:4005:3c5::100',
      '      └──2408:4005:3c5::101',
      '', '',
    ].join('\n'));
  });

  it('works while the daemon is down: it reads the metadata service, not the daemon', () => {
    expect(run(['metadata'], { daemon: undefined })).toContain('vswitch: vsw-nodes');
  });
});

describe('terway-cli errors', () => {
  const cases: Array<{ name: string; args: string[]; daemonUp: boolean; error: string }> = [
    { name: 'show takes no resource name (Terway\'s check)', args: ['show', 'network_service',
      'default'], daemonUp: true, error: 'too many arguments' },
    { name: 'show without a type', args: ['show'], daemonUp: true, error: 'no arguments' },
    { name: 'show of an unknown type', args: ['show', 'pool'], daemonUp: true,
      error: 'no resource in the specified type pool' },
    { name: 'list with two arguments', args: ['list', 'a', 'b'], daemonUp: true,
      error: 'too many arguments' },
    { name: 'an argument error comes before the daemon is asked', args: ['show'],
      daemonUp: false, error: 'no arguments' },
    { name: 'mapping with the daemon down', args: ['mapping'], daemonUp: false,
      error: daemonUnavailable },
    { name: 'list with the daemon down', args: ['list'], daemonUp: false,
      error: daemonUnavailable },
    { name: 'an unknown command names the modelled ones', args: ['maping'], daemonUp: true,
      error: 'unknown command "maping" for "terway-cli"; commands: list, show, mapping, ' +
        'metadata' },
    { name: 'a real command that is not modelled', args: ['execute'], daemonUp: true,
      error: 'terway-cli execute is not modelled; commands: list, show, mapping, metadata' },
  ];
  it.each(cases)('$name', ({ args, daemonUp, error }) => {
    expect(runTerwayCli({ ...input, daemon: daemonUp ? daemon : undefined }, args))
      .toEqual(err(error));
  });

  it('passes a metadata failure on in Terway\'s words', () => {
    const down: MetadataReader = () => err({ status: 0, message: 'connect: connection refused' });
    expect(runTerwayCli({ ...input, metadata: down }, ['metadata'])).toEqual(err(
      'get from metaserver failed code: , url: http://100.100.100.200/latest/meta-data/' +
      'vswitch-id, err: Get "http://100.100.100.200/latest/meta-data/vswitch-id": connect: ' +
      'connection refused'));
  });
});

describe('goTimeString', () => {
  const cases: Array<{ unixMs: number | undefined; text: string }> = [
    { unixMs: undefined, text: '0001-01-01 00:00:00 +0000 UTC' },
    { unixMs: 1_767_225_600_000, text: '2026-01-01 00:00:00 +0000 UTC' },
    { unixMs: 1_767_225_600_500, text: '2026-01-01 00:00:00.5 +0000 UTC' },
    { unixMs: 1_767_225_660_120, text: '2026-01-01 00:01:00.12 +0000 UTC' },
  ];
  it.each(cases)('$unixMs prints as $text', ({ unixMs, text }) => {
    expect(goTimeString(unixMs)).toBe(text);
  });
});
