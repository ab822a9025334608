// Lookups in the state's plain records by keys that come from outside (request parameters, file
// contents, options): `record[key]` would also find `constructor`, `toString` or `__proto__` on
// Object.prototype, names the real cloud knows nothing of, and hand back a function where a
// record was expected. The records stay plain objects (cheap to copy and to serialize); every
// read by an outside string goes through here.

/** The record's own value under `key`, or undefined; never an inherited property. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
