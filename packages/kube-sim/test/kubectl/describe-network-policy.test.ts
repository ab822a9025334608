// `kubectl describe networkpolicy` against goldens that kubectl v1.32.4 itself printed from this
// API face (testdata/netpol-*.describe.txt, the object as the face served it beside each, its
// creation time pinned): ports and port ranges, named ports, peers with both selectors, ipBlocks
// with except, several rules, an isolated direction, and the defaulted policyTypes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  withNetworkPolicyDefaults, type NetworkPolicyObject,
} from '../../src/api/network-policy.js';
import { describeNetworkPolicy } from '../../src/kubectl/describe-network-policy.js';

const testdata = new URL('testdata/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, testdata), 'utf8');

describe('kubectl describe networkpolicy', () => {
  const goldens = [{ name: 'multi' }, { name: 'egress-mix' }];
  it.each(goldens)('$name prints as kubectl does', ({ name }) => {
    const object = JSON.parse(read(`netpol-${name}.json`)) as Parameters<
      typeof describeNetworkPolicy>[0];
    expect(describeNetworkPolicy(object)).toBe(read(`netpol-${name}.describe.txt`));
  });

  it('the API server\'s defaults: TCP ports and policyTypes from the rules', () => {
    expect(withNetworkPolicyDefaults({ spec: { podSelector: {},
      egress: [{ ports: [{ port: 53 }] }] } }).spec).toEqual({ podSelector: {},
      egress: [{ ports: [{ port: 53, protocol: 'TCP' }] }], policyTypes: ['Ingress', 'Egress'] });
    const bare: NetworkPolicyObject = { spec: { podSelector: {} } };
    expect(withNetworkPolicyDefaults(bare).spec?.policyTypes).toEqual(['Ingress']);
  });
});
