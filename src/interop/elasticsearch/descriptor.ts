/**
 * One role descriptor → a `role` declaration. Every field of the descriptor is either
 * carried over exactly or reported (I0xxx) at its JSON path.
 */
import type { MetadataEntry, RoleClause, RoleDecl } from '../../syntax/ast.ts';
import type { Catalog } from '../../semantics/catalog/index.ts';
import { didYouMean } from '../../semantics/report.ts';
import type { AstBuilder } from './ast-build.ts';
import type { AttributeSet } from './attributes.ts';
import { jsonPathOf, type Sink } from './diagnostics.ts';
import { importQuery } from './query.ts';
import { descriptorShape } from './shapes.ts';
import { isObj, type Json } from './json.ts';


const KNOWN = ['cluster', 'indices', 'index', 'applications', 'run_as', 'metadata', 'description', 'transient_metadata', 'remote_indices', 'remote_cluster', 'global', 'restriction'];

export interface DescriptorContext {
  b: AstBuilder;
  sink: Sink;
  attrs: AttributeSet;
  catalog: Catalog;
}

export function importDescriptor(name: string, d: Json, path: string, ctx: DescriptorContext): RoleDecl | undefined {
  const { b, sink } = ctx;
  if (!isObj(d)) return void sink.report('I0002', path, 'a role descriptor is a JSON object');
  const shape = descriptorShape(d);
  for (const e of shape) sink.report('I0002', jsonPathOf(path, ...e.segments), e.message);
  if (shape.length > 0) return undefined;
  for (const k of Object.keys(d)) {
    if (KNOWN.includes(k)) continue;
    const hint = didYouMean(k, KNOWN);
    sink.report('I0003', jsonPathOf(path, k), `unknown role descriptor field "${k}"${hint}`);
  }
  const clauses: RoleClause[] = [];
  const span = b.span;
  if (typeof d.description === 'string') clauses.push({ kind: 'description', text: b.str(d.description), span });
  if (isObj(d.metadata)) {
    const entries = metadataEntries(d.metadata, jsonPathOf(path, 'metadata'), ctx);
    if (entries.length > 0) clauses.push({ kind: 'metadata', entries, span });
  }
  if (isObj(d.transient_metadata) && !(Object.keys(d.transient_metadata).length === 1 && d.transient_metadata.enabled === true))
    sink.report('I0035', jsonPathOf(path, 'transient_metadata'), 'transient_metadata is state Elasticsearch maintains (e.g. a role disabled by the licence); it is not imported');
  for (const k of ['remote_indices', 'remote_cluster'] as const)
    if (d[k] !== undefined && !(Array.isArray(d[k]) && d[k].length === 0)) sink.report('I0015', jsonPathOf(path, k), `${k}: cross-cluster privileges are not modelled by rolec`);
  if (d.global !== undefined && !(isObj(d.global) && Object.keys(d.global).length === 0)) sink.report('I0016', jsonPathOf(path, 'global'), 'global (request-aware) privileges are not modelled by rolec');
  if (d.restriction !== undefined) sink.report('I0016', jsonPathOf(path, 'restriction'), 'restriction (API-key workflows) is not modelled by rolec');
  const cluster = privileges('cluster', (d.cluster as string[] | undefined) ?? [], jsonPathOf(path, 'cluster'), ctx);
  if (cluster.length > 0) clauses.push({ kind: 'cluster', privileges: cluster.map(b.priv), span });
  const indexKey = d.indices !== undefined ? 'indices' : 'index';
  ((d[indexKey] as Json[] | undefined) ?? []).forEach((entry, i) => {
    const c = indexClause(entry as Record<string, Json>, jsonPathOf(path, indexKey, i), `${indexKey}[${i}]`, ctx);
    if (c) clauses.push(c);
  });
  const runAs = patterns((d.run_as as string[] | undefined) ?? [], jsonPathOf(path, 'run_as'), ctx);
  if (runAs.length > 0) clauses.push({ kind: 'run_as', patterns: runAs.map(b.str), span });
  ((d.applications as { application: string; privileges: string[]; resources: string[] }[] | undefined) ?? []).forEach((a, i) => {
    const at = jsonPathOf(path, 'applications', i);
    const [app] = patterns([a.application], jsonPathOf(at, 'application'), ctx);
    const privs = patterns(a.privileges, jsonPathOf(at, 'privileges'), ctx);
    const res = patterns(a.resources, jsonPathOf(at, 'resources'), ctx);
    if (app !== undefined && privs.length > 0 && res.length > 0)
      clauses.push({ kind: 'application', application: b.str(app), privileges: privs.map((p) => ({ text: p, quoted: true, span })), resources: res.map(b.str), span });
  });
  return { kind: 'role', name: b.name(name), includes: [], clauses, span };
}

function metadataEntries(m: Record<string, Json>, path: string, ctx: DescriptorContext): MetadataEntry[] {
  const { b } = ctx;
  const out: MetadataEntry[] = [];
  for (const [k, v] of Object.entries(m)) {
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isSafeInteger(v))) out.push({ key: b.name(k), value: b.lit(v) as MetadataEntry['value'], span: b.span });
    else ctx.sink.report('I0018', jsonPathOf(path, k), `metadata "${k}" is ${Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v}; .role metadata values are strings, integers or booleans`);
  }
  return out;
}

function privileges(family: 'cluster' | 'index', names: string[], path: string, ctx: DescriptorContext, entry?: string): string[] {
  const known = [...ctx.catalog.ir[family].map((p) => p.name), ...Object.keys(ctx.catalog.aliases[family])];
  return names.filter((n, i) => {
    if (ctx.catalog.resolve(family, n) !== undefined) return true;
    ctx.sink.report(family === 'cluster' ? 'I0010' : 'I0011', jsonPathOf(path, i), `unknown ${family} privilege "${n}"${didYouMean(n, known)}`, entry);
    return false;
  });
}

/** Elasticsearch wildcard patterns → .role patterns: `*` and literal characters only. */
function patterns(ps: string[], path: string, ctx: DescriptorContext, entry?: string): string[] {
  const out: string[] = [];
  ps.forEach((p, i) => {
    const at = jsonPathOf(path, i);
    if (p.length >= 2 && p.startsWith('/') && p.endsWith('/')) return ctx.sink.report('I0013', at, `"${p}" is a Lucene regular expression, which .role patterns cannot express`, entry);
    let s = '';
    for (let j = 0; j < p.length; j++) {
      const c = p[j]!;
      if (c === '?') return ctx.sink.report('I0012', at, `"${p}": the ? wildcard has no Cedar counterpart (rolec supports * only)`, entry);
      if (c === '\\') {
        const next = p[++j];
        if (next === undefined || next === '*') return ctx.sink.report('I0014', at, `"${p}": an escaped * (a literal star) cannot be expressed in a .role pattern`, entry);
        s += next;
      } else s += c;
    }
    out.push(s);
  });
  return out;
}

function indexClause(e: Record<string, Json>, path: string, entry: string, ctx: DescriptorContext): RoleClause | undefined {
  const { b, sink } = ctx;
  const before = sink.diagnostics.length;
  for (const k of Object.keys(e))
    if (!['names', 'privileges', 'field_security', 'query', 'allow_restricted_indices'].includes(k))
      sink.report('I0003', jsonPathOf(path, k), `unknown index entry field "${k}"${didYouMean(k, ['names', 'privileges', 'field_security', 'query', 'allow_restricted_indices'])}`, entry);
  if (e.allow_restricted_indices === true) sink.report('I0017', jsonPathOf(path, 'allow_restricted_indices'), 'restricted (system) indices are not modelled by rolec', entry);
  const names = patterns(typeof e.names === 'string' ? [e.names] : (e.names as string[]), jsonPathOf(path, 'names'), ctx, entry);
  const privs = privileges('index', e.privileges as string[], jsonPathOf(path, 'privileges'), ctx, entry);
  let fields: { grant: string[]; except: string[] } | undefined;
  const fs = e.field_security as { grant?: string[]; except?: string[] } | undefined;
  if (fs) {
    if (!fs.grant || fs.grant.length === 0)
      sink.report('I0019', jsonPathOf(path, 'field_security'), fs.grant ? 'an empty grant (only metadata fields visible) has no .role counterpart' : 'field_security without grant', entry);
    else fields = { grant: patterns(fs.grant, jsonPathOf(path, 'field_security', 'grant'), ctx, entry), except: patterns(fs.except ?? [], jsonPathOf(path, 'field_security', 'except'), ctx, entry) };
  }
  const documents = e.query === undefined ? undefined : importQuery(e.query, jsonPathOf(path, 'query'), { b, sink, attrs: ctx.attrs, entry });
  if (sink.diagnostics.length > before) return undefined;
  if (names.length === 0 || privs.length === 0) return undefined;
  const span = b.span;
  const docs = documents && !(documents.kind === 'bool' && documents.value) ? documents : undefined;
  return {
    kind: 'index',
    form: fields || docs ? 'block' : 'short',
    patterns: names.map(b.str),
    except: [],
    privileges: privs.map(b.priv),
    ...(fields ? { fields: { grant: fields.grant.map(b.str), except: fields.except.map(b.str), span } } : {}),
    ...(docs ? { documents: docs } : {}),
    span,
  };
}
