/**
 * Three-valued logic, end to end on Cedar: for random conditions and random requests
 * (optional attributes present or absent, document attributes absent on non-document
 * requests), a grant applies iff a reference Kleene evaluator of the IR condition says
 * *true*, and a deny fires iff it says *true or unknown* (`when`) / *false or unknown*
 * (`unless`) — language.md §4.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCedar, validateCedar } from '../../../src/backends/cedar/compile.ts';
import { CedarEngine } from '../../../src/engines/cedar.ts';
import { nodeCedar } from '../../../src/backends/cedar/wasm-node.ts';
import type { Cond, SchemaIR, ValueExpr } from '../../../src/semantics/ir.ts';
import type { Request } from '../../../src/request/types.ts';
import * as F from './ir-fixtures.ts';

const schema: SchemaIR = {
  user: [
    { name: 'n', type: 'Long', optional: false },
    { name: 'on', type: 'Bool', optional: true },
    { name: 'opt', type: 'Long', optional: true },
    { name: 's', type: 'String', optional: false },
    { name: 'tags', type: 'Set<String>', optional: false },
  ],
  document: [
    { name: 'level', type: 'Long', optional: false },
    { name: 'owner', type: 'String', optional: true },
  ],
  context: [{ name: 'ip', type: 'IpAddr', optional: false }],
};
const at = (scope: 'user' | 'document' | 'context', name: string): Extract<ValueExpr, { kind: 'attr' }> => {
  const a = schema[scope].find((x) => x.name === name)!;
  return { kind: 'attr', scope, name, type: a.type, optional: a.optional };
};

const small = fc.integer({ min: -2, max: 3 });
const word = fc.constantFrom('a', 'b', 'ab', 'a*', '');
const atomArb: fc.Arbitrary<Cond> = fc.oneof(
  fc.tuple(fc.constantFrom('==', '!=', '<', '<=', '>', '>=' as const), fc.constantFrom('n', 'opt'), small).map(
    ([op, name, v]): Cond => ({ kind: 'compare', op: op as '==', left: at('user', name), right: { kind: 'long', value: v } }),
  ),
  fc.constant<Cond>({ kind: 'compare', op: '<=', left: at('document', 'level'), right: at('user', 'n') }),
  fc.constant<Cond>({ kind: 'compare', op: '==', left: at('document', 'owner'), right: at('user', 's') }),
  fc.constant<Cond>({ kind: 'truthy', expr: at('user', 'on') }),
  word.map((w): Cond => ({ kind: 'in', elem: { kind: 'string', value: w }, set: at('user', 'tags') })),
  fc.array(word, { maxLength: 2 }).map((ws): Cond => ({ kind: 'setop', op: 'containsAny', set: at('user', 'tags'), arg: { kind: 'set', elemType: 'String', values: [...new Set(ws)] } })),
  fc.constant<Cond>({ kind: 'isEmpty', set: at('user', 'tags') }),
  fc.constantFrom('a*', '*b', 'ab', '*').map((p): Cond => ({ kind: 'like', expr: at('user', 's'), pattern: p })),
  fc.constantFrom('opt', 'on').map((name): Cond => ({ kind: 'has', operand: at('user', name) })),
  fc.constant<Cond>({ kind: 'has', operand: at('document', 'owner') }),
  fc.constantFrom('10.0.0.0/8', '192.168.0.0/16').map((cidr): Cond => ({ kind: 'isInRange', expr: at('context', 'ip'), range: { kind: 'ip', cidr } })),
);
const condArb: fc.Arbitrary<Cond> = fc.letrec<{ c: Cond }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atomArb,
    fc.array(tie('c'), { minLength: 2, maxLength: 3 }).map((args): Cond => ({ kind: 'and', args })),
    fc.array(tie('c'), { minLength: 2, maxLength: 3 }).map((args): Cond => ({ kind: 'or', args })),
    tie('c').map((arg): Cond => ({ kind: 'not', arg })),
  ),
})).c;

type Env = { user: Record<string, unknown>; document?: Record<string, unknown>; context: Record<string, unknown> };
const envArb: fc.Arbitrary<Env> = fc.record({
  user: fc.record(
    { n: small, s: word, tags: fc.uniqueArray(word, { maxLength: 2 }), on: fc.boolean(), opt: small },
    { requiredKeys: ['n', 's', 'tags'] },
  ),
  document: fc.option(fc.record({ level: small, owner: word }, { requiredKeys: ['level'] }), { nil: undefined }),
  context: fc.record({ ip: fc.constantFrom('10.1.2.3', '192.168.1.1', '8.8.8.8') }),
});

/** Reference: Kleene evaluation; undefined = unknown. */
function val(e: ValueExpr, env: Env): unknown {
  switch (e.kind) {
    case 'attr':
      return e.scope === 'document' ? env.document?.[e.name] : env[e.scope][e.name];
    case 'set':
      return e.values;
    case 'ip':
      return e.cidr;
    case 'prop':
      throw new Error('not generated');
    default:
      return e.value;
  }
}
function inRange(ip: string, cidr: string): boolean {
  const prefix = cidr.startsWith('10.') ? '10.' : '192.168.';
  return ip.startsWith(prefix);
}
function likes(s: string, p: string): boolean {
  return new RegExp(`^${p.split('*').map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's').test(s);
}
function ref(c: Cond, env: Env): boolean | undefined {
  const vals = (...es: ValueExpr[]) => es.map((e) => val(e, env));
  switch (c.kind) {
    case 'const':
      return c.value;
    case 'has':
      return val(c.operand, env) !== undefined;
    case 'and': {
      const r = c.args.map((a) => ref(a, env));
      return r.includes(false) ? false : r.includes(undefined) ? undefined : true;
    }
    case 'or': {
      const r = c.args.map((a) => ref(a, env));
      return r.includes(true) ? true : r.includes(undefined) ? undefined : false;
    }
    case 'not': {
      const r = ref(c.arg, env);
      return r === undefined ? undefined : !r;
    }
    default: {
      const parts: Record<string, () => unknown[]> = {
        compare: () => vals((c as { left: ValueExpr }).left, (c as { right: ValueExpr }).right),
        truthy: () => vals((c as { expr: ValueExpr }).expr),
        in: () => vals((c as { elem: ValueExpr }).elem, (c as { set: ValueExpr }).set),
        setop: () => vals((c as { set: ValueExpr }).set, (c as { arg: ValueExpr }).arg),
        isEmpty: () => vals((c as { set: ValueExpr }).set),
        like: () => vals((c as { expr: ValueExpr }).expr),
        isInRange: () => vals((c as { expr: ValueExpr }).expr, (c as { range: ValueExpr }).range),
      };
      const v = parts[c.kind]!();
      if (v.some((x) => x === undefined)) return undefined;
      switch (c.kind) {
        case 'compare': {
          const [l, r] = v as [number, number];
          return { '==': l === r, '!=': l !== r, '<': l < r, '<=': l <= r, '>': l > r, '>=': l >= r }[c.op];
        }
        case 'truthy':
          return v[0] === true;
        case 'in':
          return (v[1] as unknown[]).includes(v[0]);
        case 'setop':
          return (v[1] as unknown[]).some((x) => (v[0] as unknown[]).includes(x));
        case 'isEmpty':
          return (v[0] as unknown[]).length === 0;
        case 'like':
          return likes(v[0] as string, c.pattern);
        case 'isInRange':
          return inRange(v[0] as string, v[1] as string);
      }
    }
  }
}

function request(env: Env, roles: string[]): Request {
  return {
    principal: { type: 'user', id: 'u', roles, attributes: env.user as never },
    action: 'read',
    resource: env.document ? { type: 'document', index: 'i-1', attributes: env.document as never } : { type: 'index', index: 'i-1' },
    context: env.context as never,
  };
}

describe('Kleene semantics on Cedar', () => {
  it('grants need true; denies fire on true-or-unknown (when) and false-or-unknown (unless)', () => {
    fc.assert(
      fc.property(condArb, fc.array(envArb, { minLength: 4, maxLength: 4 }), (cond, envs) => {
        const guarded = F.role('guarded', [F.index(['i-*'], ['read'])], { where: cond });
        const docs = F.role('docs', [F.index(['i-*'], ['read'], { documents: cond })]);
        const target = { kind: 'index' as const, names: { patterns: ['i-*'], except: [] }, privileges: ['read'] };
        const when = F.deny('when_deny', target, { condition: { mode: 'when', cond }, forRole: 'probe_when' });
        const unless = F.deny('unless_deny', target, { condition: { mode: 'unless', cond }, forRole: 'probe_unless' });
        const probes = [F.role('probe_when', []), F.role('probe_unless', [])];
        const ir = F.policySet({ roles: [guarded, docs, ...probes], denies: [when, unless], schema });
        const bundle = compileCedar(ir);
        expect(validateCedar(bundle, nodeCedar)).toEqual([]);
        const engine = CedarEngine.fromBundle(bundle, nodeCedar);
        for (const env of envs) {
          const r = ref(cond, env);
          const decide = (roles: string[]) => {
            const a = engine.evaluate(request(env, roles));
            if (!a.ok) throw new Error(a.error.message);
            return a.decision;
          };
          // role-level where: a grant needs true
          expect(decide(['guarded']).decision).toBe(r === true ? 'allow' : 'deny');
          // documents where: only on a document request, and needs true there
          expect(decide(['docs']).decision).toBe(!env.document || r === true ? 'allow' : 'deny');
          // denies fail closed
          expect(decide(['superuser', 'probe_when']).deniedBy.length > 0).toBe(r !== false);
          expect(decide(['superuser', 'probe_unless']).deniedBy.length > 0).toBe(r !== true);
        }
      }),
      { numRuns: 60, seed: 11 },
    );
  });
});
