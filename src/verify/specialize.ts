/**
 * Partial evaluation: a term with some variables fixed (e.g. the resource type), constants
 * folded. The prover splits every question by resource type this way — each part is a
 * much smaller problem (a cluster request reads no index pattern), which Z3's string
 * solver answers far faster than the whole disjunction.
 */
import { wildcardMatch } from '../semantics/patterns.ts';
import type { Value } from './eval.ts';
import { and, Defs, FALSE, not, or, termKey, TRUE, type Term } from './term.ts';

export class Specializer {
  readonly defs = new Defs();
  private readonly done = new Map<string, Term>();
  /** With `abstractAtoms`: each distinct theory atom → its Bool variable. */
  readonly atoms = new Map<string, Term>();

  /**
   * @param abstractAtoms replace every theory atom left after folding — wildcard match,
   * `<`/`<=`, set membership/subset/intersection/emptiness, CIDR and address tests — by a
   * free Bool (one per distinct atom). The result over-approximates: any request gives
   * those Bools some values, so "unsat" of the abstraction is "unsat" of the problem,
   * found by propositional reasoning alone. (A "sat" may be spurious: ask the real one.)
   * Two encodings of one policy set are built from the same atoms, so their equivalence
   * is usually propositional.
   */
  constructor(
    private readonly source: Defs,
    private readonly fixed: ReadonlyMap<string, Value>,
    private readonly abstractAtoms = false,
  ) {}

  /** A theory atom (pattern match, order, set or address test), or its Bool when abstracting. */
  private atom(t: Term): Term {
    if (!this.abstractAtoms) return t;
    const key = termKey(t);
    let atom = this.atoms.get(key);
    if (!atom) this.atoms.set(key, (atom = { op: 'var', name: `atom!${this.atoms.size}`, sort: 'Bool' }));
    return atom;
  }

  term(t: Term): Term {
    switch (t.op) {
      case 'var': {
        const x = this.fixed.get(t.name);
        if (x === undefined) return t;
        if (typeof x === 'boolean') return x ? TRUE : FALSE;
        if (typeof x === 'bigint') return { op: 'int', value: x };
        if (typeof x === 'string') return { op: 'str', value: x };
        return t;
      }
      case 'ref': {
        const hit = this.done.get(t.name);
        if (hit) return hit;
        const d = this.source.get(t.name);
        if (!d) throw new Error(`undefined reference ${t.name}`);
        const body = this.term(d.body);
        const out = this.defs.define(t.name, body, d.sort);
        this.done.set(t.name, out);
        return out;
      }
      case 'not':
        return not(this.term(t.arg));
      case 'and':
        return and(...t.args.map((a) => this.term(a)));
      case 'or':
        return or(...t.args.map((a) => this.term(a)));
      case 'ite': {
        const c = this.term(t.cond);
        if (c.op === 'bool') return this.term(c.value ? t.then : t.else);
        return { ...t, cond: c, then: this.term(t.then), else: this.term(t.else) };
      }
      case 'eq': {
        const l = this.term(t.left);
        const r = this.term(t.right);
        if ((l.op === 'str' || l.op === 'int' || l.op === 'bool') && l.op === r.op) return l.value === r.value ? TRUE : FALSE;
        return { op: 'eq', left: l, right: r };
      }
      case 'lt':
      case 'le': {
        const l = this.term(t.left);
        const r = this.term(t.right);
        if (l.op === 'int' && r.op === 'int') return (t.op === 'lt' ? l.value < r.value : l.value <= r.value) ? TRUE : FALSE;
        return this.atom({ op: t.op, left: l, right: r });
      }
      case 'like': {
        const a = this.term(t.arg);
        if (a.op === 'str') return wildcardMatch(t.pattern, a.value) ? TRUE : FALSE;
        if (t.pattern === '*') return TRUE;
        // A pattern without a wildcard is one string: the same atom as an equality with it.
        if (!t.pattern.includes('*')) return { op: 'eq', left: a, right: { op: 'str', value: t.pattern } };
        return this.atom({ ...t, arg: a });
      }
      case 'strlen':
        return { ...t, arg: this.term(t.arg) };
      case 'inCidr':
        return this.atom({ ...t, arg: this.term(t.arg) });
      case 'member':
        return this.atom({ ...t, elem: this.term(t.elem), set: this.term(t.set) });
      case 'subset':
        return this.atom({ ...t, sub: this.term(t.sub), sup: this.term(t.sup) });
      case 'intersects':
      case 'ipSame':
        return this.atom({ ...t, left: this.term(t.left), right: this.term(t.right) });
      case 'isEmpty':
        return this.atom({ ...t, set: this.term(t.set) });
      default:
        return t;
    }
  }
}
