import { describe, expect, it } from 'vitest';
import { zoneIdPattern } from '../../../src/validate/checks/vswitch-ids.js';
import { clean, codes, lint, only } from '../helpers.js';

describe('vswitch ids and zone keys', () => {
  it('recognises zone ids', () => {
    for (const zone of ['cn-hangzhou-i', 'cn-beijing-a', 'ap-southeast-1a', 'us-west-1b',
      'cn-hongkong-b']) expect(zone, zone).toMatch(zoneIdPattern);
    for (const bad of ['cn-hangzhou', 'vsw-123', 'hangzhou-i', 'CN-HANGZHOU-I'])
      expect(zoneIdPattern.test(bad), bad).toBe(false);
  });

  it('flags a vSwitch id or region used as zone key, and bad vSwitch ids', () => {
    expect(only(lint({ ...clean, vswitches: { 'vsw-abc': ['vsw-1'] } }), 'vswitch-zone-key')[
      0]!.message).toContain('it is a vSwitch id');
    expect(codes(lint({ ...clean, vswitches: { 'cn-hangzhou': ['vsw-1'] } }))).toEqual([
      'vswitch-zone-key']);
    expect(codes(lint({ ...clean, vswitches: { 'cn-hangzhou-i': ['subnet-1'] } }))).toEqual([
      'vswitch-format']);
  });

  it('flags duplicates and the empty map', () => {
    expect(codes(lint({ ...clean, vswitches: { 'cn-hangzhou-i': ['vsw-1'], 'cn-hangzhou-j': [
      'vsw-1'] } }))).toEqual(['vswitch-duplicate']);
    expect(codes(lint({ ...clean, vswitches: {} }))).toEqual(['vswitches-empty']);
    expect(codes(lint({ security_groups: ['sg-1'], service_cidr: '172.21.0.0/20' }))).toEqual([
      'vswitches-empty']);
  });
});
