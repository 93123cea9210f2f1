/**
 * stableJson shares the parts of its input that are already in key order instead of
 * copying them (a speed-up for 100,000-role bundles): its output must stay exactly what
 * the copying version wrote — checked against that version on random JSON values, with
 * integer-like keys (which JavaScript orders first) and values JSON.stringify skips.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortKeys, stableJson } from '../../src/backends/json.ts';

/** The copying version stableJson replaced. */
function copyingSortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyingSortKeys);
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(obj)
        .sort()
        .map((k) => [k, copyingSortKeys(obj[k])]),
    );
  }
  return value;
}

const key = fc.oneof(fc.constantFrom('a', 'b', 'B', '_', '0', '1', '2', '10', '01', '-1', '__proto__', 'é', 'z\u0000'), fc.string({ maxLength: 3 }));
const leaf = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
const value = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, leaf, tie('arr'), tie('obj')),
  arr: fc.array(tie('any'), { maxLength: 4 }),
  obj: fc.array(fc.tuple(key, tie('any')), { maxLength: 5 }).map((entries) => Object.fromEntries(entries)),
})).any;

describe('stableJson', () => {
  it('writes exactly what the copying version wrote', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(stableJson(v)).toBe(JSON.stringify(copyingSortKeys(v), null, 2) + '\n');
      }),
      { numRuns: 2000 },
    );
  });
  it('shares what is already in order, and copies what is not', () => {
    const inner = { a: ['x', 'y'], b: 1 };
    const ordered = { k: inner, l: [inner] };
    expect(sortKeys(ordered)).toBe(ordered);
    const unordered = { l: [inner], k: inner };
    const sorted = sortKeys(unordered) as Record<string, unknown>;
    expect(sorted).not.toBe(unordered);
    expect(Object.keys(sorted)).toEqual(['k', 'l']);
    expect(sorted.k).toBe(inner);
    expect(stableJson(new Date(0))).toBe('{}\n');
  });
});
