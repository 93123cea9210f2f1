/**
 * Hand-built IR for the Cedar backend's tests: independent of the parser, so that each
 * test states exactly the construct it exercises. Uses the real shipped catalog and
 * built-in roles.
 */
import { loadCatalog } from '../../../src/semantics/catalog/index.ts';
import { builtinRoles } from '../../../src/semantics/roles.ts';
import type {
  AssignmentIR,
  AttributeIR,
  AttrType,
  CloudAssignmentIR,
  Cond,
  DenyIR,
  PermissionIR,
  PolicySetIR,
  RoleIR,
  SchemaIR,
  SourceLoc,
  ValueExpr,
} from '../../../src/semantics/ir.ts';

let line = 0;
const FILE = 't.role';
/** A fresh location and rule id `t.role:<line>:<name>`. */
export function at(name: string): { loc: SourceLoc; id: string } {
  line += 1;
  return { loc: { file: FILE, line, col: 1 }, id: `${FILE}:${line}:${name}` };
}

export const schema: SchemaIR = {
  user: [a('clearance', 'Long'), a('department', 'String'), a('email', 'String', true), a('programs', 'Set<String>')],
  document: [a('department', 'String'), a('level', 'Long'), a('owner', 'String', true), a('programs', 'Set<String>')],
  context: [a('mfa', 'Bool'), a('source_ip', 'IpAddr'), a('ticket', 'String', true)],
};

function a(name: string, type: AttrType, optional = false): AttributeIR {
  return { name, type, optional };
}

function find(list: AttributeIR[], name: string): AttributeIR {
  const x = list.find((y) => y.name === name);
  if (!x) throw new Error(`no attribute ${name}`);
  return x;
}

export const user = (name: string): ValueExpr => ({ kind: 'attr', scope: 'user', ...find(schema.user, name) });
export const doc = (name: string): ValueExpr => ({ kind: 'attr', scope: 'document', ...find(schema.document, name) });
export const ctx = (name: string): ValueExpr => ({ kind: 'attr', scope: 'context', ...find(schema.context, name) });
export const str = (value: string): ValueExpr => ({ kind: 'string', value });
export const long = (value: number): ValueExpr => ({ kind: 'long', value });
export const prop = (p: Extract<ValueExpr, { kind: 'prop' }>['prop']): ValueExpr => ({
  kind: 'prop',
  prop: p,
  type: p === 'principal.groups' ? 'Set<String>' : 'String',
  optional: !['principal.id', 'principal.type', 'principal.groups'].includes(p),
});
export const eq = (left: ValueExpr, right: ValueExpr): Cond => ({ kind: 'compare', op: '==', left, right });
export const le = (left: ValueExpr, right: ValueExpr): Cond => ({ kind: 'compare', op: '<=', left, right });
export const and = (...args: Cond[]): Cond => ({ kind: 'and', args });
export const or = (...args: Cond[]): Cond => ({ kind: 'or', args });
export const not = (arg: Cond): Cond => ({ kind: 'not', arg });
export const truthy = (expr: ValueExpr): Cond => ({ kind: 'truthy', expr });

export function role(name: string, permissions: ((id: string, loc: SourceLoc) => PermissionIR)[], extra: Partial<RoleIR> = {}): RoleIR {
  const { loc, id } = at(name);
  return { name, builtin: false, loc, id, metadata: {}, includes: [], permissions: permissions.map((p) => p(id, loc)), ...extra };
}

type Perm = (id: string, loc: SourceLoc) => PermissionIR;
export const cluster = (...privileges: string[]): Perm => (id, loc) => ({ kind: 'cluster', id, loc, privileges });
export const index = (
  patterns: string[],
  privileges: string[],
  opts: { except?: string[]; fields?: { grant: string[]; except: string[] }; documents?: Cond } = {},
): Perm => (id, loc) => ({
  kind: 'index',
  id,
  loc,
  names: { patterns, except: opts.except ?? [] },
  privileges,
  ...(opts.fields ? { fields: opts.fields } : {}),
  ...(opts.documents ? { documents: opts.documents } : {}),
});
export const runAs = (...users: string[]): Perm => (id, loc) => ({ kind: 'run_as', id, loc, users });
export const application = (app: string, privileges: string[], resources: string[]): Perm => (id, loc) => ({
  kind: 'application',
  id,
  loc,
  application: app,
  privileges,
  resources,
});

export function assign(holder: AssignmentIR['holder'] extends infer H ? (H extends { id: string } ? Omit<H, 'id'> : never) : never, roles: string[], name: string): AssignmentIR {
  const { loc, id } = at(name);
  return { id, loc, holder: { ...holder, id } as AssignmentIR['holder'], roles };
}

export function cloud(principalType: 'user' | 'api_key', principalId: string, r: CloudAssignmentIR['role'], scope: CloudAssignmentIR['scope']): CloudAssignmentIR {
  const { loc, id } = at(`assign:${principalType}:${principalId}`);
  return { id, loc, principalType, principalId, role: r, scope };
}

const catalog = loadCatalog();

/** { p | ∃ listed q: q implies p ∨ p implies q } for a family. */
export function overlap(family: 'cluster' | 'index' | 'cloud', listed: string[]): string[] {
  const privs = catalog.ir[family];
  const out = new Set<string>();
  for (const p of privs) {
    for (const q of listed) {
      const qi = privs.find((x) => x.name === q)!;
      if (qi.implies.includes(p.name) || p.implies.includes(q)) out.add(p.name);
    }
  }
  return [...out].sort();
}

export function deny(name: string, target: DenyIR['target'], extra: Partial<DenyIR> = {}): DenyIR {
  const { loc, id } = at(name);
  const overlapping =
    target.kind === 'index' || target.kind === 'cluster' || target.kind === 'cloud' ? overlap(target.kind, target.privileges) : undefined;
  return { name, id, loc, target, ...(overlapping ? { overlapping } : {}), ...extra };
}

export function policySet(parts: {
  roles?: RoleIR[];
  assignments?: AssignmentIR[];
  denies?: DenyIR[];
  cloudAssignments?: CloudAssignmentIR[];
  schema?: SchemaIR;
}): PolicySetIR {
  const roles = [...builtinRoles(catalog), ...(parts.roles ?? [])].sort((x, y) => (x.name < y.name ? -1 : 1));
  return {
    irVersion: 1,
    sources: [{ file: FILE, sha256: '0'.repeat(64) }],
    schema: parts.schema ?? schema,
    catalog: catalog.ir,
    roles,
    assignments: parts.assignments ?? [],
    denies: parts.denies ?? [],
    cloudRoles: catalog.cloudRoles,
    cloudAssignments: parts.cloudAssignments ?? [],
  };
}
