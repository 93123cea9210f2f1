/**
 * IR conditions in three-valued logic (language.md §4), written independently of the
 * compiler's semantics/kleene.ts so that a bug there is not copied here: each condition
 * becomes a pair (isTrue, isFalse) of Bool terms; unknown is neither.
 *
 *   atom:   isTrue = present(operands) ∧ atom,  isFalse = present(operands) ∧ ¬atom
 *   has x:  isTrue = present(x),                isFalse = ¬present(x)
 *   ∧, ∨, ¬ by Kleene's strong logic.
 */
import type { Cond, ValueExpr } from '../semantics/ir.ts';
import { parseCidr } from './ip.ts';
import type { RequestModel } from './request-model.ts';
import { and, eq, FALSE, int, not, or, str, TRUE, type Term } from './term.ts';

export interface Tri {
  isTrue: Term;
  isFalse: Term;
}

interface Operand {
  value: Term;
  present: Term;
}

export class CondEncoder {
  constructor(private readonly m: RequestModel) {}

  operand(e: ValueExpr): Operand {
    const m = this.m;
    switch (e.kind) {
      case 'string':
        return { value: str(e.value), present: TRUE };
      case 'long':
        return { value: int(e.value), present: TRUE };
      case 'bool':
        return { value: { op: 'bool', value: e.value }, present: TRUE };
      case 'set':
        return {
          value: e.elemType === 'String' ? { op: 'strset', values: e.values.map(String) } : { op: 'intset', values: e.values.map((x) => BigInt(x)) },
          present: TRUE,
        };
      case 'ip': {
        const c = parseCidr(e.cidr);
        if (!c) throw new Error(`IR holds an invalid ip literal ${e.cidr}`);
        return { value: { op: 'ip', v6: c.v6, value: c.value }, present: TRUE };
      }
      case 'attr':
        return { value: m.attr(e.scope, e), present: m.attrPresent(e.scope, e) };
      case 'prop':
        switch (e.prop) {
          case 'principal.id':
            return { value: m.principalId, present: TRUE };
          case 'principal.type':
            return { value: { op: 'ite', cond: m.isUser, then: str('user'), else: str('api_key') }, present: TRUE };
          case 'principal.realm':
            return { value: m.realm, present: m.hasRealm };
          case 'principal.groups':
            return { value: m.groups, present: TRUE };
          case 'resource.index':
            return { value: m.resourceField('index'), present: m.typeIs('index', 'document', 'field') };
          case 'resource.field':
            return { value: m.resourceField('field'), present: m.typeIs('field') };
          case 'resource.deployment':
            return { value: m.deployment, present: m.hasDeployment };
        }
    }
  }

  /** The two-valued atom, assuming its operands present, and the presence of its operands. */
  private atom(c: Exclude<Cond, { kind: 'const' | 'and' | 'or' | 'not' | 'has' }>): { holds: Term; present: Term } {
    const ops: Operand[] = [];
    const val = (e: ValueExpr) => {
      const o = this.operand(e);
      ops.push(o);
      return o.value;
    };
    let holds: Term;
    switch (c.kind) {
      case 'truthy':
        holds = val(c.expr);
        break;
      case 'compare': {
        const l = val(c.left);
        const r = val(c.right);
        switch (c.op) {
          case '==':
            holds = eq(l, r);
            break;
          case '!=':
            holds = not(eq(l, r));
            break;
          case '<':
            holds = { op: 'lt', left: l, right: r };
            break;
          case '<=':
            holds = { op: 'le', left: l, right: r };
            break;
          case '>':
            holds = { op: 'lt', left: r, right: l };
            break;
          case '>=':
            holds = { op: 'le', left: r, right: l };
            break;
        }
        break;
      }
      case 'in':
        holds = { op: 'member', elem: val(c.elem), set: val(c.set) };
        break;
      case 'setop': {
        const s = val(c.set);
        const a = val(c.arg);
        holds =
          c.op === 'contains'
            ? { op: 'member', elem: a, set: s }
            : c.op === 'containsAll'
              ? { op: 'subset', sub: a, sup: s }
              : { op: 'intersects', left: s, right: a };
        break;
      }
      case 'isEmpty':
        holds = { op: 'isEmpty', set: val(c.set) };
        break;
      case 'like':
        holds = { op: 'like', arg: val(c.expr), pattern: c.pattern };
        break;
      case 'isInRange':
        holds = this.inRange(c.expr, c.range, val);
        break;
    }
    return { holds, present: and(...ops.map((o) => o.present)) };
  }

  /** `a.isInRange(b)`: range a (an address is a one-address range) inside range b. */
  private inRange(a: ValueExpr, b: ValueExpr, val: (e: ValueExpr) => Term): Term {
    const lit = (e: ValueExpr) => (e.kind === 'ip' ? parseCidr(e.cidr) : undefined);
    const la = lit(a);
    const lb = lit(b);
    if (lb) {
      const x = val(a);
      if (la) {
        if (la.v6 !== lb.v6 || la.bits < lb.bits) return FALSE;
        return { op: 'inCidr', arg: x, v6: lb.v6, net: lb.value, bits: lb.bits };
      }
      return { op: 'inCidr', arg: x, v6: lb.v6, net: lb.value, bits: lb.bits };
    }
    const y = val(b); // an attribute: one address
    if (la) {
      if (la.bits !== (la.v6 ? 128 : 32)) return FALSE;
      return { op: 'ipSame', left: { op: 'ip', v6: la.v6, value: la.value }, right: y };
    }
    return { op: 'ipSame', left: val(a), right: y };
  }

  tri(c: Cond): Tri {
    switch (c.kind) {
      case 'const':
        return { isTrue: { op: 'bool', value: c.value }, isFalse: { op: 'bool', value: !c.value } };
      case 'has': {
        const p = this.operand(c.operand).present;
        return { isTrue: p, isFalse: not(p) };
      }
      case 'and': {
        const parts = c.args.map((a) => this.tri(a));
        return { isTrue: and(...parts.map((p) => p.isTrue)), isFalse: or(...parts.map((p) => p.isFalse)) };
      }
      case 'or': {
        const parts = c.args.map((a) => this.tri(a));
        return { isTrue: or(...parts.map((p) => p.isTrue)), isFalse: and(...parts.map((p) => p.isFalse)) };
      }
      case 'not': {
        const p = this.tri(c.arg);
        return { isTrue: p.isFalse, isFalse: p.isTrue };
      }
      default: {
        const { holds, present } = this.atom(c);
        return { isTrue: and(present, holds), isFalse: and(present, not(holds)) };
      }
    }
  }
}
