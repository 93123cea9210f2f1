/**
 * The Rego request adapter (src/backends/rego/adapter.ts, `toRegoInput`) modelled over the
 * symbolic request: what `input.<path>` is for a valid request, and when it is defined.
 *
 *   input.principal {type, id, realm?, groups: [...], roles: [...], attributes: {...}}
 *   input.action
 *   input.resource  {type, index?, field?, name?, application?, resource?, deployment?,
 *                    attributes? — document requests, and field requests that carry them}
 *   input.context   {...}
 *
 * A read yields alternatives (condition, value): none where the reference is undefined.
 */
import { RESOURCE_FIELDS, RESOURCE_TYPES, sortOfType, type RequestModel, type Scope } from '../request-model.ts';
import { or, str, TRUE, type Term } from '../term.ts';
import { json, type Val } from './values.ts';

export interface Alt {
  g: Term;
  v: Val;
}

const OBJECTS = new Set(['', 'principal', 'resource', 'principal/attributes', 'resource/attributes', 'context']);

export class RegoInput {
  constructor(private readonly m: RequestModel) {}

  /** `input.<path>`: its alternatives (none = undefined). */
  read(path: readonly string[]): Alt[] {
    const m = this.m;
    const key = path.join('/');
    if (OBJECTS.has(key)) return [{ g: this.objectPresent(key), v: { k: 'input', path: [...path] } }];
    const sym = (t: Term, g: Term = TRUE, array = false): Alt[] => [{ g, v: { k: 'sym', t, sort: t.op === 'var' ? t.sort : 'String', array } }];
    switch (key) {
      case 'principal/type':
        // As the IR spells principal.type; the specializer reads `== "user"` as `p.user` itself.
        return [{ g: TRUE, v: { k: 'sym', t: { op: 'ite', cond: m.isUser, then: str('user'), else: str('api_key') }, sort: 'String' } }];
      case 'principal/id':
        return sym(m.principalId);
      case 'principal/realm':
        return sym(m.realm, m.hasRealm);
      case 'principal/groups':
        return sym(m.groups, TRUE, true);
      case 'principal/roles':
        return sym(m.roles, TRUE, true);
      case 'action':
        return sym(m.action);
      case 'resource/type':
        return RESOURCE_TYPES.map((t) => ({ g: m.typeIs(t), v: json(t) }));
      case 'resource/deployment':
        return sym(m.deployment, m.hasDeployment);
    }
    // The adapter copies each resource member the request has; a valid request has it
    // exactly on the types that carry it (request-model.ts).
    const carriers = path.length === 2 && path[0] === 'resource' && Object.hasOwn(RESOURCE_FIELDS, path[1]!) ? RESOURCE_FIELDS[path[1]!] : undefined;
    if (carriers) return sym(m.resourceField(path[1] as 'index'), m.typeIs(...carriers));
    const scope: Scope | undefined =
      path.length === 3 && path[0] === 'principal' && path[1] === 'attributes'
        ? 'user'
        : path.length === 3 && path[0] === 'resource' && path[1] === 'attributes'
          ? 'document'
          : path.length === 2 && path[0] === 'context'
            ? 'context'
            : undefined;
    if (scope) {
      const a = m.attrs(scope).find((x) => x.name === path[path.length - 1]);
      if (!a) return []; // not in the schema: a valid request never carries it
      const t = m.attr(scope, a);
      return [{ g: m.attrPresent(scope, a), v: { k: 'sym', t, sort: sortOfType(a.type), array: a.type.startsWith('Set<') } }];
    }
    return [];
  }

  /** When an input object is there: attributes only on requests that name a document. */
  private objectPresent(key: string): Term {
    return key === 'resource/attributes' ? or(this.m.namesDocument()) : TRUE;
  }
}
