/**
 * Hand-built IR for the Rego backend's tests (a local test double for the front end:
 * the tests must not depend on the parser to exercise the backend). Uses the shipped
 * privilege catalog and cloud roles so that implication is the real one.
 */
import { loadCatalog } from '../../../src/semantics/catalog/index.ts';
import type {
  AttrType,
  Cond,
  DenyIR,
  PermissionIR,
  PolicySetIR,
  RoleIR,
  SchemaIR,
  SourceLoc,
  ValueExpr,
} from '../../../src/semantics/ir.ts';

export function loc(file: string, line: number, col = 1): SourceLoc {
  return { file, line, col };
}

export function role(name: string, permissions: PermissionIR[], extra: Partial<RoleIR> = {}): RoleIR {
  return {
    name,
    builtin: false,
    loc: loc('test.role', 1),
    id: `test.role:1:${name}`,
    metadata: {},
    includes: [],
    permissions,
    ...extra,
  };
}

let line = 100;
/** A permission id/loc for `roleName` on a fresh line. */
export function at(roleName: string): { id: string; loc: SourceLoc } {
  line += 1;
  return { id: `test.role:${line}:${roleName}`, loc: loc('test.role', line, 3) };
}

export function indexPerm(
  roleName: string,
  patterns: string[],
  privileges: string[],
  extra: { except?: string[]; fields?: { grant: string[]; except: string[] }; documents?: Cond } = {},
): PermissionIR {
  const p: PermissionIR = {
    kind: 'index',
    ...at(roleName),
    names: { patterns, except: extra.except ?? [] },
    privileges,
  };
  if (extra.fields) p.fields = extra.fields;
  if (extra.documents) p.documents = extra.documents;
  return p;
}

export function clusterPerm(roleName: string, privileges: string[]): PermissionIR {
  return { kind: 'cluster', ...at(roleName), privileges };
}

export function runAsPerm(roleName: string, users: string[]): PermissionIR {
  return { kind: 'run_as', ...at(roleName), users };
}

export function appPerm(roleName: string, application: string, privileges: string[], resources: string[]): PermissionIR {
  return { kind: 'application', ...at(roleName), application, privileges, resources };
}

export function deny(name: string, target: DenyIR['target'], extra: Partial<DenyIR> = {}): DenyIR {
  line += 1;
  return { name, id: `test.role:${line}:${name}`, loc: loc('test.role', line), target, ...extra };
}

export const attr = (scope: 'user' | 'document' | 'context', name: string, type: AttrType, optional = false): ValueExpr => ({
  kind: 'attr',
  scope,
  name,
  type,
  optional,
});
export const s = (value: string): ValueExpr => ({ kind: 'string', value });
export const n = (value: number): ValueExpr => ({ kind: 'long', value });
export const eq = (left: ValueExpr, right: ValueExpr): Cond => ({ kind: 'compare', op: '==', left, right });

const EMPTY_SCHEMA: SchemaIR = { user: [], document: [], context: [] };

/** A policy set with the given roles (plus `superuser`, `viewer`, `editor` built-ins). */
export function policySet(parts: Partial<PolicySetIR> & { roles: RoleIR[] }): PolicySetIR {
  const catalog = loadCatalog();
  const builtins: RoleIR[] = [
    builtin('superuser', [
      { kind: 'cluster', ...bat('superuser', 1), privileges: ['all'] },
      { kind: 'index', ...bat('superuser', 2), names: { patterns: ['*'], except: [] }, privileges: ['all'] },
      { kind: 'run_as', ...bat('superuser', 3), users: ['*'] },
      { kind: 'application', ...bat('superuser', 4), application: '*', privileges: ['*'], resources: ['*'] },
    ]),
    builtin('viewer', [
      { kind: 'index', ...bat('viewer', 10), names: { patterns: ['*'], except: ['.*', 'ilm-history-*'] }, privileges: ['read', 'view_index_metadata'] },
    ]),
    builtin('editor', [
      { kind: 'index', ...bat('editor', 20), names: { patterns: ['*'], except: ['.*', 'ilm-history-*'] }, privileges: ['read', 'view_index_metadata'] },
    ]),
  ];
  const roles = [...builtins, ...parts.roles].sort((a, b) => (a.name < b.name ? -1 : 1));
  return {
    irVersion: 1,
    sources: [],
    schema: EMPTY_SCHEMA,
    catalog: catalog.ir,
    assignments: [],
    denies: [],
    cloudRoles: catalog.cloudRoles,
    cloudAssignments: [],
    ...parts,
    roles,
  };
}

function builtin(name: string, permissions: PermissionIR[]): RoleIR {
  return { name, builtin: true, loc: loc('<builtin>', 1), id: `<builtin>:1:${name}`, metadata: {}, includes: [], permissions };
}

function bat(name: string, l: number): { id: string; loc: SourceLoc } {
  return { id: `<builtin>:${l}:${name}`, loc: loc('<builtin>', l) };
}
