/**
 * Cedar expressions (the EST forms of Cedar's JSON policy format) as symbolic values with
 * Cedar's evaluation order and errors: `&&`, `||` and `if` short-circuit left to right,
 * so a right operand's error counts only where it is evaluated; an attribute access on a
 * value lacking the attribute is an error; `has` never errors. Types are static (the
 * emitted policies validate against the schema): an ill-typed or unknown form is reported
 * through `unsupported` with its EST name, never guessed.
 */
import { cidrContains, parseCidr } from '../ip.ts';
import { and, eq, FALSE, not, or, str, int, TRUE, type Term } from '../term.ts';
import type { CedarRequest, Unsupported } from './request.ts';
import type { EstExpr } from './policies.ts';
import type { CVal, EntityVal, Evaluated } from './values.ts';

const UNENCODED: Evaluated = { v: { k: 'unencoded' }, err: FALSE };

export class ExprEncoder {
  constructor(
    private readonly req: CedarRequest,
    private readonly unsupported: Unsupported,
  ) {}

  private bad(construct: string): Evaluated {
    this.unsupported(construct);
    return UNENCODED;
  }

  /** A Bool-typed expression: its value term and its error condition. */
  bool(e: EstExpr): { t: Term; err: Term } {
    const x = this.expr(e);
    if (x.v.k === 'bool') return { t: x.v.t, err: x.err };
    if (x.v.k !== 'unencoded') this.unsupported(`a condition of type ${x.v.k}`);
    return { t: FALSE, err: x.err };
  }

  expr(e: EstExpr): Evaluated {
    const [op, body] = Object.entries(e)[0] ?? ['(empty)', undefined];
    const b = body as Record<string, EstExpr> & { attr?: string; pattern?: unknown[]; entity_type?: string };
    switch (op) {
      case 'Value':
        return this.literal(body);
      case 'Var':
        return this.variable(body as string);
      case 'Set':
        return this.setLiteral(body as EstExpr[]);
      case '!': {
        const a = this.bool(b.arg!);
        return { v: { k: 'bool', t: not(a.t) }, err: a.err };
      }
      case '&&':
      case '||': {
        const l = this.bool(b.left!);
        const r = this.bool(b.right!);
        // The right operand is evaluated only when the left does not decide.
        const evaluatesRight = op === '&&' ? l.t : not(l.t);
        return { v: { k: 'bool', t: op === '&&' ? and(l.t, r.t) : or(l.t, r.t) }, err: or(l.err, and(not(l.err), evaluatesRight, r.err)) };
      }
      case 'if-then-else': {
        const c = this.bool(b.if!);
        const t = this.expr(b.then!);
        const f = this.expr(b.else!);
        const err = or(c.err, and(not(c.err), c.t, t.err), and(not(c.err), not(c.t), f.err));
        if (t.v.k !== f.v.k || !('t' in t.v) || !('t' in f.v)) return { ...this.bad(`if-then-else with branches of types ${t.v.k}, ${f.v.k}`), err };
        return { v: { ...t.v, t: { op: 'ite', cond: c.t, then: t.v.t, else: (f.v as { t: Term }).t } } as CVal, err };
      }
      case '==':
      case '!=': {
        const l = this.expr(b.left!);
        const r = this.expr(b.right!);
        const same = this.equal(l.v, r.v);
        return { v: { k: 'bool', t: op === '==' ? same : not(same) }, err: or(l.err, r.err) };
      }
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const l = this.expr(b.left!);
        const r = this.expr(b.right!);
        const err = or(l.err, r.err);
        if (l.v.k !== 'long' || r.v.k !== 'long') return { ...this.bad(`${op} on ${l.v.k}, ${r.v.k}`), err };
        const [x, y] = op === '<' || op === '<=' ? [l.v.t, r.v.t] : [r.v.t, l.v.t];
        return { v: { k: 'bool', t: { op: op === '<' || op === '>' ? 'lt' : 'le', left: x, right: y } }, err };
      }
      case 'like': {
        const l = this.expr(b.left!);
        const pattern = this.pattern(b.pattern ?? []);
        if (l.v.k !== 'string' || pattern === undefined) return { ...this.bad(l.v.k !== 'string' ? `like on ${l.v.k}` : 'like with a literal * in its pattern'), err: l.err };
        return { v: { k: 'bool', t: { op: 'like', arg: l.v.t, pattern } }, err: l.err };
      }
      case '.':
      case 'has': {
        const l = this.expr(b.left!);
        const slot = this.slot(l.v, b.attr!);
        if (slot === 'unencoded') return { ...this.bad(`${op} ${b.attr} on ${l.v.k}`), err: l.err };
        if (op === 'has') return { v: { k: 'bool', t: slot ? slot.present : FALSE }, err: l.err };
        if (!slot) return { v: { k: 'unencoded' }, err: TRUE }; // no such attribute: always an error
        return { v: slot.value, err: or(l.err, not(slot.present)) };
      }
      case 'in': {
        const l = this.expr(b.left!);
        const r = this.expr(b.right!);
        const err = or(l.err, r.err);
        if (l.v.k !== 'entity') return { ...this.bad(`in on ${l.v.k}`), err };
        const left = l.v.e;
        if (r.v.k === 'entity') return { v: { k: 'bool', t: this.req.in(left, r.v.e, this.unsupported) }, err };
        if (r.v.k === 'entities') return { v: { k: 'bool', t: or(...r.v.items.map((x) => this.req.in(left, x, this.unsupported))) }, err };
        return { ...this.bad(`in with a right operand of type ${r.v.k}`), err };
      }
      case 'is': {
        const l = this.expr(b.left!);
        if (l.v.k !== 'entity') return { ...this.bad(`is on ${l.v.k}`), err: l.err };
        let t = this.req.is(l.v.e, b.entity_type!);
        let err = l.err;
        if (b.in) {
          const r = this.expr(b.in);
          err = or(err, r.err);
          if (r.v.k !== 'entity') return { ...this.bad(`is … in ${r.v.k}`), err };
          t = and(t, this.req.in(l.v.e, r.v.e, this.unsupported));
        }
        return { v: { k: 'bool', t }, err };
      }
      case 'contains':
      case 'containsAll':
      case 'containsAny':
        return this.setOp(op, b.left!, b.right!);
      case 'isEmpty': {
        const s = this.expr(b.arg!);
        if (s.v.k === 'set') return { v: { k: 'bool', t: { op: 'isEmpty', set: s.v.t } }, err: s.err };
        if (s.v.k === 'entities') return { v: { k: 'bool', t: s.v.items.length ? FALSE : TRUE }, err: s.err };
        return { ...this.bad(`isEmpty on ${s.v.k}`), err: s.err };
      }
      case 'ip':
      case 'isInRange':
        return this.extension(op, body as EstExpr[]);
      default:
        return this.bad(`EST node ${op}`);
    }
  }

  private literal(x: unknown): Evaluated {
    if (typeof x === 'string') return { v: { k: 'string', t: str(x) }, err: FALSE };
    if (typeof x === 'boolean') return { v: { k: 'bool', t: { op: 'bool', value: x } }, err: FALSE };
    if (typeof x === 'number' && Number.isSafeInteger(x)) return { v: { k: 'long', t: int(x) }, err: FALSE };
    if (x && typeof x === 'object' && '__entity' in x) {
      const uid = (x as { __entity: { type: string; id: string } }).__entity;
      return { v: { k: 'entity', e: { kind: 'literal', uid } }, err: FALSE };
    }
    return this.bad(`literal ${JSON.stringify(x)}`);
  }

  private variable(name: string): Evaluated {
    switch (name) {
      case 'principal':
      case 'resource':
      case 'action':
        return { v: { k: 'entity', e: { kind: name } }, err: FALSE };
      case 'context':
        return { v: this.req.context(), err: FALSE };
      default:
        return this.bad(`variable ${name}`);
    }
  }

  private setLiteral(items: EstExpr[]): Evaluated {
    const xs = items.map((i) => this.expr(i));
    const err = or(...xs.map((x) => x.err));
    if (xs.every((x) => x.v.k === 'entity')) return { v: { k: 'entities', items: xs.map((x) => (x.v as { e: EntityVal }).e) }, err };
    const consts = xs.map((x) => ('t' in x.v ? x.v.t : undefined));
    if (xs.every((x) => x.v.k === 'string') && consts.every((t) => t?.op === 'str')) return { v: { k: 'set', elem: 'string', t: { op: 'strset', values: consts.map((t) => (t as { value: string }).value) } }, err };
    if (xs.every((x) => x.v.k === 'long') && consts.every((t) => t?.op === 'int')) return { v: { k: 'set', elem: 'long', t: { op: 'intset', values: consts.map((t) => (t as { value: bigint }).value) } }, err };
    return { ...this.bad('a set literal with non-literal or mixed elements'), err };
  }

  /** The attribute slot of a value; undefined = the type has no such attribute. */
  private slot(x: CVal, attr: string) {
    if (x.k === 'entity') return this.req.attr(x.e, attr);
    if (x.k === 'record') return x.attr(attr);
    return 'unencoded' as const;
  }

  /** Cedar `==`: values of different types are unequal (never an error). */
  private equal(a: CVal, b: CVal): Term {
    if (a.k === 'unencoded' || b.k === 'unencoded') return FALSE;
    if (a.k === 'entity' && b.k === 'entity') return this.req.eq(a.e, b.e, this.unsupported);
    if (a.k === 'iplit' || b.k === 'iplit') return this.ipEqual(a, b);
    if (a.k !== b.k) return FALSE;
    if (a.k === 'set' && b.k === 'set' && a.elem !== b.elem) return a.t.op === 'strset' || a.t.op === 'intset' ? emptyBoth(a.t, b.t) : FALSE;
    if (a.k === 'ip' && b.k === 'ip') return { op: 'ipSame', left: a.t, right: b.t };
    if ('t' in a && 't' in b) return eq(a.t, b.t);
    this.unsupported(`== on ${a.k}`);
    return FALSE;
  }

  private ipEqual(a: CVal, b: CVal): Term {
    if (a.k === 'iplit' && b.k === 'iplit') return a.c.v6 === b.c.v6 && a.c.bits === b.c.bits && a.c.value === b.c.value ? TRUE : FALSE;
    const [lit, other] = a.k === 'iplit' ? [a, b] : [b as Extract<CVal, { k: 'iplit' }>, a];
    if (other.k !== 'ip') return FALSE;
    if (lit.c.bits !== (lit.c.v6 ? 128 : 32)) return FALSE; // a range never equals an address
    return { op: 'ipSame', left: { op: 'ip', v6: lit.c.v6, value: lit.c.value }, right: other.t };
  }

  private pattern(parts: unknown[]): string | undefined {
    let out = '';
    for (const p of parts) {
      if (p === 'Wildcard') out += '*';
      else {
        const lit = (p as { Literal: string }).Literal;
        if (lit.includes('*')) return undefined;
        out += lit;
      }
    }
    return out;
  }

  private setOp(op: 'contains' | 'containsAll' | 'containsAny', left: EstExpr, right: EstExpr): Evaluated {
    const s = this.expr(left);
    const a = this.expr(right);
    const err = or(s.err, a.err);
    if (op === 'contains' && s.v.k === 'entities') {
      const x = a.v;
      if (x.k !== 'entity') return { v: { k: 'bool', t: FALSE }, err };
      return { v: { k: 'bool', t: or(...s.v.items.map((i) => this.req.eq(x.e, i, this.unsupported))) }, err };
    }
    if (s.v.k !== 'set') return { ...this.bad(`${op} on ${s.v.k}`), err };
    if (op === 'contains') {
      const elemKind = s.v.elem === 'string' ? 'string' : 'long';
      if (a.v.k !== elemKind) return a.v.k === 'unencoded' ? { ...UNENCODED, err } : { v: { k: 'bool', t: FALSE }, err };
      return { v: { k: 'bool', t: { op: 'member', elem: a.v.t, set: s.v.t } }, err };
    }
    if (a.v.k !== 'set' || a.v.elem !== s.v.elem) return { ...this.bad(`${op} with an argument of type ${a.v.k}`), err };
    return { v: { k: 'bool', t: op === 'containsAll' ? { op: 'subset', sub: a.v.t, sup: s.v.t } : { op: 'intersects', left: s.v.t, right: a.v.t } }, err };
  }

  /** `ip("…")` of a literal, and `isInRange` (receiver: an address or a literal; range: a literal or an address). */
  private extension(fn: 'ip' | 'isInRange', args: EstExpr[]): Evaluated {
    const xs = args.map((a) => this.expr(a));
    const err = or(...xs.map((x) => x.err));
    if (fn === 'ip') {
      const arg = xs[0]?.v;
      if (xs.length !== 1 || arg?.k !== 'string' || arg.t.op !== 'str') return { ...this.bad('ip() of a non-literal'), err };
      const c = parseCidr(arg.t.value);
      if (!c) return { v: { k: 'unencoded' }, err: TRUE }; // Cedar: an invalid address is an evaluation error
      return { v: { k: 'iplit', c }, err };
    }
    const [a, r] = xs.map((x) => x.v) as [CVal, CVal];
    if (xs.length !== 2) return { ...this.bad('isInRange arity'), err };
    if (r.k === 'iplit') {
      if (a.k === 'iplit') return { v: { k: 'bool', t: cidrContains(r.c, a.c) ? TRUE : FALSE }, err };
      if (a.k === 'ip') return { v: { k: 'bool', t: { op: 'inCidr', arg: a.t, v6: r.c.v6, net: r.c.value, bits: r.c.bits } }, err };
    } else if (r.k === 'ip') {
      // r is one address: a is in it iff a is that same address.
      if (a.k === 'ip') return { v: { k: 'bool', t: { op: 'ipSame', left: a.t, right: r.t } }, err };
      if (a.k === 'iplit') return { v: { k: 'bool', t: a.c.bits === (a.c.v6 ? 128 : 32) ? { op: 'ipSame', left: { op: 'ip', v6: a.c.v6, value: a.c.value }, right: r.t } : FALSE }, err };
    }
    return { ...this.bad(`isInRange on ${a.k}, ${r.k}`), err };
  }
}

/** Two literal sets of different element types are equal only when both are empty. */
function emptyBoth(a: Term, b: Term): Term {
  return and({ op: 'isEmpty', set: a }, { op: 'isEmpty', set: b });
}
