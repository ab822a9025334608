// RFC 7396 JSON Merge Patch, as Terway applies a node's dynamic config (ConfigMap named by the node
// label `terway-config`) onto the base eni-config (types/daemon/config.go MergeConfigAndUnmarshal,
// evanphx/json-patch MergePatch). What users trip over (failure catalog F10) follows from the RFC:
// objects merge key by key, so a node document adding one zone keeps the others; `null` deletes a
// key; arrays and scalars replace the base value wholesale.

export type JsonObject = { [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Returns `target` with `patch` applied; neither input is modified.
 * A non-object patch replaces the target; nulls inside the patch delete keys and never survive.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return patch;
  // A Map, then fromEntries: keys such as "__proto__" stay ordinary own properties.
  const merged = new Map<string, unknown>(isJsonObject(target) ? Object.entries(target) : []);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      merged.delete(key);
    } else {
      merged.set(key, applyMergePatch(merged.get(key), value));
    }
  }
  return Object.fromEntries(merged);
}
