/**
 * DLS `query` → a `documents where` condition (the Query DSL subset of
 * docs/elasticsearch.md). The condition holds exactly when the document matches:
 *  - a clause on a field an indexed document may lack is false there, so under negation
 *    (`must_not`) every atom carries `has document.F` — otherwise rolec would read the
 *    missing field as unknown and grant nothing where Elasticsearch matches;
 *  - `{{_user.username}}` → `principal.id`, `{{_user.email}}` → `user.email`,
 *    `{{_user.metadata.X}}` → `user.X` (required: see attributes.ts).
 * Anything else is an I0020–I0024 diagnostic at its JSON path.
 */
import type { Expr } from '../../syntax/ast.ts';
import type { AttrType } from '../../semantics/ir.ts';
import type { AstBuilder } from './ast-build.ts';
import type { AttributeSet } from './attributes.ts';
import { jsonPathOf, type Sink } from './diagnostics.ts';
import { isObj, type Json } from './json.ts';

export interface QueryContext {
  b: AstBuilder;
  sink: Sink;
  attrs: AttributeSet;
  /** `indices[2]` — named in every diagnostic. */
  entry: string;
}


/** `undefined` when any diagnostic was reported (they are in ctx.sink). */
export function importQuery(query: Json, path: string, ctx: QueryContext): Expr | undefined {
  const before = ctx.sink.diagnostics.length;
  let body = query;
  let templated = false;
  let bodyPath = path;
  if (typeof body === 'string') body = parseJson(body, path, ctx);
  if (isObj(body) && 'template' in body) {
    const t = body.template;
    bodyPath = jsonPathOf(path, 'template');
    templated = true;
    if (typeof t === 'string') body = parseTemplateString(t, bodyPath, ctx);
    else if (isObj(t)) {
      for (const k of Object.keys(t)) if (k !== 'source') ctx.sink.report('I0021', jsonPathOf(bodyPath, k), `template "${k}" is not supported (inline "source" only: no stored scripts, params or options)`, ctx.entry);
      bodyPath = jsonPathOf(bodyPath, 'source');
      body = typeof t.source === 'string' ? parseTemplateString(t.source, bodyPath, ctx) : t.source;
    } else body = undefined;
  }
  if (body === undefined) return undefined;
  if (!isObj(body)) {
    ctx.sink.report('I0022', bodyPath, 'the query is not a Query DSL object', ctx.entry);
    return undefined;
  }
  const e = clause(body, bodyPath, false, templated, ctx);
  return ctx.sink.diagnostics.length > before ? undefined : e;
}

function parseJson(text: string, path: string, ctx: QueryContext): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (err) {
    ctx.sink.report('I0022', path, `the query string is not JSON: ${(err as Error).message}`, ctx.entry);
    return undefined;
  }
}

function parseTemplateString(text: string, path: string, ctx: QueryContext): Json {
  if (/\{\{[#^/]/.test(text) || text.includes('{{{')) {
    ctx.sink.report('I0021', path, 'Mustache sections ({{#toJson}}, {{#join}} …) and triple braces are outside the subset: only {{_user.…}} values in string positions', ctx.entry);
    return undefined;
  }
  return parseJson(text, path, ctx);
}

/** A leaf value: a literal, or a template reference to a user value. */
function leaf(v: Json, path: string, templated: boolean, ctx: QueryContext, fieldType?: AttrType): { expr: Expr; type: AttrType } | undefined {
  const { b } = ctx;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) return void ctx.sink.report('I0020', path, `${v} is not an integer within ±(2^53−1)`, ctx.entry);
    return { expr: b.int(v), type: 'Long' };
  }
  if (typeof v === 'boolean') return { expr: b.bool(v), type: 'Bool' };
  if (typeof v !== 'string') return void ctx.sink.report('I0022', path, 'expected a string, number or boolean value', ctx.entry);
  if (!templated || !v.includes('{{')) return { expr: b.str(v), type: 'String' };
  const m = /^\{\{\s*_user\.([A-Za-z0-9_.]+)\s*\}\}$/.exec(v);
  if (!m) return void ctx.sink.report('I0021', path, `"${v}": only a whole-value {{_user.username}}, {{_user.email}} or {{_user.metadata.KEY}} is supported`, ctx.entry);
  const ref = m[1]!;
  if (ref === 'username') return { expr: b.path('principal', 'id'), type: 'String' };
  const type = fieldType ?? 'String';
  const userAttr = ref === 'email' ? 'email' : ref.startsWith('metadata.') ? ref.slice('metadata.'.length) : undefined;
  if (userAttr === undefined) return void ctx.sink.report('I0021', path, `{{_user.${ref}}} has no counterpart (rolec conditions cannot read ${ref === 'roles' ? "the principal's roles" : ref})`, ctx.entry);
  if (!ctx.attrs.use('user', userAttr, { type, optional: false }, ctx.sink, path, ctx.entry)) return undefined;
  return { expr: b.path('user', userAttr), type };
}

/** The document field operand, declared with this type. */
function docField(name: string, type: AttrType, path: string, ctx: QueryContext): Expr | undefined {
  if (!ctx.attrs.use('document', name, { type, optional: true }, ctx.sink, path, ctx.entry)) return undefined;
  return ctx.b.path('document', name);
}

/** Under negation an atom must be definite where the field is missing (see header). */
function guarded(field: string, atom: Expr | undefined, neg: boolean, ctx: QueryContext): Expr | undefined {
  if (!atom) return undefined;
  return neg ? ctx.b.and([ctx.b.has(ctx.b.path('document', field)), atom]) : atom;
}

/** `{field: value}` or `{field: {value|query: v, …options}}` — the one field and its value. */
function singleField(body: Json, path: string, kind: string, valueKey: string, ctx: QueryContext): { field: string; value: Json; path: string } | undefined {
  if (!isObj(body) || Object.keys(body).length !== 1) return void ctx.sink.report('I0022', path, `${kind} needs exactly one field`, ctx.entry);
  const [field, v] = Object.entries(body)[0]!;
  const fp = jsonPathOf(path, field);
  if (isObj(v)) {
    const extra = Object.keys(v).filter((k) => k !== valueKey && k !== 'boost');
    if (extra.length > 0) return void ctx.sink.report('I0020', jsonPathOf(fp, extra[0]!), `${kind} option "${extra[0]}" is outside the subset`, ctx.entry);
    return { field, value: v[valueKey], path: jsonPathOf(fp, valueKey) };
  }
  return { field, value: v, path: fp };
}

function clause(q: Record<string, Json>, path: string, neg: boolean, templated: boolean, ctx: QueryContext): Expr | undefined {
  const { b } = ctx;
  const keys = Object.keys(q);
  if (keys.length !== 1) return void ctx.sink.report('I0022', path, `a query clause has exactly one key (found ${keys.length ? keys.join(', ') : 'none'})`, ctx.entry);
  const kind = keys[0]!;
  const body = q[kind];
  const at = jsonPathOf(path, kind);
  switch (kind) {
    case 'match_all':
      return b.bool(true);
    case 'match_none':
      return b.bool(false);
    case 'term':
    case 'match': {
      const f = singleField(body, at, kind, kind === 'term' ? 'value' : 'query', ctx);
      if (!f) return undefined;
      if (kind === 'match' && typeof f.value === 'string' && (/\s/.test(f.value) || f.value === '')) {
        return void ctx.sink.report('I0020', f.path, `full-text match on "${f.value}" (analysed, several terms) has no counterpart; only single-token matches on keyword-like fields import`, ctx.entry);
      }
      const v = leaf(f.value, f.path, templated, ctx);
      if (!v) return undefined;
      const d = docField(f.field, v.type, f.path, ctx);
      return d && guarded(f.field, b.eq(d, v.expr), neg, ctx);
    }
    case 'terms': {
      if (!isObj(body)) return void ctx.sink.report('I0022', at, 'terms needs a field', ctx.entry);
      const fields = Object.keys(body).filter((k) => k !== 'boost');
      if (fields.length !== 1) return void ctx.sink.report('I0022', at, 'terms needs exactly one field', ctx.entry);
      const field = fields[0]!;
      const vs = body[field];
      const fp = jsonPathOf(at, field);
      if (!Array.isArray(vs)) return void ctx.sink.report('I0020', fp, 'terms lookup (values from another document) is outside the subset', ctx.entry);
      const strings = vs.every((x) => typeof x === 'string' && !(templated && x.includes('{{')));
      const longs = vs.every((x) => typeof x === 'number' && Number.isSafeInteger(x));
      if (!strings && !longs) return void ctx.sink.report('I0020', fp, 'terms values must be all strings or all integers, without templates', ctx.entry);
      const d = docField(field, strings ? 'String' : 'Long', fp, ctx);
      return d && guarded(field, vs.length === 0 ? b.bool(false) : b.in(d, b.set(vs as (string | number)[])), neg, ctx);
    }
    case 'range': {
      if (!isObj(body) || Object.keys(body).length !== 1 || !isObj(Object.values(body)[0])) return void ctx.sink.report('I0022', at, 'range needs exactly one field with bounds', ctx.entry);
      const [field, bounds] = Object.entries(body)[0]! as [string, Record<string, Json>];
      const fp = jsonPathOf(at, field);
      const ops: Record<string, '<' | '<=' | '>' | '>='> = { lt: '<', lte: '<=', gt: '>', gte: '>=' };
      const parts: Expr[] = [];
      const d = docField(field, 'Long', fp, ctx);
      for (const [k, v] of Object.entries(bounds)) {
        if (k === 'boost') continue;
        const op = ops[k];
        if (!op) return void ctx.sink.report('I0020', jsonPathOf(fp, k), `range option "${k}" is outside the subset (numeric gt/gte/lt/lte only)`, ctx.entry);
        if (typeof v === 'string' && !(templated && v.includes('{{')))
          return void ctx.sink.report('I0020', jsonPathOf(fp, k), `range bound "${v}" is not an integer (dates and strings are outside the subset${v.includes('{{') ? '; Mustache is rendered only inside a `template` role query' : ''})`, ctx.entry);
        const l = leaf(v, jsonPathOf(fp, k), templated, ctx, 'Long');
        if (!l || !d) return undefined;
        if (l.type !== 'Long') return void ctx.sink.report('I0020', jsonPathOf(fp, k), 'range bounds must be integers', ctx.entry);
        parts.push(b.eq(d, l.expr, op));
      }
      return guarded(field, b.and(parts.length ? parts : [b.has(b.path('document', field))]), neg, ctx);
    }
    case 'exists': {
      if (!isObj(body) || typeof body.field !== 'string' || Object.keys(body).some((k) => k !== 'field' && k !== 'boost')) return void ctx.sink.report('I0022', at, 'exists needs {"field": NAME}', ctx.entry);
      if (!ctx.attrs.use('document', body.field, { type: ctx.attrs.document.get(body.field)?.type ?? 'String', optional: true }, ctx.sink, jsonPathOf(at, 'field'), ctx.entry)) return undefined;
      return b.has(b.path('document', body.field));
    }
    case 'prefix':
    case 'wildcard': {
      const f = singleField(body, at, kind, 'value', ctx);
      if (!f) return undefined;
      if (typeof f.value !== 'string') return void ctx.sink.report('I0022', f.path, `${kind} needs a string`, ctx.entry);
      const pattern = kind === 'prefix' ? prefixPattern(f.value) : wildcardPattern(f.value);
      if (typeof pattern !== 'string') return void ctx.sink.report('I0020', f.path, pattern.why, ctx.entry);
      const d = docField(f.field, 'String', f.path, ctx);
      return d && guarded(f.field, b.like(d, pattern), neg, ctx);
    }
    case 'bool':
      return boolClause(body, at, neg, templated, ctx);
    default:
      return void ctx.sink.report('I0020', at, `"${kind}" query is outside the supported subset (${UNSUPPORTED_HINT[kind] ?? 'no counterpart in .role conditions'})`, ctx.entry);
  }
}

const UNSUPPORTED_HINT: Record<string, string> = {
  script: 'scripts have no counterpart',
  has_child: 'joins between documents have no counterpart',
  has_parent: 'joins between documents have no counterpart',
  terms_set: 'needs a script or a per-document count',
  match_phrase: 'full-text search',
  multi_match: 'full-text search',
  query_string: 'full-text search',
  simple_query_string: 'full-text search',
  regexp: 'regular expressions have no counterpart',
  fuzzy: 'fuzzy matching has no counterpart',
  geo_distance: 'geo queries have no counterpart',
  nested: 'nested documents have no counterpart',
};

function prefixPattern(p: string): string | { why: string } {
  return p.includes('*') ? { why: `prefix "${p}" contains *, which a .role pattern cannot match literally` } : `${p}*`;
}

function wildcardPattern(p: string): string | { why: string } {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '?') return { why: `wildcard "${p}": ? (one character) has no .role counterpart` };
    if (c === '\\') {
      const next = p[++i];
      if (next === undefined || next === '*') return { why: `wildcard "${p}": an escaped * cannot be matched literally by a .role pattern` };
      out += next;
    } else out += c;
  }
  return out;
}

function boolClause(body: Json, at: string, neg: boolean, templated: boolean, ctx: QueryContext): Expr | undefined {
  const { b } = ctx;
  if (!isObj(body)) return void ctx.sink.report('I0022', at, 'bool needs an object', ctx.entry);
  const list = (k: string): Json[] => (body[k] === undefined ? [] : Array.isArray(body[k]) ? (body[k] as Json[]) : [body[k]]);
  for (const k of Object.keys(body))
    if (!['must', 'filter', 'should', 'must_not', 'minimum_should_match', 'boost'].includes(k)) return void ctx.sink.report('I0020', jsonPathOf(at, k), `bool option "${k}" is outside the subset`, ctx.entry);
  const sub = (k: string, n: boolean) =>
    list(k).map((x, i) => (isObj(x) ? clause(x, jsonPathOf(at, k, ...(Array.isArray(body[k]) ? [i] : [])), n, templated, ctx) : void ctx.sink.report('I0022', jsonPathOf(at, k, i), 'not a query clause', ctx.entry)));
  const required = [...sub('must', neg), ...sub('filter', neg)];
  const excluded = sub('must_not', !neg);
  const should = sub('should', neg);
  let msm: number;
  const raw = body.minimum_should_match;
  if (raw === undefined) msm = required.length > 0 ? 0 : 1; // Elasticsearch's default
  else if (typeof raw === 'number' || (typeof raw === 'string' && /^\d+$/.test(raw))) msm = Number(raw);
  else return void ctx.sink.report('I0020', jsonPathOf(at, 'minimum_should_match'), `minimum_should_match "${String(raw)}" is outside the subset (0 or 1)`, ctx.entry);
  if (msm > 1) return void ctx.sink.report('I0020', jsonPathOf(at, 'minimum_should_match'), `minimum_should_match ${msm} is outside the subset (0 or 1)`, ctx.entry);
  const all = [...required, ...excluded, ...should];
  if (all.some((x) => x === undefined)) return undefined;
  const parts = [...(required as Expr[]), ...(excluded as Expr[]).map((e) => b.not(e))];
  if (msm === 1 && should.length > 0) parts.push(b.or(should as Expr[]));
  return b.and(parts);
}
