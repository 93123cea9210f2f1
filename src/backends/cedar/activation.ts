/**
 * Role activation as Cedar conditions (semantics/ir.ts):
 *
 *   active(R) = (held(R) ∨ ∃Q includes R: active(Q)) ∧ T(where(R))
 *
 * Static holding is entity hierarchy: a principal is a member of the roles assigned to
 * it (user/api_key assignments, its groups, the roles its request carries), and a role
 * `A includes R` makes `Role::"A"` a member of `Role::"R"` — but only when A has no
 * role-level `where`, since the hierarchy cannot carry a guard. Everything else is a
 * condition: mappings (`when` must be definitely true), cloud sign-in roles (users only,
 * stack requests on a deployment in scope only), and the paths through guarded roles.
 *
 * With E = the include edges of where-less roles, reach(X) = roles with an E-path to X
 * (X included), the expansion is
 *
 *   active(X) = T(where X) ∧ ( principal in Role::X
 *                            ∨ ∨_{B ∈ reach(X)} (mapping(B) ∨ signIn(B))
 *                            ∨ ∨_{W guarded, W includes Y ∈ reach(X)} active(W) )
 */
import type { CloudAssignmentIR, Cond, PolicySetIR, RoleIR } from '../../semantics/ir.ts';
import { definitelyTrue } from '../../semantics/kleene.ts';
import type { ResourceType } from '../../request/types.ts';
import { translateGuarded } from './conditions.ts';
import { FALSE, and, compound, or, type CedarBool } from './expr.ts';
import { DEPLOYMENT_TYPE, entityValueRef, ROLE, STACK_RESOURCES, USER } from './names.ts';

export interface Activation {
  /** active(R) as a condition for a policy on resource type `rt`. */
  active(role: string, rt: ResourceType): CedarBool;
}

export function roleActivation(ir: PolicySetIR): Activation {
  const roles = new Map<string, RoleIR>(ir.roles.map((r) => [r.name, r]));
  const includedBy = new Map<string, string[]>();
  for (const r of ir.roles) {
    for (const inc of r.includes) {
      const list = includedBy.get(inc) ?? [];
      list.push(r.name);
      includedBy.set(inc, list);
    }
  }
  const guarded = (name: string) => roles.get(name)?.where !== undefined;
  const mappings = mappingsByRole(ir);
  const signIns = signInsByRole(ir);

  /** reach(X): X and every where-less role with an include path of where-less roles to X. */
  const reached = new Map<string, string[]>();
  const reach = (x: string): string[] => {
    const hit = reached.get(x);
    if (hit) return hit;
    const seen = new Set<string>([x]);
    const queue = [x];
    while (queue.length > 0) {
      const y = queue.shift()!;
      for (const q of includedBy.get(y) ?? []) {
        if (guarded(q) || seen.has(q)) continue;
        seen.add(q);
        queue.push(q);
      }
    }
    const out = [...seen].sort();
    reached.set(x, out);
    return out;
  };

  const memo = new Map<string, CedarBool>();
  const active = (name: string, rt: ResourceType): CedarBool => {
    const key = `${rt}\u0000${name}`;
    const hit = memo.get(key);
    if (hit) return hit;
    const role = roles.get(name);
    if (!role) return FALSE;
    const within = reach(name);
    const sources: CedarBool[] = [compound(`principal in ${entityValueRef(ROLE, name)}`)];
    for (const b of within) {
      for (const when of mappings.get(b) ?? []) sources.push(translateGuarded(definitelyTrue(when), rt));
      if (STACK_RESOURCES.includes(rt)) sources.push(signIn(signIns.get(b) ?? new Map()));
    }
    const guardedIncluders = new Set<string>();
    for (const y of within) for (const w of includedBy.get(y) ?? []) if (guarded(w)) guardedIncluders.add(w);
    for (const w of [...guardedIncluders].sort()) sources.push(active(w, rt));
    const where = role.where ? translateGuarded(definitelyTrue(role.where), rt) : undefined;
    const result = where ? and(where, or(...sources)) : or(...sources);
    memo.set(key, result);
    return result;
  };
  return { active };
}

/** Role → the `when` conditions of the mappings that give it. */
function mappingsByRole(ir: PolicySetIR): Map<string, Cond[]> {
  const out = new Map<string, Cond[]>();
  for (const a of ir.assignments) {
    if (a.holder.kind !== 'mapping') continue;
    for (const r of a.roles) {
      const list = out.get(r);
      if (list) list.push(a.holder.when);
      else out.set(r, [a.holder.when]);
    }
  }
  return out;
}

/** Stack role → user id → the user's cloud assignments whose role signs in as it. */
function signInsByRole(ir: PolicySetIR): Map<string, Map<string, CloudAssignmentIR[]>> {
  const signsInAs = new Map(ir.cloudRoles.map((c) => [c.name, c.signInRole]));
  const out = new Map<string, Map<string, CloudAssignmentIR[]>>();
  for (const a of ir.cloudAssignments) {
    const role = signsInAs.get(a.role);
    if (a.principalType !== 'user' || role === undefined) continue;
    const byUser = out.get(role) ?? new Map<string, CloudAssignmentIR[]>();
    out.set(role, byUser);
    byUser.set(a.principalId, [...(byUser.get(a.principalId) ?? []), a]);
  }
  return out;
}

/** The cloud sign-in (stack requests only): those users, on a deployment in scope. */
function signIn(byUser: Map<string, CloudAssignmentIR[]>): CedarBool {
  const out: CedarBool[] = [];
  for (const user of [...byUser.keys()].sort()) {
    const scopes = byUser.get(user)!.map((a) => deploymentInScope(a));
    out.push(and(compound(`principal == ${entityValueRef(USER, user)}`), or(...scopes)));
  }
  return or(...out);
}

/** A stack request's deployment is in the assignment's scope (no deployment: never). */
function deploymentInScope(a: CloudAssignmentIR): CedarBool {
  if (a.scope.kind !== 'deployments') return compound('resource has deployment');
  const names = [...new Set(a.scope.names)].sort();
  return compound(`resource in [${names.map((n) => entityValueRef(DEPLOYMENT_TYPE, n)).join(', ')}]`);
}

