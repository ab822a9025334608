// Random sequences of API calls, valid and invalid, never break the cloud's invariants; ENI
// states only move along the machine; and a snapshot restored into a fresh emulator, then fed
// the rest of the sequence, gives the same replies and the same final state.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedEniTransitions, cloudInvariantViolations, type CloudEmulator,
  type CloudFinding } from '../src/index.js';
import { apply, command, newWorld } from './call-model.js';
import { collectEvents } from './helpers.js';

/** The ENI changes of the API's own life cycle; the others happen only when an instance goes. */
const lifecycleTransitions = new Set(['None>Available', 'None>InUse', 'Available>Attaching',
  'Attaching>InUse', 'InUse>Detaching', 'Detaching>Available', 'Available>Deleting',
  'Deleting>Gone']);

describe('cloud properties', () => {
  it('random call sequences keep every invariant and move ENIs only along the state machine',
    () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }),
      fc.array(command, { minLength: 1, maxLength: 80, size: 'max' }), (seed, steps) => {
      const world = newWorld(seed);
      const status = new Map([...world.cloud.view().enis()].map((eni) => [eni.id,
        eni.status as string]));
      const events = collectEvents(world.cloud);
      for (const step of steps) {
        const from = events.length;
        apply(world, step);
        expect(cloudInvariantViolations(world.cloud.view(), world.cloud.quotas))
          .toEqual<CloudFinding[]>([]);
        for (const event of events.slice(from)) {
          if (event.type !== 'eni.state') continue;
          const change = `${event.from}>${event.to}`;
          expect(allowedEniTransitions.has(change)).toBe(true);
          expect(event.from).toBe(status.get(event.eniId) ?? 'None');
          if (!lifecycleTransitions.has(change)) expect(step.kind).toBe('deleteInstance');
          status.set(event.eniId, event.to);
        }
      }
    }), { numRuns: 150, seed: 20_260_101 });
  });

  it('a snapshot restored in a fresh emulator replays the rest of a sequence identically', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }),
      fc.array(command, { minLength: 2, maxLength: 60, size: 'max' }), fc.nat(), (seed, steps,
        cutAt) => {
      const cut = cutAt % steps.length;
      const original = newWorld(seed);
      steps.slice(0, cut).forEach((step) => apply(original, step));
      const snapshot = JSON.parse(JSON.stringify(original.cloud.snapshot())) as ReturnType<
        CloudEmulator['snapshot']
      >;
      const tail = steps.slice(cut);
      const expected = tail.map((step) => apply(original, step));
      const forked = newWorld(seed);
      forked.cloud.restore(snapshot);
      expect(JSON.stringify(forked.cloud.snapshot())).toBe(JSON.stringify(snapshot));
      const replayed = tail.map((step) => apply({ ...forked, routeTableId: original.routeTableId },
        step));
      expect(replayed).toEqual(expected);
      expect(JSON.stringify(forked.cloud.snapshot())).toBe(
        JSON.stringify(original.cloud.snapshot()),
      );
    }), { numRuns: 100, seed: 20_260_102 });
  });
});
