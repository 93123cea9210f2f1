/**
 * Rego's operators and the builtins the emitted Rego calls, over symbolic values
 * (values.ts). Each answers a Bool term (comparisons, membership, type tests) or a value;
 * a combination it cannot express throws {@link Unmodelled}, which the evaluator reports
 * as an unencoded construct (V0102) and reads as undefined — never as a guess.
 *
 * OPA semantics followed (docs: policy-reference, builtins): `==` across types is false;
 * `glob.match(p, null, s)` with null delimiters lets `*` span every character; a backslash
 * escapes the next character; `graph.reachable` reaches only vertices that are keys of
 * the graph; `count` of a string counts characters; `numbers.range` is inclusive.
 */
import { wildcardMatch } from '../../semantics/patterns.ts';
import { cidrContains, parseCidr } from '../ip.ts';
import { and, eq, FALSE, int, not, or, str, TRUE, type Sort, type Term } from '../term.ts';
import { json, jsonKey, type Item, type Json, type Val } from './values.ts';

export class Unmodelled extends Error {}



const fail = (what: string): never => {
  throw new Unmodelled(what);
};

export const boolVal = (t: Term): Val => (t.op === 'bool' ? json(t.value) : { k: 'sym', t, sort: 'Bool' });

/** Whether an expression statement with this value succeeds (defined and not false). */
export function truthy(v: Val): Term {
  if (v.k === 'json') return v.v === false ? FALSE : TRUE;
  if (v.k === 'sym' && v.sort === 'Bool') return v.t;
  return TRUE;
}

/** A glob.match pattern (null delimiters) as a `like` pattern: `*` any sequence, the rest literal. */
export function globToLike(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      const next = p[++i];
      if (next === undefined || next === '*') fail(`glob pattern ${JSON.stringify(p)} (an escaped "*" or a trailing "\\")`);
      out += next;
    } else if ('?[]{}'.includes(c)) fail(`glob pattern ${JSON.stringify(p)} (metacharacter ${c})`);
    else out += c;
  }
  return out;
}

const like = (arg: Term, pattern: string): Term => ({ op: 'like', arg, pattern });

/** `glob.match(pattern, null, subject)`. */
export function globMatch(pattern: Val, delimiters: Val, subject: Val): Term {
  if (pattern.k !== 'json' || typeof pattern.v !== 'string') return fail('glob.match with a non-constant pattern');
  if (delimiters.k !== 'json' || delimiters.v !== null) return fail('glob.match with delimiters other than null');
  const p = globToLike(pattern.v);
  if (subject.k === 'json') return typeof subject.v === 'string' && wildcardMatch(p, subject.v) ? TRUE : FALSE;
  if (subject.k === 'sym' && subject.sort === 'String') return like(subject.t, p);
  return fail(`glob.match on a ${subject.k} ${subject.k === 'sym' ? subject.sort : ''}`);
}

/** The Rego type of a value, as the is_* builtins test it. */
export function regoType(v: Val): 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object' | 'set' {
  switch (v.k) {
    case 'json':
      return v.v === null ? 'null' : Array.isArray(v.v) ? 'array' : (typeof v.v as 'string');
    case 'set':
    case 'gsym':
    case 'setop':
      return 'set';
    case 'obj':
    case 'input':
      return 'object';
    case 'sym':
      switch (v.sort) {
        case 'Bool':
          return 'boolean';
        case 'Int':
          return 'number';
        case 'String':
        case 'IP':
          return 'string';
        default:
          return v.array ? 'array' : 'set';
      }
    case 'count':
    case 'relem':
      return 'number';
    case 'tuple':
      return 'array';
    case 'cidr':
    case 'prefix':
      return 'string';
    case 'elem':
      return v.sort === 'StrSet' ? 'string' : 'number';
    case 'range':
      return 'array';
  }
}

/** The term of a scalar value of the given sort, or undefined when it is of another type. */
function scalarTerm(v: Val, sort: Sort): Term | undefined {
  if (v.k === 'sym') return v.sort === sort ? v.t : undefined;
  if (v.k !== 'json') return fail(`a comparison with a ${v.k} value`);
  switch (sort) {
    case 'String':
      return typeof v.v === 'string' ? str(v.v) : undefined;
    case 'Int':
      if (typeof v.v !== 'number') return undefined;
      return Number.isInteger(v.v) ? int(v.v) : fail(`a comparison with the non-integer ${v.v}`);
    case 'Bool':
      return typeof v.v === 'boolean' ? { op: 'bool', value: v.v } : undefined;
    default:
      return fail(`a comparison of ${sort} values`);
  }
}

/** A set-valued operand as a set term and the condition it is non-empty-able under. */
function setOperand(v: Val): { t: Term; g: Term } {
  if (v.k === 'sym' && (v.sort === 'StrSet' || v.sort === 'IntSet')) return { t: v.t, g: TRUE };
  if (v.k === 'gsym') return { t: v.t, g: v.g };
  const items = v.k === 'json' && Array.isArray(v.v) ? v.v.map((x) => ({ v: json(x), g: TRUE })) : v.k === 'set' ? [...v.items.values()] : undefined;
  if (items && items.every((i) => i.g.op === 'bool' && i.g.value && i.v.k === 'json')) {
    const xs = items.map((i) => (i.v as { v: Json }).v);
    if (xs.every((x) => typeof x === 'string')) return { t: { op: 'strset', values: [...new Set(xs as string[])].sort() }, g: TRUE };
    if (xs.every((x) => typeof x === 'number' && Number.isInteger(x))) return { t: { op: 'intset', values: [...new Set(xs as number[])].sort((a, b) => a - b).map(BigInt) }, g: TRUE };
  }
  return fail(`a set operation on a ${v.k} value`);
}

/** The collection is empty. `implied(g)`: g holds wherever the caller's statement runs. */
export function emptiness(v: Val, implied: (g: Term) => boolean): Term {
  const g = (x: Term) => (implied(x) ? TRUE : x);
  switch (v.k) {
    case 'json':
      if (Array.isArray(v.v)) return v.v.length === 0 ? TRUE : FALSE;
      if (v.v && typeof v.v === 'object') return Object.keys(v.v).length === 0 ? TRUE : FALSE;
      if (typeof v.v === 'string') return v.v.length === 0 ? TRUE : FALSE;
      return fail(`count of ${jsonKey(v.v)}`);
    case 'set':
      return not(or(...[...v.items.values()].map((i) => i.g)));
    case 'obj':
      return not(or(...[...v.entries.values()].map((i) => i.g)));
    case 'sym':
    case 'gsym': {
      const o = setOperand(v);
      return or(not(g(o.g)), { op: 'isEmpty', set: o.t });
    }
    case 'setop': {
      const a = setOperand(v.left);
      const b = setOperand(v.right);
      const ga = g(a.g);
      const gb = g(b.g);
      if (v.op === '&') return not(and(ga, gb, { op: 'intersects', left: a.t, right: b.t }));
      // A − B is empty iff A ⊆ B (an absent operand is the empty set).
      return or(not(ga), and(gb, { op: 'subset', sub: a.t, sup: b.t }), and(not(gb), { op: 'isEmpty', set: a.t }));
    }
    default:
      return fail(`count of a ${v.k} value`);
  }
}

/** `count(x)`. */
export function count(x: Val): Val {
  if (x.k === 'json') {
    if (typeof x.v === 'string') return json([...x.v].length);
    if (Array.isArray(x.v)) return json(x.v.length);
    if (x.v && typeof x.v === 'object') return json(Object.keys(x.v).length);
    return fail(`count of ${jsonKey(x.v)}`);
  }
  if (x.k === 'sym' && x.sort === 'String') return { k: 'sym', t: { op: 'strlen', arg: x.t }, sort: 'Int' };
  if (x.k === 'set' && [...x.items.values()].every((i) => i.g.op === 'bool')) return json([...x.items.values()].filter((i) => (i.g as { value: boolean }).value).length);
  return { k: 'count', of: x };
}

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
const FLIP: Record<CompareOp, CompareOp> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** `count(x) OP n` for a constant n: read as (non-)emptiness. */
function countCompare(op: CompareOp, x: Val, n: Json, implied: (g: Term) => boolean): Term {
  const e = () => emptiness(x, implied);
  if (typeof n === 'number') {
    if ((op === '>' && n === 0) || (op === '!=' && n === 0) || (op === '>=' && n === 1)) return not(e());
    if ((op === '==' && n === 0) || (op === '<' && n === 1) || (op === '<=' && n === 0)) return e();
    if (op === '>=' && n <= 0) return TRUE;
  }
  return fail(`count(…) ${op} ${jsonKey(n)}`);
}

function jsonCompare(op: CompareOp, a: Json, b: Json): Term {
  if (op === '==' || op === '!=') return (jsonKey(a) === jsonKey(b)) === (op === '==') ? TRUE : FALSE;
  if (!((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string'))) return fail(`${jsonKey(a)} ${op} ${jsonKey(b)}`);
  const r = op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
  return r ? TRUE : FALSE;
}

/** `a OP b` — the atom shapes are the IR's (`a >= b` is `b <= a`), so both encodings share atoms. */
export function compare(op: CompareOp, a: Val, b: Val, implied: (g: Term) => boolean): Term {
  if (a.k === 'count' && b.k === 'json') return countCompare(op, a.of, b.v, implied);
  if (b.k === 'count' && a.k === 'json') return countCompare(FLIP[op], b.of, a.v, implied);
  if (a.k === 'json' && b.k === 'json') return jsonCompare(op, a.v, b.v);
  const sym = a.k === 'sym' ? a : b.k === 'sym' ? b : undefined;
  if (!sym) return fail(`${a.k} ${op} ${b.k}`);
  if (sym.sort === 'StrSet' || sym.sort === 'IntSet') {
    if (op !== '==' && op !== '!=') return fail(`a set compared with ${op}`);
    const l = setOperand(a);
    const r = setOperand(b);
    if (l.g.op !== 'bool' || r.g.op !== 'bool') return fail('a comparison with an optional set');
    const e = eq(l.t, r.t);
    return op === '==' ? e : not(e);
  }
  const l = scalarTerm(a, sym.sort);
  const r = scalarTerm(b, sym.sort);
  if (op === '==' || op === '!=') {
    if (!l || !r) return op === '==' ? FALSE : TRUE; // different types are never equal
    let e: Term;
    if (sym.sort === 'Bool' && r.op === 'bool') e = r.value ? l : not(l);
    else if (sym.sort === 'Bool' && l.op === 'bool') e = l.value ? r : not(r);
    else e = eq(l, r);
    return op === '==' ? e : not(e);
  }
  if (sym.sort !== 'Int' || !l || !r) return fail(`an ordering (${op}) of ${sym.sort} values`);
  switch (op) {
    case '<':
      return { op: 'lt', left: l, right: r };
    case '<=':
      return { op: 'le', left: l, right: r };
    case '>':
      return { op: 'lt', left: r, right: l };
    default:
      return { op: 'le', left: r, right: l };
  }
}

/** The elements of a concrete-element collection with their guards (arrays, sets, object values). */
export function elementsOf(c: Val): Item[] | undefined {
  if (c.k === 'json') {
    if (Array.isArray(c.v)) return c.v.map((x) => ({ v: json(x), g: TRUE }));
    if (c.v && typeof c.v === 'object') return Object.values(c.v).map((x) => ({ v: json(x), g: TRUE }));
    return [];
  }
  if (c.k === 'set') return [...c.items.values()];
  if (c.k === 'obj') return [...c.entries.values()];
  return undefined;
}

/** `x in coll`. */
export function membership(x: Val, coll: Val, implied: (g: Term) => boolean): Term {
  const items = elementsOf(coll);
  // A constant set of strings (a set literal): one set-membership atom, as the IR spells `in [...]`.
  if (coll.k === 'set' && x.k === 'sym' && x.sort === 'String' && items!.every((i) => i.g.op === 'bool' && i.g.value && i.v.k === 'json' && typeof i.v.v === 'string')) {
    return { op: 'member', elem: x.t, set: { op: 'strset', values: items!.map((i) => (i.v as { v: string }).v) } };
  }
  if (items) return or(...items.map((i) => and(i.g, compare('==', x, i.v, implied))));
  if ((coll.k === 'sym' && (coll.sort === 'StrSet' || coll.sort === 'IntSet')) || coll.k === 'gsym') {
    const elemSort: Sort = coll.sort === 'StrSet' ? 'String' : 'Int';
    const guard = coll.k === 'gsym' && !implied(coll.g) ? coll.g : TRUE;
    const e = scalarTerm(x, elemSort);
    if (!e) return FALSE;
    return and(guard, { op: 'member', elem: e, set: coll.t });
  }
  return fail(`membership in a ${coll.k} value`);
}

/** `net.cidr_contains(range, ip)`: a constant CIDR or a one-address range of an IpAddr value. */
export function cidrContainsVal(range: Val, ip: Val): Term {
  const ipTerm = ip.k === 'sym' && ip.sort === 'IP' ? ip.t : undefined;
  if (range.k === 'json' && typeof range.v === 'string') {
    const c = parseCidr(range.v);
    if (!c) return fail(`net.cidr_contains with the range ${JSON.stringify(range.v)}`);
    if (ipTerm) return { op: 'inCidr', arg: ipTerm, v6: c.v6, net: c.value, bits: c.bits };
    if (ip.k === 'json' && typeof ip.v === 'string') {
      const i = parseCidr(ip.v);
      if (!i) return fail(`net.cidr_contains of ${JSON.stringify(ip.v)}`);
      return cidrContains(c, i) ? TRUE : FALSE;
    }
  }
  if (range.k === 'cidr' && ipTerm) return { op: 'ipSame', left: range.ip, right: ipTerm };
  return fail(`net.cidr_contains(${range.k}, ${ip.k})`);
}

/** `contains(s, sub)`: of an IpAddr value only for "/" (never: addresses) and ":" (IPv6). */
export function containsVal(s: Val, sub: Val): Term {
  if (sub.k !== 'json' || typeof sub.v !== 'string') return fail('contains with a non-constant substring');
  if (s.k === 'json' && typeof s.v === 'string') return s.v.includes(sub.v) ? TRUE : FALSE;
  if (s.k === 'sym' && s.sort === 'IP') {
    if (sub.v === '/') return FALSE;
    if (sub.v === ':') return { op: 'inCidr', arg: s.t, v6: true, net: 0n, bits: 0 };
  }
  if (s.k === 'sym' && s.sort === 'String' && !sub.v.includes('*')) return like(s.t, `*${sub.v}*`);
  return fail(`contains(${s.k}, ${JSON.stringify(sub.v)})`);
}

/** `startswith(s, p)` / `endswith(s, p)`: a wildcard match with `*` after / before a constant p. */
export function affixVal(name: 'startswith' | 'endswith', s: Val, p: Val): Term {
  if (p.k !== 'json' || typeof p.v !== 'string') return fail(`${name} with a non-constant affix`);
  if (s.k === 'json' && typeof s.v === 'string') return (name === 'startswith' ? s.v.startsWith(p.v) : s.v.endsWith(p.v)) ? TRUE : FALSE;
  if (s.k === 'sym' && s.sort === 'String' && !p.v.includes('*')) return like(s.t, name === 'startswith' ? `${p.v}*` : `*${p.v}`);
  return fail(`${name}(${s.k}, ${JSON.stringify(p.v)})`);
}

/** `concat(sep, [ip, "/32"|"/128"])` of an IpAddr value is its one-address range; constants concatenate. */
export function concatVal(sep: Val, arr: Val): Val {
  if (sep.k === 'json' && typeof sep.v === 'string') {
    if (arr.k === 'json' && Array.isArray(arr.v) && arr.v.every((x) => typeof x === 'string')) return json((arr.v as string[]).join(sep.v));
    if (sep.v === '' && arr.k === 'tuple' && arr.items.length === 2) {
      const [ip, suffix] = arr.items as [Val, Val];
      if (ip.k === 'sym' && ip.sort === 'IP' && suffix.k === 'json' && (suffix.v === '/32' || suffix.v === '/128')) return { k: 'cidr', ip: ip.t };
    }
  }
  return fail(`concat of a ${arr.k} value`);
}

/**
 * `graph.reachable(graph, initial)` over a graph with concrete edges whose vertices may be
 * present under conditions (an object comprehension): r is reached iff r is a vertex and
 * r is initial or an edge leads to it from a reached vertex. Include graphs are acyclic
 * (the front end rejects cycles); a cycle is reported rather than unrolled.
 */
export function reachable(graphV: Val, init: Val, define: (key: string, g: Term) => Term): Val {
  const vertices = new Map<string, { present: Term; edges: string[] }>();
  const entries: [string, Item][] =
    graphV.k === 'json' && graphV.v && typeof graphV.v === 'object' && !Array.isArray(graphV.v)
      ? Object.entries(graphV.v).map(([k, x]) => [k, { v: json(x), g: TRUE }])
      : graphV.k === 'obj'
        ? [...graphV.entries].map(([k, i]) => [JSON.parse(k) as string, i])
        : fail(`graph.reachable over a ${graphV.k} graph`);
  for (const [k, i] of entries) {
    const edges = i.v.k === 'json' && Array.isArray(i.v.v) && i.v.v.every((x) => typeof x === 'string') ? (i.v.v as string[]) : fail('graph.reachable with non-string edges');
    vertices.set(k, { present: i.g, edges });
  }
  const initial = new Map<string, Term>();
  for (const i of elementsOf(init) ?? fail(`graph.reachable from a ${init.k} value`)) {
    if (i.v.k === 'json' && typeof i.v.v === 'string') initial.set(i.v.v, or(initial.get(i.v.v) ?? FALSE, i.g));
  }
  const preds = new Map<string, string[]>();
  for (const [k, x] of vertices) for (const e of x.edges) preds.set(e, [...(preds.get(e) ?? []), k]);
  const reached = new Map<string, Term>();
  const visiting = new Set<string>();
  const reach = (r: string): Term => {
    const hit = reached.get(r);
    if (hit) return hit;
    const vx = vertices.get(r);
    if (!vx) return FALSE;
    if (visiting.has(r)) return fail(`graph.reachable over a cyclic graph (at ${r})`);
    visiting.add(r);
    const t = define(r, and(vx.present, or(initial.get(r) ?? FALSE, ...(preds.get(r) ?? []).map(reach))));
    visiting.delete(r);
    reached.set(r, t);
    return t;
  };
  const items = new Map<string, Item>();
  for (const r of [...vertices.keys()].sort()) {
    const g = reach(r);
    if (!(g.op === 'bool' && !g.value)) items.set(jsonKey(r), { v: json(r), g });
  }
  return { k: 'set', items };
}
