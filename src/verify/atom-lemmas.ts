/**
 * Facts about theory atoms that hold for every request, given to the propositional check
 * (solve.ts's batched abstraction) as clauses over the atoms' Bools:
 *
 *   L(P) ⊆ L(Q)          x like P  ⇒  x like Q        (wildcard patterns, only `*` special)
 *   L(P) ∩ L(Q) = ∅      ¬(x like P ∧ x like Q)
 *   "lit" ∈ L(P) or not  x = "lit"  ⇒  x like P   (or ⇒ ¬ x like P)
 *   x = a, x = b         at most one literal equality per variable
 *   a ≤ b                x ≥ b ⇒ x ≥ a,  x ≤ a ⇒ x ≤ b,  ¬(x ≥ b ∧ x ≤ a − 1),  x ≥ a ∨ x ≤ a − 1 …
 *                        (integer bounds against constants; `x = k` against each bound)
 *
 * Every clause is true of every request, so the abstraction stays an over-approximation
 * (its "unsat" is still final); the clauses only remove spurious "sat" answers — e.g. a
 * diff that widens `"x-*"` to `"x*"`, where "x-* matches but x* does not" is impossible but
 * propositionally consistent, and used to send each part to Z3's string solver.
 * Both tests are exact (see the proofs at each function); test/verify/atom-lemmas.test.ts
 * checks them against enumeration.
 */
import { wildcardMatch } from '../semantics/patterns.ts';
import { implies, not, or, termKey, type Term } from './term.ts';
import { appendAll } from '../support/arrays.ts';

/** Beyond this many patterns on one string, pairwise disjointness clauses are left out
 *  (quadratic; they only speed up, never decide soundness); the prefix tree below still
 *  says that patterns with incompatible literal prefixes are disjoint, in linear size. */
const MAX_DISJOINT_GROUP = 64;

const literalPrefix = (p: string) => (p.includes('*') ? p.slice(0, p.indexOf('*')) : p);
const literalSuffix = (p: string) => p.slice(p.lastIndexOf('*') + 1);

/**
 * L(p) ⊆ L(q). With every `*` of p replaced by one character c that q does not contain,
 * the word w is in L(p); if w ∈ L(q), each c is matched inside a `*` of q (q's literals
 * hold no c), and replacing c by any string keeps it inside that `*`: every word of p
 * matches q. Conversely w ∈ L(p) ⊆ L(q). So inclusion ⇔ q matches w.
 */
export function patternIncludes(p: string, q: string): boolean {
  if (!q.includes('*')) return p === q;
  if (!p.includes('*')) return wildcardMatch(q, p);
  return wildcardMatch(q, p.split('*').join(freshChar(q)));
}

function freshChar(s: string): string {
  for (let cp = 0xe000; ; cp++) {
    const c = String.fromCodePoint(cp);
    if (!s.includes(c)) return c;
  }
}

/**
 * A word matched by both patterns, or undefined when none exists. For two patterns with
 * a `*` each: when their literal prefixes are compatible (one a prefix of the other) and so
 * are their suffixes, `longer prefix + middles(p) + middles(q) + longer suffix` matches
 * both (each pattern finds its prefix, its middles in order after it, and its suffix at the
 * end, without overlap); when not, no word can start (end) with both. A pattern without `*`
 * is one word.
 */
export function commonWord(p: string, q: string): string | undefined {
  if (!p.includes('*')) return wildcardMatch(q, p) ? p : undefined;
  if (!q.includes('*')) return wildcardMatch(p, q) ? q : undefined;
  const [pp, qp, ps, qs] = [literalPrefix(p), literalPrefix(q), literalSuffix(p), literalSuffix(q)];
  if (!pp.startsWith(qp) && !qp.startsWith(pp)) return undefined;
  if (!ps.endsWith(qs) && !qs.endsWith(ps)) return undefined;
  const middles = (x: string) => x.split('*').slice(1, -1).join('');
  return (pp.length >= qp.length ? pp : qp) + middles(p) + middles(q) + (ps.length >= qs.length ? ps : qs);
}

/** An integer bound atom: `x ≥ k` (lower) or `x ≤ k` (upper), from `<`/`<=` with a constant. */
interface Bound {
  atom: Term;
  lower: boolean;
  k: bigint;
}

function boundsOf(atoms: Iterable<PatternAtom>): Map<string, Bound[]> {
  const out = new Map<string, Bound[]>();
  for (const { atom, term } of atoms) {
    if (term.op !== 'lt' && term.op !== 'le') continue;
    const strict = term.op === 'lt' ? 1n : 0n;
    let x: Term;
    let b: Bound;
    if (term.left.op === 'int' && term.right.op === 'var') [x, b] = [term.right, { atom, lower: true, k: term.left.value + strict }];
    else if (term.right.op === 'int' && term.left.op === 'var') [x, b] = [term.left, { atom, lower: false, k: term.right.value - strict }];
    else continue;
    const key = termKey(x);
    out.set(key, [...(out.get(key) ?? []), b]);
  }
  return out;
}

/**
 * Bounds on one integer: lower bounds weaken downwards and upper bounds upwards (chains
 * between neighbours, transitivity does the rest); a lower bound a excludes the largest
 * upper bound below a, and with the smallest upper bound ≥ a − 1 covers every integer.
 */
function orderLemmas(bounds: Bound[]): Term[] {
  const out: Term[] = [];
  const lowers = bounds.filter((b) => b.lower).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  const uppers = bounds.filter((b) => !b.lower).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  for (let i = 1; i < lowers.length; i++) {
    out.push(implies(lowers[i]!.atom, lowers[i - 1]!.atom));
    if (lowers[i]!.k === lowers[i - 1]!.k) out.push(implies(lowers[i - 1]!.atom, lowers[i]!.atom));
  }
  for (let i = 1; i < uppers.length; i++) {
    out.push(implies(uppers[i - 1]!.atom, uppers[i]!.atom));
    if (uppers[i]!.k === uppers[i - 1]!.k) out.push(implies(uppers[i]!.atom, uppers[i - 1]!.atom));
  }
  for (const l of lowers) {
    const below = uppers.filter((u) => u.k < l.k).at(-1);
    if (below) out.push(or(not(l.atom), not(below.atom)));
    const cover = uppers.find((u) => u.k >= l.k - 1n);
    if (cover) out.push(or(l.atom, cover.atom));
  }
  return out;
}

export interface PatternAtom {
  /** The atom's Bool in the abstraction. */
  atom: Term;
  /** The theory atom it stands for (only `like` atoms are used here). */
  term: Term;
}

/**
 * Clauses relating the pattern atoms and the literal equalities (`x = lit` → its Bool) on
 * each variable: inclusion and disjointness of patterns, a literal in or out of a pattern,
 * and at most one literal equality per variable (a sequential counter: 3n clauses over
 * n − 1 auxiliary Bools `amo!…`, which any real assignment can satisfy).
 */
export function patternLemmas(atoms: Iterable<PatternAtom>, literals: Iterable<{ arg: Term; values: ReadonlyMap<string | bigint, Term> }>): Term[] {
  const atomList = [...atoms];
  const groups = new Map<string, { pattern: string; atom: Term }[]>();
  for (const { atom, term } of atomList) {
    if (term.op !== 'like') continue;
    const key = termKey(term.arg);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push({ pattern: term.pattern, atom });
  }
  const out: Term[] = [];
  let prefixGroup = 0;
  for (const g of groups.values()) {
    // Inclusion: q ⊇ p needs q's literal prefix to be a prefix of p's — look those up.
    const byPrefix = new Map<string, typeof g>();
    for (const x of g) {
      const k = literalPrefix(x.pattern);
      byPrefix.set(k, [...(byPrefix.get(k) ?? []), x]);
    }
    for (const p of g) {
      const pp = literalPrefix(p.pattern);
      for (let n = 0; n <= pp.length; n++) {
        for (const q of byPrefix.get(pp.slice(0, n)) ?? []) {
          if (q !== p && patternIncludes(p.pattern, q.pattern)) out.push(implies(p.atom, q.atom));
        }
      }
    }
    appendAll(out, prefixLemmas(g, `pre!${prefixGroup++}`));
    if (g.length <= MAX_DISJOINT_GROUP) {
      for (let i = 0; i < g.length; i++) {
        for (let j = i + 1; j < g.length; j++) {
          if (commonWord(g[i]!.pattern, g[j]!.pattern) === undefined) out.push(or(not(g[i]!.atom), not(g[j]!.atom)));
        }
      }
    }
  }
  const bounds = boundsOf(atomList);
  let amo = 0;
  for (const { arg, values } of literals) {
    const g = groups.get(termKey(arg)) ?? [];
    const b = bounds.get(termKey(arg)) ?? [];
    for (const [value, atom] of values) {
      if (typeof value === 'string') for (const p of g) out.push(implies(atom, wildcardMatch(p.pattern, value) ? p.atom : not(p.atom)));
      else for (const x of b) out.push(implies(atom, (x.lower ? value >= x.k : value <= x.k) ? x.atom : not(x.atom)));
    }
    appendAll(out, atMostOne([...values.values()], `amo!${amo++}`));
  }
  for (const b of bounds.values()) appendAll(out, orderLemmas(b));
  return out;
}

/** At most one of xs holds (Sinz's sequential counter; `s_i`: one of x_1..x_i holds). */
export function atMostOne(xs: readonly Term[], name: string): Term[] {
  const out: Term[] = [];
  const s = (i: number): Term => ({ op: 'var', name: `${name}!${i}`, sort: 'Bool' });
  for (let i = 0; i < xs.length; i++) {
    if (i > 0) out.push(implies(xs[i]!, not(s(i - 1))));
    if (i < xs.length - 1) {
      out.push(implies(xs[i]!, s(i)));
      if (i > 0) out.push(implies(s(i - 1), s(i)));
    }
  }
  return out;
}

/**
 * Disjointness by literal prefix, linear in the number of patterns: a Bool `name!i` per
 * distinct non-empty literal prefix s ("the string starts with s"); a pattern implies its
 * prefix, a prefix implies its parent (the longest shorter prefix in the set), and the
 * children of one parent — none a prefix of another, so no string starts with two of
 * them — are exclusive (at most one). Any string gives these Bools consistent values.
 */
export function prefixLemmas(g: readonly { pattern: string; atom: Term }[], name: string): Term[] {
  const prefixes = [...new Set(g.map((x) => literalPrefix(x.pattern)).filter((p) => p !== ''))].sort();
  if (prefixes.length < 2) return [];
  const starts = new Map(prefixes.map((p, i) => [p, { op: 'var', name: `${name}!${i}`, sort: 'Bool' } as Term]));
  const out: Term[] = [];
  for (const x of g) {
    const p = literalPrefix(x.pattern);
    if (p !== '') out.push(implies(x.atom, starts.get(p)!));
  }
  const children = new Map<string, Term[]>();
  for (const p of prefixes) {
    let parent = '';
    for (let n = p.length - 1; n > 0; n--) {
      if (starts.has(p.slice(0, n))) {
        parent = p.slice(0, n);
        break;
      }
    }
    if (parent !== '') out.push(implies(starts.get(p)!, starts.get(parent)!));
    children.set(parent, [...(children.get(parent) ?? []), starts.get(p)!]);
  }
  let k = 0;
  for (const siblings of children.values()) if (siblings.length > 1) appendAll(out, atMostOne(siblings, `${name}!amo${k++}`));
  return out;
}
