/**
 * `rolec import elasticsearch` as a library: Elasticsearch role descriptors and role
 * mappings (JSON or YAML text) → the syntax trees of a `.role` policy set
 * (`schema.role`, `roles.role`, `mappings.role`), plus diagnostics. Pure: no I/O.
 *
 * All-or-nothing by default: any error means no files. With `keepGoing`, a descriptor or
 * mapping with an error is left out whole (never half-imported) and the rest is returned.
 */
import { parse } from 'yaml';
import type { Declaration, Expr, MappingDecl, RoleDecl, RoleFileAst, SchemaBlock } from '../../syntax/ast.ts';
import { loadCatalog, type Catalog } from '../../semantics/catalog/index.ts';
import { didYouMean } from '../../semantics/report.ts';
import { AstBuilder } from './ast-build.ts';
import { AttributeSet, IDENT } from './attributes.ts';
import { jsonPathOf, Sink, type ImportDiagnostic } from './diagnostics.ts';
import { importDescriptor } from './descriptor.ts';
import { importRule } from './rules.ts';
import { mappingShape } from './shapes.ts';
import { isObj, type Json } from './json.ts';
import { appendAll } from '../../support/arrays.ts';

export interface ImportSource {
  file: string;
  text: string;
}

export interface ImportOptions {
  /** The roles file is one `PUT /_security/role/<name>` body with this name. */
  name?: string;
  keepGoing?: boolean;
}

export interface ImportOutcome {
  /** The policy set's files (empty when an error stops the import). */
  files: RoleFileAst[];
  diagnostics: ImportDiagnostic[];
  roles: { imported: string[]; rejected: string[] };
  mappings: { imported: string[]; rejected: string[]; skipped: string[] };
}

export const OUTPUT_FILES = { schema: 'schema.role', roles: 'roles.role', mappings: 'mappings.role' } as const;


export function importElasticsearch(roleSources: readonly ImportSource[], mappingSources: readonly ImportSource[], opts: ImportOptions = {}): ImportOutcome {
  const catalog = loadCatalog();
  const attrs = new AttributeSet();
  const diagnostics: ImportDiagnostic[] = [];
  const rb = new AstBuilder(OUTPUT_FILES.roles);
  const mb = new AstBuilder(OUTPUT_FILES.mappings);
  const out: ImportOutcome = { files: [], diagnostics, roles: { imported: [], rejected: [] }, mappings: { imported: [], rejected: [], skipped: [] } };

  const roles: RoleDecl[] = [];
  const builtin = new Set(catalog.builtinRoles.map((r) => r.name));
  for (const src of roleSources) {
    const doc = readDocument(src, diagnostics);
    if (doc === undefined) continue;
    const entries: [string, Json, string][] = opts.name !== undefined ? [[opts.name, doc, '$']] : isObj(doc) ? Object.entries(doc).map(([n, d]) => [n, d, jsonPathOf('$', n)]) : [];
    if (opts.name === undefined && !isObj(doc)) diagnostics.push(fileError(src.file, 'I0002', 'expected an object of role name → descriptor (GET /_security/role, roles.yml); give --name for a single PUT body'));
    for (const [name, d, path] of entries) {
      const sink = new Sink(src.file, `role ${name}`);
      if (!IDENT.test(name)) sink.report('I0004', path, `role name "${name}" is not a .role identifier ([A-Za-z_][A-Za-z0-9_]*)`);
      else if (builtin.has(name)) sink.report('I0004', path, `"${name}" is a built-in role; a policy set cannot redefine it`);
      else if (roles.some((r) => r.name.text === name)) sink.report('I0004', path, `role "${name}" is defined twice`);
      const trial = new AttributeSet();
      copyAttrs(attrs, trial);
      const decl = importDescriptor(name, d, path, { b: rb, sink, attrs: trial, catalog });
      appendAll(diagnostics, sink.diagnostics);
      if (decl && !sink.failed) {
        roles.push(decl);
        copyAttrs(trial, attrs);
        out.roles.imported.push(name);
      } else out.roles.rejected.push(name);
    }
  }

  const known = new Set([...roles.map((r) => r.name.text), ...builtin]);
  const rejected = new Set(out.roles.rejected);
  const mappings: MappingDecl[] = [];
  const names = new Set<string>();
  for (const src of mappingSources) {
    const doc = readDocument(src, diagnostics);
    if (doc === undefined) continue;
    if (!isObj(doc)) {
      diagnostics.push(fileError(src.file, 'I0002', 'expected an object of mapping name → role mapping, or role_mapping.yml (role → list of DNs)'));
      continue;
    }
    const dnFile = Object.values(doc).every((v) => Array.isArray(v) && v.every((x) => typeof x === 'string'));
    for (const [name, m] of Object.entries(doc)) {
      const path = jsonPathOf('$', name);
      const sink = new Sink(src.file, dnFile ? `role_mapping.yml role ${name}` : `mapping ${name}`);
      const trial = new AttributeSet();
      copyAttrs(attrs, trial);
      const decl = dnFile ? dnMapping(name, m as string[], path, mb, sink, { sink, known, rejected, haveRoles: roleSources.length > 0 }) : importMapping(name, m, path, { b: mb, sink, attrs: trial, known, rejected, haveRoles: roleSources.length > 0 });
      appendAll(diagnostics, sink.diagnostics);
      if (decl === 'skipped') out.mappings.skipped.push(name);
      else if (decl && !sink.failed) {
        decl.name = mb.name(uniqueName(identifier(decl.name.text), names));
        mappings.push(decl);
        copyAttrs(trial, attrs);
        out.mappings.imported.push(name);
      } else out.mappings.rejected.push(name);
    }
  }

  if (diagnostics.some((d) => d.severity === 'error') && !opts.keepGoing) return out;
  out.files = assemble(roles, mappings, attrs);
  return out;
}

function fileError(file: string, code: string, message: string): ImportDiagnostic {
  return { code, severity: 'error', file, path: '$', message };
}

function readDocument(src: ImportSource, diagnostics: ImportDiagnostic[]): Json {
  try {
    return parse(src.text, { uniqueKeys: true, maxAliasCount: 0 }) as Json;
  } catch (err) {
    diagnostics.push(fileError(src.file, 'I0001', `neither JSON nor YAML: ${(err as Error).message.split('\n')[0]}`));
    return undefined;
  }
}

function copyAttrs(from: AttributeSet, to: AttributeSet): void {
  for (const [k, v] of from.user) to.user.set(k, { ...v });
  for (const [k, v] of from.document) to.document.set(k, { ...v });
}

function identifier(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(s) ? s : `m_${s}`;
}

function uniqueName(base: string, taken: Set<string>): string {
  let n = base;
  for (let i = 2; taken.has(n); i++) n = `${base}_${i}`;
  taken.add(n);
  return n;
}

interface MappingContext {
  b: AstBuilder;
  sink: Sink;
  attrs: AttributeSet;
  known: Set<string>;
  /** Roles of the input that did not import. */
  rejected: Set<string>;
  haveRoles: boolean;
}

const MAPPING_FIELDS = ['enabled', 'roles', 'role_templates', 'rules', 'metadata'];

function roleRefs(roles: string[], path: string, ctx: Pick<MappingContext, 'sink' | 'known' | 'haveRoles' | 'rejected'>): boolean {
  let ok = true;
  roles.forEach((r, i) => {
    if (ctx.known.has(r)) return;
    ok = false;
    ctx.sink.report('I0033', jsonPathOf(path, i), ctx.rejected.has(r) ? `role "${r}" was not imported (see its errors)` : `role "${r}" is ${ctx.haveRoles ? 'neither imported nor' : 'not'} a built-in role${didYouMean(r, ctx.known)}`);
  });
  return ok;
}

function importMapping(name: string, m: Json, path: string, ctx: MappingContext): MappingDecl | 'skipped' | undefined {
  const { b, sink } = ctx;
  if (!isObj(m)) return void sink.report('I0002', path, 'a role mapping is a JSON object');
  const shape = mappingShape(m);
  for (const e of shape) sink.report('I0002', jsonPathOf(path, ...e.segments), e.message);
  if (shape.length > 0) return undefined;
  for (const k of Object.keys(m)) if (!MAPPING_FIELDS.includes(k)) sink.report('I0003', jsonPathOf(path, k), `unknown role mapping field "${k}"${didYouMean(k, MAPPING_FIELDS)}`);
  if (m.enabled === false) {
    sink.report('I0032', jsonPathOf(path, 'enabled'), 'the mapping is disabled; it grants nothing and is not imported');
    return 'skipped';
  }
  if (m.role_templates !== undefined) sink.report('I0031', jsonPathOf(path, 'role_templates'), 'role_templates compute role names with Mustache at sign-in; .role mappings name their roles');
  if (isObj(m.metadata) && Object.keys(m.metadata).length > 0) sink.report('I0035', jsonPathOf(path, 'metadata'), 'role-mapping metadata is descriptive only and .role mappings have none; it is not imported');
  const roles = (m.roles as string[] | undefined) ?? [];
  if (m.role_templates === undefined && roles.length === 0) sink.report('I0002', path, 'a role mapping needs roles');
  roleRefs(roles, jsonPathOf(path, 'roles'), ctx);
  if (m.rules === undefined) sink.report('I0002', path, 'a role mapping needs rules');
  const when = m.rules === undefined ? undefined : importRule(m.rules, jsonPathOf(path, 'rules'), false, ctx);
  if (sink.failed || !when) return undefined;
  return { kind: 'mapping', name: b.name(name), roles: roles.map(b.name), when: b.and([b.eq(b.path('principal', 'type'), b.str('user')), when]), span: b.span };
}

/** role_mapping.yml: `ROLE: [DN…]` — a DN is read as a group DN (see docs/elasticsearch.md). */
function dnMapping(role: string, dns: string[], path: string, b: AstBuilder, sink: Sink, refs: Pick<MappingContext, 'sink' | 'known' | 'haveRoles' | 'rejected'>): MappingDecl | undefined {
  if (!roleRefs([role], path, refs)) return undefined;
  dns.forEach((dn, i) =>
    sink.report('I0036', jsonPathOf(path, i), `"${dn}" is read as a group DN: .role principals have no distinguished name, so if this is a user's DN it matches nobody (map the username instead)`),
  );
  const groups = dns.map((dn) => b.in(b.str(dn), b.path('principal', 'groups')));
  return { kind: 'mapping', name: b.name(`role_mapping_yml_${role}`), roles: [b.name(role)], when: b.and([b.eq(b.path('principal', 'type'), b.str('user')), b.or(groups)]), span: b.span };
}

/** A `has user.X` on an attribute that ended up required (a template reads it) is settled. */
function settleHas(e: Expr, attrs: AttributeSet, b: AstBuilder): Expr {
  switch (e.kind) {
    case 'has': {
      const p = e.operand;
      if (p.kind === 'path' && p.segments.length === 2 && p.segments[0]!.text === 'user' && attrs.user.get(p.segments[1]!.text)?.optional === false) return b.bool(true);
      return e;
    }
    case 'and':
      return b.and(e.args.map((a) => settleHas(a, attrs, b)));
    case 'or':
      return b.or(e.args.map((a) => settleHas(a, attrs, b)));
    case 'not': {
      const arg = settleHas(e.arg, attrs, b);
      return arg.kind === 'bool' ? b.bool(!arg.value) : b.not(arg);
    }
    default:
      return e;
  }
}

function assemble(roles: RoleDecl[], mappings: MappingDecl[], attrs: AttributeSet): RoleFileAst[] {
  const files: RoleFileAst[] = [];
  const sb = new AstBuilder(OUTPUT_FILES.schema);
  const blocks: SchemaBlock[] = [];
  for (const scope of ['user', 'document'] as const) {
    const map = attrs[scope];
    if (map.size === 0) continue;
    const attributes = [...map.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, u]) => ({ name: sb.name(name), optional: u.optional, type: u.type, typeSpan: sb.span, span: sb.span }));
    blocks.push({ scope, scopeSpan: sb.span, attributes, span: sb.span });
  }
  const file = (name: string, declarations: Declaration[], b: AstBuilder): RoleFileAst => ({ kind: 'file', file: name, declarations, span: b.span });
  if (blocks.length > 0) files.push(file(OUTPUT_FILES.schema, [{ kind: 'schema', blocks, span: sb.span }], sb));
  if (roles.length > 0) files.push(file(OUTPUT_FILES.roles, roles, new AstBuilder(OUTPUT_FILES.roles)));
  if (mappings.length > 0) {
    const mb = new AstBuilder(OUTPUT_FILES.mappings);
    for (const m of mappings) if (m.when) m.when = settleHas(m.when, attrs, mb);
    files.push(file(OUTPUT_FILES.mappings, mappings, mb));
  }
  return files;
}
