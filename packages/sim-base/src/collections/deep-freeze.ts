// Deep-freezing plain data (records, arrays, plain objects) so that code handed a value it must
// not change throws at once if it tries (in strict mode, which ES modules are). Already frozen
// parts are skipped, so freezing a new version of shared state costs only its new parts. Maps and
// Sets are left as they are: freezing them would not stop `set`, and their owners share them
// read-only by contract.

export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  if (value instanceof Map || value instanceof Set) return value;
  Object.freeze(value);
  for (const field of Object.values(value)) deepFreeze(field);
  return value;
}
