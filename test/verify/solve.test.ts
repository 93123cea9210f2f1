/**
 * The solving loop (solve.ts) on small questions: a proof in one batched propositional call,
 * a spurious abstract answer refuted exactly, witnesses per class up to a cap, a diff of
 * identical versions that folds away without Z3, the timeout as a budget; and the helpers
 * it relies on — hash-consed specialization (specialize.ts) and strings chosen for pinned
 * atoms (realise-strings.ts).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { wildcardMatch } from '../../src/semantics/patterns.ts';
import { checkSources } from '../../src/semantics/index.ts';
import { solve, solveMany } from '../../src/verify/solve.ts';
import { Specializer } from '../../src/verify/specialize.ts';
import { realiseString, stringConstraintsOf } from '../../src/verify/realise-strings.ts';
import { semanticDiff } from '../../src/verify/queries.ts';
import { Evaluator } from '../../src/verify/eval.ts';
import { and, Defs, eq, int, not, or, str, v, type Term } from '../../src/verify/term.ts';
import type { Problem } from '../../src/verify/prove.ts';

const x = v('x', 'String');
const n = v('n', 'Int');
const rtype = v('r.type', 'Int');
const like = (arg: Term, pattern: string): Term => ({ op: 'like', arg, pattern });

/** A question over x and n, split by r.type ∈ {0, 1} (no actions). */
function problem(goal: Term, defs = new Defs(), extra: Partial<Problem> = {}): Problem {
  return {
    defs,
    given: [or(eq(rtype, int(0)), eq(rtype, int(1)))],
    goal,
    variables: new Map([['x', 'String'], ['n', 'Int'], ['r.type', 'Int']] as const),
    actionsOf: () => undefined,
    ...extra,
  };
}

describe('solve', () => {
  it('proves an equivalence of two differently built terms in one propositional call', async () => {
    const d = new Defs();
    const left = d.define('left', or(like(x, 'logs-*'), eq(x, str('audit'))));
    const right = d.define('right', or(eq(str('audit'), x), like(x, 'logs-*')));
    const r = await solve(problem(or(and(left, not(right)), and(right, not(left))), d));
    expect(r.status).toBe('unsat');
    expect(r.stats).toMatchObject({ abstractCalls: 1, exactCalls: 0 });
  }, 60_000);

  it('principal.type compared with both literals and the Bool it is read from: one propositional call', async () => {
    const user = v('p.user', 'Bool');
    const type: Term = { op: 'ite', cond: user, then: str('user'), else: str('api_key') };
    // IR-like: "an api key holder"; target-like: "principal.type is not user, is api_key".
    const ir = and(not(user), eq(x, str('k')));
    const target = and(not(eq(type, str('user'))), eq(type, str('api_key')), eq(x, str('k')));
    const variables = new Map([['x', 'String'], ['n', 'Int'], ['r.type', 'Int'], ['p.user', 'Bool']] as const);
    const r = await solve(problem(or(and(ir, not(target)), and(target, not(ir)), and(not(eq(type, str('user'))), not(eq(type, str('api_key'))))), new Defs(), { variables }));
    expect(r.status).toBe('unsat');
    expect(r.stats).toMatchObject({ abstractCalls: 1, exactCalls: 0 });
  }, 60_000);

  it('refutes a spurious abstract answer exactly (no lemma relates length and literal)', async () => {
    const goal = and(eq(x, str('abc')), { op: 'lt', left: { op: 'strlen', arg: x }, right: int(2) });
    const r = await solve(problem(goal));
    expect(r.status).toBe('unsat');
    expect(r.stats!.exactCalls).toBeGreaterThan(0);
  }, 60_000);

  it('a widened pattern: the pattern lemma makes "old matches, new does not" propositionally impossible', async () => {
    const r = await solve(problem(and(like(x, 'x-*'), not(like(x, 'x*')))));
    expect(r.status).toBe('unsat');
    expect(r.stats).toMatchObject({ exactCalls: 0 });
    const w = await solve(problem(and(like(x, 'x*'), not(like(x, 'x-*')))));
    expect(w.status).toBe('sat');
    if (w.status !== 'sat') return;
    const s = w.witness.get('x') as string;
    expect(wildcardMatch('x*', s) && !wildcardMatch('x-*', s)).toBe(true);
  }, 60_000);

  it('finds one witness per class up to the cap, then says whether more exist', async () => {
    const goal = or(eq(n, int(1)), eq(n, int(2)), eq(n, int(3)));
    const exclude = (w: ReadonlyMap<string, unknown>) => not(eq(n, int(w.get('n') as bigint)));
    const all = await solveMany(problem(goal), { max: 10, exclude });
    // Three values of n in each of the two parts.
    expect(all.status).toBe('complete');
    expect(all.witnesses.map((w) => `${w.get('r.type')}:${w.get('n')}`).sort()).toEqual(['0:1', '0:2', '0:3', '1:1', '1:2', '1:3']);
    const capped = await solveMany(problem(goal), { max: 2, exclude });
    expect(capped.status).toBe('truncated');
    expect(capped.witnesses).toHaveLength(2);
  }, 60_000);

  it('a timeout is a budget for the whole question', async () => {
    const r = await solve(problem(like(x, 'a*'), new Defs(), { timeoutMs: 0 }));
    expect(r.status).toBe('unknown');
  }, 60_000);
});

describe('a diff of identical versions folds away without Z3', () => {
  it('every part is false after hash-consed specialization', async () => {
    const text = 'role r { index "logs-*" privileges read  cluster monitor }\nuser "u" roles r\ndeny d { index "logs-secret*" privileges all unless context.mfa }\nschema { context { mfa: Bool } }\n';
    const ir = () => checkSources([{ path: 'a.role', text }]).ir!;
    const d = await semanticDiff(ir(), ir());
    expect(d.equivalent).toBe(true);
    expect(d.stats.folded).toBe(d.stats.parts);
    expect(d.stats.abstractCalls + d.stats.exactCalls).toBe(0);
  }, 60_000);
});

describe('Specializer', () => {
  it('gives equal specialized bodies one definition, and folds x ∧ ¬x', () => {
    const defs = new Defs();
    const a = defs.define('a', and(like(x, 'p*'), or(eq(rtype, int(0)), eq(n, int(1)))));
    const b = defs.define('b', and(like(x, 'p*'), or(eq(rtype, int(0)), eq(n, int(2)))));
    const sp = new Specializer(defs, new Map([['r.type', 0n]]));
    expect(sp.term(a)).toEqual(sp.term(b));
    expect(sp.term(and(a, not(b)))).toEqual({ op: 'bool', value: false });
    // Not where they differ.
    const other = new Specializer(defs, new Map([['r.type', 1n]]));
    expect(other.term(a)).not.toEqual(other.term(b));
  });

  it('abstracts a literal equality to an atom shared by both orientations', () => {
    const sp = new Specializer(new Defs(), new Map(), { abstractAtoms: true });
    const one = sp.term(eq(x, str('a')));
    expect(one.op).toBe('var');
    expect(sp.term(eq(str('a'), x))).toEqual(one);
    expect(sp.term(like(x, 'a'))).toEqual(one);
  });

  it('reads a literal chosen by a Bool (principal.type) as that Bool, not as a string atom', () => {
    const user = v('p.user', 'Bool');
    const type: Term = { op: 'ite', cond: user, then: str('user'), else: str('api_key') };
    const sp = new Specializer(new Defs(), new Map(), { abstractAtoms: true });
    expect(sp.term(eq(type, str('user')))).toEqual(user);
    expect(sp.term(eq(str('api_key'), type))).toEqual(not(user));
    expect(sp.term(eq(type, str('group')))).toEqual({ op: 'bool', value: false });
    expect(sp.atoms.size).toBe(0);
  });

  it('folding a choice between literals keeps the value on every assignment', () => {
    const lit = fc.oneof(fc.constantFrom('a', 'b', 'c').map(str), fc.constantFrom(0n, 1n, 2n).map(int));
    fc.assert(
      fc.property(lit, lit, lit, fc.boolean(), fc.boolean(), (a, b, c, flip, value) => {
        if (a.op !== b.op || c.op !== a.op) return; // well-sorted only
        const cond = v('c', 'Bool');
        const choice: Term = { op: 'ite', cond, then: a, else: b };
        const t = flip ? eq(c, choice) : eq(choice, c);
        const sp = new Specializer(new Defs(), new Map(), { abstractAtoms: true });
        const folded = sp.term(t);
        expect(sp.atoms.size).toBe(0);
        const assignment = new Map([['c', value]]);
        expect(new Evaluator(new Defs(), assignment).bool(folded)).toBe(new Evaluator(new Defs(), assignment).bool(t));
      }),
    );
  });
});

describe('realiseString', () => {
  const pattern = fc.array(fc.constantFrom('a', 'b', '-', '*'), { minLength: 1, maxLength: 4 }).map((cs) => cs.join(''));
  it('whatever it returns meets every constraint', () => {
    fc.assert(
      fc.property(fc.array(pattern, { maxLength: 3 }), fc.array(pattern, { maxLength: 3 }), fc.array(fc.constantFrom('', 'a', 'ab'), { maxLength: 2 }), (matches, avoids, differs) => {
        const s = realiseString({ matches, avoids, differs });
        if (s === undefined) return;
        expect(matches.every((p) => wildcardMatch(p, s))).toBe(true);
        expect(avoids.some((p) => wildcardMatch(p, s))).toBe(false);
        expect(differs).not.toContain(s);
      }),
      { numRuns: 1000, seed: 16 },
    );
  });

  it('finds the obvious strings', () => {
    expect(realiseString({ matches: ['x*'], avoids: ['x-*'], differs: [] })).toBe('x');
    expect(realiseString({ matches: ['logs-*', 'logs-team1-*'], avoids: ['logs-team1-internal-*'], differs: [''] })).toBe('logs-team1-');
    expect(realiseString({ matches: [], avoids: [], differs: [''] })).toBe('a');
  });

  it('reads pinned literals per variable, leaving out variables other atoms read', () => {
    const y = v('y', 'String');
    const pins: Term[] = [like(x, 'a*'), not(eq(x, str(''))), not(like(x, 'ab*')), eq(y, str('q')), { op: 'lt', left: { op: 'strlen', arg: y }, right: int(3) }];
    const c = stringConstraintsOf(pins);
    expect([...c.keys()]).toEqual(['x']);
    const s = realiseString(c.get('x')!)!;
    expect(new Evaluator(new Defs(), new Map([['x', s]])).bool(and(like(x, 'a*'), not(like(x, 'ab*')), not(eq(x, str('')))))).toBe(true);
  });
});
