/**
 * `documents where COND` → a DLS query (Query DSL), exactly: a document matches the query
 * iff COND is definitely true for it (language.md §4). The translation works on the
 * guarded two-valued form T(COND), so Kleene's unknowns need no special case: a negated
 * atom on an attribute a document may lack carries its `exists` guard.
 *
 * User values enter through the role query's Mustache template (`{{_user.username}}`,
 * `{{_user.metadata.ATTR}}`); Elasticsearch substitutes an empty string for a missing
 * metadata key, which is not rolec's "unknown", so only required user attributes can.
 * The subset is listed in docs/elasticsearch.md.
 */
import type { AtomCond, GuardedCond, Operand } from '../../semantics/kleene.ts';
import type { Cond, ValueExpr } from '../../semantics/ir.ts';
import { grantForm } from './guarded.ts';
import type { FieldValue, Query } from './types.ts';

export type DlsResult = { ok: true; query: Query; templated: boolean } | { ok: false; reasons: string[] };

type Val = { kind: 'lit'; value: string | number | boolean } | { kind: 'tmpl'; text: string };

export function documentQuery(cond: Cond): DlsResult {
  const ctx = { reasons: [] as string[], templated: false };
  const query = toQuery(grantForm(cond), ctx);
  return ctx.reasons.length > 0 ? { ok: false, reasons: [...new Set(ctx.reasons)] } : { ok: true, query, templated: ctx.templated };
}

interface Ctx {
  reasons: string[];
  templated: boolean;
}

const MATCH_ALL: Query = { match_all: {} };
const MATCH_NONE: Query = { match_none: {} };

function toQuery(g: GuardedCond, ctx: Ctx): Query {
  switch (g.kind) {
    case 'const':
      return g.value ? MATCH_ALL : MATCH_NONE;
    case 'and':
      return { bool: { filter: g.args.map((a) => toQuery(a, ctx)) } };
    case 'or':
      return { bool: { should: g.args.map((a) => toQuery(a, ctx)), minimum_should_match: 1 } };
    case 'not':
      return { bool: { must_not: [toQuery(g.arg, ctx)] } };
    case 'present':
      return presence(g.operand, ctx);
    case 'atom':
      return atomQuery(g.atom, ctx);
  }
}

function presence(op: Operand, ctx: Ctx): Query {
  if (op.kind === 'attr' && op.scope === 'document') return { exists: { field: op.name } };
  ctx.reasons.push(`${describe(op)} may be absent, and a role query cannot test that (Mustache puts an empty string in its place)`);
  return MATCH_NONE;
}

function describe(v: ValueExpr): string {
  if (v.kind === 'attr') return `${v.scope}.${v.name}`;
  if (v.kind === 'prop') return v.prop;
  return 'a literal';
}

/** The document field an operand names, if it is a document attribute. */
function field(v: ValueExpr): string | undefined {
  return v.kind === 'attr' && v.scope === 'document' ? v.name : undefined;
}

/** A value Elasticsearch can put in a query: a literal, or a user value by template. */
function value(v: ValueExpr, ctx: Ctx): Val | undefined {
  switch (v.kind) {
    case 'string':
    case 'long':
    case 'bool':
      return { kind: 'lit', value: v.value };
    case 'prop':
      if (v.prop === 'principal.id') {
        ctx.templated = true;
        return { kind: 'tmpl', text: '{{_user.username}}' };
      }
      ctx.reasons.push(`${v.prop} is not available to a role query (its template sees only _user.username, _user.email, _user.roles, _user.metadata)`);
      return undefined;
    case 'attr':
      if (v.scope === 'user') {
        if (v.optional) {
          ctx.reasons.push(`user.${v.name} is optional: a role query template reads a missing metadata key as an empty string, not as unknown`);
          return undefined;
        }
        if (v.type.startsWith('Set<') || v.type === 'IpAddr') {
          ctx.reasons.push(`user.${v.name} (${v.type}) cannot be substituted into a query as one value`);
          return undefined;
        }
        ctx.templated = true;
        return { kind: 'tmpl', text: `{{_user.metadata.${v.name}}}` };
      }
      ctx.reasons.push(v.scope === 'context' ? `context.${v.name}: a role query knows nothing of the request context` : `comparing two document fields needs a script, outside the supported Query DSL subset`);
      return undefined;
    default:
      ctx.reasons.push(`${v.kind === 'ip' ? 'an IP literal' : 'a set literal'} cannot be used here`);
      return undefined;
  }
}

const raw = (v: Val): FieldValue => (v.kind === 'lit' ? v.value : v.text);

const FLIP: Record<string, '<' | '<=' | '>' | '>='> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const RANGE_KEY: Record<string, 'lt' | 'lte' | 'gt' | 'gte'> = { '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };

function atomQuery(atom: AtomCond, ctx: Ctx): Query {
  const fail = (why: string): Query => {
    ctx.reasons.push(why);
    return MATCH_NONE;
  };
  switch (atom.kind) {
    case 'truthy': {
      const f = field(atom.expr);
      return f ? { term: { [f]: true } } : fail(`${describe(atom.expr)}: a role query can only test document fields`);
    }
    case 'compare': {
      const lf = field(atom.left);
      const rf = field(atom.right);
      if (lf === undefined && rf === undefined) return fail(`${describe(atom.left)} ${atom.op} ${describe(atom.right)} reads no document field: a role query can only test documents (use a role mapping for user conditions)`);
      const [f, other, op] = lf !== undefined ? [lf, atom.right, atom.op] : [rf!, atom.left, FLIP[atom.op] ?? atom.op];
      const v = value(other, ctx);
      if (!v) return MATCH_NONE;
      if (op === '==') return { term: { [f]: raw(v) } };
      if (op === '!=') return { bool: { must_not: [{ term: { [f]: raw(v) } }] } };
      return { range: { [f]: { [RANGE_KEY[op]!]: raw(v) } } };
    }
    case 'in': {
      const ef = field(atom.elem);
      if (ef !== undefined && atom.set.kind === 'set') return { terms: { [ef]: [...atom.set.values] } };
      const sf = field(atom.set);
      if (sf !== undefined) {
        const v = value(atom.elem, ctx);
        return v ? { term: { [sf]: raw(v) } } : MATCH_NONE;
      }
      return fail(`${describe(atom.elem)} in ${describe(atom.set)}: only a document field against literals or one user value`);
    }
    case 'setop': {
      const sf = field(atom.set);
      if (sf === undefined) return fail(`${describe(atom.set)}.${atom.op}(…): the set must be a document field (user.X.${atom.op}(document.Y) needs a terms_set script)`);
      if (atom.op === 'contains') {
        const v = value(atom.arg, ctx);
        return v ? { term: { [sf]: raw(v) } } : MATCH_NONE;
      }
      if (atom.arg.kind !== 'set') return fail(`${atom.op} with a non-literal set needs a template that renders a JSON array, outside the subset`);
      if (atom.op === 'containsAny') return { terms: { [sf]: [...atom.arg.values] } };
      return atom.arg.values.length === 0 ? MATCH_ALL : { bool: { filter: atom.arg.values.map((x) => ({ term: { [sf]: x } })) } };
    }
    case 'isEmpty':
      return fail(`isEmpty(): Elasticsearch does not tell an empty array from a missing field`);
    case 'like': {
      const f = field(atom.expr);
      if (f === undefined) return fail(`${describe(atom.expr)} like …: a role query can only test document fields`);
      const p = atom.pattern;
      const star = p.indexOf('*');
      if (star === p.length - 1 && star >= 0) return { prefix: { [f]: p.slice(0, -1) } };
      if (star < 0) return { term: { [f]: p } };
      return { wildcard: { [f]: { value: p.replace(/[\\?]/g, (c) => `\\${c}`) } } };
    }
    case 'isInRange':
      return fail(`isInRange on ${describe(atom.expr)}: IP ranges are outside the supported Query DSL subset`);
  }
}
