/**
 * The static part of a policy set as OPA data (`data.rolec`): role permissions, who
 * holds which role (assignments, and mappings indexed by group / id / realm), the include
 * graph with its role-level guards, denies indexed by request kind and action, the
 * privilege catalog's implication closure, and cloud assignments. Every table is keyed by
 * something a request names, so evaluation looks entries up instead of scanning them.
 * Everything that depends on the request's attributes lives in the `.rego`.
 */
import type { CloudAssignmentIR, PolicySetIR, RoleIR } from '../../semantics/ir.ts';
import type { RolePermissionsData } from './permissions.ts';
import type { MappingsData } from './mappings.ts';
import type { DeniesData } from './denies.ts';
import { appendAll } from '../../support/arrays.ts';

export interface CloudAssignmentData {
  id: string;
  role: string;
  /** Scope covers every deployment (organization or `all deployments`). */
  all_deployments: boolean;
  /** Named deployments in scope (when not all). */
  deployments: string[];
  /** Cloud privileges held on the organization resource (implication closure). */
  organization_privileges: string[];
  /** Cloud privileges held on each deployment in scope (implication closure). */
  deployment_privileges: string[];
  /** Stack role a user signs in as on deployments in scope. */
  sign_in_role?: string;
}

export interface RegoData {
  rolec: {
    catalog_version: string;
    implies: Record<'cluster' | 'index' | 'cloud', Record<string, string[]>>;
    permissions: Record<string, RolePermissionsData>;
    /** Every role of the set (the known names) → the roles it includes directly. Role
     *  activation walks it with graph.reachable (decision.rego): linear in the graph, never
     *  an enumeration of paths or guard combinations. */
    includes: Record<string, string[]>;
    /** Roles with a role-level `where` that is not trivially true → the key of that
     *  condition in role_conditions_true (policy.rego). */
    guarded: Record<string, string>;
    principal_roles: { user: Record<string, string[]>; api_key: Record<string, string[]> };
    group_roles: Record<string, string[]>;
    mappings: MappingsData;
    denies: DeniesData;
    cloud_assignments: { user: Record<string, CloudAssignmentData[]>; api_key: Record<string, CloudAssignmentData[]> };
  };
}

export interface DataTables {
  /** Roles whose `where` is not trivially true → their condition's key. */
  guarded: ReadonlyMap<string, string>;
  permissions: Record<string, RolePermissionsData>;
  mappings: MappingsData;
  denies: DeniesData;
}

/** Builds data.json's content. */
export function buildData(ir: PolicySetIR, tables: DataTables): RegoData {
  const implies = { cluster: {}, index: {}, cloud: {} } as RegoData['rolec']['implies'];
  for (const family of ['cluster', 'index', 'cloud'] as const) {
    for (const p of ir.catalog[family]) implies[family][p.name] = [...p.implies].sort();
  }
  const principal_roles: RegoData['rolec']['principal_roles'] = { user: {}, api_key: {} };
  const group_roles: Record<string, string[]> = {};
  for (const a of ir.assignments) {
    const h = a.holder;
    if (h.kind === 'principal') addAll(principal_roles[h.principalType], h.principalId, a.roles);
    else if (h.kind === 'group') addAll(group_roles, h.group, a.roles);
  }
  const cloud_assignments: RegoData['rolec']['cloud_assignments'] = { user: {}, api_key: {} };
  for (const a of ir.cloudAssignments) {
    (cloud_assignments[a.principalType][a.principalId] ??= []).push(cloudAssignment(ir, a));
  }
  for (const byId of Object.values(cloud_assignments)) {
    for (const list of Object.values(byId)) list.sort((x, y) => cmp(x.id, y.id));
  }
  return {
    rolec: {
      catalog_version: ir.catalog.version,
      implies,
      permissions: tables.permissions,
      ...includeGraph(ir.roles, tables.guarded),
      principal_roles,
      group_roles,
      mappings: tables.mappings,
      denies: tables.denies,
      cloud_assignments,
    },
  };
}

function addAll(map: Record<string, string[]>, key: string, roles: string[]): void {
  map[key] = [...new Set([...(map[key] ?? []), ...roles])].sort();
}

function cloudAssignment(ir: PolicySetIR, a: CloudAssignmentIR): CloudAssignmentData {
  const role = ir.cloudRoles.find((r) => r.name === a.role);
  if (!role) throw new Error(`cloud role ${a.role} missing from the IR (${a.id})`);
  const all = a.scope.kind !== 'deployments';
  const orgPrivs = [...role.organizationPrivileges];
  if (a.scope.kind === 'all_deployments') appendAll(orgPrivs, role.organizationPrivilegesWhenAllDeployments);
  const out: CloudAssignmentData = {
    id: a.id,
    role: a.role,
    all_deployments: all,
    deployments: a.scope.kind === 'deployments' ? [...new Set(a.scope.names)].sort() : [],
    organization_privileges: closure(ir, orgPrivs),
    deployment_privileges: closure(ir, role.deploymentPrivileges),
  };
  if (role.signInRole !== undefined) out.sign_in_role = role.signInRole;
  return out;
}

/** Every cloud privilege implied by one of `privs`. */
function closure(ir: PolicySetIR, privs: string[]): string[] {
  const out = new Set<string>();
  for (const p of privs) {
    const entry = ir.catalog.cloud.find((c) => c.name === p);
    for (const q of entry ? entry.implies : [p]) out.add(q);
  }
  return [...out].sort();
}

/** The include graph (every role a key, its direct includes sorted) and the guarded roles. */
function includeGraph(roles: readonly RoleIR[], guarded: ReadonlyMap<string, string>): { includes: Record<string, string[]>; guarded: Record<string, string> } {
  const includes: Record<string, string[]> = {};
  for (const r of [...roles].sort((x, y) => cmp(x.name, y.name))) includes[r.name] = [...r.includes].sort();
  const flags: Record<string, string> = {};
  for (const g of [...guarded.keys()].sort()) flags[g] = guarded.get(g)!;
  return { includes, guarded: flags };
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
