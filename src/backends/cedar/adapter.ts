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
 */
import type { CedarValueJson, EntityJson, EntityUidJson, TypeAndId } from './wasm-api.ts';
import type { AttrValue, Request } from '../../request/types.ts';
import {
  API_KEY,
  DEPLOYMENT_TYPE,
  GROUP,
  RESOURCE_ENTITY,
  requestAction,
  ROLE,
  USER,
} from './names.ts';

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

export interface CedarAdapter {
  toCedar(request: Request): CedarCall;
}

const key = (t: string, id: string) => `${t}\u0000${id}`;

export function cedarAdapter(ipAttributes: IpAttributes, staticEntities: EntityJson[]): CedarAdapter {
  const statics = new Map<string, EntityJson>();
  for (const e of staticEntities) {
    const uid = e.uid as TypeAndId;
    statics.set(key(uid.type, uid.id), e);
  }

  /** Static entities reachable from `roots` through parent links (roots excluded). */
  const closure = (roots: EntityUidJson[]): EntityJson[] => {
    const seen = new Set<string>();
    const out: EntityJson[] = [];
    const stack = [...roots] as TypeAndId[];
    while (stack.length > 0) {
      const uid = stack.pop()!;
      const k = key(uid.type, uid.id);
      if (seen.has(k)) continue;
      seen.add(k);
      const e = statics.get(k);
      if (!e) continue;
      out.push(e);
      stack.push(...(e.parents as TypeAndId[]));
    }
    return out;
  };

  const toCedar = (r: Request): CedarCall => {
    const p = r.principal;
    const principal = { type: p.type === 'user' ? USER : API_KEY, id: p.id };
    const own = statics.get(key(principal.type, principal.id));
    const parents: TypeAndId[] = [
      ...((own?.parents ?? []) as TypeAndId[]),
      ...(p.groups ?? []).map((id) => ({ type: GROUP, id })),
      ...(p.roles ?? []).map((id) => ({ type: ROLE, id })),
    ];
    const principalEntity: EntityJson = {
      uid: principal,
      attrs: {
        id: p.id,
        groups: [...(p.groups ?? [])],
        attributes: encodeAttributes(p.attributes, ipAttributes.user),
        ...(p.realm !== undefined ? { realm: p.realm } : {}),
      },
      parents,
    };

    const res = r.resource;
    const entities: EntityJson[] = [principalEntity];
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
    entities.push(...closure(parents));

    const context: Record<string, CedarValueJson> = { attributes: encodeAttributes(r.context, ipAttributes.context) };
    if (res.type === 'application') context.privilege = r.action;
    return {
      principal,
      action: { type: 'Action', id: requestAction(res.type, r.action) },
      resource,
      context,
      entities,
    };
  };
  return { toCedar };
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
  for (const [name, v] of Object.entries(attrs ?? {})) {
    out[name] = ips.has(name) && typeof v === 'string' ? { __extn: { fn: 'ip', arg: v } } : (v as CedarValueJson);
  }
  return out;
}

/** The IpAddr attributes named by a compiled Cedar schema (its JSON form). */
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

