// Deep-freezing the state, for tests: with `freezeState` on, any code that mutates a record it
// was handed (instead of copying it) throws at once, which proves the state is immutable between
// calls. It walks what is not frozen yet, so after the first call it costs only the new parts.

export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}
