/**
 * Conditions → Rego. Input is always the two-valued guarded form from
 * semantics/kleene.ts (T(c), F(c), denyFires), so three-valued logic is decided there,
 * once, for both backends. Here we only spell it in Rego:
 *
 *  - `present(x)` is a type test on the reference (`is_string(input.context.owner)`):
 *    it is false both when the key is absent and when it holds a wrong-typed value, so
 *    an operand is never read unless it is defined — we never rely on `not` over an
 *    undefined reference by accident;
 *  - a conjunction is a rule body; a disjunction becomes a helper rule with one body per
 *    branch (all bodies yield `true`, so they can never conflict);
 *  - negation is `not` over a single expression or over a helper rule;
 *  - sets (JSON arrays in `input`) are turned into Rego sets before set comparisons.
 */
import type { AttrType, ValueExpr } from '../../semantics/ir.ts';
import type { AtomCond, GuardedCond, Operand } from '../../semantics/kleene.ts';
import { comment, member, patternMatch, setLiteral, str } from './text.ts';

/** Helper rules produced while lowering conditions (emitted next to their user). */
export interface HelperRule {
  name: string;
  /** Each body is a conjunction of statements; several bodies are a disjunction. */
  bodies: string[][];
}

/** Allocates helper-rule names that are unique across the whole generated package. */
export class HelperNames {
  private readonly used = new Set<string>();
  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.used.add(r);
  }
  next(base: string): string {
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }
}

export interface Lowering {
  names: HelperNames;
  /** Base for helper names, e.g. `documents_logs_reader_14`. */
  base: string;
  helpers: HelperRule[];
}

/** The Rego reference for an attribute or built-in property. */
export function operandRef(op: Operand): string {
  if (op.kind === 'attr') {
    const base =
      op.scope === 'user' ? 'input.principal.attributes' : op.scope === 'document' ? 'input.resource.attributes' : 'input.context';
    return member(base, op.name);
  }
  const [scope, prop] = op.prop.split('.') as [string, string];
  return `input.${scope}.${prop}`;
}

/** The type test that says an operand is present (and well-typed). */
export function presentTest(op: Operand): string {
  return `${typeTest(op.type)}(${operandRef(op)})`;
}

function typeTest(t: AttrType): string {
  switch (t) {
    case 'String':
    case 'IpAddr':
      return 'is_string';
    case 'Long':
      return 'is_number';
    case 'Bool':
      return 'is_boolean';
    case 'Set<String>':
    case 'Set<Long>':
      return 'is_array';
  }
}

/** A value expression as a Rego term (sets stay as written: arrays from input, set literals). */
export function valueTerm(e: ValueExpr): string {
  switch (e.kind) {
    case 'string':
      return str(e.value);
    case 'long':
      return String(e.value);
    case 'bool':
      return String(e.value);
    case 'set':
      return setLiteral(e.values);
    case 'ip':
      return str(e.cidr);
    case 'attr':
    case 'prop':
      return operandRef(e);
  }
}

/** A set-typed value as a Rego *set* (input arrays are converted: sets compare as sets). */
function setTerm(e: ValueExpr): string {
  if (e.kind === 'set') return setLiteral(e.values);
  return `{x | some x in ${valueTerm(e)}}`;
}

function isSetType(e: ValueExpr): boolean {
  if (e.kind === 'set') return true;
  return (e.kind === 'attr' || e.kind === 'prop') && e.type.startsWith('Set<');
}

/** An IpAddr range operand as a CIDR string (a bare address is a one-address range). */
function cidrTerm(e: ValueExpr): string {
  if (e.kind === 'ip') return str(literalCidr(e.cidr));
  return `as_cidr(${valueTerm(e)})`;
}

export function literalCidr(ip: string): string {
  if (ip.includes('/')) return ip;
  return ip.includes(':') ? `${ip}/128` : `${ip}/32`;
}

/** One Rego expression that holds iff the atom holds (operands assumed present). */
export function atomExpr(a: AtomCond): string {
  switch (a.kind) {
    case 'truthy':
      return `${valueTerm(a.expr)} == true`;
    case 'compare':
      if (isSetType(a.left) || isSetType(a.right)) return `${setTerm(a.left)} ${a.op} ${setTerm(a.right)}`;
      return `${valueTerm(a.left)} ${a.op} ${valueTerm(a.right)}`;
    case 'in':
      return `${valueTerm(a.elem)} in ${valueTerm(a.set)}`;
    case 'setop':
      switch (a.op) {
        case 'contains':
          return `${valueTerm(a.arg)} in ${valueTerm(a.set)}`;
        case 'containsAll':
          return `count(${setTerm(a.arg)} - ${setTerm(a.set)}) == 0`;
        case 'containsAny':
          return `count(${setTerm(a.set)} & ${setTerm(a.arg)}) > 0`;
      }
      break;
    case 'isEmpty':
      return `count(${valueTerm(a.set)}) == 0`;
    case 'like':
      return patternMatch(a.pattern, valueTerm(a.expr));
    case 'isInRange':
      return `net.cidr_contains(${cidrTerm(a.range)}, ${valueTerm(a.expr)})`;
  }
  throw new Error(`unreachable atom ${(a as { kind: string }).kind}`);
}

/**
 * Lowers a guarded condition to the statements of one rule body (a conjunction).
 * Disjunctions and negated conjunctions become helper rules recorded in `lw.helpers`.
 */
export function lowerBody(g: GuardedCond, lw: Lowering): string[] {
  switch (g.kind) {
    case 'const':
      return g.value ? [] : ['false'];
    case 'present':
      return [presentTest(g.operand)];
    case 'atom':
      return [atomExpr(g.atom)];
    case 'and':
      return g.args.flatMap((a) => lowerBody(a, lw));
    case 'or': {
      const name = lw.names.next(lw.base);
      const helper: HelperRule = { name, bodies: [] };
      lw.helpers.push(helper);
      helper.bodies = g.args.map((a) => lowerBody(a, lw));
      return [name];
    }
    case 'not': {
      const inner = lowerBody(g.arg, lw);
      if (inner.length === 0) return ['false'];
      if (inner.length === 1 && !inner[0]!.startsWith('not ')) return [`not ${inner[0]}`];
      const name = lw.names.next(lw.base);
      lw.helpers.push({ name, bodies: [inner] });
      return [`not ${name}`];
    }
  }
}

/** Renders helper rules: `name if { … }`, one rule per body. */
export function renderHelpers(helpers: readonly HelperRule[], note: string): string {
  const out: string[] = [];
  for (const h of helpers) {
    for (const body of h.bodies) out.push(renderRule(`${h.name}`, body, note));
  }
  return out.join('\n\n');
}

/** `head if { stmts }` (or `head if stmt` for one short statement; `head` alone when empty). */
export function renderRule(head: string, body: readonly string[], note?: string): string {
  const c = note ? `${comment(note)}\n` : '';
  // A conjunction is idempotent: a presence test repeated by `has x && x == …` is said once.
  body = [...new Set(body)];
  if (body.length === 0) body = ['true'];
  return `${c}${head} if {\n${body.map((s) => `\t${s}`).join('\n')}\n}`;
}
