// Property: sets built element by element in any order (set comprehensions → SetAdd) are
// sorted in Rego order and free of duplicates when read — by count, membership, set algebra
// and the JSON dump — whether they stay small (sorted inserts) or grow past the point where
// out-of-order items go to an unsorted tail that is sorted once on first read.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as OpaWasm from '@open-policy-agent/opa-wasm';
import { compileRegoToWasm } from '../../../src/regowasm/index.ts';

const { loadPolicySync } = createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as typeof OpaWasm;

const REGO = `package s

a := {x | some x in input.a}
b := {x | some x in input.b}
r := {"a": a, "n": count(a), "minus": a - b, "and": a & b, "or": a | b, "has": input.probe in a, "all": count(b - a) == 0}
`;

/** Rego order for the values used here: numbers before strings; ASCII strings by code unit. */
function regoSortUnique(xs: (number | string)[]): (number | string)[] {
  const nums = [...new Set(xs.filter((x): x is number => typeof x === 'number'))].sort((p, q) => p - q);
  const strs = [...new Set(xs.filter((x): x is string => typeof x === 'string'))].sort();
  return [...nums, ...strs];
}

describe('VM sets built in any order', () => {
  const r = compileRegoToWasm({ modules: [{ path: 's.rego', source: REGO }], entrypoints: ['s/r'] });
  const pol = loadPolicySync(r.wasm!);
  const item = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'Z', '0'), maxLength: 3 }));

  it('read back sorted, unique, with algebra and membership as JS computes them', () => {
    fc.assert(fc.property(fc.array(item, { maxLength: 300, size: 'max' }), fc.array(item, { maxLength: 300, size: 'max' }), item, (a, b, probe) => {
      const got = (pol.evaluate({ a, b, probe }, 's/r') as { result: Record<string, unknown> }[])[0]!.result;
      const sa = regoSortUnique(a);
      const sb = regoSortUnique(b);
      expect(got.a).toEqual(sa);
      expect(got.n).toBe(sa.length);
      expect(got.minus).toEqual(sa.filter((x) => !sb.includes(x)));
      expect(got.and).toEqual(sa.filter((x) => sb.includes(x)));
      expect(got.or).toEqual(regoSortUnique([...a, ...b]));
      expect(got.has).toBe(sa.includes(probe));
      expect(got.all).toBe(sb.every((x) => sa.includes(x)));
    }), { numRuns: 150 });
  });
});
