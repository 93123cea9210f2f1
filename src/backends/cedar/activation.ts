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
 *                  W's include edges hold for this request;
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
import { compound, render, TRUE, type CedarBool } from './expr.ts';
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
  const out: CedarPolicy[] = [];
  for (const role of ir.roles) {
    if (!role.where) continue;
    const head = { dslId: role.id, loc: role.loc, annotations: { [ACTIVATION_ANNOTATION]: 'role_where', [ROLES_ANNOTATION]: role.name } };
    appendAll(out, perResource(definitelyTrue(role.where), ALL_RESOURCES, `principal in ${entityValueRef(ROLE, role.name)}`, head));
  }
  for (const a of ir.assignments) {
    if (a.holder.kind !== 'mapping') continue;
    const roles = [...new Set(a.roles)].sort().join(' ');
    const head = { dslId: a.id, loc: a.loc, annotations: { [ACTIVATION_ANNOTATION]: 'mapping', [ROLES_ANNOTATION]: roles } };
    const group = requiredGroup(a.holder.when);
    const principal = group === undefined ? 'principal' : `principal in ${entityValueRef(GROUP, group)}`;
    appendAll(out, perResource(definitelyTrue(a.holder.when), ALL_RESOURCES, principal, head));
  }
  appendAll(out, signInPolicies(ir));
  return out.filter((p) => !(p.when.kind === 'const' && !p.when.value));
}

type Head = Pick<CedarPolicy, 'dslId' | 'loc' | 'annotations'>;

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
