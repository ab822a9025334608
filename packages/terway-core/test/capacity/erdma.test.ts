// eRDMA in capacity and validate: the secondary ENI slots a crd node splits into the Node CR
// flavor (pkg/eni/node_reconcile.go; its test cases of adapters with trunk and eRDMA), the eRDMA
// slot capacity shows on eRDMA types, and what validate says `enable_erdma` sets aside.
import { describe, expect, it } from 'vitest';
import { eniFlavor, flavorText } from '../../src/capacity/flavor.js';
import { nodeCapacity } from '../../src/capacity/node-capacity.js';
import type { CapacityInput, NodeCapacity } from '../../src/capacity/types.js';
import { configOf, instanceType } from '../config/fixtures.js';
import { clean, lint, only } from '../validate/helpers.js';

/** An 8-ENI type with two eRDMA interfaces (the catalog's ecs.g8i.4xlarge figures). */
const g8i4xlarge = instanceType({ InstanceTypeId: 'ecs.g8i.4xlarge', EniQuantity: 8,
  EniPrivateIpAddressQuantity: 30, EniIpv6AddressQuantity: 30, EniTotalQuantity: 40,
  EriQuantity: 2 });
const g8ixlarge = instanceType({ InstanceTypeId: 'ecs.g8i.xlarge', EriQuantity: 1 });

function capacity(input: CapacityInput): NodeCapacity {
  const result = nodeCapacity(input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('eniFlavor', () => {
  const cases = [
    { name: 'Terway\'s example: 5 ENIs, trunk and eRDMA', adapters: 5, trunk: true, erdma: true,
      flavor: { trunk: 1, highPerformance: 1, secondary: 2 } },
    { name: 'trunk only', adapters: 4, trunk: true, erdma: false,
      flavor: { trunk: 1, highPerformance: 0, secondary: 2 } },
    { name: 'eRDMA only', adapters: 4, trunk: false, erdma: true,
      flavor: { trunk: 0, highPerformance: 1, secondary: 2 } },
    { name: 'neither', adapters: 8, trunk: false, erdma: false,
      flavor: { trunk: 0, highPerformance: 0, secondary: 7 } },
    { name: 'one secondary slot goes to the trunk first', adapters: 2, trunk: true, erdma: true,
      flavor: { trunk: 1, highPerformance: 0, secondary: 0 } },
  ];
  it.each(cases)('$name', ({ adapters, trunk, erdma, flavor }) => {
    expect(eniFlavor(adapters, { trunk, erdma })).toEqual(flavor);
  });

  it('words the flavor as capacity prints it', () => {
    expect(flavorText({ trunk: 1, highPerformance: 1, secondary: 2 }))
      .toBe('trunk 1, HighPerformance (eRDMA) 1, secondary 2');
    expect(flavorText({ trunk: 0, highPerformance: 0, secondary: 3 })).toBe('secondary 3');
  });
});

describe('capacity on eRDMA types', () => {
  const cases = [
    { name: 'crd with trunk and eRDMA: the HighPerformance ENI serves no ENIIP pod',
      config: { ipam_type: 'crd', enable_erdma: true, enable_eni_trunking: true },
      maxPods: 6 * 30, note: 'trunk 1, HighPerformance (eRDMA) 1, secondary 5' },
    { name: 'crd without eRDMA: every secondary slot serves ENIIP pods',
      config: { ipam_type: 'crd' }, maxPods: 7 * 30, note: 'secondary 7' },
    { name: 'legacy: eRDMA keeps 2 ENIs (8 or more ENIs) of IPs',
      config: { enable_erdma: true }, maxPods: 7 * 30 - 2 * 30,
      note: 'eRDMA keeps 2 ENI(s) = 60 IPs' },
  ];
  it.each(cases)('$name', ({ config, maxPods, note }) => {
    const c = capacity({ instanceType: g8i4xlarge, mode: 'eniip', config: configOf(config) });
    expect(c.maxPods).toBe(maxPods);
    expect(c.notes.join('\n')).toContain(note);
  });

  it('says which catalog figures are modelled, EriQuantity only when eRDMA is on', () => {
    const modelled = ['EniQuantity', 'EniPrivateIpAddressQuantity', 'EniIpv6AddressQuantity',
      'EriQuantity'];
    const on = capacity({ instanceType: g8ixlarge, mode: 'eniip', modelledFields: modelled,
      config: configOf({ enable_erdma: true }) });
    const off = capacity({ instanceType: g8ixlarge, mode: 'eniip', modelledFields: modelled });
    expect(on.notes.filter((line) => line.includes('is modelled'))).toHaveLength(4);
    expect(off.notes.filter((line) => line.includes('is modelled'))).toHaveLength(3);
  });
});

describe('validate enable_erdma', () => {
  const cases = [
    { name: 'legacy ENIIP on a 4-ENI type', conf: { enable_erdma: true }, type: g8ixlarge,
      says: 'keeps 1 ENI(s) for eRDMA: 15 IP(s) advertised as aliyun/erdma' },
    { name: 'crd with trunking on an 8-ENI type', type: g8i4xlarge,
      conf: { enable_erdma: true, ipam_type: 'crd', enable_eni_trunking: true },
      says: 'the Node CR flavor is trunk 1, HighPerformance (eRDMA) 1, secondary 5' },
    { name: 'no instance type given', conf: { enable_erdma: true }, type: undefined,
      says: 'Give --instance-type' },
  ];
  it.each(cases)('says what it sets aside: $name', ({ conf, type, says }) => {
    const report = lint({ ...clean, ...conf },
      type === undefined ? {} : { instanceTypes: [type] });
    const found = only(report, 'erdma-on');
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe('info');
    expect(found[0]!.path).toBe('eni_conf.enable_erdma');
    expect(found[0]!.message).toContain(says);
  });

  it('is silent when eRDMA is off, and leaves types without eRDMA to the warning', () => {
    expect(only(lint(clean, { instanceTypes: [g8ixlarge] }), 'erdma-on')).toEqual([]);
    const g7 = lint({ ...clean, enable_erdma: true }, { instanceTypes: [instanceType()] });
    expect(only(g7, 'erdma-on')).toEqual([]);
    expect(only(g7, 'erdma-unsupported-instance')).toHaveLength(1);
  });
});
