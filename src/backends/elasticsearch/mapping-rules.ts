/**
 * A mapping's `when COND` → a role-mapping rule (`all`/`any`/`except`/`field`), exactly:
 * the rule matches a user iff COND is definitely true for that user. Role mappings only
 * ever apply to users, so COND must be definitely not true for any API key
 * ({@link userOnly}); `principal.type` tests are then settled to "user".
 *
 * Operands: `principal.id` → `username`, `principal.realm` → `realm.name`,
 * `principal.groups` → `groups`, `user.ATTR` → `metadata.ATTR`. A field rule matches when
 * the field (or, for a multi-valued field, some value) equals a listed value; a `null`
 * value matches a missing field, which is how presence guards are written.
 */
import type { AtomCond, GuardedCond, Operand } from '../../semantics/kleene.ts';
import type { Cond, ValueExpr } from '../../semantics/ir.ts';
import { grantForm, specializePrincipalType } from './guarded.ts';
import type { FieldValue, RoleMappingRule } from './types.ts';

export type RuleResult = { ok: true; rule: RoleMappingRule } | { ok: false; reasons: string[]; code: 'ES008' | 'ES009' | 'ES012' };

/** A rule that matches every user (every user has a username). */
export const EVERY_USER: RoleMappingRule = { field: { username: '*' } };

export function userOnly(cond: Cond): boolean {
  const g = grantForm(specializePrincipalType(cond, 'api_key'));
  return g.kind === 'const' && !g.value;
}

export function mappingRule(cond: Cond): RuleResult {
  if (!userOnly(cond)) return { ok: false, code: 'ES008', reasons: ['its condition can hold for an API key; guard it with `principal.type == "user" &&`'] };
  const ctx: Ctx = { reasons: [], literal: [] };
  const rule = toRule(grantForm(specializePrincipalType(cond, 'user')), ctx);
  if (ctx.literal.length > 0) return { ok: false, code: 'ES012', reasons: ctx.literal };
  return ctx.reasons.length > 0 ? { ok: false, code: 'ES009', reasons: [...new Set(ctx.reasons)] } : { ok: true, rule };
}

/** `username` rule for one exact user name, or the reason it cannot be written. */
export function exactValue(field: string, v: string): { ok: true; rule: RoleMappingRule } | { ok: false; reason: string } {
  const why = literalProblem(v);
  return why ? { ok: false, reason: `${field} "${v}" ${why}` } : { ok: true, rule: { field: { [field]: v } } };
}

interface Ctx {
  reasons: string[];
  /** Values that a field rule would not read literally. */
  literal: string[];
}

function literalProblem(v: string): string | undefined {
  if (v.includes('*') || v.includes('?')) return 'contains a wildcard character, which a field rule reads as a wildcard';
  if (v.length >= 2 && v.startsWith('/') && v.endsWith('/')) return 'is written /…/, which a field rule reads as a regular expression';
  return undefined;
}

function fieldOf(op: ValueExpr): string | undefined {
  if (op.kind === 'prop') return op.prop === 'principal.id' ? 'username' : op.prop === 'principal.realm' ? 'realm.name' : op.prop === 'principal.groups' ? 'groups' : undefined;
  if (op.kind === 'attr' && op.scope === 'user') return `metadata.${op.name}`;
  return undefined;
}

function describe(v: ValueExpr): string {
  return v.kind === 'attr' ? `${v.scope}.${v.name}` : v.kind === 'prop' ? v.prop : `a ${v.kind} literal`;
}

function toRule(g: GuardedCond, ctx: Ctx): RoleMappingRule {
  switch (g.kind) {
    case 'const':
      return g.value ? EVERY_USER : negation(EVERY_USER);
    case 'and':
      // `except` is only valid directly inside `all`: splice single-`all` negations in.
      const parts = g.args.flatMap((a) => {
        const r = toRule(a, ctx);
        const inner = (r as { all?: RoleMappingRule[] }).all;
        return inner?.length === 1 && (inner[0] as { except?: RoleMappingRule }).except ? inner : [r];
      });
      const seen = new Set<string>();
      return { all: parts.filter((r) => !seen.has(JSON.stringify(r)) && seen.add(JSON.stringify(r)) !== undefined) };
    case 'or':
      return { any: g.args.map((a) => toRule(a, ctx)) };
    case 'not':
      return negation(toRule(g.arg, ctx));
    case 'present':
      return presence(g.operand, ctx);
    case 'atom':
      return atomRule(g.atom, ctx);
  }
}

/** Elasticsearch accepts `except` only as a child of `all`. */
function negation(rule: RoleMappingRule): RoleMappingRule {
  return { all: [{ except: rule }] };
}

function presence(op: Operand, ctx: Ctx): RoleMappingRule {
  const f = fieldOf(op);
  if (!f) {
    ctx.reasons.push(`${describe(op)} is not a property of the user`);
    return EVERY_USER;
  }
  return negation({ field: { [f]: null } });
}

function literalValue(v: ValueExpr, ctx: Ctx): FieldValue | undefined {
  if (v.kind === 'string') {
    const why = literalProblem(v.value);
    if (why) {
      ctx.literal.push(`"${v.value}" ${why}`);
      return undefined;
    }
    return v.value;
  }
  if (v.kind === 'long' || v.kind === 'bool') return v.value;
  ctx.reasons.push(`${describe(v)}: a field rule compares with literal values only`);
  return undefined;
}

function fieldRule(f: string, values: FieldValue | FieldValue[]): RoleMappingRule {
  return { field: { [f]: values } };
}

function atomRule(atom: AtomCond, ctx: Ctx): RoleMappingRule {
  const fail = (why: string): RoleMappingRule => {
    ctx.reasons.push(why);
    return EVERY_USER;
  };
  switch (atom.kind) {
    case 'truthy': {
      const f = fieldOf(atom.expr);
      return f ? fieldRule(f, true) : fail(`${describe(atom.expr)} is not a property of the user`);
    }
    case 'compare': {
      if (atom.op !== '==' && atom.op !== '!=') return fail(`${describe(atom.left)} ${atom.op} …: role-mapping rules have no ordering comparison`);
      const lf = fieldOf(atom.left);
      const [f, other] = lf ? [lf, atom.right] : [fieldOf(atom.right), atom.left];
      if (!f) return fail(`${describe(atom.left)} ${atom.op} ${describe(atom.right)} reads no property of the user`);
      const v = literalValue(other, ctx);
      if (v === undefined) return EVERY_USER;
      return atom.op === '==' ? fieldRule(f, v) : negation(fieldRule(f, v));
    }
    case 'in': {
      const ef = fieldOf(atom.elem);
      if (ef && atom.set.kind === 'set') return fieldRule(ef, atom.set.values.map((x) => literalValue(typeof x === 'string' ? { kind: 'string', value: x } : { kind: 'long', value: x }, ctx) ?? null));
      const sf = fieldOf(atom.set);
      if (sf) {
        const v = literalValue(atom.elem, ctx);
        return v === undefined ? EVERY_USER : fieldRule(sf, v);
      }
      return fail(`${describe(atom.elem)} in ${describe(atom.set)}: a field rule tests one user property against literals`);
    }
    case 'setop': {
      const sf = fieldOf(atom.set);
      if (!sf) return fail(`${describe(atom.set)}.${atom.op}(…) reads no property of the user`);
      if (atom.op === 'contains') {
        const v = literalValue(atom.arg, ctx);
        return v === undefined ? EVERY_USER : fieldRule(sf, v);
      }
      if (atom.arg.kind !== 'set') return fail(`${atom.op} needs a literal set in a role-mapping rule`);
      const vals = atom.arg.values.map((x) => literalValue(typeof x === 'string' ? { kind: 'string', value: x } : { kind: 'long', value: x }, ctx) ?? null);
      if (atom.op === 'containsAny') return vals.length === 0 ? negation(EVERY_USER) : fieldRule(sf, vals);
      return vals.length === 0 ? EVERY_USER : { all: vals.map((v) => fieldRule(sf, v)) };
    }
    case 'like': {
      const f = fieldOf(atom.expr);
      if (!f) return fail(`${describe(atom.expr)} like …: reads no property of the user`);
      if (atom.pattern.includes('?')) return fail(`like "${atom.pattern}": a field rule reads ? as a wildcard`);
      if (atom.pattern.startsWith('/') && atom.pattern.endsWith('/') && atom.pattern.length >= 2) return fail(`like "${atom.pattern}": a field rule reads /…/ as a regular expression`);
      return fieldRule(f, atom.pattern);
    }
    case 'isEmpty':
      return fail(`${describe(atom.set)}.isEmpty(): role-mapping rules cannot test for an empty list`);
    case 'isInRange':
      return fail(`isInRange: role-mapping rules have no IP ranges`);
  }
}
