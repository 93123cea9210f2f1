/**
 * The neutral request (src/request/types.ts) → a cedar-wasm authorization call. Shipped
 * with the bundle: it needs only the bundle's own files (the schema's attribute types,
 * to encode IpAddr values as Cedar extension values, and the static entities), so an
 * embedding application gets exactly the translation the harness uses.
 *
 *   principal  User::"id" / ApiKey::"id" with attributes; parents = its static roles,
 *              its groups and the role names the request carries (a name the policy set
 *              does not know is a Role no policy mentions, so it has no effect)
 *   resource   the entity type of `resource.type`; stack resources naming a deployment
 *              are members of Deployment::"name"; a `deployment` request IS that entity
 *   action     `family:privilege`, `run_as`, or `application` (privilege in context)
 *   entities   principal, resource, its deployment, and the static entities the
 *              principal reaches (only those: `in` needs nothing else)
 *
 * Role activation takes two cedar-wasm calls when the policy set has activation policies
 * (activation.ts): first `Action::"rolec:activate"` with the principal a member of the
 * guarded roles its holders can reach — Cedar answers which role-level wheres, mappings
 * and cloud sign-ins hold; then the decision call, whose entity slice keeps the include
 * edges of the guarded roles Cedar opened only, and whose principal is also a member of
 * the mapped and signed-in roles. The adapter only assembles the hierarchy from Cedar's
 * answers; `principal in Role::"R"` is still decided by Cedar.
 */
import type { CedarValueJson, EntityJson, EntityUidJson, TypeAndId } from './wasm-api.ts';
import type { AttrValue, Request } from '../../request/types.ts';
import {
  ACTIVATE_ACTION,
  API_KEY,
  DEPLOYMENT_TYPE,
  GROUP,
  RESOURCE_ENTITY,
  requestAction,
  ROLE,
  USER,
} from './names.ts';
import { appendAll } from '../../support/arrays.ts';

export interface CedarCall {
  principal: TypeAndId;
  action: TypeAndId;
  resource: TypeAndId;
  context: Record<string, CedarValueJson>;
  entities: EntityJson[];
}

/** Which attributes are IpAddr, per block — all the typing the adapter needs. */
export interface IpAttributes {
  user: Set<string>;
  document: Set<string>;
  context: Set<string>;
}

/** What an activation policy establishes (from its @activation / @roles annotations). */
export interface ActivationPolicy {
  kind: 'role_where' | 'mapping' | 'sign_in';
  roles: string[];
}

/** Runs an activation call on the engine; returns the ids of the policies that permitted. */
export type Activate = (call: CedarCall) => string[];

/**
 * A request's calls one at a time: yields each activation call and is resumed with its
 * answer (the ids of the policies that permitted); returns the decision call.
 */
export type CedarSteps = Generator<CedarCall, CedarCall, string[]>;

export interface CedarAdapter {
  /** The decision call for `request`; `activate` answers the activation calls it needs. */
  toCedar(request: Request, activate: Activate): CedarCall;
  /**
   * The same calls as steps, so that a caller can run many requests' activation calls
   * back to back before any decision call (CedarEngine.evaluateAll).
   */
  steps(request: Request): CedarSteps;
}

/** Reads an activation table from policies' annotations (policy id → annotations). */
export function activationTable(annotations: ReadonlyMap<string, Record<string, string> | undefined>): Map<string, ActivationPolicy> {
  const out = new Map<string, ActivationPolicy>();
  for (const [id, a] of annotations) {
    const kind = a?.activation;
    if (kind !== 'role_where' && kind !== 'mapping' && kind !== 'sign_in') continue;
    out.set(id, { kind, roles: (a?.roles ?? '').split(' ').filter((r) => r !== '') });
  }
  return out;
}

/**
 * A static entity as the adapter walks it: its static parents resolved once, and — for a
 * guarded role — its form without parents, sent while the role is not open.
 */
interface StaticNode {
  entity: EntityJson;
  /** Its uid as `{ type, id }` (entities.json may spell uids with the keys in either order). */
  ref: TypeAndId;
  parents: StaticNode[];
  /** Present for a guarded role (its role-level where is asked by an activation call). */
  cut?: EntityJson;
  /** The walk that last reached it: walks mark nodes instead of building a set of keys. */
  walk: number;
}

export function cedarAdapter(
  ipAttributes: IpAttributes,
  staticEntities: EntityJson[],
  activation: ReadonlyMap<string, ActivationPolicy> = new Map(),
  actionParents: ReadonlyMap<string, readonly string[]> = new Map(),
): CedarAdapter {
  const actionEntities = actionEntitiesOf(actionParents);
  // type → id → node (no key strings built per lookup). Of equal uids the last counts.
  const statics = new Map<string, Map<string, StaticNode>>();
  for (const e of staticEntities) {
    const uid = e.uid as TypeAndId;
    let ofType = statics.get(uid.type);
    if (!ofType) statics.set(uid.type, (ofType = new Map()));
    ofType.set(uid.id, { entity: e, ref: { type: uid.type, id: uid.id }, parents: [], walk: 0 });
  }
  const nodeOf = (uid: TypeAndId): StaticNode | undefined => statics.get(uid.type)?.get(uid.id);
  for (const ofType of statics.values()) {
    for (const n of ofType.values()) {
      for (const parent of n.entity.parents as TypeAndId[]) {
        const p = nodeOf(parent);
        if (p) n.parents.push(p);
      }
    }
  }
  // Role-where activation policy id → the static roles it opens (those with a cut form).
  const opens = new Map<string, StaticNode[]>();
  for (const [id, p] of activation) {
    if (p.kind !== 'role_where') continue;
    const nodes: StaticNode[] = [];
    for (const r of p.roles) {
      const n = nodeOf({ type: ROLE, id: r });
      if (!n) continue;
      n.cut ??= { uid: n.entity.uid, attrs: {}, parents: [] };
      nodes.push(n);
    }
    opens.set(id, nodes);
  }
  const needsActivation = activation.size > 0;
  let walks = 0;

  /**
   * Static entities reachable from `roots` through parent links (roots excluded). With
   * `open`, a guarded role's edges are followed only if it is open, and it is emitted
   * without them otherwise; `onGuarded` sees every guarded role reached.
   */
  const closure = (roots: readonly TypeAndId[], open?: ReadonlySet<StaticNode>, onGuarded?: (n: StaticNode) => void): EntityJson[] => {
    const walk = ++walks;
    const out: EntityJson[] = [];
    const stack: StaticNode[] = [];
    for (const r of roots) {
      const n = nodeOf(r);
      if (n) stack.push(n);
    }
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.walk === walk) continue;
      n.walk = walk;
      if (n.cut) {
        onGuarded?.(n);
        if (open && !open.has(n)) {
          out.push(n.cut);
          continue;
        }
      }
      out.push(n.entity);
      for (const p of n.parents) stack.push(p);
    }
    return out;
  };

  /** The guarded roles reachable from `roots`, not yet in `asked` (added to it). */
  const guardedFrom = (roots: readonly TypeAndId[], asked: Set<StaticNode>): TypeAndId[] => {
    const out: TypeAndId[] = [];
    closure(roots, undefined, (n) => {
      if (asked.has(n)) return;
      asked.add(n);
      out.push(n.ref);
    });
    return out;
  };

  const steps = function* (r: Request): CedarSteps {
    const p = r.principal;
    const principal = { type: p.type === 'user' ? USER : API_KEY, id: p.id };
    const own = nodeOf(principal)?.entity;
    const groups: TypeAndId[] = (p.groups ?? []).map((id) => ({ type: GROUP, id }));
    const parents: TypeAndId[] = [
      ...((own?.parents ?? []) as TypeAndId[]),
      ...groups,
      ...(p.roles ?? []).map((id) => ({ type: ROLE, id })),
    ];
    const principalAttrs: Record<string, CedarValueJson> = {
      id: p.id,
      groups: [...(p.groups ?? [])],
      attributes: encodeAttributes(p.attributes, ipAttributes.user),
    };
    if (p.realm !== undefined) principalAttrs.realm = p.realm;

    const res = r.resource;
    const entities: EntityJson[] = [];
    let resource: TypeAndId;
    if (res.type === 'deployment') {
      resource = { type: DEPLOYMENT_TYPE, id: res.deployment ?? '' };
      entities.push({ uid: resource, attrs: { name: resource.id }, parents: [] });
    } else if (res.type === 'organization') {
      resource = { type: RESOURCE_ENTITY.organization, id: 'organization' };
      entities.push({ uid: resource, attrs: {}, parents: [] });
    } else {
      resource = { type: RESOURCE_ENTITY[res.type], id: resourceId(r) };
      const attrs: Record<string, CedarValueJson> = {};
      if (res.deployment !== undefined) attrs.deployment = res.deployment;
      if (res.type === 'index' || res.type === 'document' || res.type === 'field') attrs.index = res.index ?? '';
      if (res.type === 'field') attrs.field = res.field ?? '';
      if (res.type === 'user') attrs.name = res.name ?? '';
      if (res.type === 'application') {
        attrs.application = res.application ?? '';
        attrs.resource = res.resource ?? '';
      }
      if ((res.type === 'document' || res.type === 'field') && res.attributes !== undefined) {
        attrs.attributes = encodeAttributes(res.attributes, ipAttributes.document);
      }
      const deployment = res.deployment !== undefined ? [{ type: DEPLOYMENT_TYPE, id: res.deployment }] : [];
      entities.push({ uid: resource, attrs, parents: deployment });
      for (const d of deployment) entities.push({ uid: d, attrs: { name: d.id }, parents: [] });
    }
    const attributes = encodeAttributes(r.context, ipAttributes.context);

    const open = new Set<StaticNode>();
    if (needsActivation) {
      // The activation call(s): the principal is a member of exactly the guarded roles to
      // ask about; mapping and sign-in policies ask about the principal itself.
      const asked = new Set<StaticNode>();
      const ask = (candidates: TypeAndId[]): CedarCall => ({
        principal,
        action: { type: 'Action', id: ACTIVATE_ACTION },
        resource,
        context: { attributes },
        // Its groups too: a mapping that needs a group has it in its scope (activation.ts).
        // No Group entity is sent, so a group adds no role to this call.
        entities: [{ uid: principal, attrs: principalAttrs, parents: [...candidates, ...groups] }, ...entities],
      });
      const apply = (ids: string[], holders: boolean): TypeAndId[] => {
        const added: TypeAndId[] = [];
        for (const id of ids) {
          const a = activation.get(id);
          if (!a) continue;
          if (a.kind === 'role_where') for (const n of opens.get(id)!) open.add(n);
          else if (holders) for (const role of a.roles) added.push({ type: ROLE, id: role });
        }
        return added;
      };
      const mapped = apply(yield ask(guardedFrom(parents, asked)), true);
      appendAll(parents, mapped);
      // Roles held through a mapping or a sign-in may reach guarded roles not asked yet.
      const more = guardedFrom(mapped, asked);
      if (more.length > 0) apply(yield ask(more), false);
    }
    entities.unshift({ uid: principal, attrs: principalAttrs, parents });
    appendAll(entities, closure(parents, open));

    const context: Record<string, CedarValueJson> = { attributes };
    if (res.type === 'application') context.privilege = r.action;
    const action = requestAction(res.type, r.action);
    appendAll(entities, actionEntities(action));
    return {
      principal,
      action: { type: 'Action', id: action },
      resource,
      context,
      entities,
    };
  };
  const toCedar = (r: Request, activate: Activate): CedarCall => {
    const calls = steps(r);
    let step = calls.next();
    while (!step.done) step = calls.next(activate(step.value));
    return step.value;
  };
  return { toCedar, steps };
}

/** A readable, stable entity id for the request's resource (policies never read it). */
function resourceId(r: Request): string {
  const res = r.resource;
  switch (res.type) {
    case 'field':
      return `${res.index ?? ''}/${res.field ?? ''}`;
    case 'user':
      return res.name ?? '';
    case 'application':
      return `${res.application ?? ''}/${res.resource ?? ''}`;
    case 'cluster':
      return 'cluster';
    default:
      return res.index ?? '';
  }
}

function encodeAttributes(attrs: Record<string, AttrValue> | undefined, ips: Set<string>): Record<string, CedarValueJson> {
  const out: Record<string, CedarValueJson> = {};
  if (attrs === undefined) return out;
  // Own keys only: requests are plain JSON data (validated, and snapshotted by the runtime).
  for (const name of Object.keys(attrs)) {
    const v = attrs[name];
    out[name] = ips.has(name) && typeof v === 'string' ? { __extn: { fn: 'ip', arg: v } } : (v as CedarValueJson);
  }
  return out;
}

/** The IpAddr attributes named by a compiled Cedar schema (its JSON form). */
/**
 * The action hierarchy (privilege implication) as the entities a call needs: the action
 * and every action above it, each with its `memberOf` parents. Calls carry them instead of
 * naming the schema: with a pre-parsed schema cedar-wasm spent more on each call (typing
 * the entities, materialising every action of the schema) than on a small policy slice.
 */
function actionEntitiesOf(parents: ReadonlyMap<string, readonly string[]>): (action: string) => EntityJson[] {
  const cache = new Map<string, EntityJson[]>();
  return (action) => {
    let list = cache.get(action);
    if (list) return list;
    list = [];
    const seen = new Set<string>();
    const stack = [action];
    while (stack.length > 0) {
      const a = stack.pop()!;
      if (seen.has(a)) continue;
      seen.add(a);
      const up = parents.get(a) ?? [];
      list.push({ uid: { type: 'Action', id: a }, attrs: {}, parents: up.map((id) => ({ type: 'Action', id })) });
      appendAll(stack, up);
    }
    cache.set(action, list);
    return list;
  };
}

/** Each action's direct parents (`memberOf`) in a Cedar JSON schema (rolec's: one namespace ""). */
export function actionParentsOf(schemaJson: unknown): Map<string, string[]> {
  const actions = ((schemaJson as Record<string, { actions?: Record<string, { memberOf?: { id: string }[] }> }>)[''] ?? {}).actions ?? {};
  return new Map(Object.entries(actions).map(([id, def]) => [id, (def.memberOf ?? []).map((m) => m.id)]));
}

export function ipAttributesOf(schemaJson: unknown): IpAttributes {
  const common = ((schemaJson as Record<string, { commonTypes?: Record<string, unknown> }>)[''] ?? {}).commonTypes ?? {};
  const ipsOf = (typeName: string): Set<string> => {
    const rec = common[typeName] as { attributes?: Record<string, { type?: string; name?: string }> } | undefined;
    const out = new Set<string>();
    for (const [name, t] of Object.entries(rec?.attributes ?? {})) if (t.type === 'Extension' && t.name === 'ipaddr') out.add(name);
    return out;
  };
  return { user: ipsOf('UserAttributes'), document: ipsOf('DocumentAttributes'), context: ipsOf('ContextAttributes') };
}

