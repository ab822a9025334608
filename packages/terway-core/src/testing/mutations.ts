// Deliberately broken variants of Terway's pool and daemon (mutation testing, in the spirit of
// FoundationDB's BUGGIFY): named switches, all off by default, that a test turns on to prove the
// property tests catch the bug each one plants. Production code reads a switch with
// `mutation(name)` at one guarded line per site; with every switch off that is a constant-time
// property read that changes nothing.
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
// When to use: only in tests, through `withMutation` or `enableMutation` + `resetMutations` in an
// `afterEach`. Gotcha: the switches are process-wide; vitest runs each test file in its own
// process, so a switch left on leaks only into later tests of the same file.

export const mutationNames = [
  'ip-twice', 'release-lost', 'pool-never-disposes', 'sync-ignores-max-pool-size',
] as const;

export type MutationName = (typeof mutationNames)[number];

const switches: Record<MutationName, boolean> = {
  'ip-twice': false,
  'release-lost': false,
  'pool-never-disposes': false,
  'sync-ignores-max-pool-size': false,
};

/** Whether the named broken variant is on (always false outside tests). */
export function mutation(name: MutationName): boolean {
  return switches[name];
}

export function enableMutation(name: MutationName): void {
  switches[name] = true;
}

/** Turns every switch off (call it between tests). */
export function resetMutations(): void {
  for (const name of mutationNames) switches[name] = false;
}

/** The switches that are on, sorted (for replay lines and reports). */
export function activeMutations(): MutationName[] {
  return mutationNames.filter((name) => switches[name]);
}

/** Runs `body` with one variant on and turns it off afterwards, whatever `body` does. */
export async function withMutation<T>(name: MutationName, body: () => Promise<T>): Promise<T> {
  const before = switches[name];
  switches[name] = true;
  try {
    return await body();
  } finally {
    switches[name] = before;
  }
}

export function isMutationName(text: string): text is MutationName {
  return (mutationNames as readonly string[]).includes(text);
}
