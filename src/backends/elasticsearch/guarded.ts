/**
 * Shared by the DLS and role-mapping translations: the two-valued guarded form of a
 * condition (src/semantics/kleene.ts), tidied for Elasticsearch. Both query clauses
 * (`term`, `range`, …) and role-mapping field rules only match when their field holds a
 * value, so a presence guard next to a positive atom on the same operand adds nothing:
 * it is dropped, leaving guards only where they carry meaning (under negation).
 */
import { definitelyTrue, operandKey, simplify, type AtomCond, type GuardedCond, type Operand } from '../../semantics/kleene.ts';
import type { Cond, ValueExpr } from '../../semantics/ir.ts';
import { wildcardMatch } from '../../semantics/patterns.ts';

/** The operands an atom reads (attributes and built-in properties), any optionality. */
export function atomOperands(atom: AtomCond): Operand[] {
  const xs: ValueExpr[] =
    atom.kind === 'truthy' ? [atom.expr]
    : atom.kind === 'compare' ? [atom.left, atom.right]
    : atom.kind === 'in' ? [atom.elem, atom.set]
    : atom.kind === 'setop' ? [atom.set, atom.arg]
    : atom.kind === 'isEmpty' ? [atom.set]
    : atom.kind === 'like' ? [atom.expr]
    : [atom.expr, atom.range];
  return xs.filter((x): x is Operand => x.kind === 'attr' || x.kind === 'prop');
}

/** Whether the atom, when it holds, implies its operands hold a value (`!=` does not: it
 *  becomes a negated clause). */
function impliesPresence(atom: AtomCond): boolean {
  return !(atom.kind === 'compare' && atom.op === '!=');
}

export function tidy(g: GuardedCond): GuardedCond {
  switch (g.kind) {
    case 'and': {
      const args = g.args.map(tidy);
      const implied = new Set<string>();
      for (const a of args) if (a.kind === 'atom' && impliesPresence(a.atom)) for (const op of atomOperands(a.atom)) implied.add(operandKey(op));
      const kept = args.filter((a) => !(a.kind === 'present' && implied.has(operandKey(a.operand))));
      return simplify({ kind: 'and', args: kept });
    }
    case 'or':
      return simplify({ kind: 'or', args: g.args.map(tidy) });
    case 'not':
      return { kind: 'not', arg: tidy(g.arg) };
    default:
      return g;
  }
}

/** T(c), tidied: what a grant needs. */
export function grantForm(c: Cond): GuardedCond {
  return tidy(definitelyTrue(c));
}

/** Replaces tests of `principal.type` by their value for a principal of this type. Other
 *  uses of `principal.type` stay (and the translation rejects them). */
export function specializePrincipalType(c: Cond, type: 'user' | 'api_key'): Cond {
  const isType = (v: ValueExpr) => v.kind === 'prop' && v.prop === 'principal.type';
  switch (c.kind) {
    case 'and':
    case 'or':
      return { kind: c.kind, args: c.args.map((a) => specializePrincipalType(a, type)) };
    case 'not':
      return { kind: 'not', arg: specializePrincipalType(c.arg, type) };
    case 'compare': {
      const [t, other] = isType(c.left) ? [c.left, c.right] : isType(c.right) ? [c.right, c.left] : [undefined, undefined];
      if (t && other?.kind === 'string' && (c.op === '==' || c.op === '!=')) return { kind: 'const', value: (other.value === type) === (c.op === '==') };
      return c;
    }
    case 'in':
      if (isType(c.elem) && c.set.kind === 'set') return { kind: 'const', value: c.set.values.includes(type) };
      return c;
    case 'like':
      if (isType(c.expr)) return { kind: 'const', value: wildcardMatch(c.pattern, type) };
      return c;
    default:
      return c;
  }
}
