/**
 * The SMT-LIB 2 reading of a term (Z3 dialect: strings, regular languages, arrays as sets).
 *
 * Sorts: Bool, String, Int; `IP` is two symbols per variable — `x` a 128-bit vector (IPv4
 * in its low 32 bits) and `x!v6` the family. A set is a vector of Bools over a finite
 * universe (prove.ts explains why that loses nothing): `S@i` says element i is in S.
 * (Z3's array-based sets were tried first: with strings in the same problem Z3 answered
 * `unknown` on the example sets within 20 s.)
 */
import { walk, type Defs, type Sort, type Term } from './term.ts';

export function sym(name: string): string {
  if (/[|\\]/.test(name)) throw new Error(`name ${JSON.stringify(name)} cannot be an SMT symbol`);
  return `|${name}|`;
}

/** A string literal: printable ASCII other than `"` and `\` as itself, the rest as \u{…}. */
export function strLit(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x20 && cp < 0x7f && ch !== '"' && ch !== '\\') out += ch;
    else out += `\\u{${cp.toString(16)}}`;
  }
  return `${out}"`;
}

export function intLit(n: bigint): string {
  return n < 0n ? `(- ${(-n).toString()})` : n.toString();
}

function bv128(n: bigint): string {
  return `#x${n.toString(16).padStart(32, '0')}`;
}

export function smtSort(s: Sort): string {
  switch (s) {
    case 'Bool':
    case 'String':
    case 'Int':
      return s;
    case 'IP':
      return '(_ BitVec 128)';
    case 'StrSet':
    case 'IntSet':
      throw new Error('a set has no single SMT sort (it is a vector of Bools)');
  }
}

/** The finite universe of set elements: SMT terms (literals or fresh symbols), and for the
 *  literal ones their value, so that a set literal's vector is known. */
export interface SetUniverse {
  StrSet: { smt: string; value?: string }[];
  IntSet: { smt: string; value?: bigint }[];
}

export const elemSym = (set: string, i: number) => sym(`${set}@${i}`);

/** The regular language of a wildcard pattern. */
export function patternRe(pattern: string): string {
  const parts = pattern.split('*').map((p) => (p === '' ? undefined : `(str.to_re ${strLit(p)})`));
  const pieces: string[] = [];
  parts.forEach((p, i) => {
    if (i > 0) pieces.push('re.all');
    if (p) pieces.push(p);
  });
  if (pieces.length === 0) return '(str.to_re "")';
  return pieces.length === 1 ? pieces[0]! : `(re.++ ${pieces.join(' ')})`;
}

export class SmtPrinter {
  constructor(
    private readonly defs: Defs,
    private readonly universe: SetUniverse = { StrSet: [], IntSet: [] },
  ) {}

  /** Element i of the universe of the set's sort is in the set: one Bool per element. */
  private setVec(t: Term): { sort: 'StrSet' | 'IntSet'; bits: string[] } {
    if (t.op === 'var' && (t.sort === 'StrSet' || t.sort === 'IntSet')) return { sort: t.sort, bits: this.universe[t.sort].map((_, i) => elemSym(t.name, i)) };
    if (t.op === 'strset') return { sort: 'StrSet', bits: this.universe.StrSet.map((e) => (e.value !== undefined && t.values.includes(e.value) ? 'true' : 'false')) };
    if (t.op === 'intset') return { sort: 'IntSet', bits: this.universe.IntSet.map((e) => (e.value !== undefined && t.values.includes(e.value) ? 'true' : 'false')) };
    throw new Error(`set operand must be a variable or a literal, got ${t.op}`);
  }

  private static conj(xs: string[]): string {
    return xs.length === 0 ? 'true' : xs.length === 1 ? xs[0]! : `(and ${xs.join(' ')})`;
  }

  private static disj(xs: string[]): string {
    return xs.length === 0 ? 'false' : xs.length === 1 ? xs[0]! : `(or ${xs.join(' ')})`;
  }

  /** The sort of a set-valued or IP-valued term (others are not needed). */
  private sortOf(t: Term): Sort | undefined {
    switch (t.op) {
      case 'var':
      case 'ref':
        return t.sort;
      case 'ip':
        return 'IP';
      case 'strset':
        return 'StrSet';
      case 'intset':
        return 'IntSet';
      case 'ite':
        return this.sortOf(t.then);
      default:
        return undefined;
    }
  }

  private ipParts(t: Term): [string, string] {
    if (t.op === 'ip') return [t.v6 ? 'true' : 'false', bv128(t.value)];
    if (t.op === 'var') return [sym(`${t.name}!v6`), sym(t.name)];
    throw new Error(`IP operand must be a literal or a variable, got ${t.op}`);
  }

  print(t: Term): string {
    switch (t.op) {
      case 'var':
      case 'ref':
        return sym(t.name);
      case 'bool':
        return t.value ? 'true' : 'false';
      case 'str':
        return strLit(t.value);
      case 'int':
        return intLit(t.value);
      case 'ip':
        throw new Error('an IP literal is printed only through its operators');
      case 'strset':
      case 'intset':
        throw new Error('a set literal is printed only through its operators');
      case 'not':
        return `(not ${this.print(t.arg)})`;
      case 'and':
      case 'or':
        return `(${t.op} ${t.args.map((a) => this.print(a)).join(' ')})`;
      case 'ite':
        return `(ite ${this.print(t.cond)} ${this.print(t.then)} ${this.print(t.else)})`;
      case 'eq': {
        if (this.sortOf(t.left) === 'IP' || this.sortOf(t.right) === 'IP') return this.print({ op: 'ipSame', left: t.left, right: t.right });
        const ls = this.sortOf(t.left);
        if (ls === 'StrSet' || ls === 'IntSet') {
          const a = this.setVec(t.left).bits;
          const b = this.setVec(t.right).bits;
          return SmtPrinter.conj(a.map((x, i) => `(= ${x} ${b[i]})`));
        }
        return `(= ${this.print(t.left)} ${this.print(t.right)})`;
      }
      case 'lt':
        return `(< ${this.print(t.left)} ${this.print(t.right)})`;
      case 'le':
        return `(<= ${this.print(t.left)} ${this.print(t.right)})`;
      case 'like':
        if (!t.pattern.includes('*')) return `(= ${this.print(t.arg)} ${strLit(t.pattern)})`;
        return `(str.in_re ${this.print(t.arg)} ${patternRe(t.pattern)})`;
      case 'strlen':
        return `(str.len ${this.print(t.arg)})`;
      case 'member': {
        const { sort, bits } = this.setVec(t.set);
        const u = this.universe[sort];
        const lit = t.elem.op === 'str' || t.elem.op === 'int' ? t.elem.value : undefined;
        if (lit !== undefined) {
          // Fresh elements differ from every constant, so a constant is element i or none.
          const i = u.findIndex((e) => e.value === lit);
          return i < 0 ? 'false' : bits[i]!;
        }
        const x = this.print(t.elem);
        return SmtPrinter.disj(bits.map((b, i) => `(and (= ${x} ${u[i]!.smt}) ${b})`));
      }
      case 'subset': {
        const a = this.setVec(t.sub).bits;
        const b = this.setVec(t.sup).bits;
        return SmtPrinter.conj(a.map((x, i) => `(=> ${x} ${b[i]})`));
      }
      case 'intersects': {
        const a = this.setVec(t.left).bits;
        const b = this.setVec(t.right).bits;
        return SmtPrinter.disj(a.map((x, i) => `(and ${x} ${b[i]})`));
      }
      case 'isEmpty':
        return SmtPrinter.conj(this.setVec(t.set).bits.map((x) => `(not ${x})`));
      case 'inCidr': {
        const [fam, val] = this.ipParts(t.arg);
        const family = t.v6 ? fam : `(not ${fam})`;
        if (t.bits === 0) return family;
        const hi = t.v6 ? 127 : 31;
        const lo = hi + 1 - t.bits;
        return `(and ${family} (= ((_ extract ${hi} ${lo}) ${val}) ((_ extract ${hi} ${lo}) ${bv128(t.net)})))`;
      }
      case 'ipSame': {
        const [fa, va] = this.ipParts(t.left);
        const [fb, vb] = this.ipParts(t.right);
        return `(and (= ${fa} ${fb}) (= ${va} ${vb}))`;
      }
    }
  }

  /** Declarations of the variables, the definitions the terms need, in order. */
  preamble(vars: ReadonlyMap<string, Sort>, roots: readonly Term[]): string {
    const lines: string[] = [];
    for (const [name, sort] of [...vars].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      if (sort === 'StrSet' || sort === 'IntSet') {
        this.universe[sort].forEach((_, i) => lines.push(`(declare-const ${elemSym(name, i)} Bool)`));
        continue;
      }
      lines.push(`(declare-const ${sym(name)} ${smtSort(sort)})`);
      if (sort === 'IP') {
        lines.push(`(declare-const ${sym(`${name}!v6`)} Bool)`);
        // An IPv4 address lives in the low 32 bits.
        lines.push(`(assert (or ${sym(`${name}!v6`)} (= ((_ extract 127 32) ${sym(name)}) #x000000000000000000000000)))`);
      }
    }
    const needed = this.reachableDefs(roots);
    for (const d of this.defs.list) {
      if (!needed.has(d.name)) continue;
      lines.push(`(define-fun ${sym(d.name)} () ${smtSort(d.sort)} ${this.print(d.body)})`);
    }
    return lines.join('\n');
  }

  private reachableDefs(roots: readonly Term[]): Set<string> {
    const out = new Set<string>();
    walk(roots, this.defs, (t) => {
      if (t.op === 'ref') out.add(t.name);
    });
    return out;
  }
}
