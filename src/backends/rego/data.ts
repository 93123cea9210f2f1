/**
 * The static part of a policy set as OPA data (`data.rolec`): role permissions, who
 * holds which role, the include graph with its role-level guards, the privilege
 * catalog's implication closure, and cloud assignments. Everything that depends on the request lives in the `.rego`.
 */
import type { CloudAssignmentIR, PolicySetIR, RoleIR } from '../../semantics/ir.ts';
import type { RolePermissionsData } from './permissions.ts';

export interface ReachStep {
  /** A role whose permissions apply when the starting role is held … */
  role: string;
  /** … provided every one of these roles' `where` guards is definitely true. */
  guards: string[];
}

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
    /** Every role of the set (the known names) → roles active whenever it is held. */
    reach: Record<string, string[]>;
    /** Roles active when it is held only if some role-level guards hold (non-empty sets). */
    guarded_reach: Record<string, ReachStep[]>;
    principal_roles: { user: Record<string, string[]>; api_key: Record<string, string[]> };
    group_roles: Record<string, string[]>;
    cloud_assignments: { user: Record<string, CloudAssignmentData[]>; api_key: Record<string, CloudAssignmentData[]> };
  };
}

/** Builds data.json's content. `guarded` = roles whose `where` is not trivially true. */
export function buildData(ir: PolicySetIR, guarded: ReadonlySet<string>, permissions: Record<string, RolePermissionsData>): RegoData {
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
      permissions,
      ...splitReach(reachability(ir.roles, guarded)),
      principal_roles,
      group_roles,
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
  if (a.scope.kind === 'all_deployments') orgPrivs.push(...role.organizationPrivilegesWhenAllDeployments);
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

/**
 * For each role Q: every role R reachable through `includes` (R = Q included), with the
 * minimal sets of guarded roles on a path Q → … → R. R is active when Q is held and, for
 * one of its guard sets, every guard holds — i.e. language's
 *   active(R) = (held(R) ∨ ∃ includer active) ∧ where(R)
 * unrolled over paths (Rego has no recursion).
 */
export function reachability(roles: readonly RoleIR[], guarded: ReadonlySet<string>): Record<string, ReachStep[]> {
  const byName = new Map(roles.map((r) => [r.name, r]));
  const memo = new Map<string, Map<string, string[][]>>();
  const visit = (name: string): Map<string, string[][]> => {
    const hit = memo.get(name);
    if (hit) return hit;
    const own = guarded.has(name) ? [name] : [];
    const acc = new Map<string, string[][]>();
    addGuardSet(acc, name, own);
    for (const child of byName.get(name)?.includes ?? []) {
      for (const [role, sets] of visit(child)) {
        for (const s of sets) addGuardSet(acc, role, [...new Set([...own, ...s])].sort());
      }
    }
    memo.set(name, acc);
    return acc;
  };
  const out: Record<string, ReachStep[]> = {};
  for (const r of [...roles].sort((a, b) => cmp(a.name, b.name))) {
    const steps: ReachStep[] = [];
    for (const [role, sets] of [...visit(r.name)].sort((a, b) => cmp(a[0], b[0]))) {
      for (const guards of sets.sort((a, b) => cmp(a.join(','), b.join(',')))) steps.push({ role, guards });
    }
    out[r.name] = steps;
  }
  return out;
}

/** Unguarded steps as plain role lists (the common case, and the cheap one to evaluate). */
function splitReach(all: Record<string, ReachStep[]>): { reach: Record<string, string[]>; guarded_reach: Record<string, ReachStep[]> } {
  const reach: Record<string, string[]> = {};
  const guarded_reach: Record<string, ReachStep[]> = {};
  for (const [held, steps] of Object.entries(all)) {
    reach[held] = steps.filter((s) => s.guards.length === 0).map((s) => s.role);
    const g = steps.filter((s) => s.guards.length > 0);
    if (g.length > 0) guarded_reach[held] = g;
  }
  return { reach, guarded_reach };
}

/** Keeps only minimal guard sets (a superset of another set adds nothing). */
function addGuardSet(acc: Map<string, string[][]>, role: string, guards: string[]): void {
  const sets = acc.get(role) ?? [];
  if (sets.some((s) => s.every((g) => guards.includes(g)))) return;
  acc.set(role, [...sets.filter((s) => !guards.every((g) => s.includes(g))), guards]);
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
