import { describe, expect, it } from 'vitest';
import { nodeResources } from '../../src/config/node-resources.js';
import { limitsOf } from './fixtures.js';

describe('the node annotations and extended resources the daemon publishes', () => {
  const limits = limitsOf(8, 10, { EriQuantity: 2 });

  it(
    'multi-IP: max-available-ip = capacity; trunk adds trunk-on, max-member-eni-ip and ' +
    'aliyun/member-eni', () => {
    expect(nodeResources({ daemonMode: 'ENIMultiIP', sizing: { capacity: 70, maxMemberEni: 0 },
      limits, trunkEniId: undefined, enableErdma: false, erdmaCount: 0,
      disableDevicePlugin: false }))
      .toEqual({ annotations: {
        'k8s.aliyun.com/max-available-ip': '70' }, extendedResources: {}, erdmaCapacity: 0 });
    const trunk = nodeResources({ daemonMode: 'ENIMultiIP', sizing: { capacity: 70,
      maxMemberEni: 32 }, limits, trunkEniId: 'eni-trunk', enableErdma: false, erdmaCount: 0,
      disableDevicePlugin: false });
    expect(trunk.annotations).toEqual({ 'k8s.aliyun.com/max-available-ip': '70',
      'k8s.aliyun.com/trunk-on': 'eni-trunk', 'k8s.aliyun.com/max-member-eni-ip': '32' });
    expect(trunk.extendedResources).toEqual({ 'aliyun/member-eni': 32 });
  });

  it('eRDMA takes its share out of max-available-ip', () => {
    const multi = nodeResources({ daemonMode: 'ENIMultiIP', sizing: { capacity: 70,
      maxMemberEni: 0 }, limits, trunkEniId: undefined, enableErdma: true, erdmaCount: 2,
      disableDevicePlugin: false });
    expect(multi.annotations).toEqual({
      'k8s.aliyun.com/max-available-ip': '50', 'k8s.aliyun.com/max-erdma-ip': '20' });
    expect(multi.extendedResources).toEqual({ 'aliyun/erdma': 20 });
    const only = nodeResources({ daemonMode: 'ENIOnly', sizing: { capacity: 7, maxMemberEni: 0 },
      limits, trunkEniId: undefined, enableErdma: true, erdmaCount: 2,
      disableDevicePlugin: false });
    expect(only.annotations['k8s.aliyun.com/max-available-ip']).toBe('5');
    expect(only.extendedResources).toEqual({ 'aliyun/eni': 7, 'aliyun/erdma': 2 });
  });

  it('disable_device_plugin suppresses aliyun/eni and aliyun/erdma', () => {
    const only = nodeResources({ daemonMode: 'ENIOnly', sizing: { capacity: 7, maxMemberEni: 0 },
      limits, trunkEniId: undefined, enableErdma: true, erdmaCount: 1, disableDevicePlugin: true });
    expect(only.extendedResources).toEqual({});
  });
});
