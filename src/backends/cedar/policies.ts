/**
 * IR → Cedar policies. One DSL rule may become several Cedar policies (one per resource
 * type it applies to, so that each is typed exactly by `resource is T` and its conditions
 * are specialised to that type); all of them carry the rule's id in `@id(...)`, which is
 * how a Cedar decision is reported back in DSL terms.
 *
 *   permission of role R  → permit (principal in Role::"R", …) when { T(where R) ∧ the
 *                           permission matches } — the hierarchy carries includes, the
 *                           activation policies (activation.ts) gate guarded edges
 *   cloud assignment      → permit on Organization / Deployment for that principal
 *   deny                  → forbid, fires on T-or-unknown (kleene.denyFires)
 *   role-level where, mapping, cloud sign-in → activation policies (activation.ts)
 */
import type {
  CloudAssignmentIR,
  DenyIR,
  NameMatchIR,
  Pattern,
  PermissionIR,
  PolicySetIR,
  PrivilegeFamily,
  SourceLoc,
} from '../../semantics/ir.ts';
import { definitelyTrue, denyFires } from '../../semantics/kleene.ts';
import type { ResourceType } from '../../request/types.ts';
import { activationPolicies, roleGuards } from './activation.ts';
import { translateGuarded } from './conditions.ts';
import { TRUE, and, compound, isFalse, not, or, render, type CedarBool } from './expr.ts';
import {
  actionRef,
  API_KEY,
  APPLICATION_ACTION,
  DEPLOYMENT_TYPE,
  entityValueRef,
  INDEX_RESOURCES,
  privilegeAction,
  RESOURCE_ENTITY,
  ROLE,
  RUN_AS_ACTION,
  USER,
  valuePattern,
  valueString,
} from './names.ts';

export interface CedarPolicy {
  /** The DSL rule id (`file:line:rule`) this policy implements. */
  dslId: string;
  loc: SourceLoc;
  effect: 'permit' | 'forbid';
  principal: string;
  action: string;
  /** `resource is T`; undefined = any resource (activation policies only). */
  resource: ResourceType | undefined;
  when: CedarBool;
  /** Annotations besides @id (activation policies: what they establish). */
  annotations?: Record<string, string>;
}

/** active(R) on a resource type, given membership in Role::"R" (activation.ts). */
type Activation = (role: string, rt: ResourceType) => CedarBool;

/**
 * All policies of the policy set, in a stable order (roles, cloud assignments, denies,
 * activation), one at a time: the caller renders each before the next is built, so a
 * policy's condition text (a tree of concatenated strings until rendered) dies young
 * instead of hundreds of thousands of them reaching the old generation together.
 */
export function* compilePolicies(ir: PolicySetIR): Generator<CedarPolicy> {
  const act = roleGuards(ir);
  for (const role of ir.roles) {
    for (const p of role.permissions) yield* applicable(permissionPolicies(p, role.name, act));
  }
  for (const a of ir.cloudAssignments) yield* applicable(cloudPolicies(ir, a));
  for (const d of ir.denies) yield* applicable(denyPolicies(d, act));
  yield* activationPolicies(ir); // already without never-applicable policies (activation.ts)
}

/** A policy whose condition folded to `false` can never apply: it is dropped. */
function applicable(policies: CedarPolicy[]): CedarPolicy[] {
  return policies.some((p) => isFalse(p.when)) ? policies.filter((p) => !isFalse(p.when)) : policies;
}

/** Some pattern matches `subject`. */
export function anyLike(subject: string, patterns: Pattern[]): CedarBool {
  return or(...patterns.map((p) => compound(p.includes('*') ? `${subject} like ${valuePattern(p)}` : `${subject} == ${valueString(p)}`)));
}

function nameMatch(subject: string, m: NameMatchIR): CedarBool {
  return and(anyLike(subject, m.patterns), not(anyLike(subject, m.except)));
}

function actionsIn(family: PrivilegeFamily, privileges: string[]): string {
  // Memoised: a set of 100,000 roles repeats a few privilege lists, and deduplicating,
  // sorting and quoting them for each of its policies was a tenth of the allocation.
  const key = `${family}\0${privileges.join('\0')}`;
  let scope = actionScopes.get(key);
  if (scope === undefined) {
    const ids = [...new Set(privileges)].sort().map((p) => actionRef(privilegeAction(family, p)));
    scope = `action in [${ids.join(', ')}]`;
    if (actionScopes.size >= 10_000) actionScopes.clear(); // bounded in a long-lived process (LSP)
    actionScopes.set(key, scope);
  }
  return scope;
}
const actionScopes = new Map<string, string>();

/** Exact membership of the request's action in a set (no hierarchy: a deny's overlap set). */
function actionAmong(family: PrivilegeFamily, privileges: string[]): CedarBool {
  const ids = [...new Set(privileges)].sort().map((p) => actionRef(privilegeAction(family, p)));
  return compound(`[${ids.join(', ')}].contains(action)`);
}

// (Hot at 100,000 roles: the helpers below are module functions rather than closures,
// and what is the same for the three index resource types is built once.)
function permissionPolicies(p: PermissionIR, role: string, act: Activation): CedarPolicy[] {
  switch (p.kind) {
    case 'cluster':
      return [grant(p, role, act, 'cluster', actionsIn('cluster', p.privileges), TRUE)];
    case 'index': {
      const actions = actionsIn('index', p.privileges);
      const names = nameMatch('resource.index', p.names);
      const guarded = p.documents ? definitelyTrue(p.documents) : undefined;
      const out: CedarPolicy[] = [];
      for (const rt of INDEX_RESOURCES) {
        const docs = guarded && rt !== 'index' ? translateGuarded(guarded, rt) : TRUE;
        const fields = p.fields && rt === 'field' ? nameMatch('resource.field', { patterns: p.fields.grant, except: p.fields.except }) : TRUE;
        // A request names a document when it is a `document`, or a `field` with attributes.
        const documents = rt === 'index' ? TRUE : rt === 'document' ? docs : or(not(compound('resource has attributes')), docs);
        out.push(grant(p, role, act, rt, actions, and(names, fields, documents)));
      }
      return out;
    }
    case 'run_as':
      return [grant(p, role, act, 'user', `action == ${actionRef(RUN_AS_ACTION)}`, anyLike('resource.name', p.users))];
    case 'application':
      return [
        grant(
          p,
          role,
          act,
          'application',
          `action == ${actionRef(APPLICATION_ACTION)}`,
          and(anyLike('resource.application', [p.application]), anyLike('context.privilege', p.privileges), anyLike('resource.resource', p.resources)),
        ),
      ];
  }
}

/** The permit of a role's permission on one resource type. */
function grant(p: PermissionIR, role: string, act: Activation, resource: ResourceType, action: string, match: CedarBool): CedarPolicy {
  return {
    dslId: p.id,
    loc: p.loc,
    effect: 'permit',
    principal: `principal in ${entityValueRef(ROLE, role)}`,
    action,
    resource,
    when: and(act(role, resource), match),
  };
}

function principalRef(type: 'user' | 'api_key', id: string): string {
  return entityValueRef(type === 'user' ? USER : API_KEY, id);
}

function cloudPolicies(ir: PolicySetIR, a: CloudAssignmentIR): CedarPolicy[] {
  const role = ir.cloudRoles.find((c) => c.name === a.role);
  if (!role) return [];
  const base = { dslId: a.id, loc: a.loc, effect: 'permit' as const, principal: `principal == ${principalRef(a.principalType, a.principalId)}` };
  const out: CedarPolicy[] = [];
  const orgPrivileges = [...role.organizationPrivileges, ...(a.scope.kind === 'all_deployments' ? role.organizationPrivilegesWhenAllDeployments : [])];
  if (orgPrivileges.length > 0) out.push({ ...base, action: actionsIn('cloud', orgPrivileges), resource: 'organization', when: TRUE });
  if (role.deploymentPrivileges.length > 0) {
    const inScope =
      a.scope.kind === 'deployments'
        ? compound(`resource in [${[...new Set(a.scope.names)].sort().map((n) => entityValueRef(DEPLOYMENT_TYPE, n)).join(', ')}]`)
        : TRUE;
    out.push({ ...base, action: actionsIn('cloud', role.deploymentPrivileges), resource: 'deployment', when: inScope });
  }
  return out;
}

/**
 * A deny's actions: one policy per action of the overlap set, each scoped `action == A`.
 * The overlap set is closed upwards (an action that implies an overlapping one overlaps
 * too), so `action in [...]` would also admit every action below them — all of a family,
 * once `all` is in the set — and the engine could skip the policy for none of them
 * (engines/cedar-slice.ts). Exact scopes let it skip the deny for every other action.
 */
function denyActions(family: PrivilegeFamily, overlap: string[]): { scope: string; exact: CedarBool }[] {
  if (overlap.length === 0) return [{ scope: 'action', exact: actionAmong(family, overlap) }];
  return [...new Set(overlap)].sort().map((p) => ({ scope: `action == ${actionRef(privilegeAction(family, p))}`, exact: TRUE }));
}

function denyPolicies(d: DenyIR, act: Activation): CedarPolicy[] {
  const t = d.target;
  const overlap = d.overlapping ?? [];
  const only = (scope: string) => [{ scope, exact: TRUE }];
  const targets: { rt: ResourceType; actions: { scope: string; exact: CedarBool }[]; match: CedarBool }[] = [];
  switch (t.kind) {
    case 'index':
      for (const rt of INDEX_RESOURCES) targets.push({ rt, actions: denyActions('index', overlap), match: nameMatch('resource.index', t.names) });
      break;
    case 'cluster':
      targets.push({ rt: 'cluster', actions: denyActions('cluster', overlap), match: TRUE });
      break;
    case 'run_as':
      targets.push({ rt: 'user', actions: only(`action == ${actionRef(RUN_AS_ACTION)}`), match: anyLike('resource.name', t.users) });
      break;
    case 'application':
      targets.push({
        rt: 'application',
        actions: only(`action == ${actionRef(APPLICATION_ACTION)}`),
        match: and(anyLike('resource.application', [t.application]), anyLike('context.privilege', t.privileges), anyLike('resource.resource', t.resources)),
      });
      break;
    case 'cloud':
      targets.push({ rt: 'organization', actions: denyActions('cloud', overlap), match: TRUE });
      targets.push({ rt: 'deployment', actions: denyActions('cloud', overlap), match: t.deployments ? anyLike('resource.name', t.deployments) : TRUE });
      break;
  }
  // `for role R` goes into the principal scope unless `for user` already holds it.
  const roleInScope = d.forRole !== undefined && d.forUser === undefined;
  const principal =
    d.forUser !== undefined ? `principal == ${entityValueRef(USER, d.forUser)}` : roleInScope ? `principal in ${entityValueRef(ROLE, d.forRole!)}` : 'principal';
  return targets.flatMap(({ rt, actions, match }) => {
    const member = d.forRole !== undefined && !roleInScope ? compound(`principal in ${entityValueRef(ROLE, d.forRole)}`) : TRUE;
    const forRole = d.forRole ? and(member, act(d.forRole, rt)) : TRUE;
    const fires = translateGuarded(denyFires(d.condition), rt);
    return actions.map((action) => ({
      dslId: d.id,
      loc: d.loc,
      effect: 'forbid' as const,
      principal,
      action: action.scope,
      resource: rt,
      when: and(action.exact, match, forRole, fires),
    }));
  });
}

/** Cedar source of one policy, with value marks (names.ts: finalText / shapeText). */
export function renderPolicy(p: CedarPolicy): string {
  const notes = Object.entries(p.annotations ?? {}).map(([k, v]) => `@${k}(${valueString(v)})\n`).join('');
  const resource = p.resource === undefined ? 'resource' : `resource is ${RESOURCE_ENTITY[p.resource]}`;
  const head = `@id(${valueString(p.dslId)})\n${notes}${p.effect} (\n  ${p.principal},\n  ${p.action},\n  ${resource}\n)`;
  return p.when.kind === 'const' && p.when.value ? `${head};` : `${head}\nwhen { ${render(p.when)} };`;
}

