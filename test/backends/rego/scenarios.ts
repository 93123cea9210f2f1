/**
 * A policy set built to hit the Rego traps (wildcards with glob metacharacters and
 * dots, FLS on dotted paths, document conditions only on document requests, optional
 * attributes under grants and denies, sets compared as sets, deny overlap, mappings,
 * request roles, role-level where through includes, cloud scopes and sign-in roles),
 * with the decision language.md prescribes for each request.
 */
import type { AttrValue, Request } from '../../../src/request/types.ts';
import type { Cond, PermissionIR, PolicySetIR, RoleIR, ValueExpr } from '../../../src/semantics/ir.ts';
import { attr, eq, loc, policySet, s } from './ir-builders.ts';

const F = 't.role';
const id = (line: number, rule: string) => `${F}:${line}:${rule}`;
const L = (line: number) => loc(F, line, 3);

function r(name: string, line: number, permissions: PermissionIR[], extra: Partial<RoleIR> = {}): RoleIR {
  return { name, builtin: false, loc: L(line), id: id(line, name), metadata: {}, includes: [], permissions, ...extra };
}
function idx(role: string, line: number, patterns: string[], privileges: string[], extra: Partial<Extract<PermissionIR, { kind: 'index' }>> = {}): PermissionIR {
  return { kind: 'index', id: id(line, role), loc: L(line), names: { patterns, except: [] }, privileges, ...extra };
}

const email = attr('user', 'email', 'String', true);
const owner = attr('document', 'owner', 'String', true);
const userTags = attr('user', 'tags', 'Set<String>');
const docTags = attr('document', 'tags', 'Set<String>');
const mfa: Cond = { kind: 'truthy', expr: attr('context', 'mfa', 'Bool') };
const realm: ValueExpr = { kind: 'prop', prop: 'principal.realm', type: 'String', optional: true };
const groups: ValueExpr = { kind: 'prop', prop: 'principal.groups', type: 'Set<String>', optional: false };
const principalId: ValueExpr = { kind: 'prop', prop: 'principal.id', type: 'String', optional: false };

export const TRAPS: PolicySetIR = policySet({
  schema: {
    user: [
      { name: 'dept', type: 'String', optional: false },
      { name: 'email', type: 'String', optional: true },
      { name: 'level', type: 'Long', optional: false },
      { name: 'tags', type: 'Set<String>', optional: false },
    ],
    document: [
      { name: 'dept', type: 'String', optional: false },
      { name: 'level', type: 'Long', optional: false },
      { name: 'owner', type: 'String', optional: true },
      { name: 'tags', type: 'Set<String>', optional: false },
    ],
    context: [
      { name: 'ip', type: 'IpAddr', optional: false },
      { name: 'mfa', type: 'Bool', optional: false },
    ],
  },
  roles: [
    r('logs', 10, [
      idx('logs', 11, ['logs-*'], ['read'], {
        fields: { grant: ['*'], except: ['user.ssn', 'credit_card.*'] },
        documents: eq(attr('document', 'dept', 'String'), attr('user', 'dept', 'String')),
      }),
    ]),
    r('odd', 20, [idx('odd', 21, ['a?b', 'x[1]', 'y{2}', 'back\\slash*'], ['read'])]),
    r('abac', 30, [
      idx('abac', 31, ['sec-*'], ['read'], {
        documents: {
          kind: 'and',
          args: [
            { kind: 'setop', op: 'containsAll', set: userTags, arg: docTags },
            { kind: 'compare', op: '<=', left: attr('document', 'level', 'Long'), right: attr('user', 'level', 'Long') },
          ],
        },
      }),
    ]),
    r('owner_docs', 40, [idx('owner_docs', 41, ['own-*'], ['read'], { documents: eq(owner, email) })]),
    r('ops', 50, [{ kind: 'cluster', id: id(51, 'ops'), loc: L(51), privileges: ['manage'] }]),
    r('guarded', 60, [{ kind: 'cluster', id: id(61, 'guarded'), loc: L(61), privileges: ['manage_security'] }], {
      includes: ['ops'],
      where: mfa,
    }),
    r('net', 70, [{ kind: 'cluster', id: id(71, 'net'), loc: L(71), privileges: ['monitor'] }], {
      where: { kind: 'isInRange', expr: attr('context', 'ip', 'IpAddr'), range: { kind: 'ip', cidr: '10.0.0.0/8' } },
    }),
    r('setcmp', 80, [idx('setcmp', 81, ['set-*'], ['read'], { documents: eq(docTags, userTags) })]),
    r('imp', 90, [
      { kind: 'run_as', id: id(91, 'imp'), loc: L(91), users: ['svc-*'] },
      { kind: 'application', id: id(92, 'imp'), loc: L(92), application: 'kibana-.kibana', privileges: ['feature_*.read'], resources: ['space:*'] },
    ]),
  ],
  assignments: [
    { id: id(200, 'user:jane'), loc: L(200), holder: { kind: 'principal', id: id(200, 'user:jane'), principalType: 'user', principalId: 'jane' }, roles: ['logs', 'abac', 'owner_docs', 'setcmp', 'odd'] },
    { id: id(201, 'api_key:k1'), loc: L(201), holder: { kind: 'principal', id: id(201, 'api_key:k1'), principalType: 'api_key', principalId: 'k1' }, roles: ['ops'] },
    { id: id(202, 'group:cn=ops'), loc: L(202), holder: { kind: 'group', id: id(202, 'group:cn=ops'), group: 'cn=ops' }, roles: ['guarded'] },
    { id: id(203, 'user:eve'), loc: L(203), holder: { kind: 'principal', id: id(203, 'user:eve'), principalType: 'user', principalId: 'eve' }, roles: ['imp'] },
    { id: id(210, 'm'), loc: L(210), holder: { kind: 'mapping', id: id(210, 'm'), when: eq(realm, s('ldap1')) }, roles: ['net'] },
    // indexed by group (data.rolec.mappings.by_group), the rest a shared condition
    { id: id(211, 'm_grp'), loc: L(211), holder: { kind: 'mapping', id: id(211, 'm_grp'), when: { kind: 'and', args: [{ kind: 'in', elem: s('cn=sec'), set: groups }, mfa] } }, roles: ['imp'] },
    // indexed by id, no rest
    { id: id(212, 'm_id'), loc: L(212), holder: { kind: 'mapping', id: id(212, 'm_id'), when: eq(principalId, s('kim')) }, roles: ['ops'] },
  ],
  denies: [
    { name: 'd_write', id: id(300, 'd_write'), loc: L(300), target: { kind: 'index', names: { patterns: ['logs-*'], except: [] }, privileges: ['write'] }, overlapping: ['all', 'create', 'create_doc', 'delete', 'index', 'write'] },
    { name: 'd_owner', id: id(310, 'd_owner'), loc: L(310), target: { kind: 'index', names: { patterns: ['own-*'], except: [] }, privileges: ['read'] }, overlapping: ['all', 'read'], condition: { mode: 'when', cond: eq(owner, s('root')) } },
    { name: 'd_run', id: id(330, 'd_run'), loc: L(330), target: { kind: 'run_as', users: ['svc-root*'] }, forRole: 'imp' },
    { name: 'd_kim', id: id(340, 'd_kim'), loc: L(340), target: { kind: 'cluster', privileges: ['manage'] }, overlapping: ['all', 'manage'], forUser: 'kim' },
    { name: 'd_cloud', id: id(320, 'd_cloud'), loc: L(320), target: { kind: 'cloud', privileges: ['manage_deployment'], deployments: ['prod-*'] }, overlapping: ['manage_deployment', 'view_deployment'], condition: { mode: 'unless', cond: mfa } },
  ],
  cloudAssignments: [
    { id: id(400, 'assign:user:jane'), loc: L(400), principalType: 'user', principalId: 'jane', role: 'cloud.viewer', scope: { kind: 'deployments', names: ['prod-eu'] } },
    { id: id(410, 'assign:api_key:tf'), loc: L(410), principalType: 'api_key', principalId: 'tf', role: 'cloud.admin', scope: { kind: 'all_deployments' } },
    { id: id(420, 'assign:user:boss'), loc: L(420), principalType: 'user', principalId: 'boss', role: 'cloud.organization_owner', scope: { kind: 'organization' } },
  ],
});

export interface Scenario {
  name: string;
  request: Request;
  decision: 'allow' | 'deny';
  reasons?: string[];
  deniedBy?: string[];
}

const USER = { dept: 'sales', level: 3, tags: ['pii', 'fin'] };
const DOC = { dept: 'sales', level: 1, tags: [] as string[] };
const CTX = { mfa: false, ip: '10.1.2.3' };

function q(
  who: string | { type?: 'user' | 'api_key'; id: string; realm?: string; groups?: string[]; roles?: string[]; attributes?: Record<string, AttrValue> },
  action: string,
  resource: Request['resource'],
  context: Record<string, AttrValue> = {},
): Request {
  const p = typeof who === 'string' ? { id: who } : who;
  return {
    principal: { type: 'user', ...p, attributes: { ...USER, ...(p.attributes ?? {}) } },
    action,
    resource,
    context: { ...CTX, ...context },
  };
}
const index = (name: string, extra: Partial<Request['resource']> = {}): Request['resource'] => ({ type: 'index', index: name, ...extra });
const doc = (name: string, attrs: Record<string, AttrValue> = {}): Request['resource'] => ({ type: 'document', index: name, attributes: { ...DOC, ...attrs } });
const field = (name: string, f: string, attrs?: Record<string, AttrValue>): Request['resource'] =>
  attrs ? { type: 'field', index: name, field: f, attributes: { ...DOC, ...attrs } } : { type: 'field', index: name, field: f };

const allow = (name: string, request: Request, ...reasons: string[]): Scenario => ({ name, request, decision: 'allow', reasons, deniedBy: [] });
const deny = (name: string, request: Request, ...deniedBy: string[]): Scenario => ({ name, request, decision: 'deny', reasons: [], deniedBy });

export const SCENARIOS: Scenario[] = [
  allow('a dot under a * pattern', q('jane', 'read', index('logs-a.b')), id(11, 'logs')),
  deny('deny overlap: write denies index (inside write)', q('jane', 'index', index('logs-x')), id(300, 'd_write')),
  deny('deny overlap: write denies all (contains write)', q('jane', 'all', index('logs-x')), id(300, 'd_write')),
  allow('deny overlap: write does not deny read', q('jane', 'read', index('logs-x')), id(11, 'logs')),
  allow('document condition true', q('jane', 'read', doc('logs-x')), id(11, 'logs')),
  deny('document condition false', q('jane', 'read', doc('logs-x', { dept: 'hr' }))),
  allow('FLS: granted dotted field', q('jane', 'read', field('logs-x', 'user.name')), id(11, 'logs')),
  deny('FLS: excepted dotted field', q('jane', 'read', field('logs-x', 'user.ssn'))),
  deny('FLS: excepted by pattern', q('jane', 'read', field('logs-x', 'credit_card.number'))),
  allow('FLS: credit_card.* does not match credit_card', q('jane', 'read', field('logs-x', 'credit_card')), id(11, 'logs')),
  deny('field with attributes names a document', q('jane', 'read', field('logs-x', 'msg', { dept: 'hr' }))),
  allow('field with matching attributes', q('jane', 'read', field('logs-x', 'msg', {})), id(11, 'logs')),
  allow('? is literal', q('jane', 'read', index('a?b')), id(21, 'odd')),
  deny('? is not a wildcard', q('jane', 'read', index('axb'))),
  allow('[ ] are literal', q('jane', 'read', index('x[1]')), id(21, 'odd')),
  deny('[ ] are not a class', q('jane', 'read', index('x1'))),
  allow('{ } are literal', q('jane', 'read', index('y{2}')), id(21, 'odd')),
  deny('{ } are not alternatives', q('jane', 'read', index('y2'))),
  allow('backslash is literal', q('jane', 'read', index('back\\slash-more')), id(21, 'odd')),
  deny('backslash escapes nothing', q('jane', 'read', index('backslash'))),
  allow('ABAC: subset and level', q('jane', 'read', doc('sec-1', { tags: ['pii'], level: 3 })), id(31, 'abac')),
  allow('ABAC: duplicates and order do not matter', q('jane', 'read', doc('sec-1', { tags: ['fin', 'fin', 'pii'] })), id(31, 'abac')),
  deny('ABAC: extra tag', q('jane', 'read', doc('sec-1', { tags: ['pii', 'x'] }))),
  deny('ABAC: level too high', q('jane', 'read', doc('sec-1', { level: 4 }))),
  allow('ABAC applies to documents only', q('jane', 'read', index('sec-1')), id(31, 'abac')),
  deny('optional user attribute absent under a grant', q('jane', 'read', doc('own-1', { owner: 'jane@x' }))),
  allow('optional attributes present', q({ id: 'jane', attributes: { email: 'jane@x' } }, 'read', doc('own-1', { owner: 'jane@x' })), id(41, 'owner_docs')),
  deny('optional document attribute absent under a deny: fails closed', q({ id: 'jane', attributes: { email: 'jane@x' } }, 'read', doc('own-1')), id(310, 'd_owner')),
  deny('deny reading document attributes on an index request fires', q('jane', 'read', index('own-1')), id(310, 'd_owner')),
  deny('deny condition true', q({ id: 'jane', attributes: { email: 'root' } }, 'read', doc('own-1', { owner: 'root' })), id(310, 'd_owner')),
  allow('sets compare as sets', q('jane', 'read', doc('set-1', { tags: ['fin', 'pii', 'pii'] })), id(81, 'setcmp')),
  deny('sets compare as sets (different)', q('jane', 'read', doc('set-1', { tags: ['pii'] }))),
  allow('api key assignment, implication manage ⊇ monitor', q({ type: 'api_key', id: 'k1' }, 'monitor', { type: 'cluster' }), id(51, 'ops')),
  deny('manage does not imply manage_security', q({ type: 'api_key', id: 'k1' }, 'manage_security', { type: 'cluster' })),
  deny('user "k1" is not api_key "k1"', q({ type: 'user', id: 'k1' }, 'monitor', { type: 'cluster' })),
  deny('role-level where false blocks included roles', q({ id: 'bob', groups: ['cn=ops'] }, 'manage', { type: 'cluster' })),
  allow('role-level where true: included role active', q({ id: 'bob', groups: ['cn=ops'] }, 'manage', { type: 'cluster' }, { mfa: true }), id(51, 'ops')),
  allow('role-level where true: own permission', q({ id: 'bob', groups: ['cn=ops'] }, 'manage_security', { type: 'cluster' }, { mfa: true }), id(61, 'guarded')),
  allow('mapping + isInRange', q({ id: 'carl', realm: 'ldap1' }, 'monitor', { type: 'cluster' }), id(71, 'net')),
  deny('isInRange false', q({ id: 'carl', realm: 'ldap1' }, 'monitor', { type: 'cluster' }, { ip: '192.168.0.1' })),
  deny('mapping on an absent optional property', q({ id: 'carl' }, 'monitor', { type: 'cluster' })),
  allow('request roles: known names only', q({ id: 'dan', roles: ['ops', 'nope', 'cloud.admin'] }, 'monitor', { type: 'cluster' }), id(51, 'ops')),
  allow('request roles: built-in superuser', q({ id: 'dan', roles: ['superuser'] }, 'read', index('.security')), '<builtin>:2:superuser'),
  deny('request roles: unknown names ignored', q({ id: 'dan', roles: ['nope'] }, 'monitor', { type: 'cluster' })),
  allow('cloud: deployment in scope', q('jane', 'view_deployment', { type: 'deployment', deployment: 'prod-eu' }, { mfa: true }), id(400, 'assign:user:jane')),
  deny('cloud: deployment out of scope', q('jane', 'view_deployment', { type: 'deployment', deployment: 'prod-us' }, { mfa: true })),
  deny('cloud deny covers a viewer too', q('jane', 'view_deployment', { type: 'deployment', deployment: 'prod-eu' }), id(320, 'd_cloud')),
  allow('sign-in role on a deployment in scope', q('jane', 'read', index('logs-x', { deployment: 'prod-eu' })), '<builtin>:10:viewer', id(11, 'logs')),
  deny('viewer excepts dot indices', q('jane', 'read', index('.kibana', { deployment: 'prod-eu' }))),
  deny('no sign-in role out of scope', q('jane', 'read', index('metrics', { deployment: 'prod-us' }))),
  allow('create_deployment for admin on all deployments', q({ type: 'api_key', id: 'tf' }, 'create_deployment', { type: 'organization' }), id(410, 'assign:api_key:tf')),
  deny('cloud deny unless mfa', q({ type: 'api_key', id: 'tf' }, 'manage_deployment', { type: 'deployment', deployment: 'prod-x' }), id(320, 'd_cloud')),
  deny('cloud deny overlap (view inside manage)', q({ type: 'api_key', id: 'tf' }, 'view_deployment', { type: 'deployment', deployment: 'prod-x' }), id(320, 'd_cloud')),
  allow('cloud deny lifted by mfa', q({ type: 'api_key', id: 'tf' }, 'manage_deployment', { type: 'deployment', deployment: 'prod-x' }, { mfa: true }), id(410, 'assign:api_key:tf')),
  allow('cloud deny restricted to prod-*', q({ type: 'api_key', id: 'tf' }, 'manage_deployment', { type: 'deployment', deployment: 'dev-1' }), id(410, 'assign:api_key:tf')),
  deny('api keys get no sign-in role', q({ type: 'api_key', id: 'tf' }, 'read', index('x', { deployment: 'prod-x' }))),
  allow('owner: organization privileges', q('boss', 'manage_members', { type: 'organization' }), id(420, 'assign:user:boss')),
  allow('owner signs in as superuser everywhere', q('boss', 'read', index('anything', { deployment: 'd1' })), '<builtin>:2:superuser'),
  deny('no sign-in without a deployment', q('boss', 'read', index('anything'))),
  allow('run_as with a dot', q('eve', 'run_as', { type: 'user', name: 'svc-a.b' }), id(91, 'imp')),
  deny('run_as no match', q('eve', 'run_as', { type: 'user', name: 'svc' })),
  allow('application privilege pattern', q('eve', 'feature_discover.read', { type: 'application', application: 'kibana-.kibana', resource: 'space:x' }), id(92, 'imp')),
  allow('mapping by group with the rest of its condition true', q({ id: 'zed', groups: ['cn=x', 'cn=sec'] }, 'run_as', { type: 'user', name: 'svc-1' }, { mfa: true }), id(91, 'imp')),
  deny('mapping by group with the rest of its condition false', q({ id: 'zed', groups: ['cn=sec'] }, 'run_as', { type: 'user', name: 'svc-1' })),
  deny('mapping by group: another group', q({ id: 'zed', groups: ['cn=secret'] }, 'run_as', { type: 'user', name: 'svc-1' }, { mfa: true })),
  allow('mapping by id', q({ id: 'kim', type: 'api_key' }, 'monitor', { type: 'cluster' }), id(51, 'ops')),
  deny('run_as deny for an active role', q('eve', 'run_as', { type: 'user', name: 'svc-root1' }), id(330, 'd_run')),
  deny('cluster deny for a user', q('kim', 'manage', { type: 'cluster' }), id(340, 'd_kim')),
  allow('cluster deny for a user: not an api key of that id', q({ id: 'kim', type: 'api_key' }, 'manage', { type: 'cluster' }), id(51, 'ops')),
  allow('cluster deny for a user: not an action it covers', q('kim', 'monitor', { type: 'cluster' }), id(51, 'ops')),
  deny('application privilege mismatch', q('eve', 'feature_discover.all', { type: 'application', application: 'kibana-.kibana', resource: 'space:x' })),
];
