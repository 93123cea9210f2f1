/**
 * Three-valued logic, lowered to two-valued guarded conditions that never error.
 *
 * language.md §4: an atomic condition that reads an absent (optional) attribute is
 * *unknown*; connectives follow Kleene's strong logic; grants need *true*, denies fire
 * on *true or unknown*. Both backends emit the output of this module literally, so the
 * Cedar and Rego bundles agree on unknowns by construction:
 *
 *   T(c) — "c is definitely true",  F(c) — "c is definitely false"
 *   T(atom) = present(operands) ∧ atom         F(atom) = present(operands) ∧ ¬atom
 *   T(has x) = present(x)                       F(has x) = ¬present(x)
 *   T(a ∧ b) = T(a) ∧ T(b)                      F(a ∧ b) = F(a) ∨ F(b)
 *   T(a ∨ b) = T(a) ∨ T(b)                      F(a ∨ b) = F(a) ∧ F(b)
 *   T(¬a) = F(a)                                F(¬a) = T(a)
 *
 * A grant uses T(c); `deny … when c` fires on ¬F(c); `deny … unless c` on ¬T(c).
 * Each atom appears only under a conjunction with the presence of every operand it
 * reads, so a backend evaluating `atom` may assume its operands exist.
 */
import type { Cond, ValueExpr } from './ir.ts';
import { appendAll } from '../support/arrays.ts';

export type Operand = Extract<ValueExpr, { kind: 'attr' } | { kind: 'prop' }>;

/** An atomic condition (everything but const/and/or/not/has). */
export type AtomCond = Exclude<Cond, { kind: 'const' | 'and' | 'or' | 'not' | 'has' }>;

export type GuardedCond =
  | { kind: 'const'; value: boolean }
  /** The operand is present in the request. */
  | { kind: 'present'; operand: Operand }
  /** The atom holds (operands guaranteed present by an enclosing guard). */
  | { kind: 'atom'; atom: AtomCond }
  | { kind: 'and'; args: GuardedCond[] }
  | { kind: 'or'; args: GuardedCond[] }
  /** Two-valued negation; appears only over `atom`, `present`, or at the top of a deny. */
  | { kind: 'not'; arg: GuardedCond };

/**
 * Whether an operand can be missing from a valid request. Optional attributes and
 * optional built-in properties can; so can document attributes, which are present only
 * when the request names a document (a deny condition may read them on any request).
 */
export function mayBeAbsent(op: Operand): boolean {
  return op.optional || (op.kind === 'attr' && op.scope === 'document');
}

/** The absent-able operands an atom reads, deduplicated, in first-occurrence order. */
export function operandsOf(atom: AtomCond): Operand[] {
  const exprs: ValueExpr[] = [];
  switch (atom.kind) {
    case 'truthy':
      exprs.push(atom.expr);
      break;
    case 'compare':
      exprs.push(atom.left, atom.right);
      break;
    case 'in':
      exprs.push(atom.elem, atom.set);
      break;
    case 'setop':
      exprs.push(atom.set, atom.arg);
      break;
    case 'isEmpty':
      exprs.push(atom.set);
      break;
    case 'like':
      exprs.push(atom.expr);
      break;
    case 'isInRange':
      exprs.push(atom.expr, atom.range);
      break;
  }
  const seen = new Set<string>();
  const out: Operand[] = [];
  for (const e of exprs) {
    if (e.kind !== 'attr' && e.kind !== 'prop') continue;
    if (!mayBeAbsent(e)) continue;
    const key = operandKey(e);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

export function operandKey(op: Operand): string {
  return op.kind === 'attr' ? `${op.scope}.${op.name}` : op.prop;
}

function guardAtom(atom: AtomCond, negate: boolean): GuardedCond {
  const core: GuardedCond = negate ? { kind: 'not', arg: { kind: 'atom', atom } } : { kind: 'atom', atom };
  const guards: GuardedCond[] = operandsOf(atom).map((operand) => ({ kind: 'present', operand }));
  return guards.length === 0 ? core : { kind: 'and', args: [...guards, core] };
}

/** T(c): the condition is definitely true. */
export function definitelyTrue(c: Cond): GuardedCond {
  switch (c.kind) {
    case 'const':
      return { kind: 'const', value: c.value };
    case 'has':
      return mayBeAbsent(c.operand) ? { kind: 'present', operand: c.operand } : { kind: 'const', value: true };
    case 'and':
      return simplify({ kind: 'and', args: c.args.map(definitelyTrue) });
    case 'or':
      return simplify({ kind: 'or', args: c.args.map(definitelyTrue) });
    case 'not':
      return definitelyFalse(c.arg);
    default:
      return guardAtom(c, false);
  }
}

/** F(c): the condition is definitely false. */
export function definitelyFalse(c: Cond): GuardedCond {
  switch (c.kind) {
    case 'const':
      return { kind: 'const', value: !c.value };
    case 'has':
      return mayBeAbsent(c.operand)
        ? { kind: 'not', arg: { kind: 'present', operand: c.operand } }
        : { kind: 'const', value: false };
    case 'and':
      return simplify({ kind: 'or', args: c.args.map(definitelyFalse) });
    case 'or':
      return simplify({ kind: 'and', args: c.args.map(definitelyFalse) });
    case 'not':
      return definitelyTrue(c.arg);
    default:
      return guardAtom(c, true);
  }
}

/** The guarded condition under which a deny with this condition fires. */
export function denyFires(condition: { mode: 'when' | 'unless'; cond: Cond } | undefined): GuardedCond {
  if (!condition) return { kind: 'const', value: true };
  const blocker = condition.mode === 'when' ? definitelyFalse(condition.cond) : definitelyTrue(condition.cond);
  if (blocker.kind === 'const') return { kind: 'const', value: !blocker.value };
  return { kind: 'not', arg: blocker };
}

/** Constant folding and flattening of nested and/or; keeps argument order. */
export function simplify(g: GuardedCond): GuardedCond {
  if (g.kind !== 'and' && g.kind !== 'or') return g;
  const unit = g.kind === 'and'; // identity element value
  const args: GuardedCond[] = [];
  for (const raw of g.args) {
    const a = simplify(raw);
    if (a.kind === 'const') {
      if (a.value === unit) continue; // identity: drop
      return { kind: 'const', value: !unit }; // absorbing element
    }
    if (a.kind === g.kind) appendAll(args, a.args);
    else args.push(a);
  }
  if (args.length === 0) return { kind: 'const', value: unit };
  if (args.length === 1) return args[0]!;
  return { kind: g.kind, args };
}
