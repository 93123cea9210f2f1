// Object lookup in the VM (values.ts): parsed objects of INDEX_MIN_KEYS keys or more are
// looked up through a hash index, so a lookup in data.json's tables (permissions by role,
// includes, assignments …) costs the same at 100 and at 100,000 keys — the per-request
// cost of a rolec decision must not grow with the number of roles (issue 12). Counted in
// key comparisons (the VM's rolec_vm_lookup_steps export), not timed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Policy } from '../../../src/regowasm/plan/ir.ts';
import { Strings, L, emitResult, policy, loadSync, type LoadedPolicy } from './helpers.ts';

/** "t/get" = data.table[input.key]; "t/keys" = count(data.table). */
function lookupPolicy(): Policy {
  const S = new Strings();
  return policy(S, {
    't/get': { locals: 6, blocks: [[
      { op: 'Dot', source: L(1), key: S.str('table'), target: 2 },
      { op: 'Dot', source: L(0), key: S.str('key'), target: 3 },
      { op: 'Dot', source: L(2), key: L(3), target: 4 },
      ...emitResult(S, 4, 5),
    ]] },
  });
}

const steps = (p: LoadedPolicy) => (p as unknown as { wasmInstance: { exports: { rolec_vm_lookup_steps(): number } } }).wasmInstance.exports.rolec_vm_lookup_steps();

/** The value of data.table[key] (undefined when absent) and the key comparisons it took. */
function lookup(p: LoadedPolicy, key: unknown): { value: unknown; steps: number } {
  const before = steps(p);
  const rs = p.evaluate({ key }, 't/get') as { result: unknown }[];
  return { value: rs.length === 0 ? undefined : rs[0]!.result, steps: steps(p) - before };
}

function tableOf(keys: string[]): Record<string, number> {
  return Object.fromEntries(keys.map((k, i) => [k, i]));
}

describe('object lookup (hash index of parsed objects)', () => {
  it('takes as many key comparisons at 100,000 keys as at 100, present or absent', () => {
    const costs: number[][] = [];
    for (const n of [100, 10_000, 100_000]) {
      const p = loadSync(lookupPolicy());
      p.setData({ table: tableOf(Array.from({ length: n }, (_, i) => `team_${i}`)) });
      const probes = ['team_0', `team_${n >> 1}`, `team_${n - 1}`, 'team_x', 'zzz', ''];
      const row = probes.map((k) => {
        const r = lookup(p, k);
        expect(r.value).toBe(k.startsWith('team_') && k !== 'team_x' ? Number(k.slice(5)) : undefined);
        return r.steps;
      });
      costs.push(row);
    }
    // data.table and input.key are one-key objects (one comparison each); the table
    // lookup itself is one comparison for a present key, at most one for an absent one.
    for (const row of costs) for (const c of row) expect(c).toBeLessThanOrEqual(3);
    expect(costs[2]).toEqual(costs[0]);
  });

  it('small objects (binary search) and non-string keys still work', () => {
    const p = loadSync(lookupPolicy());
    p.setData({ table: { a: 1, b: 2, '1': 3 } });
    expect(lookup(p, 'b').value).toBe(2);
    expect(lookup(p, 'c').value).toBeUndefined();
    expect(lookup(p, 1).value).toBeUndefined(); // the number 1 is not the key "1"
    const big = loadSync(lookupPolicy());
    big.setData({ table: tableOf(Array.from({ length: 40 }, (_, i) => String(i))) });
    expect(lookup(big, '7').value).toBe(7);
    expect(lookup(big, 7).value).toBeUndefined();
    expect(lookup(big, null).value).toBeUndefined();
  });

  it('finds exactly the keys the object has (property: any strings, shared prefixes, non-BMP)', () => {
    const key = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.nat(300).map((i) => `role_${i}`));
    fc.assert(
      fc.property(fc.uniqueArray(key, { minLength: 0, maxLength: 120 }), fc.array(key, { maxLength: 20 }), (keys, others) => {
        const p = loadSync(lookupPolicy());
        const table = tableOf(keys);
        p.setData({ table });
        for (const k of [...keys, ...others]) {
          const expected = Object.prototype.hasOwnProperty.call(table, k) ? table[k] : undefined;
          expect(lookup(p, k).value).toBe(expected);
        }
      }),
      { numRuns: 60 },
    );
  });
});
