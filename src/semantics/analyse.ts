/**
 * The semantic pass over a whole policy set: parsed files in, checked IR (or only
 * diagnostics) out. Pure: no I/O. Declarations may reference each other across files, so
 * names are collected over all files first, then every declaration is lowered.
 */
import { sha256Hex } from '../support/sha256.ts';
import type { Diagnostic, Span } from '../diagnostics/types.ts';
import type { AssignmentIR, CloudAssignmentIR, DenyIR, PolicySetIR, RoleIR, SourceLoc } from './ir.ts';
import type { Declaration, RoleDecl, RoleFileAst, SchemaDecl } from '../syntax/ast.ts';
import { loadCatalog } from './catalog/index.ts';
import { buildSchema } from './schema.ts';
import { builtinRoles, checkIncludeCycles, checkRoleName, lowerRole } from './roles.ts';
import { lowerAssignment, lowerCloudAssignment, lowerMapping } from './principals.ts';
import { lowerDeny } from './denies.ts';
import { lowerAssert } from './asserts.ts';
import type { AssertIR } from './ir.ts';
import { Reporter } from './report.ts';

export interface ParsedUnit {
  /** Path relative to the policy-set root (what rule ids and IR locations use). */
  rel: string;
  text: string;
  ast: RoleFileAst;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function analyse(units: readonly ParsedUnit[]): { ir?: PolicySetIR; diagnostics: Diagnostic[] } {
  const r = new Reporter();
  const catalog = loadCatalog();
  const sorted = [...units].sort((a, b) => byString(a.rel, b.rel));
  const relOf = new Map(sorted.map((u) => [u.ast.file, u.rel]));
  const locOf = (span: Span): SourceLoc => ({ file: relOf.get(span.file) ?? span.file, line: span.start.line, col: span.start.col });

  const decls: Declaration[] = sorted.flatMap((u) => (u.ast?.declarations ?? []).filter((d) => d && d.kind));
  const of = <K extends Declaration['kind']>(kind: K) => decls.filter((d): d is Extract<Declaration, { kind: K }> => d.kind === kind);

  const schema = buildSchema(of('schema') as SchemaDecl[], r);
  const builtins = builtinRoles(catalog);
  const builtinNames = new Set(builtins.map((b) => b.name));

  // Pass 1: role names (so that references can point forwards and across files).
  const firstRole = new Map<string, Span>();
  const roleDecls: RoleDecl[] = of('role').filter((d) => d.name && checkRoleName(d, firstRole, builtinNames, r));
  const firstDecls = new Set(roleDecls);
  const known = new Set<string>([...builtinNames, ...roleDecls.map((d) => d.name.text)]);
  checkIncludeCycles(roleDecls, r);

  // Pass 2: lower everything (also duplicate declarations, so that their bodies are checked too).
  const env = { catalog, schema, locOf, r, known };
  const roles: RoleIR[] = [...builtins];
  for (const d of of('role')) {
    if (!d.name) continue;
    const role = lowerRole(d, env);
    if (firstDecls.has(d)) roles.push(role);
  }
  roles.sort((a, b) => byString(a.name, b.name));

  const assignments: AssignmentIR[] = [];
  const denies: DenyIR[] = [];
  const cloudAssignments: CloudAssignmentIR[] = [];
  const firstMapping = new Map<string, Span>();
  const firstDeny = new Map<string, Span>();
  const asserts: AssertIR[] = [];
  const firstAssert = new Map<string, Span>();
  for (const d of decls) {
    if (d.kind === 'assignment') assignments.push(lowerAssignment(d, env));
    else if (d.kind === 'mapping' && d.name) assignments.push(lowerMapping(d, env, firstMapping));
    else if (d.kind === 'deny' && d.name) {
      const deny = lowerDeny(d, env, firstDeny);
      if (deny) denies.push(deny);
    } else if (d.kind === 'assert') {
      const a = lowerAssert(d, env, firstAssert);
      if (a) asserts.push(a);
    } else if (d.kind === 'assign') {
      const a = lowerCloudAssignment(d, env);
      if (a) cloudAssignments.push(a);
    }
  }

  const diagnostics = sortDiagnostics(r.diagnostics);
  if (r.errorCount > 0) return { diagnostics };
  const ir: PolicySetIR = {
    irVersion: 1,
    sources: sorted.map((u) => ({ file: u.rel, sha256: sha256Hex(u.text) })),
    schema: schema.ir,
    catalog: structuredClone(catalog.ir),
    roles,
    assignments,
    denies,
    cloudRoles: structuredClone(catalog.cloudRoles),
    cloudAssignments,
  };
  if (asserts.length) ir.asserts = asserts;
  return { ir, diagnostics };
}

/** Diagnostics in a stable order: by file, position, then code. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) =>
      byString(a.span.file, b.span.file) ||
      a.span.start.offset - b.span.start.offset ||
      a.span.start.line - b.span.start.line ||
      a.span.start.col - b.span.start.col ||
      byString(a.code, b.code),
  );
}
