import { describe, expect, it } from 'vitest';
import {
  effectiveEniSelectionPolicy, effectiveVSwitchSelectionPolicy, eniTagBlockList, ipStackFamilies,
  securityGroupIds, serviceCidrs, validateDaemonConfig, vSwitchIds, zoneVSwitchIds,
} from '../../src/config/derive.js';
import { daemonModeForNode, ipamStack } from '../../src/config/daemon-mode.js';
import { configOf } from './fixtures.js';

describe('Terway derivations', () => {
  it('security groups: sorted de-duplicated union', () => {
    expect(securityGroupIds(configOf({ security_group: 'sg-b', security_groups: ['sg-c', 'sg-a',
      'sg-b'] }))).toEqual(['sg-a', 'sg-b', 'sg-c']);
    expect(securityGroupIds(configOf())).toEqual([]);
  });

  it('vSwitches: flat sorted list; zone lookup ignores empty lists', () => {
    const config = configOf({ vswitches: { b: ['vsw-3', 'vsw-1'], a: ['vsw-2'], c: [] } });
    expect(vSwitchIds(config)).toEqual(['vsw-1', 'vsw-2', 'vsw-3']);
    expect(zoneVSwitchIds(config, 'b')).toEqual(['vsw-3', 'vsw-1']);
    expect(zoneVSwitchIds(config, 'c')).toBeUndefined();
    expect(zoneVSwitchIds(config, 'z')).toBeUndefined();
  });

  it('policies: ordered means most, only least_ips spreads', () => {
    expect(effectiveVSwitchSelectionPolicy(configOf({ vswitch_selection_policy: 'ordered' }))).toBe(
      'most');
    expect(effectiveVSwitchSelectionPolicy(configOf({ vswitch_selection_policy: 'most' }))).toBe(
      'random');
    expect(effectiveEniSelectionPolicy(configOf({ eni_selection_policy: 'least_ips' }))).toBe(
      'least_ips');
    expect(effectiveEniSelectionPolicy(configOf({ eni_selection_policy: 'LEAST_IPS' }))).toBe(
      'most_ips');
  });

  it('ip stack families', () => {
    expect(ipStackFamilies(configOf({ ip_stack: 'dual' }))).toEqual({ ipv4: true, ipv6: true });
    expect(ipStackFamilies(configOf())).toEqual({ ipv4: true, ipv6: false });
    expect(ipStackFamilies(configOf({ ip_stack: 'ipv6' }))).toEqual({ ipv4: false, ipv6: true });
  });

  it('tag block list: defaults first, user entries de-duplicated, empty keys dropped', () => {
    const list = eniTagBlockList(configOf({ eni_tag_block_list: [{ key: 'creator', value:
      'alibabacloud-erdma-controller' }, { key: '', value: 'x' }, { key: 'team', value: 'db' }, {
        key: 'team', value: 'db' }] }));
    expect(list).toEqual([
      { key: 'creator', value: 'alibabacloud-erdma-controller' },
      { key: 'terway.alibabacloud.com/excluded', value: 'true' },
      { key: 'team', value: 'db' },
    ]);
  });

  it('service CIDRs split on commas', () => {
    expect(serviceCidrs(configOf({ service_cidr: '172.21.0.0/20, fd00::/120' }))).toEqual([
      '172.21.0.0/20', 'fd00::/120']);
  });

  it(
    'Validate: ipv6 rejected, more than 10 security_groups rejected (security_group not counted)',
      () => {
    expect(validateDaemonConfig(configOf({ ip_stack: 'ipv6' }))).toMatchObject({ ok: false, error: {
      message: expect.stringContaining('unsupported ipStack ipv6') } });
    const ten = Array.from({ length: 10 }, (_, i) => `sg-${i}`);
    expect(validateDaemonConfig(configOf({ security_groups: ten,
      security_group: 'sg-x' })).ok).toBe(true);
    expect(validateDaemonConfig(configOf({ security_groups: [...ten, 'sg-10'] }))).toMatchObject({
      ok: false, error: { message: 'security groups should not be more than 10, current 11' } });
  });

  it('daemon mode from the exclusive-ENI label; IPAM stack from ipam_type', () => {
    expect(daemonModeForNode({
      'k8s.aliyun.com/exclusive-mode-eni-type': 'ENIONLY' })).toBe('ENIOnly');
    expect(daemonModeForNode({})).toBe('ENIMultiIP');
    expect(ipamStack(configOf({ ipam_type: 'crd', enable_ip_prefix: true }), 'ENIMultiIP')).toBe(
      'prefix');
    expect(ipamStack(configOf({ ipam_type: 'crd' }), 'ENIMultiIP')).toBe('crd');
    expect(ipamStack(configOf(), 'ENIMultiIP')).toBe('legacy');
    expect(ipamStack(configOf(), 'ENIOnly')).toBe('crd');
  });
});
