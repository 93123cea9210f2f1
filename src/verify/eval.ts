/**
 * The concrete reading of a term: its value under an assignment of every variable it
 * reads. The soundness tests evaluate the encodings this way on generated requests and
 * compare with the real engines; the prover cross-checks this reading against Z3's.
 */
import { wildcardMatch } from '../semantics/patterns.ts';
import type { Defs, Term } from './term.ts';

export interface IpValue {
  v6: boolean;
  value: bigint;
}

export type Value = boolean | string | bigint | IpValue | ReadonlySet<string> | ReadonlySet<bigint>;

export type Assignment = ReadonlyMap<string, Value>;

export class Evaluator {
  private readonly memo = new Map<string, Value>();

  constructor(
    private readonly defs: Defs,
    private readonly env: Assignment,
  ) {}

  bool(t: Term): boolean {
    const x = this.value(t);
    if (typeof x !== 'boolean') throw new Error(`expected a Bool, got ${typeof x} from ${t.op}`);
    return x;
  }

  value(t: Term): Value {
    switch (t.op) {
      case 'var': {
        const x = this.env.get(t.name);
        if (x === undefined) throw new Error(`unassigned variable ${t.name}`);
        return x;
      }
      case 'ref': {
        const hit = this.memo.get(t.name);
        if (hit !== undefined) return hit;
        const d = this.defs.get(t.name);
        if (!d) throw new Error(`undefined reference ${t.name}`);
        const x = this.value(d.body);
        this.memo.set(t.name, x);
        return x;
      }
      case 'bool':
      case 'str':
      case 'int':
        return t.value;
      case 'ip':
        return { v6: t.v6, value: t.value };
      case 'strset':
        return new Set(t.values);
      case 'intset':
        return new Set(t.values);
      case 'not':
        return !this.bool(t.arg);
      case 'and':
        return t.args.every((a) => this.bool(a));
      case 'or':
        return t.args.some((a) => this.bool(a));
      case 'ite':
        return this.bool(t.cond) ? this.value(t.then) : this.value(t.else);
      case 'eq':
        return same(this.value(t.left), this.value(t.right));
      case 'lt':
        return (this.value(t.left) as bigint) < (this.value(t.right) as bigint);
      case 'le':
        return (this.value(t.left) as bigint) <= (this.value(t.right) as bigint);
      case 'like':
        return wildcardMatch(t.pattern, this.value(t.arg) as string);
      case 'strlen':
        return BigInt([...(this.value(t.arg) as string)].length);
      case 'member':
        return (this.value(t.set) as ReadonlySet<unknown>).has(this.value(t.elem));
      case 'subset': {
        const sup = this.value(t.sup) as ReadonlySet<unknown>;
        return [...(this.value(t.sub) as ReadonlySet<unknown>)].every((x) => sup.has(x));
      }
      case 'intersects': {
        const right = this.value(t.right) as ReadonlySet<unknown>;
        return [...(this.value(t.left) as ReadonlySet<unknown>)].some((x) => right.has(x));
      }
      case 'isEmpty':
        return (this.value(t.set) as ReadonlySet<unknown>).size === 0;
      case 'inCidr': {
        const a = this.value(t.arg) as IpValue;
        if (a.v6 !== t.v6) return false;
        const width = t.v6 ? 128 : 32;
        const shift = BigInt(width - t.bits);
        return a.value >> shift === t.net >> shift;
      }
      case 'ipSame': {
        const a = this.value(t.left) as IpValue;
        const b = this.value(t.right) as IpValue;
        return a.v6 === b.v6 && a.value === b.value;
      }
    }
  }
}

function same(a: Value, b: Value): boolean {
  if (a instanceof Set && b instanceof Set) return a.size === b.size && [...a].every((x) => b.has(x));
  if (typeof a === 'object' && typeof b === 'object' && !(a instanceof Set) && !(b instanceof Set)) {
    const x = a as IpValue;
    const y = b as IpValue;
    return x.v6 === y.v6 && x.value === y.value;
  }
  return a === b;
}
