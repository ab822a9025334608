import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalSeed, Rng } from '../src/index.js';

describe('Rng', () => {
  it('keeps a stream unchanged however much another stream draws', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((text) => text.trim() !== ''),
        fc.nat({ max: 500 }),
        (seed, otherDraws) => {
          const quiet = new Rng(seed);
          const busy = new Rng(seed);
          for (let i = 0; i < otherDraws; i++) busy.stream('cloud.faults').float();
          const a = Array.from({ length: 20 }, () => quiet.stream('cloud.latency').int(1_000_000));
          const b = Array.from({ length: 20 }, () => busy.stream('cloud.latency').int(1_000_000));
          expect(b).toEqual(a);
        },
      ),
    );
  });

  it('gives different sequences for different stream names and seeds', () => {
    const rng = new Rng(7);
    const draw = (r: Rng, name: string): number[] =>
      Array.from({ length: 8 }, () => r.stream(name).int(2 ** 30));
    expect(draw(rng, 'a')).not.toEqual(draw(rng, 'b'));
    expect(draw(new Rng(7), 'a')).not.toEqual(draw(new Rng(8), 'a'));
  });

  it('treats numeric seeds canonically and accepts commit hashes', () => {
    expect(canonicalSeed('0042')).toBe('42');
    expect(canonicalSeed(42)).toBe('42');
    expect(canonicalSeed(' 89aadf8b ')).toBe('89aadf8b');
    expect(new Rng('42').stream('x').float()).toBe(new Rng(42).stream('x').float());
  });

  it('keeps its distributions inside their bounds', () => {
    fc.assert(fc.property(fc.integer(), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
      const s = new Rng(seed).stream('d');
      const value = s.int(n);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(n);
      const between = s.intBetween(-n, n);
      expect(Math.abs(between)).toBeLessThanOrEqual(n);
      expect(s.bernoulli(0, n)).toBe(false);
      expect(s.bernoulli(n, n)).toBe(true);
      const latency = s.lognormalInt({ medianMs: 100, sigma: 1, min: 5, max: 900 });
      expect(latency).toBeGreaterThanOrEqual(5);
      expect(latency).toBeLessThanOrEqual(900);
      expect(s.weightedIndex([0, n, 0])).toBe(1);
      const jittered = s.jitter(n, 0.3);
      expect(jittered).toBeGreaterThanOrEqual(n);
      expect(jittered).toBeLessThanOrEqual(n * 1.3);
    }));
  });

  it('matches the expected frequency of a bernoulli draw', () => {
    const s = new Rng(1).stream('coin');
    const hits = Array.from({ length: 20_000 }, () => s.bernoulli(1, 4)).filter(Boolean).length;
    expect(hits / 20_000).toBeGreaterThan(0.23);
    expect(hits / 20_000).toBeLessThan(0.27);
  });

  it('counts draws per stream', () => {
    const rng = new Rng(3);
    rng.stream('b').float();
    rng.stream('a').int(3);
    rng.stream('a').shuffled([1, 2, 3]);
    expect(rng.drawCounts()).toEqual({ a: 3, b: 1 });
  });
});

describe('canonicalSeed', () => {
  it('refuses a blank seed by name', () => {
    expect(() => canonicalSeed('   ')).toThrow(/seed must not be empty/);
  });
});
