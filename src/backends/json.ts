/**
 * Deterministic JSON: object keys sorted (recursively), two-space indent, trailing
 * newline. Every JSON file rolec writes goes through here so rebuilds are byte-identical.
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2) + '\n';
}

/**
 * The value with every object's keys in sorted order (as JSON.stringify then writes
 * them). Objects and arrays already in that order are returned as they are, not copied:
 * the tables of a 100,000-role data.json are mostly built in order, and copying them
 * all (what this did before) cost seconds of allocation and GC. The result may therefore
 * share parts with the input: do not mutate either afterwards.
 */
export function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const sorted = sortKeys(item);
      if (sorted !== item && copy === undefined) copy = value.slice(0, i);
      copy?.push(sorted);
    }
    return copy ?? value;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  // Only a plain object is written by JSON.stringify exactly as its own keys say (no
  // toJSON, no boxed primitive); anything else is copied as before.
  let inOrder = isPlainObject(obj);
  let values: unknown[] | undefined; // the sorted values, once one differs from the input
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (i > 0 && keys[i - 1]! > key) inOrder = false;
    const v = obj[key];
    const sorted = sortKeys(v);
    if (sorted !== v && values === undefined) values = keys.slice(0, i).map((k) => obj[k]);
    values?.push(sorted);
  }
  if (inOrder && values === undefined) return obj;
  // Inserted in sorted order. (Integer-like keys still come first, in numeric order:
  // that is how JavaScript objects order them, and what the output has always been.)
  return Object.fromEntries(
    keys
      .map((k, i) => [k, values ? values[i] : obj[k]] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

function isPlainObject(obj: object): boolean {
  const proto: unknown = Object.getPrototypeOf(obj);
  return proto === Object.prototype || proto === null;
}
