/** The example policy sets: they check clean, and key facts of their IR hold. */
import { describe, expect, it } from 'vitest';
import { checkSources, discoverPolicySets, loadPolicySet, PolicyPathError } from '../../src/semantics/index.ts';
import type { PolicySetIR, RoleIR } from '../../src/semantics/ir.ts';

const SETS = ['policies/observability', 'policies/abac-programs', 'policies/elastic-cloud'];
const loaded = new Map<string, PolicySetIR>();
async function ir(set: string): Promise<PolicySetIR> {
  if (!loaded.has(set)) {
    const r = await loadPolicySet([set]);
    expect(r.diagnostics).toEqual([]);
    loaded.set(set, r.ir!);
  }
  return loaded.get(set)!;
}
const role = (p: PolicySetIR, name: string): RoleIR => p.roles.find((r) => r.name === name)!;

describe('example policy sets', () => {
  it.each(SETS)('%s checks clean (no diagnostic at all)', async (set) => {
    const r = await loadPolicySet([set]);
    expect(r.diagnostics).toEqual([]);
    expect(r.ir).toBeDefined();
    expect(r.files.length).toBeGreaterThanOrEqual(3);
  });

  it('policies/ is a collection of the four sets', async () => {
    expect(await discoverPolicySets(['policies'])).toEqual([['policies/abac-programs'], ['policies/elastic-cloud'], ['policies/es-interop'], ['policies/observability']]);
  });

  it('the four sets also compile together (distinct names, disjoint attributes)', async () => {
    const r = await loadPolicySet(['policies']);
    expect(r.diagnostics).toEqual([]);
    expect(r.ir!.sources.map((s) => s.file)).toContain('observability/roles.role');
  });

  it('every IR has the built-in stack roles, sorted roles, and the catalog', async () => {
    for (const set of SETS) {
      const p = await ir(set);
      const names = p.roles.map((r) => r.name);
      expect(names).toEqual([...names].sort());
      for (const b of ['superuser', 'viewer', 'editor', 'monitoring_user', 'kibana_admin']) {
        expect(role(p, b)).toMatchObject({ builtin: true, loc: { file: '<builtin>' } });
        expect(role(p, b).id.startsWith('<builtin>:')).toBe(true);
      }
      expect(p.catalog.cluster.find((x) => x.name === 'manage')!.implies).not.toContain('manage_security');
      expect(p.cloudRoles).toHaveLength(5);
      expect(p.irVersion).toBe(1);
      expect(p.sources.every((s) => /^[0-9a-f]{64}$/.test(s.sha256))).toBe(true);
    }
  });

  it('observability: FLS + DLS, ABAC, run_as, application, includes, where', async () => {
    const p = await ir('policies/observability');
    expect(p.schema.user.map((a) => a.name)).toEqual(['clearance', 'department', 'email', 'on_call_team', 'security_attributes']);
    expect(p.schema.user.find((a) => a.name === 'email')).toEqual({ name: 'email', type: 'String', optional: true });
    const logs = role(p, 'logs_reader');
    expect(logs.id).toBe('roles.role:9:logs_reader');
    const ix = logs.permissions.find((x) => x.kind === 'index')!;
    expect(ix).toMatchObject({
      kind: 'index',
      id: 'roles.role:12:logs_reader',
      names: { patterns: ['logs-*', 'metrics-*'], except: [] },
      privileges: ['read', 'view_index_metadata'],
      fields: { grant: ['*'], except: ['user.ssn', 'credit_card.*'] },
      documents: {
        kind: 'compare',
        op: '==',
        left: { kind: 'attr', scope: 'document', name: 'department', type: 'String', optional: false },
        right: { kind: 'attr', scope: 'user', name: 'department' },
      },
    });
    expect(role(p, 'secret_reader').permissions[0]).toMatchObject({ documents: { kind: 'setop', op: 'containsAll' } });
    expect(role(p, 'analyst').includes).toEqual(['logs_reader', 'secret_reader']);
    expect(role(p, 'remote_analyst').where).toMatchObject({ kind: 'and', args: [{ kind: 'isInRange' }, { kind: 'truthy' }] });
    const support = role(p, 'support');
    expect(support.permissions.map((x) => x.kind)).toEqual(['run_as', 'application', 'index']);
    expect(support.permissions[1]).toMatchObject({ application: 'kibana-.kibana', privileges: ['feature_discover.read', 'feature_dashboard.read'] });
    expect(role(p, 'log_shipper').permissions[0]).toMatchObject({ privileges: ['monitor', 'manage_index_templates', 'manage_pipeline'] });
    expect(role(p, 'monitoring').metadata).toEqual({ owner: 'platform-team', tier: 1 });
  });

  it('observability: assignments, mappings, denies with overlap and fail-closed conditions', async () => {
    const p = await ir('policies/observability');
    const ids = p.assignments.map((a) => a.id);
    expect(ids).toContain('access.role:3:user:jane');
    expect(ids).toContain('ingest.role:22:api_key:ci-pipeline');
    expect(ids).toContain('access.role:8:group:cn=sre,ou=groups,dc=acme');
    const ldap = p.assignments.find((a) => a.id === 'access.role:11:ldap_admins')!;
    expect(ldap).toMatchObject({ roles: ['superuser'], holder: { kind: 'mapping', when: { kind: 'and', args: [{ kind: 'compare' }, { kind: 'in' }] } } });
    const mfa = p.denies.find((d) => d.name === 'prod_writes_need_mfa')!;
    expect(mfa).toMatchObject({ condition: { mode: 'unless', cond: { kind: 'truthy' } }, target: { kind: 'index', privileges: ['write', 'delete'] } });
    // denying write also denies what write contains and what contains write — not read.
    expect(mfa.overlapping).toEqual(['all', 'create', 'create_doc', 'delete', 'index', 'write']);
    expect(p.denies.find((d) => d.name === 'support_no_run_as_admins')).toMatchObject({ forRole: 'support', target: { kind: 'run_as', users: ['admin*', 'elastic'] } });
    expect(p.denies.find((d) => d.name === 'legal_hold')).toMatchObject({ forUser: 'jane' });
  });

  it('abac-programs: the documented level + programs rule', async () => {
    const p = await ir('policies/abac-programs');
    expect(role(p, 'program_reader').permissions[0]).toMatchObject({
      documents: {
        kind: 'and',
        args: [
          { kind: 'compare', op: '<=', left: { scope: 'document', name: 'level' }, right: { scope: 'user', name: 'level' } },
          { kind: 'setop', op: 'containsAll', set: { scope: 'user', name: 'programs' }, arg: { scope: 'document', name: 'programs' } },
        ],
      },
    });
    expect(role(p, 'program_writer').includes).toEqual(['program_reader']);
    expect(p.denies.find((d) => d.name === 'low_clearance_classified')!.overlapping).toContain('read');
    expect(p.assignments.find((a) => a.id.endsWith(':cleared_staff'))!.roles).toEqual(['program_reader', 'report_reader']);
  });

  it('elastic-cloud: the five cloud roles assigned with their scopes', async () => {
    const p = await ir('policies/elastic-cloud');
    const by = (id: string) => p.cloudAssignments.find((a) => a.principalId === id)!;
    expect(by('cto@acme.io')).toMatchObject({ role: 'cloud.organization_owner', scope: { kind: 'organization' }, principalType: 'user' });
    expect(by('maria@acme.io')).toMatchObject({ role: 'cloud.admin', scope: { kind: 'all_deployments' } });
    expect(by('sofia@acme.io')).toMatchObject({ role: 'cloud.editor', scope: { kind: 'deployments', names: ['prod-eu', 'staging'] } });
    expect(by('terraform')).toMatchObject({ principalType: 'api_key', id: 'automation.role:4:assign:api_key:terraform' });
    expect(new Set(p.cloudAssignments.map((a) => a.role)).size).toBe(5);
    const d = p.denies.find((x) => x.name === 'prod_security_platform_only')!;
    expect(d).toMatchObject({ forUser: 'jamal@acme.io', target: { kind: 'cloud', privileges: ['manage_deployment_security'], deployments: ['prod-eu', 'prod-us'] } });
    expect(d.overlapping).toEqual(['manage_deployment_security']);
  });
});

describe('determinism and roots', () => {
  it('same input → byte-identical IR JSON, whatever the file order', async () => {
    const a = await loadPolicySet(['policies/observability']);
    const b = await loadPolicySet(['policies/observability']);
    expect(JSON.stringify(a.ir)).toBe(JSON.stringify(b.ir));
    const files = [
      { path: 'x.role', text: 'role x includes y { cluster monitor }' },
      { path: 'y.role', text: 'role y { index "a-*" privileges read }\nuser "u" roles x' },
    ];
    const one = checkSources(files);
    const two = checkSources([...files].reverse());
    expect(JSON.stringify(one.ir)).toBe(JSON.stringify(two.ir));
  });

  it('the IR is plain JSON (round-trips without loss: no undefined, no functions, no classes)', async () => {
    for (const set of SETS) {
      const p = await ir(set);
      expect(JSON.parse(JSON.stringify(p))).toStrictEqual(p);
    }
  });

  it('rule ids use paths relative to the policy-set root', async () => {
    const r = await loadPolicySet(['policies/abac-programs/roles.role', 'policies/abac-programs/schema.role']);
    expect(r.ir!.roles.find((x) => x.name === 'program_reader')!.id).toBe('roles.role:4:program_reader');
  });

  it('bad paths are PolicyPathErrors', async () => {
    await expect(loadPolicySet(['no/such/dir'])).rejects.toBeInstanceOf(PolicyPathError);
    await expect(loadPolicySet(['package.json'])).rejects.toThrow(/not a \.role file/);
    await expect(discoverPolicySets(['src/cli'])).rejects.toThrow(/no \.role files/);
  });
});
