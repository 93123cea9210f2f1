/**
 * IR → Cedar schema, in both of Cedar's notations (the `.cedarschema` text and its JSON
 * form), generated from one description so they cannot drift apart.
 *
 *   principals  User, ApiKey (members of Group and Role); Group (member of Role);
 *               Role (member of Role: `includes`)
 *   resources   one entity type per request resource type; stack resources are
 *               members of the Deployment they name
 *   actions     one per catalog privilege, `family:name`; an action is a member of every
 *               privilege that directly implies it, so `action in Action::"index:write"`
 *               holds exactly for the privileges `write` implies; plus `run_as` and the
 *               generic `application` action (its privilege name in `context.privilege`)
 */
import type { AttributeIR, AttrType, PolicySetIR, PrivilegeFamily, PrivilegeIR } from '../../semantics/ir.ts';
import type { ResourceType } from '../../request/types.ts';
import {
  API_KEY,
  APPLICATION_ACTION,
  cedarString,
  GROUP,
  INDEX_RESOURCES,
  privilegeAction,
  RESOURCE_ENTITY,
  ROLE,
  RUN_AS_ACTION,
  ACTIVATE_ACTION,
  schemaKey,
  USER,
} from './names.ts';

/** A Cedar type in the schema: primitive, set, common-type reference, or record. */
type SType =
  | { t: 'String' | 'Long' | 'Bool' | 'ipaddr' }
  | { t: 'Set'; elem: SType }
  | { t: 'ref'; name: string }
  | { t: 'record'; attrs: SAttr[] };
interface SAttr {
  name: string;
  type: SType;
  required: boolean;
}
interface SEntity {
  name: string;
  memberOf: string[];
  attrs?: SAttr[];
}
interface SAction {
  id: string;
  memberOf: string[];
  resources: string[];
  context: string;
}
interface SchemaModel {
  commonTypes: { name: string; type: SType }[];
  entities: SEntity[];
  actions: SAction[];
}

const PRINCIPALS = [USER, API_KEY];
const STR: SType = { t: 'String' };

function attrType(t: AttrType): SType {
  switch (t) {
    case 'String':
    case 'Long':
    case 'Bool':
      return { t };
    case 'IpAddr':
      return { t: 'ipaddr' };
    case 'Set<String>':
      return { t: 'Set', elem: STR };
    case 'Set<Long>':
      return { t: 'Set', elem: { t: 'Long' } };
  }
}

function record(attrs: AttributeIR[]): SType {
  return { t: 'record', attrs: attrs.map((a) => ({ name: a.name, type: attrType(a.type), required: !a.optional })) };
}

const req = (name: string, type: SType): SAttr => ({ name, type, required: true });
const opt = (name: string, type: SType): SAttr => ({ name, type, required: false });

/** Direct (Hasse) parents of each privilege: the privileges that imply it immediately. */
function directParents(privs: PrivilegeIR[]): Map<string, string[]> {
  const implies = new Map(privs.map((p) => [p.name, new Set(p.implies)]));
  const parents = new Map<string, string[]>(privs.map((p) => [p.name, []]));
  for (const q of privs) {
    for (const p of q.implies) {
      if (p === q.name) continue;
      const between = q.implies.some((r) => r !== p && r !== q.name && implies.get(r)?.has(p));
      if (!between) parents.get(p)?.push(q.name);
    }
  }
  for (const list of parents.values()) list.sort();
  return parents;
}

function model(ir: PolicySetIR): SchemaModel {
  const deployment = opt('deployment', STR);
  const resourceShape: Record<ResourceType, SAttr[]> = {
    cluster: [deployment],
    index: [deployment, req('index', STR)],
    document: [req('attributes', { t: 'ref', name: 'DocumentAttributes' }), deployment, req('index', STR)],
    field: [opt('attributes', { t: 'ref', name: 'DocumentAttributes' }), deployment, req('field', STR), req('index', STR)],
    user: [deployment, req('name', STR)],
    application: [req('application', STR), deployment, req('resource', STR)],
    organization: [],
    deployment: [req('name', STR)],
  };
  const principalShape: SAttr[] = [
    req('attributes', { t: 'ref', name: 'UserAttributes' }),
    req('groups', { t: 'Set', elem: STR }),
    req('id', STR),
    opt('realm', STR),
  ];
  const entities: SEntity[] = [
    { name: ROLE, memberOf: [ROLE] },
    { name: GROUP, memberOf: [ROLE] },
    { name: USER, memberOf: [GROUP, ROLE], attrs: principalShape },
    { name: API_KEY, memberOf: [GROUP, ROLE], attrs: principalShape },
  ];
  for (const rt of Object.keys(RESOURCE_ENTITY) as ResourceType[]) {
    const stack = rt !== 'organization' && rt !== 'deployment';
    entities.push({ name: RESOURCE_ENTITY[rt], memberOf: stack ? [RESOURCE_ENTITY.deployment] : [], attrs: resourceShape[rt] });
  }
  entities.sort((a, b) => cmp(a.name, b.name));

  const actions: SAction[] = [];
  const families: [PrivilegeFamily, PrivilegeIR[]][] = [
    ['cluster', ir.catalog.cluster],
    ['index', ir.catalog.index],
    ['cloud', ir.catalog.cloud],
  ];
  for (const [family, privs] of families) {
    const parents = directParents(privs);
    for (const p of privs) {
      const resources =
        family === 'cluster'
          ? [RESOURCE_ENTITY.cluster]
          : family === 'index'
            ? INDEX_RESOURCES.map((r) => RESOURCE_ENTITY[r])
            : p.target
              ? [RESOURCE_ENTITY[p.target]]
              : [RESOURCE_ENTITY.organization, RESOURCE_ENTITY.deployment];
      actions.push({
        id: privilegeAction(family, p.name),
        memberOf: (parents.get(p.name) ?? []).map((q) => privilegeAction(family, q)),
        resources: [...resources].sort(),
        context: 'Context',
      });
    }
  }
  actions.push({ id: RUN_AS_ACTION, memberOf: [], resources: [RESOURCE_ENTITY.user], context: 'Context' });
  actions.push({ id: APPLICATION_ACTION, memberOf: [], resources: [RESOURCE_ENTITY.application], context: 'ApplicationContext' });
  // Activation policies (activation.ts) are asked about every kind of request.
  actions.push({ id: ACTIVATE_ACTION, memberOf: [], resources: Object.values(RESOURCE_ENTITY).sort(), context: 'Context' });
  actions.sort((a, b) => cmp(a.id, b.id));

  const contextAttrs: SType = { t: 'ref', name: 'ContextAttributes' };
  const commonTypes = [
    { name: 'ApplicationContext', type: { t: 'record', attrs: [req('attributes', contextAttrs), req('privilege', STR)] } as SType },
    { name: 'Context', type: { t: 'record', attrs: [req('attributes', contextAttrs)] } as SType },
    { name: 'ContextAttributes', type: record(ir.schema.context) },
    { name: 'DocumentAttributes', type: record(ir.schema.document) },
    { name: 'UserAttributes', type: record(ir.schema.user) },
  ];
  return { commonTypes, entities, actions };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------
// Text notation

function typeText(t: SType): string {
  switch (t.t) {
    case 'Set':
      return `Set<${typeText(t.elem)}>`;
    case 'ref':
      return t.name;
    case 'record':
      return t.attrs.length === 0 ? '{}' : `{ ${t.attrs.map((a) => `${schemaKey(a.name)}${a.required ? '' : '?'}: ${typeText(a.type)}`).join(', ')} }`;
    default:
      return t.t;
  }
}

function schemaText(m: SchemaModel): string {
  const lines: string[] = ['// Generated by rolec — do not edit.', ''];
  for (const c of m.commonTypes) lines.push(`type ${c.name} = ${typeText(c.type)};`);
  lines.push('');
  for (const e of m.entities) {
    const inPart = e.memberOf.length ? ` in [${e.memberOf.join(', ')}]` : '';
    const shape = e.attrs ? ` ${typeText({ t: 'record', attrs: e.attrs })}` : '';
    lines.push(`entity ${e.name}${inPart}${shape};`);
  }
  lines.push('');
  for (const a of m.actions) {
    const inPart = a.memberOf.length ? ` in [${a.memberOf.map(cedarString).join(', ')}]` : '';
    lines.push(
      `action ${cedarString(a.id)}${inPart} appliesTo { principal: [${PRINCIPALS.join(', ')}], resource: [${a.resources.join(', ')}], context: ${a.context} };`,
    );
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------
// JSON notation

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function typeJson(t: SType): { [k: string]: Json } {
  switch (t.t) {
    case 'Set':
      return { type: 'Set', element: typeJson(t.elem) };
    case 'ref':
      return { type: t.name };
    case 'record':
      return {
        type: 'Record',
        attributes: Object.fromEntries(t.attrs.map((a) => [a.name, { ...typeJson(a.type), required: a.required }])),
      };
    case 'ipaddr':
      return { type: 'Extension', name: 'ipaddr' };
    case 'Bool':
      return { type: 'Boolean' };
    default:
      return { type: t.t };
  }
}

function schemaJson(m: SchemaModel): { [k: string]: Json } {
  const entityTypes: { [k: string]: Json } = {};
  for (const e of m.entities) {
    entityTypes[e.name] = {
      memberOfTypes: e.memberOf,
      ...(e.attrs ? { shape: typeJson({ t: 'record', attrs: e.attrs }) } : {}),
    };
  }
  const actions: { [k: string]: Json } = {};
  for (const a of m.actions) {
    actions[a.id] = {
      memberOf: a.memberOf.map((id) => ({ id })),
      appliesTo: { principalTypes: PRINCIPALS, resourceTypes: a.resources, context: { type: a.context } },
    };
  }
  const commonTypes = Object.fromEntries(m.commonTypes.map((c) => [c.name, typeJson(c.type)]));
  return { '': { commonTypes, entityTypes, actions } };
}

export interface CedarSchema {
  text: string;
  json: { [k: string]: Json };
}

export function compileSchema(ir: PolicySetIR): CedarSchema {
  const m = model(ir);
  return { text: schemaText(m), json: schemaJson(m) };
}
