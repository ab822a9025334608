// Deliberately broken variants of Terway's pool and daemon (mutation testing, in the spirit of
// FoundationDB's BUGGIFY): a test names the variants one node runs with, and the property tests
// must catch the bug each one plants. The names travel as a `Mutations` value through the
// node's deps (TerwayNode → TerwayDaemon → Manager, the Local slots and the RPC service) down to
// one guarded line per site, so two nodes, or two runs, in one process may run different
// variants at the same time. Production passes nothing: `Mutations.none`.
//
// The variants and their sites:
//   - `ip-twice`: the pool commits an address another pod already holds (pool/local-workers.ts
//     `commit`);
//   - `release-lost`: a DEL drops the pod's record but the release never reaches the pool, as if
//     the call failed half-way (daemon/service.ts `doReleaseIp`);
//   - `pool-never-disposes`: the pool sync decides what to give back and never gives it (pool/
//     manager.ts `shrink`);
//   - `sync-ignores-max-pool-size`: calculateToDel treats max_pool_size as no bound at all, so
//     only idle reclaim ever shrinks the pool (pool/calculate-to-del.ts).
//
// When to use: the property kit's `mutations` run option (scenarios) or a node's deps in a test.
// Gotcha: VPC-route nodes accept the value but hold no site yet (none of the variants exists in
// that daemon), so a mutation there changes nothing.

import { err, ok, type Result } from '@terway-sim/sim-base';

export const mutationNames = [
  'ip-twice', 'release-lost', 'pool-never-disposes', 'sync-ignores-max-pool-size',
] as const;

export type MutationName = (typeof mutationNames)[number];

export function isMutationName(text: string): text is MutationName {
  return (mutationNames as readonly string[]).includes(text);
}

/** An immutable set of variant names; `has` is what a site asks. */
export class Mutations {
  /** No variant on: what production runs. */
  static readonly none: Mutations = new Mutations([]);

  private readonly on: ReadonlySet<MutationName>;

  private constructor(names: readonly MutationName[]) {
    this.on = new Set(names);
    Object.freeze(this);
  }

  static of(names: Iterable<MutationName>): Mutations {
    const list = [...names];
    return list.length === 0 ? Mutations.none : new Mutations(list);
  }

  /** Names as a user wrote them (a CLI flag, a replay line); the error names the unknown one. */
  static parse(names: readonly string[]): Result<Mutations, string> {
    const unknown = names.find((name) => !isMutationName(name));
    if (unknown !== undefined) {
      return err(`unknown mutation ${JSON.stringify(unknown)}: expected one of ` +
        mutationNames.join(', '));
    }
    return ok(Mutations.of(names as readonly MutationName[]));
  }

  /** Whether the named broken variant is on. */
  has(name: MutationName): boolean {
    return this.on.has(name);
  }

  /** The variants that are on, in catalogue order (for replay lines and reports). */
  get names(): readonly MutationName[] {
    return mutationNames.filter((name) => this.on.has(name));
  }
}
