/**
 * OPA's types for the compile-time type checker: the type language of OPA's builtin
 * declarations (capabilities.json `decl`s), its printed notation (`number`, `set[string]`,
 * `array<number, string>`, `object[string: any]`, `any<set[any], array[any]>`,
 * `(string, string) => boolean`) — which is also how declarations are stored here
 * (decls.ts) — and the compatibility test the checker applies to arguments.
 */

export type Type =
  | { k: 'any'; of?: Type[] }
  | { k: 'null' | 'boolean' | 'number' | 'string' }
  | { k: 'array'; static?: Type[]; dynamic?: Type }
  | { k: 'set'; of: Type }
  | { k: 'object'; static?: [string, Type][]; dynamic?: { key: Type; value: Type } };

export interface FuncType {
  args: Type[];
  result: Type;
  /** Declared variadic argument type (e.g. print). */
  variadic?: Type;
}

export const ANY: Type = { k: 'any' };
export const NUMBER: Type = { k: 'number' };
export const STRING: Type = { k: 'string' };
export const BOOLEAN: Type = { k: 'boolean' };
export const NULL: Type = { k: 'null' };

/** OPA's printed notation of a type. */
export function printType(t: Type): string {
  switch (t.k) {
    case 'any':
      return t.of && t.of.length > 0 ? `any<${t.of.map(printType).join(', ')}>` : 'any';
    case 'array': {
      if (t.static && t.static.length > 0) return `array<${t.static.map(printType).join(', ')}>${t.dynamic ? `[${printType(t.dynamic)}]` : ''}`;
      return `array[${printType(t.dynamic ?? ANY)}]`;
    }
    case 'set':
      return `set[${printType(t.of)}]`;
    case 'object': {
      const dyn = t.dynamic ? `[${printType(t.dynamic.key)}: ${printType(t.dynamic.value)}]` : '';
      if (t.static && t.static.length > 0) return `object<${t.static.map(([k, v]) => `${k}: ${printType(v)}`).join(', ')}>${dyn}`;
      return `object${dyn || '[any: any]'}`;
    }
    default:
      return t.k;
  }
}

export function printFunc(f: FuncType): string {
  const args = f.args.map(printType);
  if (f.variadic) args.push(`${printType(f.variadic)}...`);
  return `(${args.join(', ')}) => ${printType(f.result)}`;
}

/** Parses the printed notation (the inverse of printType / printFunc). */
export function parseFunc(text: string): FuncType {
  const p = new TypeParser(text);
  const f = p.func();
  p.end();
  return f;
}

class TypeParser {
  private i = 0;
  constructor(private readonly s: string) {}

  func(): FuncType {
    this.eat('(');
    const args: Type[] = [];
    let variadic: Type | undefined;
    while (!this.peek(')')) {
      const t = this.type();
      if (this.s.startsWith('...', this.i)) {
        this.i += 3;
        variadic = t;
      } else args.push(t);
      if (!this.peek(')')) this.eat(',');
    }
    this.eat(')');
    this.eat('=>');
    const result = this.type();
    return variadic ? { args, result, variadic } : { args, result };
  }

  type(): Type {
    const name = this.word();
    switch (name) {
      case 'any': {
        if (!this.peek('<')) return ANY;
        return { k: 'any', of: this.list('<', '>', () => this.type()) };
      }
      case 'null':
      case 'boolean':
      case 'number':
      case 'string':
        return { k: name };
      case 'array': {
        const t: Type & { k: 'array' } = { k: 'array' };
        if (this.peek('<')) t.static = this.list('<', '>', () => this.type());
        if (this.peek('[')) {
          this.eat('[');
          t.dynamic = this.type();
          this.eat(']');
        }
        return t;
      }
      case 'set': {
        this.eat('[');
        const of = this.type();
        this.eat(']');
        return { k: 'set', of };
      }
      case 'object': {
        const t: Type & { k: 'object' } = { k: 'object' };
        if (this.peek('<')) {
          t.static = this.list('<', '>', () => {
            const key = this.word();
            this.eat(':');
            return [key, this.type()] as [string, Type];
          });
        }
        if (this.peek('[')) {
          this.eat('[');
          const key = this.type();
          this.eat(':');
          const value = this.type();
          this.eat(']');
          t.dynamic = { key, value };
        }
        return t;
      }
      default:
        throw new Error(`bad type notation at ${this.i} in ${this.s}: ${name}`);
    }
  }

  private list<T>(open: string, close: string, item: () => T): T[] {
    this.eat(open);
    const out: T[] = [];
    while (!this.peek(close)) {
      out.push(item());
      if (!this.peek(close)) this.eat(',');
    }
    this.eat(close);
    return out;
  }

  private ws(): void {
    while (this.s[this.i] === ' ') this.i++;
  }

  private peek(tok: string): boolean {
    this.ws();
    return this.s.startsWith(tok, this.i);
  }

  private eat(tok: string): void {
    if (!this.peek(tok)) throw new Error(`expected ${tok} at ${this.i} in ${this.s}`);
    this.i += tok.length;
  }

  private word(): string {
    this.ws();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i));
    if (!m) throw new Error(`expected a name at ${this.i} in ${this.s}`);
    this.i += m[0].length;
    return m[0];
  }

  end(): void {
    this.ws();
    if (this.i !== this.s.length) throw new Error(`trailing text at ${this.i} in ${this.s}`);
  }
}

/** A capabilities.json `decl` (OPA's JSON form of a type) → Type. */
export function fromDecl(d: Record<string, unknown>): Type {
  switch (d.type) {
    case 'any':
      return Array.isArray(d.of) ? { k: 'any', of: (d.of as Record<string, unknown>[]).map(fromDecl) } : ANY;
    case 'null':
    case 'boolean':
    case 'number':
    case 'string':
      return { k: d.type };
    case 'array': {
      const t: Type & { k: 'array' } = { k: 'array' };
      if (Array.isArray(d.static)) t.static = (d.static as Record<string, unknown>[]).map(fromDecl);
      if (d.dynamic) t.dynamic = fromDecl(d.dynamic as Record<string, unknown>);
      return t;
    }
    case 'set':
      return { k: 'set', of: d.of ? fromDecl(d.of as Record<string, unknown>) : ANY };
    case 'object': {
      const t: Type & { k: 'object' } = { k: 'object' };
      if (Array.isArray(d.static)) t.static = (d.static as { key: string; value: Record<string, unknown> }[]).map((e) => [e.key, fromDecl(e.value)]);
      if (d.dynamic) {
        const dyn = d.dynamic as { key: Record<string, unknown>; value: Record<string, unknown> };
        t.dynamic = { key: fromDecl(dyn.key), value: fromDecl(dyn.value) };
      }
      return t;
    }
    default:
      throw new Error(`unknown decl type ${String(d.type)}`);
  }
}

export function funcFromDecl(d: Record<string, unknown>): FuncType {
  const args = ((d.args as Record<string, unknown>[] | undefined) ?? []).map(fromDecl);
  const result = d.result ? fromDecl(d.result as Record<string, unknown>) : ANY;
  return d.variadic ? { args, result, variadic: fromDecl(d.variadic as Record<string, unknown>) } : { args, result };
}

/** The type of an element of a collection type (any when unknown). */
export function elementType(t: Type): Type {
  switch (t.k) {
    case 'array':
      return union([...(t.static ?? []), ...(t.dynamic ? [t.dynamic] : [])]);
    case 'set':
      return t.of;
    case 'object':
      return union([...(t.static ?? []).map(([, v]) => v), ...(t.dynamic ? [t.dynamic.value] : [])]);
    default:
      return ANY;
  }
}

/** The union of types (any when one is any or the list is empty). */
export function union(ts: Type[]): Type {
  const seen = new Map<string, Type>();
  for (const t of ts) {
    if (t.k === 'any' && !t.of) return ANY;
    for (const m of t.k === 'any' ? t.of! : [t]) seen.set(printType(m), m);
  }
  const members = [...seen.values()];
  if (members.length === 0) return ANY;
  return members.length === 1 ? members[0]! : { k: 'any', of: members };
}

/**
 * Can a value of type `have` be passed where `want` is declared? As OPA's checker: `any` on
 * either side fits; a union fits when one member does; collections fit element-wise (a static
 * array's elements each against the wanted element type, so `[1]` is not an array of strings).
 */
export function fits(have: Type, want: Type): boolean {
  if (want.k === 'any') return !want.of || want.of.some((w) => fits(have, w));
  if (have.k === 'any') return !have.of || have.of.some((h) => fits(h, want));
  if (have.k !== want.k) return false;
  switch (have.k) {
    case 'array': {
      const w = want as Type & { k: 'array' };
      const hs = have.static ?? [];
      const ws = w.static ?? [];
      if (!w.dynamic && !have.dynamic && hs.length !== ws.length) return false;
      for (const [i, h] of hs.entries()) {
        const wi = i < ws.length ? ws[i]! : w.dynamic;
        if (wi === undefined) return false;
        if (!fits(h, wi)) return false;
      }
      return !have.dynamic || !w.dynamic || fits(have.dynamic, w.dynamic);
    }
    case 'set':
      return fits(have.of, (want as Type & { k: 'set' }).of);
    case 'object': {
      const w = want as Type & { k: 'object' };
      const wStatic = new Map(w.static ?? []);
      for (const [key, h] of have.static ?? []) {
        const wv = wStatic.get(key) ?? w.dynamic?.value;
        if (wv === undefined) return !w.static;
        if (!fits(h, wv)) return false;
      }
      return !have.dynamic || !w.dynamic || fits(have.dynamic.value, w.dynamic.value);
    }
    default:
      return true;
  }
}
