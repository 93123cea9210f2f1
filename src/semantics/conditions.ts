/**
 * Type-checking conditions (language.md §4) and lowering them to IR {@link Cond}s.
 *
 * Every problem is reported and checking goes on with the rest of the expression; an
 * ill-typed sub-expression yields `undefined`, and so does every expression containing
 * one (no IR is produced for a policy set with errors anyway).
 */
import { ipFamily as isIP } from '../support/ip.ts';
import type { AttrType, BuiltinProp, Cond, ValueExpr } from './ir.ts';
import type { Expr } from '../syntax/ast.ts';
import type { SchemaLookup } from './schema.ts';
import { didYouMean, type Reporter } from './report.ts';
import { checkPattern } from './patterns.ts';

export interface CondEnv {
  schema: SchemaLookup;
  /** Whether `document.*` may be read here (`documents where`, deny conditions). */
  documents: boolean;
  /** Names the place in messages, e.g. "a role-level `where`". */
  place: string;
  r: Reporter;
}

const PROPS: Record<string, { type: AttrType; optional: boolean }> = {
  'principal.id': { type: 'String', optional: false },
  'principal.type': { type: 'String', optional: false },
  'principal.realm': { type: 'String', optional: true },
  'principal.groups': { type: 'Set<String>', optional: false },
  'resource.index': { type: 'String', optional: true },
  'resource.field': { type: 'String', optional: true },
  'resource.deployment': { type: 'String', optional: true },
};

interface Typed {
  v: ValueExpr;
  type: AttrType;
  /** `[]`: its element type is taken from the other operand. */
  emptySet?: boolean;
}

const isSet = (t: AttrType): t is 'Set<String>' | 'Set<Long>' => t.startsWith('Set<');
const elemOf = (t: 'Set<String>' | 'Set<Long>'): 'String' | 'Long' => (t === 'Set<String>' ? 'String' : 'Long');
const setOf = (t: 'String' | 'Long'): 'Set<String>' | 'Set<Long>' => (t === 'String' ? 'Set<String>' : 'Set<Long>');

/** Gives an empty set literal the element type the other operand needs. */
function retype(x: Typed, type: AttrType): Typed {
  if (!x.emptySet || !isSet(type) || x.v.kind !== 'set') return x;
  return { v: { ...x.v, elemType: elemOf(type) }, type };
}

export function checkCond(e: Expr | undefined, env: CondEnv): Cond | undefined {
  if (!e) return undefined;
  const { r } = env;
  switch (e.kind) {
    case 'error':
      return undefined;
    case 'bool':
      return { kind: 'const', value: e.value };
    case 'and':
    case 'or': {
      const args = (e.args ?? []).map((a) => checkCond(a, env));
      return args.every((a): a is Cond => a !== undefined) ? { kind: e.kind, args } : undefined;
    }
    case 'not': {
      const arg = checkCond(e.arg, env);
      return arg && { kind: 'not', arg };
    }
    case 'path': {
      const x = checkValue(e, env);
      if (!x) return undefined;
      if (x.type !== 'Bool') {
        r.error('E0405', e.span, `\`${pathText(e)}\` is ${x.type}, not Bool; compare it to something to make a condition`);
        return undefined;
      }
      return { kind: 'truthy', expr: x.v };
    }
    case 'compare':
      return checkCompare(e, env);
    case 'in': {
      const elem = checkValue(e.elem, env);
      let set = checkValue(e.set, env);
      if (!elem || !set) return undefined;
      if (!isSet(set.type)) {
        r.error('E0403', e.set.span, `\`in\` needs a set on the right, found ${set.type}`);
        return undefined;
      }
      if (elem.type !== 'String' && elem.type !== 'Long') {
        r.error('E0403', e.elem.span, `\`in\` tests a String or Long element, found ${elem.type}`);
        return undefined;
      }
      set = set.emptySet ? retype(set, setOf(elem.type)) : set;
      if (elemOf(set.type as 'Set<String>') !== elem.type) {
        r.error('E0403', e.span, `cannot look for a ${elem.type} in a ${set.type}`);
        return undefined;
      }
      return { kind: 'in', elem: elem.v, set: set.v };
    }
    case 'call':
      return checkCall(e, env);
    case 'like': {
      const x = checkValue(e.expr, env);
      // `like ""` matches only the empty string: legal, so the empty-pattern check is skipped.
      const ok = e.pattern !== undefined && (e.pattern.value === '' || checkPattern({ text: e.pattern.value, span: e.pattern.span }, '`like`', r));
      if (!x) return undefined;
      if (x.type !== 'String') {
        r.error('E0403', e.expr.span, `\`like\` applies to String values only, found ${x.type}`);
        return undefined;
      }
      return ok ? { kind: 'like', expr: x.v, pattern: e.pattern.value } : undefined;
    }
    case 'has': {
      if (e.operand?.kind !== 'path') {
        r.error('E0408', e.operand?.span ?? e.span, '`has` takes an attribute (`user.x`, `document.x`, `context.x`) or a built-in property');
        return undefined;
      }
      const x = checkValue(e.operand, env);
      if (!x || (x.v.kind !== 'attr' && x.v.kind !== 'prop')) return undefined;
      const operand = x.v;
      if (!operand.optional && !(operand.kind === 'attr' && operand.scope === 'document'))
        r.warn('W0201', e.span, `\`${pathText(e.operand)}\` is required, so \`has\` on it is always true`);
      return { kind: 'has', operand };
    }
    default:
      checkValue(e, env);
      r.error('E0405', e.span, `expected a condition here, found a ${describe(e)}`);
      return undefined;
  }
}

function checkCompare(e: Extract<Expr, { kind: 'compare' }>, env: CondEnv): Cond | undefined {
  const { r } = env;
  let left = checkValue(e.left, env);
  let right = checkValue(e.right, env);
  if (!left || !right) return undefined;
  left = retype(left, right.type);
  right = retype(right, left.type);
  if (e.op === '==' || e.op === '!=') {
    if (left.type !== right.type) {
      r.error('E0403', e.opSpan, `cannot compare ${left.type} with ${right.type} using \`${e.op}\``);
      return undefined;
    }
    if (left.type === 'IpAddr') {
      r.error('E0403', e.opSpan, 'IpAddr values can only be tested with `.isInRange(ip("…"))`, not compared');
      return undefined;
    }
  } else if (left.type !== 'Long' || right.type !== 'Long') {
    const bad = left.type !== 'Long' ? left : right;
    r.error('E0403', e.opSpan, `ordering \`${e.op}\` needs Long operands, found ${bad.type}`);
    return undefined;
  }
  checkPrincipalType(left.v, right.v, e, r);
  return { kind: 'compare', op: e.op, left: left.v, right: right.v };
}

/** `principal.type` is `user` or `api_key` in every valid request: any other literal is a typo. */
function checkPrincipalType(a: ValueExpr, b: ValueExpr, e: Extract<Expr, { kind: 'compare' }>, r: Reporter): void {
  for (const [x, y, span] of [[a, b, e.right.span], [b, a, e.left.span]] as const) {
    if (x.kind === 'prop' && x.prop === 'principal.type' && y.kind === 'string' && y.value !== 'user' && y.value !== 'api_key')
      r.warn('W0205', span, `principal.type is "user" or "api_key", never ${JSON.stringify(y.value)}`);
  }
}

function checkCall(e: Extract<Expr, { kind: 'call' }>, env: CondEnv): Cond | undefined {
  const { r } = env;
  const recv = checkValue(e.receiver, env);
  let arg = e.args?.[0] ? checkValue(e.args[0], env) : undefined;
  if (!recv || (e.method !== 'isEmpty' && !arg)) return undefined;
  if (e.method === 'isInRange') {
    if (recv.type !== 'IpAddr') {
      r.error('E0403', e.methodSpan, `\`isInRange\` applies to IpAddr values, found ${recv.type}`);
      return undefined;
    }
    if (arg!.type !== 'IpAddr') {
      r.error('E0403', e.args[0]!.span, `\`isInRange\` takes an IpAddr such as ip("10.0.0.0/8"), found ${arg!.type}`);
      return undefined;
    }
    return { kind: 'isInRange', expr: recv.v, range: arg!.v };
  }
  if (!isSet(recv.type)) {
    r.error('E0403', e.methodSpan, `\`${e.method}\` applies to sets, but \`${describe(e.receiver)}\` is ${recv.type}`);
    return undefined;
  }
  if (e.method === 'isEmpty') return { kind: 'isEmpty', set: recv.v };
  const elem = elemOf(recv.type);
  if (e.method === 'contains') {
    if (arg!.type !== elem) {
      r.error('E0403', e.args[0]!.span, `\`contains\` on a ${recv.type} takes a ${elem}, found ${arg!.type}`);
      return undefined;
    }
  } else {
    arg = retype(arg!, recv.type);
    if (arg.type !== recv.type) {
      r.error('E0403', e.args[0]!.span, `\`${e.method}\` on a ${recv.type} takes a ${recv.type}, found ${arg.type}`);
      return undefined;
    }
  }
  return { kind: 'setop', op: e.method, set: recv.v, arg: arg!.v };
}

/** Type-checks an operand (attribute, property or literal). */
function checkValue(e: Expr | undefined, env: CondEnv): Typed | undefined {
  if (!e) return undefined;
  const { r } = env;
  switch (e.kind) {
    case 'string':
      return { v: { kind: 'string', value: e.value }, type: 'String' };
    case 'int':
      return { v: { kind: 'long', value: e.value }, type: 'Long' };
    case 'bool':
      return { v: { kind: 'bool', value: e.value }, type: 'Bool' };
    case 'ip': {
      if (!e.arg || !validIp(e.arg.value)) {
        r.error('E0406', e.arg?.span ?? e.span, `${JSON.stringify(e.arg?.value ?? '')} is not an IPv4/IPv6 address or CIDR range`);
        return undefined;
      }
      if (ambiguousIpv6(e.arg.value)) {
        r.error('E0406', e.arg.span, `${JSON.stringify(e.arg.value)} is an IPv4-mapped or dotted IPv6 address, which Cedar and OPA read differently — write the IPv4 address or range`);
        return undefined;
      }
      return { v: { kind: 'ip', cidr: e.arg.value }, type: 'IpAddr' };
    }
    case 'set':
      return checkSetLiteral(e, r);
    case 'path':
      return resolvePath(e, env);
    case 'error':
      return undefined;
    default:
      checkCond(e, env);
      r.error('E0403', e.span, `a ${describe(e)} cannot be used as a value here`);
      return undefined;
  }
}

function checkSetLiteral(e: Extract<Expr, { kind: 'set' }>, r: Reporter): Typed | undefined {
  const elems = e.elements ?? [];
  if (elems.length === 0) return { v: { kind: 'set', elemType: 'String', values: [] }, type: 'Set<String>', emptySet: true };
  const first = elems[0]!;
  const want = first.kind === 'string' ? 'string' : first.kind === 'int' ? 'int' : undefined;
  let ok = want !== undefined;
  for (const el of elems) {
    if (el.kind !== want) {
      r.error('E0407', el.span, 'set literal elements must all be string literals or all integer literals');
      ok = false;
      break;
    }
  }
  if (!ok) {
    if (want === undefined) r.error('E0407', first.span, 'set literal elements must be string or integer literals');
    return undefined;
  }
  const values = [...new Set(elems.map((el) => (el as { value: string | number }).value))];
  const elemType = want === 'string' ? 'String' : 'Long';
  return { v: { kind: 'set', elemType, values }, type: setOf(elemType) };
}

function resolvePath(e: Extract<Expr, { kind: 'path' }>, env: CondEnv): Typed | undefined {
  const { r } = env;
  const text = pathText(e);
  const segs = e.segments ?? [];
  const head = segs[0]?.text;
  if (segs.length !== 2) {
    r.error('E0402', e.span, `\`${text}\` is not an operand: write \`user.X\`, \`document.X\`, \`context.X\`, \`principal.*\` or \`resource.*\``);
    return undefined;
  }
  const name = segs[1]!.text;
  if (head === 'user' || head === 'document' || head === 'context') {
    const attr = env.schema.get(head, name);
    if (!attr) {
      const known = env.schema.ir[head].map((a) => a.name);
      r.error('E0402', e.span, `unknown attribute \`${text}\`: not declared in \`schema { ${head} { … } }\`${didYouMean(name, known)}`);
      return undefined;
    }
    if (head === 'document' && !env.documents)
      r.error('E0404', e.span, `\`${text}\` cannot be read in ${env.place}: document attributes exist only in \`documents where\` and deny conditions`);
    return { v: { kind: 'attr', scope: head, name, type: attr.type, optional: attr.optional }, type: attr.type };
  }
  const prop = PROPS[text];
  if (prop) return { v: { kind: 'prop', prop: text as BuiltinProp, type: prop.type, optional: prop.optional }, type: prop.type };
  r.error('E0402', e.span, `unknown operand \`${text}\`${didYouMean(text, Object.keys(PROPS))}`);
  return undefined;
}

function pathText(e: Expr): string {
  return e.kind === 'path' ? (e.segments ?? []).map((s) => s.text).join('.') : describe(e);
}

function describe(e: Expr): string {
  switch (e.kind) {
    case 'path':
      return pathText(e);
    case 'string':
      return 'string literal';
    case 'int':
      return 'integer literal';
    case 'bool':
      return 'boolean literal';
    case 'set':
      return 'set literal';
    case 'ip':
      return 'ip literal';
    case 'error':
      return 'malformed expression';
    default:
      return 'condition';
  }
}

/** An IPv4/IPv6 address, optionally with a `/prefix` in range for its family. */
/**
 * An IPv6 literal the engines read differently: a dotted quad inside IPv6 (Cedar's ip()
 * rejects it) or an IPv4-mapped address/range in ::ffff:0:0/96 (OPA reads it as IPv4,
 * Cedar as IPv6). Request validation rejects the same spellings (src/request/schema.ts).
 */
export function ambiguousIpv6(s: string): boolean {
  const addr = s.split('/')[0] ?? '';
  if (isIP(addr) !== 6) return false;
  return /\.|^(?:(?:0{1,4}:){5}[fF]{4}:|(?:0{1,4}(?::0{1,4})*)?::(?:0{1,4}:)*[fF]{4}:[0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}$)/.test(addr);
}

export function validIp(s: string): boolean {
  const [addr, prefix, ...rest] = s.split('/');
  if (rest.length > 0 || addr === undefined) return false;
  const family = isIP(addr);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

