/**
 * Role-mapping `rules` → a mapping's `when` condition. The whole condition is guarded by
 * `principal.type == "user"` (Elasticsearch role mappings apply to users only). Field
 * rules: `username` → `principal.id` (wildcards → `like`), `groups` → membership of
 * `principal.groups`, `realm.name` → `principal.realm`, `metadata.KEY` → `user.KEY`
 * (optional: a rule on missing metadata is false, so under `except` the atom carries
 * `has`). A list of values means any of them.
 */
import type { Expr } from '../../syntax/ast.ts';
import type { AstBuilder } from './ast-build.ts';
import type { AttributeSet } from './attributes.ts';
import { jsonPathOf, type Sink } from './diagnostics.ts';
import { isObj, type Json } from './json.ts';


export interface RuleContext {
  b: AstBuilder;
  sink: Sink;
  attrs: AttributeSet;
}

export function importRule(rule: Json, path: string, neg: boolean, ctx: RuleContext): Expr | undefined {
  const { b } = ctx;
  if (!isObj(rule) || Object.keys(rule).length !== 1) return void ctx.sink.report('I0002', path, 'a rule has exactly one of any, all, field, except');
  const [kind, body] = Object.entries(rule)[0]!;
  const at = jsonPathOf(path, kind);
  switch (kind) {
    case 'any':
    case 'all': {
      if (!Array.isArray(body)) return void ctx.sink.report('I0002', at, `${kind} needs a list of rules`);
      const parts = body.map((r, i) => importRule(r, jsonPathOf(at, i), neg, ctx));
      if (parts.some((p) => p === undefined)) return undefined;
      return kind === 'all' ? b.and(parts as Expr[]) : b.or(parts as Expr[]);
    }
    case 'except': {
      const inner = importRule(body, at, !neg, ctx);
      return inner && b.not(inner);
    }
    case 'field': {
      if (!isObj(body) || Object.keys(body).length !== 1) return void ctx.sink.report('I0002', at, 'field needs exactly one field name');
      const [name, value] = Object.entries(body)[0]!;
      const values = Array.isArray(value) ? value : [value];
      const parts = values.map((v, i) => fieldTest(name, v, jsonPathOf(at, name, ...(Array.isArray(value) ? [i] : [])), neg, ctx));
      if (parts.some((p) => p === undefined)) return undefined;
      return b.or(parts as Expr[]);
    }
    default:
      return void ctx.sink.report('I0002', at, `"${kind}" is not a rule (any, all, field, except)`);
  }
}

function isPattern(v: string): 'regex' | 'wildcard' | undefined {
  if (v.length >= 2 && v.startsWith('/') && v.endsWith('/')) return 'regex';
  return v.includes('*') || v.includes('?') ? 'wildcard' : undefined;
}

function fieldTest(name: string, v: Json, path: string, neg: boolean, ctx: RuleContext): Expr | undefined {
  const { b } = ctx;
  const bad = (why: string) => void ctx.sink.report('I0034', path, why);
  const kind = typeof v === 'string' ? isPattern(v) : undefined;
  if (kind === 'regex') return bad(`${JSON.stringify(v)} is a regular expression, which has no .role counterpart`);
  if (typeof v === 'string' && v.includes('?')) return bad(`${JSON.stringify(v)}: the ? wildcard has no .role counterpart`);
  switch (name) {
    case 'username': {
      if (typeof v !== 'string') return bad(`username ${JSON.stringify(v)}: every user has a username; only strings match`);
      const id = b.path('principal', 'id');
      return kind === 'wildcard' ? b.like(id, v) : b.eq(id, b.str(v));
    }
    case 'realm.name': {
      if (v === null) return b.not(b.has(b.path('principal', 'realm')));
      if (typeof v !== 'string') return bad(`realm.name ${JSON.stringify(v)}: only strings are supported`);
      const realm = b.path('principal', 'realm');
      const atom = kind === 'wildcard' ? b.like(realm, v) : b.eq(realm, b.str(v));
      return neg ? b.and([b.has(realm), atom]) : atom;
    }
    case 'groups': {
      if (typeof v !== 'string') return bad(`groups ${JSON.stringify(v)}: only group names are supported`);
      if (kind === 'wildcard') return bad(`groups "${v}": a wildcard over a principal's groups has no .role counterpart (like tests one string)`);
      return b.in(b.str(v), b.path('principal', 'groups'));
    }
    case 'dn':
      return void ctx.sink.report('I0030', path, 'dn: .role principals have no distinguished name (map the groups or the username instead)');
    default: {
      if (!name.startsWith('metadata.')) return void ctx.sink.report('I0030', path, `"${name}" is not a role-mapping field rolec knows (username, dn, groups, realm.name, metadata.*)`);
      const key = name.slice('metadata.'.length);
      const attr = b.path('user', key);
      if (v === null) {
        if (!ctx.attrs.use('user', key, { type: ctx.attrs.user.get(key)?.type ?? 'String', optional: true }, ctx.sink, path)) return undefined;
        return b.not(b.has(attr));
      }
      if (typeof v === 'number' && !Number.isSafeInteger(v)) return bad(`${v} is not an integer within ±(2^53−1)`);
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return bad(`metadata value ${JSON.stringify(v)} has no counterpart`);
      const type = typeof v === 'string' ? 'String' : typeof v === 'number' ? 'Long' : 'Bool';
      if (!ctx.attrs.use('user', key, { type, optional: true }, ctx.sink, path)) return undefined;
      const atom = kind === 'wildcard' ? b.like(attr, v as string) : b.eq(attr, b.lit(v));
      return neg ? b.and([b.has(attr), atom]) : atom;
    }
  }
}
