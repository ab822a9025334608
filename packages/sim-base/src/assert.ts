// Assertions that stop a run with enough context to replay it.
//
// A failed assertion is a bug in the simulator or in the modelled system, never an expected
// outcome: expected failures are values (see result.ts). The error names what was violated; the
// runner adds the seed and scenario when it reports it.

export class AssertionFailed extends Error {
  override readonly name = 'AssertionFailed';
}

export function assert(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) {
    throw new AssertionFailed(typeof message === 'function' ? message() : message);
  }
}

/** Marks a branch the type system proves unreachable; reaching it at run time is a bug. */
export function unreachable(value: never, what = 'value'): never {
  throw new AssertionFailed(`unexpected ${what}: ${JSON.stringify(value)}`);
}
