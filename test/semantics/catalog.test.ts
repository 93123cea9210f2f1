import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CatalogError, catalogFromData, loadCatalog } from '../../src/semantics/catalog/index.ts';
import type { PrivilegeFamily } from '../../src/semantics/ir.ts';

const cat = loadCatalog();
const implies = (f: PrivilegeFamily, a: string, b: string) => cat.closure(f, a).includes(b);

// Every containment line of elastic-privileges.md, transcribed independently of the JSON.
const CLUSTER: [string, string[]][] = [
  ['all', ['manage']],
  ['manage', ['monitor']],
  ['monitor', ['transport_client', 'monitor_ml', 'monitor_transform', 'monitor_watcher', 'monitor_rollup', 'monitor_text_structure', 'monitor_inference']],
  ['manage', ['manage_ml', 'manage_transform', 'manage_watcher', 'manage_rollup', 'manage_enrich', 'manage_inference', 'manage_ilm', 'manage_slm', 'manage_pipeline', 'create_snapshot']],
  ['manage_ml', ['monitor_ml']],
  ['manage_transform', ['monitor_transform']],
  ['manage_watcher', ['monitor_watcher']],
  ['manage_rollup', ['monitor_rollup']],
  ['manage_enrich', ['monitor_enrich']],
  ['manage_inference', ['monitor_inference']],
  ['manage_ilm', ['read_ilm']],
  ['manage_slm', ['read_slm']],
  ['manage_pipeline', ['read_pipeline']],
  ['create_snapshot', ['monitor_snapshot']],
  ['manage', ['manage_index_templates', 'cancel_task', 'manage_autoscaling', 'manage_logstash_pipelines']],
  ['all', ['manage_security']],
  ['manage_security', ['read_security', 'manage_api_key', 'manage_token', 'manage_oidc', 'manage_service_account', 'manage_user_profile']],
  ['manage_api_key', ['manage_own_api_key', 'grant_api_key']],
  ['all', ['manage_ccr', 'manage_saml', 'delegate_pki']],
  ['manage_ccr', ['read_ccr']],
];
const INDEX: [string, string[]][] = [
  ['all', ['manage', 'write', 'read', 'read_cross_cluster']],
  ['manage', ['monitor', 'view_index_metadata', 'create_index', 'delete_index', 'maintenance', 'manage_ilm', 'manage_data_stream_lifecycle', 'manage_follow_index', 'manage_leader_index', 'auto_configure']],
  ['write', ['index', 'delete']],
  ['index', ['create']],
  ['create', ['create_doc']],
];
const CLOUD: [string, string[]][] = [
  ['manage_organization', ['manage_members']],
  ['manage_deployment', ['view_deployment']],
];

describe('privilege catalog', () => {
  it.each([...CLUSTER.map((x) => ['cluster', ...x] as const), ...INDEX.map((x) => ['index', ...x] as const), ...CLOUD.map((x) => ['cloud', ...x] as const)])(
    '%s %s implies %j',
    (family, a, bs) => {
      for (const b of bs) expect(implies(family as PrivilegeFamily, a, b), `${a} ⊇ ${b}`).toBe(true);
    },
  );

  it('is transitive (all ⊇ manage ⊇ monitor ⊇ monitor_ml; index all ⊇ create_doc)', () => {
    expect(implies('cluster', 'all', 'monitor_ml')).toBe(true);
    expect(implies('cluster', 'all', 'grant_api_key')).toBe(true);
    expect(implies('index', 'all', 'create_doc')).toBe(true);
    expect(implies('index', 'write', 'create_doc')).toBe(true);
  });

  it.each([
    ['cluster', 'manage', 'manage_security'],
    ['cluster', 'manage', 'manage_ccr'],
    ['cluster', 'manage', 'read_ccr'],
    ['cluster', 'manage', 'manage_saml'],
    ['cluster', 'manage_security', 'manage_saml'],
    ['cluster', 'manage_security', 'delegate_pki'],
    ['cluster', 'monitor', 'monitor_enrich'],
    ['cluster', 'monitor', 'monitor_snapshot'],
    ['cluster', 'monitor_ml', 'manage_ml'],
    ['cluster', 'none', 'monitor'],
    ['index', 'read', 'read_cross_cluster'],
    ['index', 'manage', 'read'],
    ['index', 'write', 'read'],
    ['index', 'index', 'delete'],
    ['index', 'delete', 'index'],
    ['index', 'manage', 'write'],
    ['index', 'create_doc', 'create'],
    ['cloud', 'manage_organization', 'manage_billing'],
    ['cloud', 'manage_deployment', 'manage_deployment_security'],
  ])('%s %s does not imply %s', (family, a, b) => {
    expect(implies(family as PrivilegeFamily, a, b)).toBe(false);
  });

  it('has every privilege named in the spec, each implying itself, sorted', () => {
    const names = (f: PrivilegeFamily) => cat.ir[f].map((p) => p.name);
    expect(names('cluster')).toHaveLength(43);
    expect(names('index')).toHaveLength(20);
    expect(names('cloud').sort()).toEqual(
      ['create_deployment', 'manage_billing', 'manage_deployment', 'manage_deployment_security', 'manage_members', 'manage_organization', 'view_deployment', 'view_usage'],
    );
    for (const f of ['cluster', 'index', 'cloud'] as const) {
      expect(names(f)).toEqual([...names(f)].sort());
      for (const p of cat.ir[f]) {
        expect(p.implies).toContain(p.name);
        expect(p.implies).toEqual([...p.implies].sort());
      }
    }
    expect(cat.closure('cluster', 'none')).toEqual(['none']);
  });

  it('resolves the manage_ingest_pipelines alias and keeps families apart', () => {
    expect(cat.resolve('cluster', 'manage_ingest_pipelines')).toBe('manage_pipeline');
    expect(cat.resolve('index', 'manage_security')).toBeUndefined();
    expect(cat.familiesOf('view_index_metadata')).toEqual(['index']);
    expect(cat.familiesOf('manage_ilm')).toEqual(['cluster', 'index']);
  });

  it('gives cloud privileges their target', () => {
    const t = Object.fromEntries(cat.ir.cloud.map((p) => [p.name, p.target]));
    expect(t).toMatchObject({ manage_organization: 'organization', manage_members: 'organization', manage_billing: 'organization', create_deployment: 'organization' });
    expect(t).toMatchObject({ manage_deployment: 'deployment', view_deployment: 'deployment', manage_deployment_security: 'deployment', view_usage: 'deployment' });
  });

  it('holds the cloud role table of elastic-privileges.md', () => {
    const r = Object.fromEntries(cat.cloudRoles.map((c) => [c.name, c]));
    expect(r['cloud.organization_owner']).toMatchObject({ signInRole: 'superuser', allowedScopes: ['organization'] });
    expect(r['cloud.organization_owner']!.organizationPrivileges).toEqual(['create_deployment', 'manage_billing', 'manage_members', 'manage_organization']);
    expect(r['cloud.billing_admin']).toMatchObject({ organizationPrivileges: ['manage_billing'], deploymentPrivileges: [], allowedScopes: ['organization'] });
    expect(r['cloud.billing_admin']!.signInRole).toBeUndefined();
    expect(r['cloud.admin']).toMatchObject({ organizationPrivilegesWhenAllDeployments: ['create_deployment'], signInRole: 'superuser' });
    expect(r['cloud.admin']!.deploymentPrivileges).toEqual(expect.arrayContaining(['manage_deployment', 'manage_deployment_security', 'view_usage']));
    expect(r['cloud.editor']!.deploymentPrivileges).not.toContain('manage_deployment_security');
    expect(r['cloud.editor']).toMatchObject({ signInRole: 'editor', organizationPrivileges: [], organizationPrivilegesWhenAllDeployments: [] });
    expect(r['cloud.viewer']).toMatchObject({ signInRole: 'viewer', deploymentPrivileges: ['view_deployment', 'view_usage'] });
    for (const n of ['cloud.admin', 'cloud.editor', 'cloud.viewer']) expect(r[n]!.allowedScopes).toEqual(['all_deployments', 'deployments']);
  });

  it('holds the built-in stack roles', () => {
    expect(cat.builtinRoles.map((b) => b.name).sort()).toEqual(
      ['editor', 'ingest_admin', 'kibana_admin', 'machine_learning_admin', 'machine_learning_user', 'monitoring_user', 'snapshot_user', 'superuser', 'transform_admin', 'transform_user', 'viewer'],
    );
    const viewer = cat.builtinRoles.find((b) => b.name === 'viewer')!;
    expect(viewer.indices[0]).toEqual({ names: ['*'], except: ['.*', 'ilm-history-*'], privileges: ['read', 'view_index_metadata'] });
  });
});

describe('malformed catalog data', () => {
  const read = (f: string) => JSON.parse(readFileSync(new URL(`../../src/semantics/catalog/${f}`, import.meta.url), 'utf8')) as Record<string, any>;
  const good = () => [read('privileges.json'), read('builtin-roles.json'), read('cloud-roles.json')] as const;

  it('accepts the shipped data', () => {
    const [p, b, c] = good();
    expect(() => catalogFromData(p, b, c)).not.toThrow();
  });
  it('rejects a schema violation with the JSON path', () => {
    const [p, b, c] = good();
    p.families.index.privileges[0].implies = 'manage';
    expect(() => catalogFromData(p, b, c)).toThrow(/privileges\.json at \/families\/index\/privileges\/0\/implies/);
  });
  it('rejects an implication of an unknown privilege', () => {
    const [p, b, c] = good();
    p.families.cluster.privileges[0].implies.push('manage_everything');
    expect(() => catalogFromData(p, b, c)).toThrow(CatalogError);
  });
  it('rejects an implication cycle', () => {
    const [p, b, c] = good();
    p.families.index.privileges.find((x: { name: string }) => x.name === 'create_doc').implies.push('write');
    expect(() => catalogFromData(p, b, c)).toThrow(/cycle/);
  });
  it('rejects a built-in role with an unknown privilege and a cloud role with a wrong target', () => {
    const [p, b, c] = good();
    b.roles[0].cluster = ['manage_the_world'];
    expect(() => catalogFromData(p, b, c)).toThrow(/builtin-roles\.json at \/roles\/0\/cluster\/0/);
    const [p2, b2, c2] = good();
    c2.roles[1].organizationPrivileges = ['view_usage'];
    expect(() => catalogFromData(p2, b2, c2)).toThrow(/targets deployment/);
  });
});
