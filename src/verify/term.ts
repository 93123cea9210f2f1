import { appendAll } from '../support/arrays.ts';
/**
 * A small first-order term language, the one thing every encoding in src/verify produces.
 *
 * A term has two readings that must agree, and the soundness tests check that they do:
 *  - `evaluate` (eval.ts): its value under a concrete assignment of its variables — what
 *    "the SMT model evaluated on a concrete request" means;
 *  - `toSmtLib` (smtlib.ts): SMT-LIB 2 text for Z3 (strings, regular languages, integers,
 *    128-bit vectors, arrays-as-sets).
 *
 * Terms are plain data. Shared sub-formulas (role activation, the grant of one role) are
 * named definitions (`ref`), printed once as `define-fun` and evaluated once.
 */

export type Sort = 'Bool' | 'String' | 'Int' | 'IP' | 'StrSet' | 'IntSet';

export type Term =
  | { op: 'var'; name: string; sort: Sort }
  | { op: 'ref'; name: string; sort: Sort }
  | { op: 'bool'; value: boolean }
  | { op: 'str'; value: string }
  | { op: 'int'; value: bigint }
  /** An IP address literal: family (v6?) and the 128-bit value (IPv4 in the low 32 bits). */
  | { op: 'ip'; v6: boolean; value: bigint }
  | { op: 'strset'; values: string[] }
  | { op: 'intset'; values: bigint[] }
  | { op: 'not'; arg: Term }
  | { op: 'and'; args: Term[] }
  | { op: 'or'; args: Term[] }
  | { op: 'ite'; cond: Term; then: Term; else: Term }
  /** Equality of two terms of the same sort (sets: extensional). */
  | { op: 'eq'; left: Term; right: Term }
  | { op: 'lt' | 'le'; left: Term; right: Term }
  /** Wildcard match: `*` is any sequence, every other character itself. */
  | { op: 'like'; arg: Term; pattern: string }
  | { op: 'strlen'; arg: Term }
  | { op: 'member'; elem: Term; set: Term }
  | { op: 'subset'; sub: Term; sup: Term }
  | { op: 'intersects'; left: Term; right: Term }
  | { op: 'isEmpty'; set: Term }
  /** IP address `arg` lies in the CIDR range (network `net`, `bits` prefix) of family `v6`. */
  | { op: 'inCidr'; arg: Term; v6: boolean; net: bigint; bits: number }
  /** Both addresses are of one family and equal (an attribute used as a one-address range). */
  | { op: 'ipSame'; left: Term; right: Term };

export const TRUE: Term = { op: 'bool', value: true };
export const FALSE: Term = { op: 'bool', value: false };

export const v = (name: string, sort: Sort): Term => ({ op: 'var', name, sort });
export const str = (value: string): Term => ({ op: 'str', value });
export const int = (value: number | bigint): Term => ({ op: 'int', value: BigInt(value) });
export const eq = (left: Term, right: Term): Term => ({ op: 'eq', left, right });

export function not(arg: Term): Term {
  if (arg.op === 'bool') return { op: 'bool', value: !arg.value };
  if (arg.op === 'not') return arg.arg;
  return { op: 'not', arg };
}

/** Conjunction with constant folding and flattening. */
export function and(...args: Term[]): Term {
  const out: Term[] = [];
  for (const a of args) {
    if (a.op === 'bool') {
      if (!a.value) return FALSE;
      continue;
    }
    if (a.op === 'and') appendAll(out, a.args);
    else out.push(a);
  }
  if (out.length === 0) return TRUE;
  return out.length === 1 ? out[0]! : { op: 'and', args: out };
}

/** Disjunction with constant folding and flattening. */
export function or(...args: Term[]): Term {
  const out: Term[] = [];
  for (const a of args) {
    if (a.op === 'bool') {
      if (a.value) return TRUE;
      continue;
    }
    if (a.op === 'or') appendAll(out, a.args);
    else out.push(a);
  }
  if (out.length === 0) return FALSE;
  return out.length === 1 ? out[0]! : { op: 'or', args: out };
}

export const implies = (a: Term, b: Term): Term => or(not(a), b);

/** A named Bool definition: `name := body`, referenced by `ref`. */
export interface Definition {
  name: string;
  sort: Sort;
  body: Term;
}

/**
 * A formula with its definitions (in dependency order: each body refers only to
 * earlier definitions) and the variables it reads.
 */
export class Defs {
  readonly list: Definition[] = [];
  private readonly byName = new Map<string, Definition>();
  private readonly byBody = new Map<string, Term>();

  /**
   * @param shared when true, a definition whose body equals an existing one's (same name
   * stem) is that one, and a different body under a taken name gets a fresh name — so that
   * two versions of a policy set encoded into one Defs share every unchanged rule
   * (rolec diff), which keeps the problem Z3 sees small.
   */
  constructor(private readonly shared = false) {}

  define(name: string, body: Term, sort: Sort = 'Bool'): Term {
    if (body.op === 'bool' || body.op === 'ref' || body.op === 'var') return body; // no name needed
    if (this.shared) {
      const key = `${name}\u0000${termKey(body)}`;
      const hit = this.byBody.get(key);
      if (hit) return hit;
      let fresh = name;
      for (let i = 2; this.byName.has(fresh); i++) fresh = `${name}~${i}`;
      const d = { name: fresh, sort, body };
      this.list.push(d);
      this.byName.set(fresh, d);
      const ref: Term = { op: 'ref', name: fresh, sort };
      this.byBody.set(key, ref);
      return ref;
    }
    const existing = this.byName.get(name);
    if (existing) throw new Error(`definition ${name} given twice`);
    const d = { name, sort, body };
    this.list.push(d);
    this.byName.set(name, d);
    return { op: 'ref', name, sort };
  }

  get(name: string): Definition | undefined {
    return this.byName.get(name);
  }
}

/** A structural key of a term: equal keys ⇔ equal terms (references by name). Hand-written
 *  rather than JSON.stringify with a bigint replacer, which dominated partial evaluation. */
export function termKey(t: Term): string {
  switch (t.op) {
    case 'var':
    case 'ref':
      return `${t.op === 'var' ? 'v' : 'r'}${t.sort}:${JSON.stringify(t.name)}`;
    case 'bool':
      return t.value ? 'T' : 'F';
    case 'str':
      return JSON.stringify(t.value);
    case 'int':
      return `${t.value}n`;
    case 'ip':
      return `ip${t.v6 ? 6 : 4}:${t.value}`;
    case 'strset':
      return `{${t.values.map((x) => JSON.stringify(x)).join(',')}}`;
    case 'intset':
      return `{${t.values.map((x) => `${x}n`).join(',')}}`;
    case 'like':
      return `(like ${termKey(t.arg)} ${JSON.stringify(t.pattern)})`;
    case 'inCidr':
      return `(inCidr ${termKey(t.arg)} ${t.v6 ? 6 : 4} ${t.net} ${t.bits})`;
    default:
      return `(${t.op} ${children(t).map(termKey).join(' ')})`;
  }
}

/** Visits every node of the terms and of the definitions they reference (each definition once). */
export function walk(roots: readonly Term[], defs: Defs, visit: (t: Term) => void): void {
  const seenRefs = new Set<string>();
  const stack: Term[] = [...roots];
  while (stack.length) {
    const t = stack.pop()!;
    if (t.op === 'ref') {
      if (seenRefs.has(t.name)) continue;
      seenRefs.add(t.name);
      const d = defs.get(t.name);
      if (d) stack.push(d.body);
    }
    visit(t);
    appendAll(stack, children(t));
  }
}

/** Every variable a term (and the definitions it references) reads, by name. */
export function variablesOf(terms: readonly Term[], defs: Defs): Map<string, Sort> {
  const out = new Map<string, Sort>();
  walk(terms, defs, (t) => {
    if (t.op === 'var') out.set(t.name, t.sort);
  });
  return out;
}

export function children(t: Term): Term[] {
  switch (t.op) {
    case 'not':
      return [t.arg];
    case 'and':
    case 'or':
      return t.args;
    case 'ite':
      return [t.cond, t.then, t.else];
    case 'eq':
    case 'lt':
    case 'le':
    case 'intersects':
    case 'ipSame':
      return [t.left, t.right];
    case 'like':
    case 'strlen':
    case 'inCidr':
      return [t.arg];
    case 'member':
      return [t.elem, t.set];
    case 'subset':
      return [t.sub, t.sup];
    case 'isEmpty':
      return [t.set];
    default:
      return [];
  }
}
