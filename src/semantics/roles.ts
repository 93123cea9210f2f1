/**
 * Roles: user-defined role declarations lowered to {@link RoleIR}, the built-in stack
 * roles from the catalog data, and the checks on role names and `includes`.
 */
import type { Span } from '../diagnostics/types.ts';
import type { PermissionIR, RoleIR, SourceLoc } from './ir.ts';
import type { RoleClause, RoleDecl } from '../syntax/ast.ts';
import type { Catalog, BuiltinRoleData } from './catalog/index.ts';
import type { SchemaLookup } from './schema.ts';
import { checkCond } from './conditions.ts';
import { checkExceptCovered, checkPatterns } from './patterns.ts';
import { checkPrivileges } from './privileges.ts';
import { didYouMean, where, type LocOf, type Reporter } from './report.ts';

export const BUILTIN_FILE = '<builtin>';

/** Rule id `<file>:<line>:<rule>` (ir.ts). */
export function ruleId(loc: SourceLoc, rule: string): string {
  return `${loc.file}:${loc.line}:${rule}`;
}

/** The built-in stack roles as IR (loc line = position in the built-in table). */
export function builtinRoles(catalog: Catalog): RoleIR[] {
  return catalog.builtinRoles.map((b, i) => builtinRole(b, i + 1, catalog));
}

function builtinRole(b: BuiltinRoleData, line: number, catalog: Catalog): RoleIR {
  const loc: SourceLoc = { file: BUILTIN_FILE, line, col: 1 };
  const id = ruleId(loc, b.name);
  const permissions: PermissionIR[] = [];
  if (b.cluster.length > 0)
    permissions.push({ kind: 'cluster', id, loc, privileges: b.cluster.map((p) => catalog.resolve('cluster', p)!) });
  for (const ix of b.indices)
    permissions.push({
      kind: 'index',
      id,
      loc,
      names: { patterns: [...ix.names], except: [...ix.except] },
      privileges: ix.privileges.map((p) => catalog.resolve('index', p)!),
    });
  if (b.run_as.length > 0) permissions.push({ kind: 'run_as', id, loc, users: [...b.run_as] });
  for (const app of b.applications)
    permissions.push({
      kind: 'application',
      id,
      loc,
      application: app.application,
      privileges: [...app.privileges],
      resources: [...app.resources],
    });
  return { name: b.name, builtin: true, loc, id, description: b.description, metadata: {}, includes: [], permissions };
}

export interface RoleEnv {
  catalog: Catalog;
  schema: SchemaLookup;
  locOf: LocOf;
  r: Reporter;
  /** Every role name that exists: user-defined (first declaration) and built-in. */
  known: ReadonlySet<string>;
}

/** Checks a reference to a stack role (includes, roles lists, `for role`). */
export function checkRoleRef(name: { text: string; span: Span }, known: ReadonlySet<string>, r: Reporter): boolean {
  if (name.text.startsWith('cloud.')) {
    r.error('E0208', name.span, `\`${name.text}\` is a cloud role: grant it with \`assign user|api_key "…" ${name.text} on …\``);
    return false;
  }
  if (!known.has(name.text)) {
    r.error('E0205', name.span, `undefined role \`${name.text}\`${didYouMean(name.text, known)}`);
    return false;
  }
  return true;
}

export function lowerRole(decl: RoleDecl, env: RoleEnv): RoleIR {
  const { r } = env;
  const loc = env.locOf(decl.name.span);
  const id = ruleId(loc, decl.name.text);
  const role: RoleIR = { name: decl.name.text, builtin: false, loc, id, metadata: {}, includes: [], permissions: [] };
  for (const inc of decl.includes ?? []) {
    if (!checkRoleRef(inc, env.known, r)) continue;
    if (role.includes.includes(inc.text)) r.warn('W0202', inc.span, `role \`${inc.text}\` is included twice`);
    else role.includes.push(inc.text);
  }
  for (const clause of decl.clauses ?? []) lowerClause(clause, role, env);
  // Exact length: the IR lives through the whole build, a grown array keeps 16+ spare slots.
  role.includes = role.includes.slice();
  role.permissions = role.permissions.slice();
  return role;
}

function lowerClause(c: RoleClause, role: RoleIR, env: RoleEnv): void {
  const { r, catalog } = env;
  const loc = env.locOf(c.span);
  const id = ruleId(loc, role.name);
  switch (c.kind) {
    case 'description':
      if (c.text) role.description = c.text.value;
      return;
    case 'metadata':
      for (const e of c.entries ?? []) if (e?.key && e.value) role.metadata[e.key.text] = e.value.value;
      return;
    case 'where': {
      const cond = checkCond(c.cond, { schema: env.schema, documents: false, place: 'a role-level `where`', r });
      if (cond) role.where = cond;
      return;
    }
    case 'cluster':
      role.permissions.push({ kind: 'cluster', id, loc, privileges: checkPrivileges('cluster', c.privileges, catalog, r) });
      return;
    case 'index': {
      const perm: Extract<PermissionIR, { kind: 'index' }> = {
        kind: 'index',
        id,
        loc,
        names: { patterns: checkPatterns(c.patterns?.map(lit), 'index', r), except: checkPatterns(c.except?.map(lit), 'index except', r) },
        privileges: checkPrivileges('index', c.privileges, catalog, r),
      };
      if (c.fields) {
        const grant = checkPatterns(c.fields.grant?.map(lit), 'field grant', r);
        const except = checkPatterns(c.fields.except?.map(lit), 'field except', r);
        checkExceptCovered(grant, c.fields.except?.map(lit) ?? [], r);
        perm.fields = { grant, except };
      }
      if (c.documents) {
        const cond = checkCond(c.documents, { schema: env.schema, documents: true, place: '`documents where`', r });
        if (cond) perm.documents = cond;
      }
      role.permissions.push(perm);
      return;
    }
    case 'run_as':
      role.permissions.push({ kind: 'run_as', id, loc, users: checkPatterns(c.patterns?.map(lit), 'run_as', r) });
      return;
    case 'application':
      role.permissions.push({
        kind: 'application',
        id,
        loc,
        application: checkPatterns(c.application ? [lit(c.application)] : [], 'application', r)[0] ?? '',
        privileges: checkPatterns(c.privileges?.map((p) => ({ text: p.text, span: p.span })), 'application privilege', r),
        resources: checkPatterns(c.resources?.map(lit), 'application resource', r),
      });
      return;
  }
}

function lit(s: { value: string; span: Span }): { text: string; span: Span } {
  return { text: s.value, span: s.span };
}

/**
 * Reports every cycle in the includes graph of user-defined roles once, at the include
 * that closes it, with the full path (`a → b → a`).
 */
export function checkIncludeCycles(decls: readonly RoleDecl[], r: Reporter): void {
  const byName = new Map<string, RoleDecl>();
  for (const d of decls) if (!byName.has(d.name.text)) byName.set(d.name.text, d);
  const state = new Map<string, 'open' | 'done'>();
  // Iterative depth-first search (a long include chain must not overflow the call stack).
  for (const rootName of byName.keys()) {
    if (state.has(rootName)) continue;
    const path: string[] = [rootName];
    const next: number[] = [0];
    state.set(rootName, 'open');
    while (path.length > 0) {
      const name = path[path.length - 1]!;
      const includes = byName.get(name)!.includes ?? [];
      const i = next[next.length - 1]!;
      if (i >= includes.length) {
        state.set(name, 'done');
        path.pop();
        next.pop();
        continue;
      }
      next[next.length - 1] = i + 1;
      const inc = includes[i]!;
      if (!byName.has(inc.text)) continue;
      const s = state.get(inc.text);
      if (s === 'open') {
        const cycle = [...path.slice(path.indexOf(inc.text)), inc.text];
        r.error('E0206', inc.span, `cycle in includes: ${cycle.join(' → ')}`);
      } else if (s === undefined) {
        state.set(inc.text, 'open');
        path.push(inc.text);
        next.push(0);
      }
    }
  }
}

/** Name checks for a role declaration; returns whether it is the first of its name. */
export function checkRoleName(
  decl: RoleDecl,
  firstSeen: Map<string, Span>,
  builtinNames: ReadonlySet<string>,
  r: Reporter,
): boolean {
  const { text, span } = decl.name;
  if (text.includes('.')) {
    r.error('E0207', span, `role name \`${text}\` contains a dot; dotted names are reserved for built-ins such as \`cloud.admin\``);
    return false;
  }
  if (builtinNames.has(text)) {
    r.error('E0204', span, `\`${text}\` is a built-in stack role and cannot be redefined; choose another name`);
    return false;
  }
  const first = firstSeen.get(text);
  if (first) {
    r.error('E0201', span, `role \`${text}\` is already defined at ${where(first)}`);
    return false;
  }
  firstSeen.set(text, span);
  return true;
}
