/**
 * The Cedar request adapter (src/backends/cedar/adapter.ts) modelled over the symbolic
 * request: which entities the principal, the resource and the action are, their
 * attributes (and when each is present), the context record, and the entity-hierarchy
 * tests `==`, `in` and `is` on them. Everything the adapter builds is restated here from
 * its documented mapping, with the static entities and action groups read from the
 * bundle (hierarchy.ts).
 */
import type { AttrType } from '../../semantics/ir.ts';
import type { ResourceType } from '../../request/types.ts';
import type { RequestModel, Scope } from '../request-model.ts';
import { and, eq, FALSE, not, or, str, TRUE, v, type Term } from '../term.ts';
import { oneOf } from '../ir-decision.ts';
import { API_KEY, GROUP, RESOURCE_ENTITY, ROLE, USER } from '../../backends/cedar/names.ts';
import type { EntityGraph } from './hierarchy.ts';
import type { EntityRefJson } from './policies.ts';
import type { AttrSlot, CVal, EntityVal } from './values.ts';

// The adapter's vocabulary is the bundle's contract with an embedding application: one
// spelling, shared with the backend (names.ts), so that a renamed entity type is not
// silently modelled under its old name.
/** Resource types → the action-id prefix (family) of their requests, or one fixed action id. */
const ACTION_OF: { types: ResourceType[]; prefix?: string; fixed?: string }[] = [
  { types: ['cluster'], prefix: 'cluster:' },
  { types: ['index', 'document', 'field'], prefix: 'index:' },
  { types: ['organization', 'deployment'], prefix: 'cloud:' },
  { types: ['user'], fixed: 'run_as' },
  { types: ['application'], fixed: 'application' },
];

export interface Unsupported {
  (construct: string): void;
}

/**
 * One cedar-wasm call of the adapter's protocol (activation.ts): what its entity slice
 * makes of `principal in E`, its fixed action (activation calls), and its context.
 */
export interface CallShape {
  /** `principal in E` for an entity literal E, in this call's slice (reflexivity included). */
  principalIn(to: EntityRefJson): Term;
  /** `A in B` of two entity literals in this call's slice. */
  literalIn(from: EntityRefJson, to: EntityRefJson): Term;
  /** The call's action id when it is not the request's (`rolec:activate`). */
  fixedAction?: string;
  /** The context carries `privilege` on application requests (decision calls only). */
  privilegeInContext: boolean;
}

/** The decision call with every static edge in the slice (a bundle with no activation policies). */
export function staticDecisionCall(m: RequestModel, graph: EntityGraph): CallShape {
  return {
    principalIn: (to) => principalReaches(m, graph, to),
    literalIn: (from, to) => (graph.reaches(from, to) ? TRUE : FALSE),
    privilegeInContext: true,
  };
}

/** The principal (parents: its static entry's, its groups, its roles) reaches `to` through every static edge. */
export function principalReaches(m: RequestModel, graph: EntityGraph, to: EntityRefJson): Term {
  const viaStatic = (type: string, isUser: Term) => graph.reaching(type, to).map((id) => and(isUser, eq(m.principalId, str(id))));
  return or(
    ...viaStatic(USER, m.isUser),
    ...viaStatic(API_KEY, not(m.isUser)),
    ...graph.reaching(GROUP, to).map((g) => ({ op: 'member', elem: str(g), set: m.groups }) as Term),
    ...graph.reaching(ROLE, to).map((r) => ({ op: 'member', elem: str(r), set: m.roles }) as Term),
  );
}

export class CedarRequest {
  constructor(
    private readonly m: RequestModel,
    private readonly actions: ReadonlyMap<string, ReadonlySet<string>>,
    private readonly call: CallShape,
  ) {}

  // ------------------------------------------------------------ entity type tests

  is(e: EntityVal, type: string): Term {
    switch (e.kind) {
      case 'principal':
        return type === USER ? this.m.isUser : type === API_KEY ? not(this.m.isUser) : FALSE;
      case 'resource': {
        const rts = (Object.keys(RESOURCE_ENTITY) as ResourceType[]).filter((rt) => RESOURCE_ENTITY[rt] === type);
        return rts.length ? this.m.typeIs(...rts) : FALSE;
      }
      case 'action':
        return type === 'Action' ? TRUE : FALSE;
      case 'literal':
        return e.uid.type === type ? TRUE : FALSE;
    }
  }

  // ------------------------------------------------------------ equality

  /** `a == b` of two entities; `unsupported` hears of a resource id the model cannot spell. */
  eq(a: EntityVal, b: EntityVal, unsupported: Unsupported): Term {
    if (a.kind === 'literal' && b.kind === 'literal') return a.uid.type === b.uid.type && a.uid.id === b.uid.id ? TRUE : FALSE;
    if (a.kind === 'literal') return this.eq(b, a, unsupported);
    if (b.kind !== 'literal') return a.kind === b.kind ? TRUE : FALSE; // the three request entities have distinct types
    const uid = b.uid;
    switch (a.kind) {
      case 'principal':
        return uid.type === USER ? and(this.m.isUser, eq(this.m.principalId, str(uid.id))) : uid.type === API_KEY ? and(not(this.m.isUser), eq(this.m.principalId, str(uid.id))) : FALSE;
      case 'action':
        return this.actionWhere(uid.type === 'Action' ? (id) => id === uid.id : () => false);
      case 'resource':
        return this.resourceIs(uid, unsupported);
    }
  }

  /** The resource entity is `uid` (the adapter's resource ids, adapter.ts resourceId). */
  private resourceIs(uid: EntityRefJson, unsupported: Unsupported): Term {
    const m = this.m;
    switch (uid.type) {
      case RESOURCE_ENTITY.cluster:
        return uid.id === 'cluster' ? m.typeIs('cluster') : FALSE;
      case RESOURCE_ENTITY.organization:
        return uid.id === 'organization' ? m.typeIs('organization') : FALSE;
      case RESOURCE_ENTITY.deployment:
        return and(m.typeIs('deployment'), eq(m.deployment, str(uid.id)));
      case RESOURCE_ENTITY.index:
        return and(m.typeIs('index'), eq(m.resourceField('index'), str(uid.id)));
      case RESOURCE_ENTITY.document:
        return and(m.typeIs('document'), eq(m.resourceField('index'), str(uid.id)));
      case RESOURCE_ENTITY.user:
        return and(m.typeIs('user'), eq(m.resourceField('name'), str(uid.id)));
      case RESOURCE_ENTITY.field:
      case RESOURCE_ENTITY.application:
        unsupported(`resource == ${uid.type}::"…" (a composite resource id)`);
        return FALSE;
      default:
        return FALSE;
    }
  }

  /** The request's action id satisfies `test` (enumerating the schema's finite actions). */
  private actionWhere(test: (actionId: string) => boolean): Term {
    const m = this.m;
    if (this.call.fixedAction !== undefined) return test(this.call.fixedAction) ? TRUE : FALSE;
    const parts: Term[] = [];
    for (const a of ACTION_OF) {
      if (a.fixed !== undefined) {
        if (test(a.fixed)) parts.push(m.typeIs(...a.types));
        continue;
      }
      const names = [...this.actions.keys()].filter((id) => id.startsWith(a.prefix!) && test(id)).map((id) => id.slice(a.prefix!.length));
      if (names.length) parts.push(and(m.typeIs(...a.types), oneOf(m.action, names)));
    }
    return or(...parts);
  }

  // ------------------------------------------------------------ hierarchy

  /** `a in b` for an entity literal b (reflexive, transitive over the slice the adapter builds). */
  in(a: EntityVal, b: EntityVal, unsupported: Unsupported): Term {
    if (b.kind !== 'literal') {
      // `x in principal|resource|action`: only equality can hold (no request entity is a parent).
      return this.eq(a, b, unsupported);
    }
    const to = b.uid;
    const m = this.m;
    switch (a.kind) {
      case 'literal':
        return this.call.literalIn(a.uid, to);
      case 'action':
        return this.actionWhere((id) => to.type === 'Action' && (this.actions.get(id)?.has(to.id) ?? id === to.id));
      case 'principal':
        return this.call.principalIn(to);
      case 'resource': {
        // Parent: Deployment::d when a stack resource names deployment d (no further parents).
        const viaDeployment =
          to.type === RESOURCE_ENTITY.deployment ? and(not(m.typeIs('deployment', 'organization')), m.hasDeployment, eq(m.deployment, str(to.id))) : FALSE;
        return or(this.resourceIs(to, unsupported), viaDeployment);
      }
    }
  }

  // ------------------------------------------------------------ attributes

  /** Attribute `name` of an entity; undefined when its type has no such attribute. */
  attr(e: EntityVal, name: string): AttrSlot | undefined {
    const m = this.m;
    const s = (present: Term, t: Term): AttrSlot => ({ present, value: { k: 'string', t } });
    if (e.kind === 'principal') {
      switch (name) {
        case 'id':
          return s(TRUE, m.principalId);
        case 'realm':
          return s(m.hasRealm, m.realm);
        case 'groups':
          return { present: TRUE, value: { k: 'set', elem: 'string', t: m.groups } };
        case 'attributes':
          return { present: TRUE, value: this.record('user') };
        default:
          return undefined;
      }
    }
    if (e.kind === 'resource') {
      switch (name) {
        case 'index':
          return s(m.typeIs('index', 'document', 'field'), m.resourceField('index'));
        case 'field':
          return s(m.typeIs('field'), m.resourceField('field'));
        case 'application':
        case 'resource':
          return s(m.typeIs('application'), m.resourceField(name));
        case 'name':
          return s(m.typeIs('user', 'deployment'), { op: 'ite', cond: m.typeIs('user'), then: m.resourceField('name'), else: m.deployment });
        case 'deployment':
          return s(and(not(m.typeIs('deployment', 'organization')), m.hasDeployment), m.deployment);
        case 'attributes':
          return { present: m.namesDocument(), value: this.record('document') };
        default:
          return undefined;
      }
    }
    return undefined; // actions and static entities carry no attributes (entities.json: attrs {})
  }

  /** The context record: `attributes`, and `privilege` on application requests. */
  context(): CVal {
    return {
      k: 'record',
      attr: (name) =>
        name === 'attributes'
          ? { present: TRUE, value: this.record('context') }
          : name === 'privilege'
            ? { present: this.call.privilegeInContext ? this.m.typeIs('application') : FALSE, value: { k: 'string', t: this.m.action } }
            : undefined,
    };
  }

  /** An attribute record of the request (principal attributes, document attributes, context attributes). */
  private record(scope: Scope): CVal {
    const prefix = scope === 'user' ? 'u' : scope === 'document' ? 'd' : 'c';
    return {
      k: 'record',
      attr: (name) => {
        const a = this.m.attrs(scope).find((x) => x.name === name);
        if (!a) return undefined;
        return { present: a.optional ? v(`has:${prefix}.${a.name}`, 'Bool') : TRUE, value: valueOf(this.m.attr(scope, a), a.type) };
      },
    };
  }
}

function valueOf(t: Term, type: AttrType): CVal {
  switch (type) {
    case 'String':
      return { k: 'string', t };
    case 'Long':
      return { k: 'long', t };
    case 'Bool':
      return { k: 'bool', t };
    case 'IpAddr':
      return { k: 'ip', t };
    case 'Set<String>':
      return { k: 'set', elem: 'string', t };
    case 'Set<Long>':
      return { k: 'set', elem: 'long', t };
  }
}
