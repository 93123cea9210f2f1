/**
 * Role activation in Cedar (semantics/ir.ts):
 *
 *   active(R) = (held(R) ∨ ∃Q includes R: active(Q)) ∧ T(where R)
 *
 * The include graph is entity hierarchy, whole: `A includes R` makes `Role::"A"` a member
 * of `Role::"R"`, guarded or not (entities.ts), so the bundle is linear in the source and
 * no path or guard combination is ever enumerated. What the hierarchy cannot carry — a
 * condition on an edge or on a holder — is asked of Cedar itself, per request, through
 * *activation policies* on the action `Action::"rolec:activate"` (this file):
 *
 *   role_where W   permit(principal in Role::"W", rolec:activate, …) when { T(where W) }
 *                  W's include edges hold for this request (roles whose wheres are
 *                  the same share one policy: roleWherePolicies);
 *   mapping M      permit(principal, rolec:activate, …) when { T(when M) }
 *                  the principal holds M's roles;
 *   sign_in U→R    permit(principal == User::"U", rolec:activate, stack resource) when
 *                  { deployment in scope }: the user holds the sign-in role R.
 *
 * The request adapter (adapter.ts) makes that first call with the principal a member of
 * the guarded roles its holders can reach, keeps the include edges of the guarded roles
 * Cedar opened, adds the mapped and signed-in roles to the principal's parents, and makes
 * the decision call: every permission policy is `principal in Role::"R"` plus, for a
 * guarded R, T(where R) in its `when` — reached through open roles and its own guard true.
 */
import type { CloudAssignmentIR, Cond, PolicySetIR } from '../../semantics/ir.ts';
import { definitelyTrue, type GuardedCond } from '../../semantics/kleene.ts';
import type { ResourceType } from '../../request/types.ts';
import { translateGuarded } from './conditions.ts';
import { and, compound, isFalse, render, TRUE, type CedarBool } from './expr.ts';
import { ACTIVATE_ACTION, actionRef, DEPLOYMENT_TYPE, entityValueRef, GROUP, RESOURCE_ENTITY, ROLE, STACK_RESOURCES, USER } from './names.ts';
import type { CedarPolicy } from './policies.ts';
import { appendAll } from '../../support/arrays.ts';

/** The annotation naming what an activation policy establishes, and its values. */
export const ACTIVATION_ANNOTATION = 'activation';
export const ROLES_ANNOTATION = 'roles';
export type ActivationKind = 'role_where' | 'mapping' | 'sign_in';

const ALL_RESOURCES = Object.keys(RESOURCE_ENTITY) as ResourceType[];

/**
 * active(R) on resource type `rt` given that the principal is a member of Role::"R":
 * T(where R), or true for a role without a role-level where.
 */
export function roleGuards(ir: PolicySetIR): (role: string, rt: ResourceType) => CedarBool {
  const guards = new Map<string, GuardedCond>();
  for (const r of ir.roles) if (r.where) guards.set(r.name, definitelyTrue(r.where));
  return (role, rt) => {
    const g = guards.get(role);
    return g ? translateGuarded(g, rt) : TRUE;
  };
}

/** The activation policies of a policy set, in a stable order (roles, mappings, sign-ins). */
export function activationPolicies(ir: PolicySetIR): CedarPolicy[] {
  const out: CedarPolicy[] = roleWherePolicies(ir);
  for (const a of ir.assignments) {
    if (a.holder.kind !== 'mapping') continue;
    const roles = [...new Set(a.roles)].sort().join(' ');
    const head = { dslId: a.id, loc: a.loc, annotations: { [ACTIVATION_ANNOTATION]: 'mapping', [ROLES_ANNOTATION]: roles } };
    const group = requiredGroup(a.holder.when);
    const principal = group === undefined ? 'principal' : `principal in ${entityValueRef(GROUP, group)}`;
    appendAll(out, perResource(definitelyTrue(a.holder.when), ALL_RESOURCES, principal, head));
  }
  appendAll(out, signInPolicies(ir));
  return out.filter((p) => !isFalse(p.when));
}

type Head = Pick<CedarPolicy, 'dslId' | 'loc' | 'annotations'>;

/**
 * The role_where policies: one (per resource type its guard is typed differently on) per
 * distinct guard. A guard alone is `permit(principal in Role::"W", …) when { T(where W) }`.
 * Roles whose wheres compile to the same policies share them (SHARED_GUARD_ROLES roles
 * at a time), in the place of the first:
 *
 *   @id(first role) @roles("W1 W2 …")
 *   permit(principal, rolec:activate, …) when { (principal in [Role::"W1", …]) && T(where) };
 *
 * Why: a guard such as `where context.mfa` is typically written on many roles, and one
 * policy per role made the bundle and every activation call grow with them (an includes
 * chain of 100,000 roles guarded every tenth link had 10,000 such policies, 2 MB). The
 * shared policy answers the same: T(where) reads the request only, never the role, and
 * the leading `principal in [...]` holds exactly when one of its roles is asked — as the
 * scope did (and, being the first conjunct, it also keeps T from being evaluated, so from
 * erring, unless one is). The engine's slicer reads that conjunct as the policy's
 * principal anchors (engines/cedar-slice.ts). @roles names every role the policy opens.
 */
function roleWherePolicies(ir: PolicySetIR): CedarPolicy[] {
  const groups = new Map<string, { roles: PolicySetIR['roles']; policies: CedarPolicy[] }>();
  for (const role of ir.roles) {
    if (!role.where) continue;
    const head = { dslId: role.id, loc: role.loc, annotations: { [ACTIVATION_ANNOTATION]: 'role_where', [ROLES_ANNOTATION]: role.name } };
    const policies = perResource(definitelyTrue(role.where), ALL_RESOURCES, `principal in ${entityValueRef(ROLE, role.name)}`, head);
    const guard = policies.map((p) => `${p.resource ?? '*'}\n${render(p.when)}`).join('\n\n');
    const group = groups.get(guard);
    if (group) group.roles.push(role);
    else groups.set(guard, { roles: [role], policies });
  }
  const out: CedarPolicy[] = [];
  for (const { roles, policies } of groups.values()) {
    if (roles.length === 1) {
      appendAll(out, policies);
      continue;
    }
    for (let from = 0; from < roles.length; from += SHARED_GUARD_ROLES) {
      const some = roles.slice(from, from + SHARED_GUARD_ROLES);
      const asked = compound(`principal in [${some.map((r) => entityValueRef(ROLE, r.name)).join(', ')}]`);
      const annotations = { [ACTIVATION_ANNOTATION]: 'role_where', [ROLES_ANNOTATION]: some.map((r) => r.name).join(' ') };
      for (const p of policies) {
        out.push({ ...p, dslId: some[0]!.id, loc: some[0]!.loc, principal: 'principal', when: and(asked, p.when), annotations });
      }
    }
  }
  return out;
}

/**
 * Roles per shared role_where policy. Cedar tests `principal in [...]` element by element,
 * and a slice that holds the policy for one asked role holds all of it: a few dozen keep
 * that test small while the policies stay few (10,000 roles of one guard: 625 policies).
 */
export const SHARED_GUARD_ROLES = 16;

/**
 * A group the condition cannot hold without: `"g" in principal.groups`, alone or as a
 * conjunct of a top-level `&&`. The principal is a member of `Group::"g"` exactly when `g`
 * is among its groups (the adapter makes every request group a parent, and nothing else
 * has a Group parent), so `principal in Group::"g"` is the same test — in the scope, where
 * the engine can skip the policy for principals outside the group (engines/cedar-slice.ts).
 * The condition stays whole: the scope only repeats one of its conjuncts.
 */
function requiredGroup(cond: Cond): string | undefined {
  const conjuncts = cond.kind === 'and' ? cond.args : [cond];
  for (const c of conjuncts) {
    if (c.kind === 'in' && c.elem.kind === 'string' && c.set.kind === 'prop' && c.set.prop === 'principal.groups') return c.elem.value;
  }
  return undefined;
}

/**
 * One policy per resource type the condition is typed differently on; a single unscoped
 * policy when it reads nothing of the resource (the common case: user and context only).
 */
function perResource(cond: GuardedCond, rts: readonly ResourceType[], principal: string, head: Head): CedarPolicy[] {
  const byRt = rts.map((rt) => ({ rt, when: translateGuarded(cond, rt) }));
  const texts = new Set(byRt.map((x) => render(x.when)));
  const action = `action == ${actionRef(ACTIVATE_ACTION)}`;
  if (texts.size === 1 && rts.length === ALL_RESOURCES.length) {
    return [{ ...head, effect: 'permit', principal, action, resource: undefined, when: byRt[0]!.when }];
  }
  return byRt.map(({ rt, when }) => ({ ...head, effect: 'permit' as const, principal, action, resource: rt, when }));
}

/** A user's cloud assignment signs them in as its stack role on deployments in scope. */
function signInPolicies(ir: PolicySetIR): CedarPolicy[] {
  const signsInAs = new Map(ir.cloudRoles.map((c) => [c.name, c.signInRole]));
  const out: CedarPolicy[] = [];
  for (const a of ir.cloudAssignments) {
    const role = signsInAs.get(a.role);
    if (a.principalType !== 'user' || role === undefined) continue;
    const head: Head = { dslId: a.id, loc: a.loc, annotations: { [ACTIVATION_ANNOTATION]: 'sign_in', [ROLES_ANNOTATION]: role } };
    for (const rt of STACK_RESOURCES) {
      out.push({
        ...head,
        effect: 'permit',
        principal: `principal == ${entityValueRef(USER, a.principalId)}`,
        action: `action == ${actionRef(ACTIVATE_ACTION)}`,
        resource: rt,
        when: deploymentInScope(a),
      });
    }
  }
  return out;
}

/** A stack request's deployment is in the assignment's scope (no deployment: never). */
function deploymentInScope(a: CloudAssignmentIR): CedarBool {
  if (a.scope.kind !== 'deployments') return compound('resource has deployment');
  const names = [...new Set(a.scope.names)].sort();
  return compound(`resource in [${names.map((n) => entityValueRef(DEPLOYMENT_TYPE, n)).join(', ')}]`);
}
