/**
 * The symbolic request: one SMT variable per thing a valid request (request.schema.json)
 * can vary, the constraints that make an assignment a valid request, and the two
 * translations between concrete requests and assignments.
 *
 * Variables (names are stable: witnesses and encodings refer to them):
 *   p.user (Bool: type user, else api_key), p.id, p.realm? , p.groups, p.roles,
 *   u.ATTR (user attributes), action, r.type (Int 0..7, see RESOURCE_TYPES),
 *   r.index, r.field, r.name, r.application, r.resource, r.deployment?, r.docattrs
 *   (a field request carries document attributes), d.ATTR, c.ATTR.
 * An optional thing X has a presence variable `has:X`. An absent group or role list is
 * the empty set (the engines read it so).
 */
import type { AttributeIR, AttrType, PolicySetIR } from '../semantics/ir.ts';
import type { AttrValue, Request, RequestResource, ResourceType } from '../request/types.ts';
import type { Assignment, IpValue, Value } from './eval.ts';
import { formatIp, parseCidr } from './ip.ts';
import { and, eq, implies, int, not, or, str, TRUE, v, type Sort, type Term } from './term.ts';
import { appendAll } from '../support/arrays.ts';

export const RESOURCE_TYPES: readonly ResourceType[] = ['cluster', 'index', 'document', 'field', 'user', 'application', 'organization', 'deployment'];

export const MAX_LONG = BigInt(Number.MAX_SAFE_INTEGER);

export type Scope = 'user' | 'document' | 'context';
const SCOPE_PREFIX: Record<Scope, string> = { user: 'u', document: 'd', context: 'c' };

export function sortOfType(t: AttrType): Sort {
  switch (t) {
    case 'String':
      return 'String';
    case 'Long':
      return 'Int';
    case 'Bool':
      return 'Bool';
    case 'IpAddr':
      return 'IP';
    case 'Set<String>':
      return 'StrSet';
    case 'Set<Long>':
      return 'IntSet';
  }
}

/** Resource fields (strings) and the resource types that carry them. */
export const RESOURCE_FIELDS: Record<string, ResourceType[]> = {
  index: ['index', 'document', 'field'],
  field: ['field'],
  name: ['user'],
  application: ['application'],
  resource: ['application'],
};
const STACK_TYPES: ResourceType[] = ['cluster', 'index', 'document', 'field', 'user', 'application'];

export class RequestModel {
  readonly isUser = v('p.user', 'Bool');
  readonly principalId = v('p.id', 'String');
  readonly realm = v('p.realm', 'String');
  readonly hasRealm = v('has:p.realm', 'Bool');
  readonly groups = v('p.groups', 'StrSet');
  readonly roles = v('p.roles', 'StrSet');
  readonly action = v('action', 'String');
  readonly rtype = v('r.type', 'Int');
  readonly deployment = v('r.deployment', 'String');
  readonly hasDeployment = v('has:r.deployment', 'Bool');
  readonly docAttrsOnField = v('r.docattrs', 'Bool');

  constructor(readonly ir: PolicySetIR) {}

  typeIs(...types: ResourceType[]): Term {
    return or(...types.map((t) => eq(this.rtype, int(RESOURCE_TYPES.indexOf(t)))));
  }

  resourceField(name: 'index' | 'field' | 'name' | 'application' | 'resource'): Term {
    return v(`r.${name}`, 'String');
  }

  /** The request names a document: type document, or field with attributes. */
  namesDocument(): Term {
    return or(this.typeIs('document'), and(this.typeIs('field'), this.docAttrsOnField));
  }

  stackRequest(): Term {
    return this.typeIs(...STACK_TYPES);
  }

  attrs(scope: Scope): AttributeIR[] {
    return this.ir.schema[scope];
  }

  attr(scope: Scope, a: { name: string; type: AttrType }): Term {
    return v(`${SCOPE_PREFIX[scope]}.${a.name}`, sortOfType(a.type));
  }

  /** Whether the attribute is present in the request. */
  attrPresent(scope: Scope, a: { name: string; optional: boolean }): Term {
    const own = a.optional ? v(`has:${SCOPE_PREFIX[scope]}.${a.name}`, 'Bool') : TRUE;
    return scope === 'document' ? and(this.namesDocument(), own) : own;
  }

  /** The actions a request of this resource type may ask for, when finitely many. */
  finiteActions(rt: ResourceType): string[] | undefined {
    const names = (list: { name: string }[]) => list.map((p) => p.name);
    switch (rt) {
      case 'cluster':
        return names(this.ir.catalog.cluster);
      case 'index':
      case 'document':
      case 'field':
        return names(this.ir.catalog.index);
      case 'user':
        return ['run_as'];
      case 'organization':
      case 'deployment':
        return names(this.ir.catalog.cloud.filter((p) => (p.target ?? rt) === rt));
      case 'application':
        return undefined;
    }
  }

  /** Constraints that make an assignment a request valid against request.schema.json. */
  domain(): Term[] {
    const out: Term[] = [];
    const nonEmpty = (x: Term) => not(eq(x, str('')));
    out.push(or(...RESOURCE_TYPES.map((t) => this.typeIs(t))));
    out.push(nonEmpty(this.principalId));
    for (const [field, types] of Object.entries(RESOURCE_FIELDS)) {
      out.push(implies(this.typeIs(...types), nonEmpty(this.resourceField(field as 'index'))));
    }
    out.push(implies(this.typeIs('deployment'), this.hasDeployment));
    out.push(implies(this.typeIs('organization'), not(this.hasDeployment)));
    out.push(implies(this.hasDeployment, nonEmpty(this.deployment)));
    const names = (list: { name: string }[]) => or(...list.map((p) => eq(this.action, str(p.name))));
    out.push(implies(this.typeIs('cluster'), names(this.ir.catalog.cluster)));
    out.push(implies(this.typeIs('index', 'document', 'field'), names(this.ir.catalog.index)));
    out.push(implies(this.typeIs('user'), eq(this.action, str('run_as'))));
    out.push(implies(this.typeIs('application'), nonEmpty(this.action)));
    for (const rt of ['organization', 'deployment'] as const) {
      out.push(implies(this.typeIs(rt), names(this.ir.catalog.cloud.filter((p) => (p.target ?? rt) === rt))));
    }
    for (const scope of ['user', 'document', 'context'] as const) {
      for (const a of this.attrs(scope)) appendAll(out, valueDomain(this.attr(scope, a), a.type));
    }
    return out;
  }

  /** The variables of the model with their sorts (for declarations and witnesses). */
  variables(): Map<string, Sort> {
    const out = new Map<string, Sort>();
    for (const t of [this.isUser, this.principalId, this.realm, this.hasRealm, this.groups, this.roles, this.action, this.rtype, this.deployment, this.hasDeployment, this.docAttrsOnField]) {
      if (t.op === 'var') out.set(t.name, t.sort);
    }
    for (const f of Object.keys(RESOURCE_FIELDS)) out.set(`r.${f}`, 'String');
    for (const scope of ['user', 'document', 'context'] as const) {
      for (const a of this.attrs(scope)) {
        out.set(`${SCOPE_PREFIX[scope]}.${a.name}`, sortOfType(a.type));
        if (a.optional) out.set(`has:${SCOPE_PREFIX[scope]}.${a.name}`, 'Bool');
      }
    }
    return out;
  }

  /** The assignment that represents a concrete (valid) request. Absent things get a
   *  default value that no formula reads (every read is guarded by presence). */
  assignmentOf(req: Request): Map<string, Value> {
    const env = new Map<string, Value>();
    const p = req.principal;
    env.set('p.user', p.type === 'user');
    env.set('p.id', p.id);
    env.set('has:p.realm', p.realm !== undefined);
    env.set('p.realm', p.realm ?? '');
    env.set('p.groups', new Set(p.groups ?? []));
    env.set('p.roles', new Set(p.roles ?? []));
    env.set('action', req.action);
    const r = req.resource;
    env.set('r.type', BigInt(RESOURCE_TYPES.indexOf(r.type)));
    for (const f of Object.keys(RESOURCE_FIELDS)) env.set(`r.${f}`, (r as unknown as Record<string, string | undefined>)[f] ?? '');
    env.set('has:r.deployment', r.deployment !== undefined);
    env.set('r.deployment', r.deployment ?? '');
    env.set('r.docattrs', r.type === 'field' && r.attributes !== undefined);
    const blocks: Record<Scope, Record<string, AttrValue> | undefined> = {
      user: p.attributes,
      document: r.attributes,
      context: req.context,
    };
    for (const scope of ['user', 'document', 'context'] as const) {
      for (const a of this.attrs(scope)) {
        const given = blocks[scope]?.[a.name];
        if (a.optional) env.set(`has:${SCOPE_PREFIX[scope]}.${a.name}`, given !== undefined);
        env.set(`${SCOPE_PREFIX[scope]}.${a.name}`, given === undefined ? defaultValue(a.type) : toValue(given, a.type));
      }
    }
    return env;
  }

  /** The concrete request an assignment (e.g. a Z3 model) stands for. */
  requestOf(env: Assignment): Request {
    const get = <T extends Value>(name: string): T => {
      const x = env.get(name);
      if (x === undefined) throw new Error(`witness lacks ${name}`);
      return x as T;
    };
    const type = RESOURCE_TYPES[Number(get<bigint>('r.type'))]!;
    const principal: Request['principal'] = { type: get<boolean>('p.user') ? 'user' : 'api_key', id: get<string>('p.id') };
    if (get<boolean>('has:p.realm')) principal.realm = get<string>('p.realm');
    const groups = [...get<ReadonlySet<string>>('p.groups')].sort();
    if (groups.length) principal.groups = groups;
    const roles = [...get<ReadonlySet<string>>('p.roles')].sort();
    if (roles.length) principal.roles = roles;
    const block = (scope: Scope, present: boolean): Record<string, AttrValue> | undefined => {
      if (!present) return undefined;
      const out: Record<string, AttrValue> = {};
      for (const a of this.attrs(scope)) {
        if (a.optional && !get<boolean>(`has:${SCOPE_PREFIX[scope]}.${a.name}`)) continue;
        out[a.name] = fromValue(get(`${SCOPE_PREFIX[scope]}.${a.name}`), a.type);
      }
      return out;
    };
    const userAttrs = block('user', true)!;
    if (Object.keys(userAttrs).length || this.attrs('user').some((a) => !a.optional)) principal.attributes = userAttrs;
    const resource: RequestResource = { type };
    for (const [f, types] of Object.entries(RESOURCE_FIELDS)) {
      if (types.includes(type)) (resource as unknown as Record<string, string>)[f] = get<string>(`r.${f}`);
    }
    if (get<boolean>('has:r.deployment') && type !== 'organization') resource.deployment = get<string>('r.deployment');
    const namesDoc = type === 'document' || (type === 'field' && get<boolean>('r.docattrs'));
    if (namesDoc) resource.attributes = block('document', true)!;
    const req: Request = { principal, action: get<string>('action'), resource };
    const context = block('context', true)!;
    if (Object.keys(context).length || this.attrs('context').some((a) => !a.optional)) req.context = context;
    return req;
  }
}

/** Range constraints of one attribute value (Longs within ±(2^53−1), IPv6 not v4-mapped). */
function valueDomain(x: Term, type: AttrType): Term[] {
  if (type === 'Long') return [{ op: 'le', left: int(-MAX_LONG), right: x }, { op: 'le', left: x, right: int(MAX_LONG) }];
  if (type === 'IpAddr') return [not({ op: 'inCidr', arg: x, v6: true, net: 0xffffn << 32n, bits: 96 })];
  // Set<Long> elements are bounded too; a membership test against an out-of-range
  // constant cannot be true, and the finite-universe bound (prove.ts) draws elements from
  // in-range constants and fresh in-range values.
  return [];
}

function defaultValue(type: AttrType): Value {
  switch (type) {
    case 'String':
      return '';
    case 'Long':
      return 0n;
    case 'Bool':
      return false;
    case 'IpAddr':
      return { v6: false, value: 0n };
    case 'Set<String>':
      return new Set<string>();
    case 'Set<Long>':
      return new Set<bigint>();
  }
}

function toValue(x: AttrValue, type: AttrType): Value {
  switch (type) {
    case 'Long':
      return BigInt(x as number);
    case 'IpAddr': {
      const c = parseCidr(x as string);
      if (!c) throw new Error(`not an IP address: ${String(x)}`);
      return { v6: c.v6, value: c.value };
    }
    case 'Set<String>':
      return new Set(x as string[]);
    case 'Set<Long>':
      return new Set((x as number[]).map((n) => BigInt(n)));
    default:
      return x as string | boolean;
  }
}

function fromValue(x: Value, type: AttrType): AttrValue {
  switch (type) {
    case 'Long':
      return Number(x as bigint);
    case 'IpAddr':
      return formatIp(x as IpValue);
    case 'Set<String>':
      return [...(x as ReadonlySet<string>)].sort();
    case 'Set<Long>':
      return [...(x as ReadonlySet<bigint>)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((n) => Number(n));
    default:
      return x as string | boolean;
  }
}
