/**
 * Guarded conditions (semantics/kleene.ts) → Cedar boolean expressions, specialised for
 * the resource type a policy applies to. Every operand read is either always present on
 * that type or guarded by kleene's `present`, which becomes a Cedar `has` test (or a
 * constant when the type decides it), so no emitted expression can error at evaluation.
 *
 * Cedar data layout (see schema.ts): user attributes live in `principal.attributes`,
 * document attributes in `resource.attributes`, context attributes in
 * `context.attributes`.
 */
import type { ValueExpr } from '../../semantics/ir.ts';
import type { AtomCond, GuardedCond, Operand } from '../../semantics/kleene.ts';
import type { ResourceType } from '../../request/types.ts';
import { FALSE, TRUE, and, atom, compound, not, or, type CedarBool } from './expr.ts';
import { attrAccess, cedarString, hasAttr, VALUE_MARKS, valuePattern, valueString, INDEX_RESOURCES, STACK_RESOURCES, USER } from './names.ts';

const SCOPE_BASE = { user: 'principal.attributes', document: 'resource.attributes', context: 'context.attributes' } as const;

/** Whether the operand is present on a request of this resource type. */
export function presence(op: Operand, rt: ResourceType): CedarBool {
  if (op.kind === 'attr') {
    if (op.scope === 'document') {
      if (rt === 'document') return op.optional ? compound(hasAttr(SCOPE_BASE.document, op.name)) : TRUE;
      if (rt === 'field') {
        const inner = op.optional ? compound(hasAttr(SCOPE_BASE.document, op.name)) : TRUE;
        return and(compound('resource has attributes'), inner);
      }
      return FALSE;
    }
    return op.optional ? compound(hasAttr(SCOPE_BASE[op.scope], op.name)) : TRUE;
  }
  switch (op.prop) {
    case 'principal.id':
    case 'principal.type':
    case 'principal.groups':
      return TRUE;
    case 'principal.realm':
      return compound('principal has realm');
    case 'resource.index':
      return INDEX_RESOURCES.includes(rt) ? TRUE : FALSE;
    case 'resource.field':
      return rt === 'field' ? TRUE : FALSE;
    case 'resource.deployment':
      if (rt === 'deployment') return TRUE;
      return STACK_RESOURCES.includes(rt) ? compound('resource has deployment') : FALSE;
  }
}

/** Cedar text of a value, or undefined when the operand cannot exist on this type. */
function value(e: ValueExpr, rt: ResourceType): string | undefined {
  switch (e.kind) {
    case 'string':
      return valueString(e.value);
    case 'long':
      return String(e.value);
    case 'bool':
      return String(e.value);
    case 'set':
      return `[${e.values.map((v) => (typeof v === 'string' ? valueString(v) : String(v))).join(', ')}]`;
    case 'ip':
      return `ip(${cedarString(e.cidr)})`;
    case 'attr':
      if (e.scope === 'document' && rt !== 'document' && rt !== 'field') return undefined;
      return attrAccess(SCOPE_BASE[e.scope], e.name);
    case 'prop':
      return propValue(e.prop, rt);
  }
}

function propValue(prop: Extract<ValueExpr, { kind: 'prop' }>['prop'], rt: ResourceType): string | undefined {
  switch (prop) {
    case 'principal.id':
      return 'principal.id';
    case 'principal.type':
      return `(if principal is ${USER} then "user" else "api_key")`;
    case 'principal.realm':
      return 'principal.realm';
    case 'principal.groups':
      return 'principal.groups';
    case 'resource.index':
      return INDEX_RESOURCES.includes(rt) ? 'resource.index' : undefined;
    case 'resource.field':
      return rt === 'field' ? 'resource.field' : undefined;
    case 'resource.deployment':
      if (rt === 'deployment') return 'resource.name';
      return STACK_RESOURCES.includes(rt) ? 'resource.deployment' : undefined;
  }
}

/** Cedar cannot type an empty set literal in strict mode; such atoms are folded. */
function isEmptySetLiteral(e: ValueExpr): boolean {
  return e.kind === 'set' && e.values.length === 0;
}

/** Wraps a value for use as the receiver of a method call or an operand. */
function recv(text: string): string {
  // Tested on the marked text (names.ts), marks allowed: the same answer as on the final
  // text (a mark always stands next to a `"`), without building the final text.
  return SIMPLE_RECEIVER.test(text) || text.startsWith('(') ? text : `(${text})`;
}
const SIMPLE_RECEIVER = new RegExp(`^[A-Za-z_.[\\]"0-9:${VALUE_MARKS}]+$`);

function translateAtom(a: AtomCond, rt: ResourceType): CedarBool {
  switch (a.kind) {
    case 'truthy': {
      const x = value(a.expr, rt);
      return x === undefined ? FALSE : atom(x);
    }
    case 'compare': {
      const [l, r] = [value(a.left, rt), value(a.right, rt)];
      if (l === undefined || r === undefined) return FALSE;
      if ((a.op === '==' || a.op === '!=') && (isEmptySetLiteral(a.left) || isEmptySetLiteral(a.right))) {
        const both = isEmptySetLiteral(a.left) && isEmptySetLiteral(a.right);
        const empty = both ? TRUE : atom(`${recv(isEmptySetLiteral(a.left) ? r : l)}.isEmpty()`);
        return a.op === '==' ? empty : not(empty);
      }
      return compound(`${recv(l)} ${a.op} ${recv(r)}`);
    }
    case 'in': {
      const [x, s] = [value(a.elem, rt), value(a.set, rt)];
      if (x === undefined || s === undefined) return FALSE;
      if (isEmptySetLiteral(a.set)) return FALSE;
      return atom(`${recv(s)}.contains(${x})`);
    }
    case 'setop': {
      const [s, x] = [value(a.set, rt), value(a.arg, rt)];
      if (s === undefined || x === undefined) return FALSE;
      if (a.op === 'contains') return isEmptySetLiteral(a.set) ? FALSE : atom(`${recv(s)}.contains(${x})`);
      if (a.op === 'containsAll') {
        if (isEmptySetLiteral(a.arg)) return TRUE;
        if (isEmptySetLiteral(a.set)) return atom(`${recv(x)}.isEmpty()`);
        return atom(`${recv(s)}.containsAll(${x})`);
      }
      if (isEmptySetLiteral(a.arg) || isEmptySetLiteral(a.set)) return FALSE;
      return atom(`${recv(s)}.containsAny(${x})`);
    }
    case 'isEmpty': {
      const s = value(a.set, rt);
      if (s === undefined) return FALSE;
      return isEmptySetLiteral(a.set) ? TRUE : atom(`${recv(s)}.isEmpty()`);
    }
    case 'like': {
      const x = value(a.expr, rt);
      return x === undefined ? FALSE : compound(`${recv(x)} like ${valuePattern(a.pattern)}`);
    }
    case 'isInRange': {
      const [x, r] = [value(a.expr, rt), value(a.range, rt)];
      if (x === undefined || r === undefined) return FALSE;
      return atom(`${recv(x)}.isInRange(${r})`);
    }
  }
}

/** A guarded (two-valued, never-erroring) condition as a Cedar expression for `rt`. */
export function translateGuarded(g: GuardedCond, rt: ResourceType): CedarBool {
  switch (g.kind) {
    case 'const':
      return g.value ? TRUE : FALSE;
    case 'present':
      return presence(g.operand, rt);
    case 'atom':
      return translateAtom(g.atom, rt);
    case 'not':
      return not(translateGuarded(g.arg, rt));
    case 'and': {
      // Translate left to right and stop at a statically false guard, so that atoms
      // behind it (reading attributes this type lacks) are never emitted.
      const parts: CedarBool[] = [];
      for (const a of g.args) {
        const t = translateGuarded(a, rt);
        if (t.kind === 'const' && !t.value) return FALSE;
        parts.push(t);
      }
      return and(...parts);
    }
    case 'or':
      return or(...g.args.map((a) => translateGuarded(a, rt)));
  }
}

