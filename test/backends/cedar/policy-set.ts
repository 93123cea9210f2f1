/** A policy set exercising every clause kind and the traps, shared by the Cedar tests. */
import {
  and,
  application,
  assign,
  cloud,
  cluster,
  ctx,
  deny,
  doc,
  eq,
  index,
  le,
  long,
  not,
  policySet,
  prop,
  role,
  runAs,
  str,
  truthy,
  user,
} from './ir-fixtures.ts';
import type { Request } from '../../../src/request/types.ts';

export const reader = role('reader', [
  index(['logs-*', 'metrics-*'], ['read', 'view_index_metadata'], {
    fields: { grant: ['*'], except: ['user.ssn', 'credit_card.*'] },
    documents: eq(doc('department'), user('department')),
  }),
]);
export const ownerReader = role('owner_reader', [index(['docs-*'], ['read'], { documents: eq(doc('owner'), user('email')) })]);
export const weird = role('weird', [index(['a*b\\c"d', 'x.y'], ['read']), runAs('svc-*', 'jo\\hn')]);
export const writer = role('writer', [index(['prod-*'], ['write'])]);
export const analyst = role('analyst', [index(['analytics-*'], ['read', 'write'])], { includes: ['reader'] });
export const secret = role('secret', [index(['secrets-*'], ['read'])]);
export const guarded = role('guarded', [], { includes: ['secret'], where: le(long(3), user('clearance')) });
export const app = role('app', [application('kibana-.kibana', ['feature_*.read'], ['space:marketing'])]);
export const mapped = role('mapped', [cluster('monitor')]);

export const janeUser = assign({ kind: 'principal', principalType: 'user', principalId: 'jane' }, ['analyst', 'app'], 'user:jane');
export const janeKey = assign({ kind: 'principal', principalType: 'api_key', principalId: 'jane' }, ['writer'], 'api_key:jane');
export const sre = assign({ kind: 'group', group: 'cn=sre,dc=acme' }, ['reader', 'weird'], 'group:cn=sre,dc=acme');
export const gu = assign({ kind: 'principal', principalType: 'user', principalId: 'gu' }, ['guarded', 'owner_reader'], 'user:gu');
export const ldap = assign({ kind: 'mapping', when: eq(prop('principal.realm'), str('ldap1')) }, ['mapped'], 'ldap');

export const alice = cloud('user', 'alice', 'cloud.admin', { kind: 'deployments', names: ['prod-eu'] });
export const bob = cloud('user', 'bob', 'cloud.viewer', { kind: 'all_deployments' });
export const carol = cloud('user', 'carol', 'cloud.admin', { kind: 'all_deployments' });
export const tf = cloud('api_key', 'tf', 'cloud.editor', { kind: 'all_deployments' });
export const owner = cloud('user', 'owner', 'cloud.organization_owner', { kind: 'organization' });
export const bill = cloud('user', 'bill', 'cloud.billing_admin', { kind: 'organization' });

export const prodWrites = deny('prod_writes', { kind: 'index', names: { patterns: ['prod-*'], except: [] }, privileges: ['write'] }, {
  condition: { mode: 'unless', cond: truthy(ctx('mfa')) },
});
export const ticketDeny = deny('blocked_ticket', { kind: 'cluster', privileges: ['manage'] }, {
  condition: { mode: 'when', cond: eq(ctx('ticket'), str('blocked')) },
});
export const legacy = deny('legacy_security', { kind: 'cloud', privileges: ['manage_deployment_security'], deployments: ['legacy-*'] });
export const notOwnDocs = deny('foreign_drafts', { kind: 'index', names: { patterns: ['docs-*'], except: [] }, privileges: ['read'] }, {
  condition: { mode: 'when', cond: and(not(eq(doc('owner'), user('email'))), eq(doc('department'), str('drafts'))) },
  forRole: 'owner_reader',
});

export const ir = policySet({
  roles: [reader, ownerReader, weird, writer, analyst, secret, guarded, app, mapped],
  assignments: [janeUser, janeKey, sre, gu, ldap],
  cloudAssignments: [alice, bob, carol, tf, owner, bill],
  denies: [prodWrites, ticketDeny, legacy, notOwnDocs],
});

const baseUser = { clearance: 1, department: 'sales', programs: [] as string[] };
const baseDoc = { department: 'sales', level: 1, programs: [] as string[] };

/** A request with valid defaults; `over` replaces whole top-level parts. */
export function req(over: {
  principal?: Partial<Request['principal']>;
  action: string;
  resource: Request['resource'];
  context?: Request['context'];
  userAttrs?: Record<string, unknown>;
  docAttrs?: Record<string, unknown>;
}): Request {
  const resource = { ...over.resource };
  if (resource.type === 'document' && !resource.attributes) resource.attributes = { ...baseDoc, ...(over.docAttrs as object) } as never;
  return {
    principal: { type: 'user', id: 'nobody', ...over.principal, attributes: { ...baseUser, ...(over.userAttrs as object) } as never },
    action: over.action,
    resource,
    context: over.context ?? { mfa: false, source_ip: '10.0.0.1' },
  };
}
