/**
 * A small hand-written PolicySetIR for unit tests of the harness's own logic
 * (generators, coverage), independent of the front end. It mirrors a slice of
 * policies/observability: schema, two roles (one including the other), a deny, a user
 * assignment, a group, a mapping and a cloud assignment.
 */
import type { PolicySetIR } from '../../src/semantics/ir.ts';

const loc = (line: number) => ({ file: 'a.role', line, col: 1 });

export const sampleIR: PolicySetIR = {
  irVersion: 1,
  sources: [{ file: 'a.role', sha256: '0'.repeat(64) }],
  schema: {
    user: [
      { name: 'clearance', type: 'Long', optional: false },
      { name: 'department', type: 'String', optional: false },
      { name: 'team', type: 'String', optional: true },
    ],
    document: [
      { name: 'classification', type: 'Long', optional: false },
      { name: 'tags', type: 'Set<String>', optional: false },
    ],
    context: [
      { name: 'mfa', type: 'Bool', optional: false },
      { name: 'source_ip', type: 'IpAddr', optional: false },
    ],
  },
  catalog: {
    version: 'test',
    cluster: [
      { name: 'all', implies: ['all', 'monitor'] },
      { name: 'monitor', implies: ['monitor'] },
    ],
    index: [
      { name: 'all', implies: ['all', 'delete', 'read', 'write'] },
      { name: 'delete', implies: ['delete'] },
      { name: 'read', implies: ['read'] },
      { name: 'write', implies: ['delete', 'write'] },
    ],
    cloud: [
      { name: 'manage_billing', implies: ['manage_billing'], target: 'organization' },
      { name: 'view_deployment', implies: ['view_deployment'], target: 'deployment' },
    ],
  },
  roles: [
    {
      name: 'analyst',
      builtin: false,
      loc: loc(10),
      id: 'a.role:10:analyst',
      metadata: {},
      includes: ['logs_reader'],
      permissions: [{ kind: 'index', id: 'a.role:11:analyst', loc: loc(11), names: { patterns: ['analytics-*'], except: [] }, privileges: ['read', 'write'] }],
    },
    {
      name: 'logs_reader',
      builtin: false,
      loc: loc(1),
      id: 'a.role:1:logs_reader',
      metadata: {},
      includes: [],
      permissions: [
        { kind: 'cluster', id: 'a.role:2:logs_reader', loc: loc(2), privileges: ['monitor'] },
        {
          kind: 'index',
          id: 'a.role:3:logs_reader',
          loc: loc(3),
          names: { patterns: ['logs-*'], except: ['logs-secret*'] },
          privileges: ['read'],
          fields: { grant: ['*'], except: ['user.ssn', 'credit_card.*'] },
          documents: {
            kind: 'compare',
            op: '<=',
            left: { kind: 'attr', scope: 'document', name: 'classification', type: 'Long', optional: false },
            right: { kind: 'attr', scope: 'user', name: 'clearance', type: 'Long', optional: false },
          },
        },
      ],
    },
    { name: 'viewer', builtin: true, loc: { file: '<builtin>', line: 1, col: 1 }, id: '<builtin>:1:viewer', metadata: {}, includes: [], permissions: [] },
  ],
  assignments: [
    { id: 'a.role:20:user:jane', loc: loc(20), holder: { kind: 'principal', id: 'a.role:20:user:jane', principalType: 'user', principalId: 'jane' }, roles: ['analyst'] },
    { id: 'a.role:21:group:cn=sre', loc: loc(21), holder: { kind: 'group', id: 'a.role:21:group:cn=sre', group: 'cn=sre' }, roles: ['logs_reader'] },
    {
      id: 'a.role:22:admins',
      loc: loc(22),
      holder: {
        kind: 'mapping',
        id: 'a.role:22:admins',
        when: {
          kind: 'and',
          args: [
            { kind: 'compare', op: '==', left: { kind: 'prop', prop: 'principal.realm', type: 'String', optional: true }, right: { kind: 'string', value: 'ldap1' } },
            { kind: 'compare', op: '>=', left: { kind: 'attr', scope: 'user', name: 'clearance', type: 'Long', optional: false }, right: { kind: 'long', value: 3 } },
          ],
        },
      },
      roles: ['analyst'],
    },
  ],
  denies: [
    {
      name: 'prod_writes_need_mfa',
      id: 'a.role:30:prod_writes_need_mfa',
      loc: loc(30),
      target: { kind: 'index', names: { patterns: ['prod-*'], except: [] }, privileges: ['write'] },
      overlapping: ['all', 'delete', 'write'],
      condition: { mode: 'unless', cond: { kind: 'truthy', expr: { kind: 'attr', scope: 'context', name: 'mfa', type: 'Bool', optional: false } } },
    },
    {
      name: 'office_only',
      id: 'a.role:33:office_only',
      loc: loc(33),
      target: { kind: 'cluster', privileges: ['monitor'] },
      overlapping: ['all', 'monitor'],
      condition: {
        mode: 'unless',
        cond: { kind: 'isInRange', expr: { kind: 'attr', scope: 'context', name: 'source_ip', type: 'IpAddr', optional: false }, range: { kind: 'ip', cidr: '10.0.0.0/8' } },
      },
    },
  ],
  cloudRoles: [
    {
      name: 'cloud.viewer',
      organizationPrivileges: [],
      organizationPrivilegesWhenAllDeployments: [],
      deploymentPrivileges: ['view_deployment'],
      signInRole: 'viewer',
      allowedScopes: ['all_deployments', 'deployments'],
    },
  ],
  cloudAssignments: [
    { id: 'a.role:40:assign:user:jane', loc: loc(40), principalType: 'user', principalId: 'jane', role: 'cloud.viewer', scope: { kind: 'deployments', names: ['prod-eu'] } },
  ],
};
