// kube-controller-manager's node CIDR set (cidr-set.ts): blocks handed out round-robin, never
// twice while held, and a clear failure when the cluster CIDR is used up.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CidrSet } from '../../src/controllers/node-ipam/cidr-set.js';

describe('node CIDR set (cidrset.AllocateNext)', () => {
  it('hands out blocks round-robin and fails when the range is used up', () => {
    const set = new CidrSet('10.128.0.0/22', 24);
    expect(set.size).toBe(4);
    const blocks = [0, 1, 2, 3].map(() => set.allocateNext());
    expect(blocks.map((block) => block.ok && block.value)).toEqual(['10.128.0.0/24',
      '10.128.1.0/24', '10.128.2.0/24', '10.128.3.0/24']);
    expect(set.allocateNext())
      .toEqual({ ok: false, error: expect.stringContaining('no remaining') });
    set.release('10.128.1.0/24');
    expect(set.allocateNext()).toEqual({ ok: true, value: '10.128.1.0/24' });
  });

  it('never hands out a block twice while held', () => {
    fc.assert(fc.property(fc.array(fc.boolean(), { maxLength: 80 }), (ops) => {
      const set = new CidrSet('10.0.0.0/20', 24);
      const held: string[] = [];
      for (const allocate of ops) {
        if (allocate || held.length === 0) {
          const next = set.allocateNext();
          if (next.ok) {
            expect(held).not.toContain(next.value);
            held.push(next.value);
          } else expect(held.length).toBe(16);
        } else set.release(held.shift()!);
      }
      expect(set.allocated).toBe(held.length);
    }));
  });
});
