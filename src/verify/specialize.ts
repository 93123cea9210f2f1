/**
 * Partial evaluation: a term with some variables fixed (e.g. the resource type), constants
 * folded. The prover splits every question by resource type this way — each part is a
 * much smaller problem (a cluster request reads no index pattern), which Z3's string
 * solver answers far faster than the whole disjunction.
 */
import { wildcardMatch } from '../semantics/patterns.ts';
import type { Value } from './eval.ts';
import { and, Defs, FALSE, not, or, termKey, TRUE, type Term } from './term.ts';

/**
 * What several specializations share when their results go into one problem (prove's
 * batched propositional check): the output definitions, hash-consed — a definition whose
 * specialized body equals an earlier one's is that one, so the unchanged rules of two
 * policy versions (rolec diff) collapse into one reference and `x ∧ ¬x` folds away —
 * and the theory atoms with their Bools.
 */
export class SpecializedDefs {
  readonly defs = new Defs();
  readonly byBody = new Map<string, Term>();
  /** termKey(atom) → its Bool variable and the theory atom it stands for. */
  readonly atoms = new Map<string, { atom: Term; term: Term }>();
  /**
   * Equalities of a variable with a literal (`x = "lit"`, `x = 3`), abstracted like the
   * other atoms (Z3 answers a purely propositional problem ~20× faster than one with a
   * single string equality left): per variable, literal → its atom's Bool. The lemmas
   * say at most one holds and relate string literals to patterns.
   */
  readonly literals = new Map<string, { arg: Term; values: Map<string | bigint, Term> }>();
}

export interface SpecializeOptions {
  /**
   * Replace every theory atom left after folding — wildcard match, `<`/`<=`, set
   * membership/subset/intersection/emptiness, CIDR and address tests — by a free Bool
   * (one per distinct atom). The result over-approximates: any request gives those Bools
   * some values, so "unsat" of the abstraction is "unsat" of the problem, found by
   * propositional reasoning alone. (A "sat" may be spurious: ask the real one.) Two
   * encodings of one policy set are built from the same atoms, so their equivalence is
   * usually propositional.
   */
  abstractAtoms?: boolean;
  /** Shared output (several parts in one problem); default a fresh one. */
  into?: SpecializedDefs;
  /** Prefix of the output definitions' names (keeps parts apart in one problem). */
  prefix?: string;
}

export class Specializer {
  readonly out: SpecializedDefs;
  readonly defs: Defs;
  private readonly done = new Map<string, Term>();
  private readonly abstractAtoms: boolean;
  private readonly prefix: string;

  constructor(
    private readonly source: Defs,
    private readonly fixed: ReadonlyMap<string, Value>,
    opts: SpecializeOptions | boolean = {},
  ) {
    const o = typeof opts === 'boolean' ? { abstractAtoms: opts } : opts;
    this.out = o.into ?? new SpecializedDefs();
    this.defs = this.out.defs;
    this.abstractAtoms = o.abstractAtoms ?? false;
    this.prefix = o.prefix ?? '';
  }

  /** With abstractAtoms: each distinct theory atom → its Bool variable. */
  get atoms(): ReadonlyMap<string, { atom: Term; term: Term }> {
    return this.out.atoms;
  }

  /** A theory atom (pattern match, order, set or address test), or its Bool when abstracting. */
  private atom(t: Term): Term {
    if (!this.abstractAtoms) return t;
    const key = termKey(t);
    let hit = this.out.atoms.get(key);
    if (!hit) this.out.atoms.set(key, (hit = { atom: { op: 'var', name: `atom!${this.out.atoms.size}`, sort: 'Bool' }, term: t }));
    return hit.atom;
  }

  /** `x = literal`: an atom (recorded per variable for the lemmas) when abstracting. */
  private literal(t: Term & { op: 'eq' }): Term {
    if (!this.abstractAtoms || isBool(t.left)) return t;
    const [arg, lit] = t.right.op === 'str' || t.right.op === 'int' ? [t.left, t.right] : [t.right, t.left];
    // Any other equality of non-Bool terms (two strings, sets, addresses) is a plain atom.
    if ((lit.op !== 'str' && lit.op !== 'int') || arg.op !== 'var' || (arg.sort !== 'String' && arg.sort !== 'Int')) return this.atom(t);
    const key = termKey(arg);
    let entry = this.out.literals.get(key);
    if (!entry) this.out.literals.set(key, (entry = { arg, values: new Map() }));
    let atom = entry.values.get(lit.value);
    if (!atom) entry.values.set(lit.value, (atom = this.atom({ op: 'eq', left: arg, right: lit })));
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
        let out: Term;
        if (body.op === 'bool' || body.op === 'ref' || body.op === 'var') out = body;
        else {
          const key = `${d.sort}\u0000${termKey(body)}`;
          const same = this.out.byBody.get(key);
          if (same) out = same;
          else {
            let name = `${this.prefix}${t.name}`;
            for (let i = 2; this.defs.get(name); i++) name = `${this.prefix}${t.name}~${i}`;
            out = this.defs.define(name, body, d.sort);
            this.out.byBody.set(key, out);
          }
        }
        this.done.set(t.name, out);
        return out;
      }
      case 'not':
        return not(this.term(t.arg));
      case 'and':
        return withoutComplements(and(...t.args.map((a) => this.term(a))));
      case 'or':
        return withoutComplements(or(...t.args.map((a) => this.term(a))));
      case 'ite': {
        const c = this.term(t.cond);
        if (c.op === 'bool') return this.term(c.value ? t.then : t.else);
        return { ...t, cond: c, then: this.term(t.then), else: this.term(t.else) };
      }
      case 'eq': {
        const l = this.term(t.left);
        const r = this.term(t.right);
        if ((l.op === 'str' || l.op === 'int' || l.op === 'bool') && l.op === r.op) return l.value === r.value ? TRUE : FALSE;
        const chosen = choiceEq(l, r) ?? choiceEq(r, l);
        if (chosen) return chosen;
        return this.literal({ op: 'eq', left: l, right: r });
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
        if (!t.pattern.includes('*')) return this.literal({ op: 'eq', left: a, right: { op: 'str', value: t.pattern } });
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

/**
 * `x ∧ ¬x` is false and `x ∨ ¬x` true, for a named definition or variable x: after
 * hash-consing, "new allows and old does not" over an unchanged part is exactly that.
 */
function withoutComplements(t: Term): Term {
  if (t.op !== 'and' && t.op !== 'or') return t;
  const pos = new Set<string>();
  for (const a of t.args) if (a.op === 'ref' || a.op === 'var') pos.add(a.name);
  for (const a of t.args) if (a.op === 'not' && (a.arg.op === 'ref' || a.arg.op === 'var') && pos.has(a.arg.name)) return t.op === 'and' ? FALSE : TRUE;
  return t;
}

/**
 * `ite(c, "a", "b") = "lit"` is `c`, `¬c`, or a constant: a value chosen by a Bool between
 * two literals (how principal.type is read: `ite(p.user, "user", "api_key")`). Left as an
 * atom, `= "user"` and `= "api_key"` would be two Bools unrelated to each other and to
 * `p.user`, and the propositional pass would find spurious models that pick neither.
 */
function choiceEq(x: Term, lit: Term): Term | undefined {
  if (x.op !== 'ite' || (lit.op !== 'str' && lit.op !== 'int')) return undefined;
  const { then: a, else: b } = x;
  if (a.op !== lit.op || b.op !== lit.op) return undefined;
  const onThen = a.value === lit.value;
  const onElse = b.value === lit.value;
  return onThen === onElse ? (onThen ? TRUE : FALSE) : onThen ? x.cond : not(x.cond);
}

/** Whether a term is Bool-valued (its sort is not carried by every node). */
export function isBool(t: Term): boolean {
  switch (t.op) {
    case 'var':
    case 'ref':
      return t.sort === 'Bool';
    case 'str':
    case 'int':
    case 'ip':
    case 'strset':
    case 'intset':
    case 'strlen':
      return false;
    case 'ite':
      return isBool(t.then);
    default:
      return true;
  }
}
