/**
 * Property: random type-correct conditions over optional and required attributes — used
 * as a `documents where` grant, a role-level `where`, and a `deny … when`/`unless` —
 * decide identically in the Rego and the Cedar bundles on requests where each optional
 * attribute is present or absent. This exercises the three-valued lowering
 * (semantics/kleene.ts) as each backend spells it: presence tests, helper rules for
 * disjunctions and negations, sets compared as sets, wildcards, CIDR ranges.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCedar } from '../../../src/backends/cedar/compile.ts';
import { CedarEngine } from '../../../src/engines/cedar.ts';
import { nodeCedar } from '../../../src/backends/cedar/wasm-node.ts';
import type { AttrValue, Request } from '../../../src/request/types.ts';
import type { AttrType, Cond, ValueExpr } from '../../../src/semantics/ir.ts';
import { compiler, engineFor } from './engine-for.ts';
import { loc, policySet } from './ir-builders.ts';

type Scope = 'user' | 'document' | 'context';
const A = (scope: Scope, name: string, type: AttrType, optional: boolean): ValueExpr => ({ kind: 'attr', scope, name, type, optional });

const US = A('user', 'us', 'String', true);
const UN = A('user', 'un', 'Long', false);
const UT = A('user', 'ut', 'Set<String>', true);
const DS = A('document', 'ds', 'String', false);
const DN = A('document', 'dn', 'Long', true);
const DT = A('document', 'dt', 'Set<String>', false);
const CB = A('context', 'cb', 'Bool', true);
const CIP = A('context', 'cip', 'IpAddr', true);

const str = fc.constantFrom('a', 'b', 'a.b').map((value): ValueExpr => ({ kind: 'string', value }));
const long = fc.integer({ min: 0, max: 3 }).map((value): ValueExpr => ({ kind: 'long', value }));
const strSet = fc.subarray(['a', 'b', 'c']).map((values): ValueExpr => ({ kind: 'set', elemType: 'String', values }));
const strOperand = fc.oneof(fc.constant(US), fc.constant(DS), str);
const longOperand = fc.oneof(fc.constant(UN), fc.constant(DN), long);
const setOperand = fc.oneof(fc.constant(UT), fc.constant(DT), strSet);

const atom: fc.Arbitrary<Cond> = fc.oneof(
  fc.tuple(fc.constantFrom('==' as const, '!=' as const), strOperand, strOperand).map(([op, left, right]): Cond => ({ kind: 'compare', op, left, right })),
  fc.tuple(fc.constantFrom('==' as const, '!=' as const, '<' as const, '<=' as const, '>' as const, '>=' as const), longOperand, longOperand).map(([op, left, right]): Cond => ({ kind: 'compare', op, left, right })),
  fc.tuple(fc.constantFrom('==' as const, '!=' as const), setOperand, setOperand).map(([op, left, right]): Cond => ({ kind: 'compare', op, left, right })),
  fc.tuple(strOperand, setOperand).map(([elem, set]): Cond => ({ kind: 'in', elem, set })),
  fc.tuple(setOperand, strOperand).map(([set, arg]): Cond => ({ kind: 'setop', op: 'contains', set, arg })),
  fc.tuple(fc.constantFrom('containsAll' as const, 'containsAny' as const), setOperand, setOperand).map(([op, set, arg]): Cond => ({ kind: 'setop', op, set, arg })),
  setOperand.map((set): Cond => ({ kind: 'isEmpty', set })),
  fc.tuple(fc.constantFrom(US, DS), fc.constantFrom('a*', '*b', 'a.*', '*')).map(([expr, pattern]): Cond => ({ kind: 'like', expr, pattern })),
  fc.constantFrom(US, UT, DN, CB, CIP).map((operand): Cond => ({ kind: 'has', operand: operand as Extract<ValueExpr, { kind: 'attr' }> })),
  fc.constant<Cond>({ kind: 'truthy', expr: CB }),
  fc.constantFrom('10.0.0.0/8', '10.1.2.3').map((cidr): Cond => ({ kind: 'isInRange', expr: CIP, range: { kind: 'ip', cidr } })),
);

const cond: fc.Arbitrary<Cond> = fc.letrec<{ c: Cond }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.array(tie('c'), { minLength: 2, maxLength: 3 }).map((args): Cond => ({ kind: 'and', args })),
    fc.array(tie('c'), { minLength: 2, maxLength: 3 }).map((args): Cond => ({ kind: 'or', args })),
    tie('c').map((arg): Cond => ({ kind: 'not', arg })),
  ),
})).c;

/** Conditions on user/context attributes only (a role-level where reads no document). */
function readsDocument(c: Cond): boolean {
  return JSON.stringify(c).includes('"scope":"document"');
}

const maybe = <T,>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const requestArb = fc
  .record({
    us: maybe(fc.constantFrom('a', 'b', 'a.b', 'ab')),
    un: fc.integer({ min: 0, max: 3 }),
    ut: maybe(fc.subarray(['a', 'b', 'c', 'a'])),
    ds: fc.constantFrom('a', 'b', 'a.b', 'xb'),
    dn: maybe(fc.integer({ min: 0, max: 3 })),
    dt: fc.subarray(['a', 'b', 'c']),
    cb: maybe(fc.boolean()),
    cip: maybe(fc.constantFrom('10.1.2.3', '192.168.0.1', '10.0.0.0/16')),
    type: fc.constantFrom('document' as const, 'index' as const),
  })
  .map((v): Request => {
    const pick = (o: Record<string, AttrValue | undefined>) =>
      Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as Record<string, AttrValue>;
    return {
      principal: { type: 'user', id: 'u', attributes: pick({ us: v.us, un: v.un, ut: v.ut }) },
      action: 'read',
      resource: v.type === 'document' ? { type: 'document', index: 'i1', attributes: pick({ ds: v.ds, dn: v.dn, dt: v.dt }) } : { type: 'index', index: 'i1' },
      context: pick({ cb: v.cb, cip: v.cip }),
    };
  });

describe.skipIf(!compiler)('conditions', () => {
  it('Rego and Cedar agree on random conditions with present and absent attributes', async () => {
    const setup = fc.tuple(cond, cond, cond, fc.constantFrom('when' as const, 'unless' as const));
    let allowed = 0;
    let denied = 0;
    await fc.assert(
      fc.asyncProperty(setup, async ([documents, roleWhere, denyCond, mode]) => {
        const ir = policySet({
          schema: {
            user: [
              { name: 'un', type: 'Long', optional: false },
              { name: 'us', type: 'String', optional: true },
              { name: 'ut', type: 'Set<String>', optional: true },
            ],
            document: [
              { name: 'dn', type: 'Long', optional: true },
              { name: 'ds', type: 'String', optional: false },
              { name: 'dt', type: 'Set<String>', optional: false },
            ],
            context: [
              { name: 'cb', type: 'Bool', optional: true },
              { name: 'cip', type: 'IpAddr', optional: true },
            ],
          },
          roles: [
            {
              name: 'r',
              builtin: false,
              loc: loc('c.role', 1),
              id: 'c.role:1:r',
              metadata: {},
              includes: [],
              ...(readsDocument(roleWhere) ? {} : { where: roleWhere }),
              permissions: [{ kind: 'index', id: 'c.role:2:r', loc: loc('c.role', 2, 3), names: { patterns: ['i*'], except: [] }, privileges: ['read'], documents }],
            },
          ],
          denies: [{ name: 'd', id: 'c.role:5:d', loc: loc('c.role', 5), target: { kind: 'index', names: { patterns: ['i1'], except: [] }, privileges: ['write'] }, overlapping: ['all', 'write'], condition: { mode, cond: denyCond } }],
          assignments: [{ id: 'c.role:9:user:u', loc: loc('c.role', 9), holder: { kind: 'principal', id: 'c.role:9:user:u', principalType: 'user', principalId: 'u' }, roles: ['r'] }],
        });
        const rego = await engineFor(ir);
        const cedar = CedarEngine.fromBundle(compileCedar(ir), nodeCedar);
        for (const base of fc.sample(requestArb, { numRuns: 16, seed: 3 })) {
          for (const action of ['read', 'write']) {
            const r = { ...base, action };
            const c = cedar.evaluate(r);
            expect(c.ok).toBe(true);
            expect([JSON.stringify(r), rego.evaluate(r)]).toEqual([JSON.stringify(r), c]);
            if (c.ok && c.decision.decision === 'allow') allowed++;
            if (c.ok && c.decision.deniedBy.length > 0) denied++;
          }
        }
      }),
      { numRuns: 15, seed: 99 },
    );
    expect(allowed).toBeGreaterThan(20);
    expect(denied).toBeGreaterThan(20);
  });
});
