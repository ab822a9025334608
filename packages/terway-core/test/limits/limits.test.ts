import { describe, expect, it } from 'vitest';
import {
  erdmaRes, exclusiveEniPod, limitsFromInstanceType, maximumTrunkPod, multiIpPod, supportIpv6,
  supportMultiIpIpv6, trunkPod,
} from '../../src/limits/instance-limits.js';
import { checkInstance, erdmaSlotCheck } from '../../src/limits/instance-checks.js';
import { configOf, instanceType, limitsOf } from '../config/fixtures.js';

describe('limitsFromInstanceType (pkg/aliyun/client/limit.go)', () => {
  it('maps ecs.g7.xlarge (4 ENIs, 15/15 IPs, 20 total, trunk)', () => {
    const limits = limitsFromInstanceType(instanceType());
    expect(limits).toEqual({
      instanceTypeId: 'ecs.g7.xlarge', adapters: 4, totalAdapters: 20, ipv4PerAdapter: 15,
        ipv6PerAdapter: 15,
      memberAdapterLimit: 16, maxMemberAdapterLimit: 18, erdmaAdapters: 0, networkCards: undefined,
    });
    expect(multiIpPod(limits)).toBe(45);
    expect(exclusiveEniPod(limits)).toBe(3);
    expect(trunkPod(limits)).toBe(16);
    expect(maximumTrunkPod(limits)).toBe(18);
    expect(supportIpv6(limits)).toBe(true);
    expect(supportMultiIpIpv6(limits)).toBe(true);
  });

  it('zeroes member ENIs without trunk support and clamps negatives', () => {
    const limits = limitsFromInstanceType(instanceType({ EniTrunkSupported: false,
      EniIpv6AddressQuantity: -1, EriQuantity: -2 }));
    expect([limits.memberAdapterLimit, limits.maxMemberAdapterLimit, limits.ipv6PerAdapter,
      limits.erdmaAdapters]).toEqual([0, 0, 0, 0]);
    expect(limitsFromInstanceType(instanceType({ EniTotalQuantity: 3 })).memberAdapterLimit).toBe(
      0);
  });

  it('keeps network card indexes', () => {
    expect(limitsFromInstanceType(instanceType({ NetworkCards: { NetworkCardInfo: [{
      NetworkCardIndex: 0 }, { NetworkCardIndex: 1 }] } })).networkCards).toEqual([0, 1]);
  });

  it('ERDMARes: 0 on ≤ 2 ENIs, ≤ 2 on ≥ 8 ENIs, else ≤ 1', () => {
    expect(erdmaRes(limitsOf(2, 6, { EriQuantity: 4 }))).toBe(0);
    expect(erdmaRes(limitsOf(3, 6, { EriQuantity: 4 }))).toBe(1);
    expect(erdmaRes(limitsOf(8, 6, { EriQuantity: 4 }))).toBe(2);
    expect(erdmaRes(limitsOf(8, 6, { EriQuantity: 1 }))).toBe(1);
    expect(erdmaRes(limitsOf(8, 6))).toBe(0);
  });
});

describe('checkInstance (daemon/daemon.go)', () => {
  it('turns IPv6 off on types without IPv6, with Terway log text', () => {
    const check = checkInstance({ limits: limitsFromInstanceType(instanceType({
      InstanceTypeId: 'ecs.ic5.large', EniIpv6AddressQuantity: 0 })), daemonMode: 'ENIMultiIP',
      config: configOf({ ip_stack: 'dual' }) });
    expect(check).toMatchObject({ enableIpv4: true, enableIpv6: false });
    expect(check.disabled[0]).toMatchObject({ feature: 'ipv6', log:
      'instance is not support ipv6' });
  });

  it('turns IPv6 off in multi-IP dual stack when IPv6 ≠ IPv4 per ENI, but not in ENIOnly', () => {
    const limits = limitsFromInstanceType(instanceType({ EniIpv6AddressQuantity: 1 }));
    expect(checkInstance({ limits, daemonMode: 'ENIMultiIP', config: configOf({
      ip_stack: 'dual' }) }).disabled[0]!.log).toBe('instance is not support multi ipv6');
    expect(checkInstance({ limits, daemonMode: 'ENIOnly', config: configOf({
      ip_stack: 'dual' }) }).enableIpv6).toBe(true);
  });

  it('turns trunking off without member ENIs, and in ENIOnly', () => {
    const noTrunk = checkInstance({ limits: limitsFromInstanceType(instanceType({
      EniTrunkSupported: false })), daemonMode: 'ENIMultiIP', config: configOf({
      enable_eni_trunking: true }) });
    expect(noTrunk.enableTrunking).toBe(false);
    expect(noTrunk.disabled[0]!.log).toBe('instance is not support trunk');
    const only = checkInstance({ limits: limitsFromInstanceType(instanceType()),
      daemonMode: 'ENIOnly', config: configOf({ enable_eni_trunking: true }) });
    expect(only.disabled.map((d) => d.log)).toEqual(['exclusive eni mode, disable trunking']);
    expect(checkInstance({ limits: limitsFromInstanceType(instanceType()),
      daemonMode: 'ENIMultiIP', config: configOf({
      enable_eni_trunking: true }) }).enableTrunking).toBe(true);
  });

  it('turns eRDMA off without ERDMARes or OS support', () => {
    expect(checkInstance({ limits: limitsOf(4, 10), daemonMode: 'ENIMultiIP', config: configOf({
      enable_erdma: true }) }).disabled[0]!.log).toBe('instance is not support erdma');
    const withEri = limitsOf(4, 10, { EriQuantity: 1 });
    expect(checkInstance({ limits: withEri, daemonMode: 'ENIMultiIP', config: configOf({
      enable_erdma: true }), osSupportsErdma: false }).disabled[0]!.log).toBe(
      'os is not support erdma');
    expect(checkInstance({ limits: withEri, daemonMode: 'ENIMultiIP', config: configOf({
      enable_erdma: true }) }).enableErdma).toBe(true);
  });

  it(
    'eRDMA slot check: off when slots are short and none attached; cut to attached otherwise',
      () => {
    const limits = limitsOf(8, 10, { EriQuantity: 2 });
    expect(erdmaSlotCheck({ limits, attachedEnis: 2, attachedErdmaEnis: 0 })).toEqual({
      enableErdma: true, erdmaCount: 2, log: undefined });
    expect(erdmaSlotCheck({ limits, attachedEnis: 5, attachedErdmaEnis: 0 })).toMatchObject({
      enableErdma: false, erdmaCount: 0 });
    expect(erdmaSlotCheck({ limits, attachedEnis: 5, attachedErdmaEnis: 1 })).toMatchObject({
      enableErdma: true, erdmaCount: 1 });
  });
});
