/**
 * The facts the propositional check is given (atom-lemmas.ts) are true of every request —
 * otherwise the abstraction would stop over-approximating and a "proof" could be wrong —
 * and the pattern tests they rest on are exact. Checked against enumeration of all short
 * strings over a small alphabet, and by evaluating every lemma on random values.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { wildcardMatch } from '../../src/semantics/patterns.ts';
import { atMostOne, commonWord, patternIncludes, patternLemmas } from '../../src/verify/atom-lemmas.ts';
import { Evaluator, type Value } from '../../src/verify/eval.ts';
import { Defs, int, not, str, TRUE, v, type Term } from '../../src/verify/term.ts';
import { solveWhole } from '../../src/verify/prove.ts';

const ALPHABET = ['a', 'b', '-'];
/** Every string over ALPHABET up to length 5. */
const WORDS: string[] = [''];
for (let i = 0; WORDS[i]!.length < 5; i++) for (const c of ALPHABET) WORDS.push(WORDS[i] + c);

const pattern = fc.array(fc.constantFrom('a', 'b', '-', '*'), { minLength: 1, maxLength: 5 }).map((cs) => cs.join(''));

describe('pattern tests', () => {
  it('inclusion is exact: included ⇔ no short word matches p and not q', () => {
    fc.assert(
      fc.property(pattern, pattern, (p, q) => {
        const counter = WORDS.find((w) => wildcardMatch(p, w) && !wildcardMatch(q, w));
        if (patternIncludes(p, q)) expect(counter).toBeUndefined();
        // Not included: p with its `*`s filled by a character q lacks is a word of p, not of q.
        else expect(wildcardMatch(q, p.split('*').join('z'))).toBe(false);
      }),
      { numRuns: 2000, seed: 13 },
    );
  });

  it('commonWord matches both patterns, and is undefined only when no short word does', () => {
    fc.assert(
      fc.property(pattern, pattern, (p, q) => {
        const w = commonWord(p, q);
        if (w !== undefined) {
          expect(wildcardMatch(p, w)).toBe(true);
          expect(wildcardMatch(q, w)).toBe(true);
        } else expect(WORDS.find((x) => wildcardMatch(p, x) && wildcardMatch(q, x))).toBeUndefined();
      }),
      { numRuns: 2000, seed: 14 },
    );
  });

  it('knows the widened-grant case', () => {
    expect(patternIncludes('x-*', 'x*')).toBe(true);
    expect(patternIncludes('x*', 'x-*')).toBe(false);
    expect(commonWord('logs-team1-*', 'logs-team12-*')).toBeUndefined();
    expect(patternIncludes('logs-team1-internal-*', 'logs-team1-*')).toBe(true);
  });
});

/** The value of every atom Bool (and the at-most-one counters) for concrete values. */
function atomValues(atoms: { atom: Term; term: Term }[], env: Map<string, Value>): Map<string, Value> {
  const out = new Map(env);
  const ev = new Evaluator(new Defs(), env);
  for (const { atom, term } of atoms) out.set((atom as { name: string }).name, ev.bool(term));
  return out;
}

describe('atom lemmas hold for every value', () => {
  it('patterns, literals and integer bounds on random values', async () => {
    const x = v('x', 'String');
    const n = v('n', 'Int');
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(pattern, { minLength: 1, maxLength: 6 }),
        fc.uniqueArray(fc.constantFrom('', 'a', 'ab', 'a-', 'b-a', '--'), { maxLength: 3 }),
        fc.array(fc.tuple(fc.constantFrom('lt', 'le'), fc.boolean(), fc.integer({ min: -3, max: 3 })), { maxLength: 6 }),
        fc.uniqueArray(fc.integer({ min: -3, max: 3 }), { maxLength: 3 }),
        fc.constantFrom(...WORDS.slice(0, 200)),
        fc.integer({ min: -5, max: 5 }),
        async (patterns, strLits, orders, intLits, xValue, nValue) => {
          let k = 0;
          const fresh = (): Term => v(`atom!${k++}`, 'Bool');
          const atoms = [
            ...patterns.filter((p) => p.includes('*') && p !== '*').map((p) => ({ atom: fresh(), term: { op: 'like', arg: x, pattern: p } as Term })),
            ...orders.map(([op, constLeft, c]) => ({ atom: fresh(), term: { op, left: constLeft ? int(c) : n, right: constLeft ? n : int(c) } as Term })),
          ];
          const lit = (arg: Term, values: (string | bigint)[]) => {
            const m = new Map<string | bigint, Term>();
            for (const value of values) {
              const atom = fresh();
              m.set(value, atom);
              atoms.push({ atom, term: { op: 'eq', left: arg, right: typeof value === 'string' ? str(value) : int(value) } });
            }
            return { arg, values: m };
          };
          const literals = [lit(x, strLits), lit(n, intLits.map(BigInt))];
          const lemmas = patternLemmas(atoms, literals);
          const env = atomValues(atoms, new Map<string, Value>([['x', xValue], ['n', BigInt(nValue)]]));
          // With every atom at its true value, the auxiliary Bools (at-most-one counters,
          // prefix flags) must have values that satisfy every lemma: ask Z3.
          const facts = atoms.map(({ atom }) => (env.get((atom as { name: string }).name) ? atom : not(atom)));
          const r = await solveWhole({ defs: new Defs(), given: [...lemmas, ...facts], goal: TRUE, variables: new Map(), logic: 'QF_UF' });
          expect({ patterns, strLits, orders, intLits, xValue, nValue, status: r.status }).toMatchObject({ status: 'sat' });
        },
      ),
      { numRuns: 300, seed: 15 },
    );
  }, 120_000);

  it('at most one: any two literals together violate it, any one alone does not', () => {
    const xs = [0, 1, 2, 3].map((i) => v(`x${i}`, 'Bool'));
    const clauses = atMostOne(xs, 'c');
    const holds = (on: number[]) => {
      // The counters may take any values: search them (3 auxiliary Bools).
      for (let m = 0; m < 8; m++) {
        const env = new Map<string, Value>(xs.map((_, i) => [`x${i}`, on.includes(i)]));
        for (let i = 0; i < 3; i++) env.set(`c!${i}`, ((m >> i) & 1) === 1);
        const ev = new Evaluator(new Defs(), env);
        if (clauses.every((c) => ev.bool(c))) return true;
      }
      return false;
    };
    expect(holds([])).toBe(true);
    for (let i = 0; i < 4; i++) expect(holds([i])).toBe(true);
    for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) expect(holds([i, j])).toBe(false);
  });
});
