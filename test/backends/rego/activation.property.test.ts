/**
 * Property: role activation — includes DAGs with role-level `where` guards, held through
 * request roles — is decided identically by the Rego and the Cedar bundles of random
 * policy sets (both compiled from the same IR, both on their real engines). The reasons
 * (one cluster permission per role) reveal exactly which roles were active.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCedar } from '../../../src/backends/cedar/compile.ts';
import { CedarEngine } from '../../../src/engines/cedar.ts';
import { nodeCedar } from '../../../src/backends/cedar/wasm-node.ts';
import type { Request } from '../../../src/request/types.ts';
import type { Cond, RoleIR } from '../../../src/semantics/ir.ts';
import { compiler, engineFor } from './engine-for.ts';
import { attr, loc, policySet } from './ir-builders.ts';

const FLAGS = ['c0', 'c1', 'c2'];
const flag = (name: string): Cond => ({ kind: 'truthy', expr: attr('context', name, 'Bool') });

const setArb = fc
  .integer({ min: 2, max: 6 })
  .chain((n) =>
    fc.tuple(
      fc.constant(n),
      // includes: role i may include any role j < i (acyclic by construction)
      fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 8 }),
      // role-level where: none, a flag, or a negated flag
      fc.array(fc.oneof(fc.constant(undefined), fc.constantFrom(...FLAGS).map(flag), fc.constantFrom(...FLAGS).map((f): Cond => ({ kind: 'not', arg: flag(f) }))), { minLength: n, maxLength: n }),
    ),
  )
  .map(([n, edges, wheres]) => {
    const roles: RoleIR[] = [];
    for (let i = 0; i < n; i++) {
      const name = `r${i}`;
      const includes = [...new Set(edges.filter(([a, b]) => a === i && b < i).map(([, b]) => `r${b}`))].sort();
      const role: RoleIR = {
        name,
        builtin: false,
        loc: loc('p.role', 10 * i + 1),
        id: `p.role:${10 * i + 1}:${name}`,
        metadata: {},
        includes,
        permissions: [{ kind: 'cluster', id: `p.role:${10 * i + 2}:${name}`, loc: loc('p.role', 10 * i + 2, 3), privileges: ['monitor'] }],
      };
      if (wheres[i]) role.where = wheres[i];
      roles.push(role);
    }
    return policySet({ roles, schema: { user: [], document: [], context: FLAGS.map((name) => ({ name, type: 'Bool' as const, optional: false })) } });
  });

const requestArb = (n: number) =>
  fc.record({
    roles: fc.subarray(Array.from({ length: n }, (_, i) => `r${i}`)),
    flags: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
  }).map(({ roles, flags }): Request => ({
    principal: { type: 'user', id: 'u', roles },
    action: 'monitor',
    resource: { type: 'cluster' },
    context: Object.fromEntries(FLAGS.map((f, i) => [f, flags[i]!])),
  }));

describe.skipIf(!compiler)('role activation', () => {
  it('Rego and Cedar activate the same roles on random include DAGs with guards', async () => {
    await fc.assert(
      fc.asyncProperty(setArb, async (ir) => {
        const n = ir.roles.filter((r) => !r.builtin).length;
        const rego = await engineFor(ir);
        const cedar = CedarEngine.fromBundle(compileCedar(ir), nodeCedar);
        for (const r of fc.sample(requestArb(n), { numRuns: 12, seed: n })) {
          const c = cedar.evaluate(r);
          expect(c.ok).toBe(true);
          expect(rego.evaluate(r)).toEqual(c);
        }
      }),
      { numRuns: 15, seed: 11 },
    );
  });
});
