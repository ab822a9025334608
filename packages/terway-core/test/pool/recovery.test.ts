import { describe, expect, it } from 'vitest';
import type { AttachedEni } from '../../src/eni/types.js';
import { filterEniNotFound, planRecovery } from '../../src/pool/recovery.js';
import type { PodInfoRecord, PodResources, ResourceItem } from '../../src/store/records.js';

const eni: AttachedEni = {
  id: 'eni-1', mac: '00:16:3e:00:00:01', securityGroupIds: [], vSwitchId: 'vsw-1',
  primaryIp: { ipv4: '10.0.0.1' }, gatewayIp: { ipv4: '10.0.0.253' },
  vSwitchCidr: { ipv4: '10.0.0.0/24' }, trunk: false, erdma: false,
};

function item(fields: Partial<ResourceItem>): ResourceItem {
  return { type: 'eniIp', id: '', extra_eip_info: null, eni_id: '', eni_mac: '', ipv4: '', ipv6: '',
    ...fields };
}

function record(name: string, items: ResourceItem[]): PodResources {
  const info: PodInfoRecord = { Name: name, Namespace: 'default', TcIngress: 0, TcEgress: 0,
    PodNetworkType: 'ENIMultiIP', PodIP: '', PodIPs: { IPv4: null, IPv6: null },
    SandboxExited: false, PodENI: false, PodUID: `uid-${name}`, NetworkPriority: '', ERdma: false,
    IPStickTime: 0, CreateTime: '0001-01-01T00:00:00Z' };
  return { Resources: items, PodInfo: info, NetNs: null, ContainerID: `c-${name}`, NetConf: '' };
}

describe('filterENINotFound', () => {
  it('drops items of ENIs not attached; of two stale items in a row, only the first', () => {
    const records = [record('a', [
      item({ eni_id: 'eni-gone', ipv4: '10.0.1.1' }),
      item({ eni_id: 'eni-gone', ipv4: '10.0.1.2' }),
      item({ eni_id: 'eni-1', ipv4: '10.0.0.5' }),
      item({ id: '00:16:3e:00:00:99.10.0.1.3' }),
      item({ id: '00:16:3e:00:00:01.10.0.0.6' }),
      item({ type: 'eni', eni_id: 'eni-gone' }),
    ])];
    const filtered = filterEniNotFound(records, [eni]);
    expect(filtered[0]!.Resources!.map((entry) => entry.ipv4 || entry.id || entry.type)).toEqual([
      '10.0.1.2', '10.0.0.5', '00:16:3e:00:00:01.10.0.0.6', 'eni',
    ]);
  });
});

describe('planRecovery (Local.load ownership)', () => {
  it('marks addresses of records naming this ENI, and of legacy `<mac>.<ip>` ids (its MAC)', () => {
    const plan = planRecovery(eni, new Set(['10.0.0.1', '10.0.0.5', '10.0.0.6']), new Set(), [
      record('a', [item({ eni_id: 'eni-1', ipv4: '10.0.0.5' })]),
      record('b', [item({ id: '00:16:3e:00:00:01.10.0.0.6' })]),
      record('c', [item({ eni_id: 'eni-2', ipv4: '10.0.0.7' })]),
      record('d', [item({ eni_id: 'eni-1', ipv4: '10.0.0.8' })]),
    ]);
    expect(plan.ok && plan.value.owners).toEqual([
      { family: 'ipv4', ip: '10.0.0.5', podId: 'default/a' },
      { family: 'ipv4', ip: '10.0.0.6', podId: 'default/b' },
    ]);
    // Terway's gauge bookkeeping: one IPv6 idle decrement per eni_id record whose IPv4 was found.
    expect(plan.ok && [plan.value.idleDecV4, plan.value.idleDecV6]).toEqual([2, 1]);
  });

  it('an unparsable stored address stops startup with a clear error', () => {
    const bad = record('a', [item({ eni_id: 'eni-1', ipv4: '10.0.0.x' })]);
    const plan = planRecovery(eni, new Set(), new Set(), [bad]);
    const error = 'code: InvalidDataType, msg: ParseAddr("10.0.0.x"): unable to parse IP';
    expect(plan).toEqual({ ok: false, error });
  });
});
