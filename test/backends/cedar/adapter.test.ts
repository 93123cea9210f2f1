/** The request → Cedar adapter: entity shapes, IpAddr extension values, static closure. */
import { describe, expect, it } from 'vitest';
import { compileCedar } from '../../../src/backends/cedar/compile.ts';
import { cedarAdapter, ipAttributesOf } from '../../../src/backends/cedar/adapter.ts';
import * as S from './policy-set.ts';

const bundle = compileCedar(S.ir);
const adapter = cedarAdapter(ipAttributesOf(bundle.schema.json), bundle.entities);
/** This policy set's adapter is built without activation policies: no activation call. */
const noActivation = (): string[] => [];

describe('cedar adapter', () => {
  it('builds the principal with static roles, groups and request roles as parents', () => {
    const call = adapter.toCedar(
      S.req({ principal: { type: 'user', id: 'jane', groups: ['g1'], roles: ['viewer', 'nope'], realm: 'ldap1' }, action: 'read', resource: { type: 'index', index: 'logs-1' } }),
      noActivation,
    );
    expect(call.principal).toEqual({ type: 'User', id: 'jane' });
    const p = call.entities.find((e) => JSON.stringify(e.uid) === JSON.stringify(call.principal))!;
    expect(p.parents).toEqual([
      { type: 'Role', id: 'analyst' },
      { type: 'Role', id: 'app' },
      { type: 'Group', id: 'g1' },
      { type: 'Role', id: 'viewer' },
      { type: 'Role', id: 'nope' },
    ]);
    expect(p.attrs).toMatchObject({ id: 'jane', realm: 'ldap1', groups: ['g1'] });
    // The static closure: only entities.json's roles that have parents are sent — analyst
    // (its include edge to reader); app, viewer and reader have none, and Cedar treats an
    // entity it is not given as having no ancestors.
    const statics = call.entities.filter((e) => (e.uid as { type: string }).type === 'Role').map((e) => (e.uid as { id: string }).id).sort();
    expect(statics).toEqual(['analyst']);
  });
  it('encodes IpAddr attributes as Cedar extension values and maps the action per family', () => {
    const call = adapter.toCedar(S.req({ action: 'monitor', resource: { type: 'cluster', deployment: 'd1' } }), noActivation);
    expect(call.context).toEqual({ attributes: { mfa: false, source_ip: { __extn: { fn: 'ip', arg: '10.0.0.1' } } } });
    expect(call.action).toEqual({ type: 'Action', id: 'cluster:monitor' });
    expect(call.resource).toEqual({ type: 'Cluster', id: 'cluster' });
    expect(call.entities).toContainEqual({ uid: { type: 'Cluster', id: 'cluster' }, attrs: { deployment: 'd1' }, parents: [{ type: 'Deployment', id: 'd1' }] });
  });
  it('puts an application privilege in the context and a deployment request on its Deployment entity', () => {
    const app = adapter.toCedar(S.req({ action: 'feature_x.read', resource: { type: 'application', application: 'kibana', resource: 'space:a' } }), noActivation);
    expect(app.action).toEqual({ type: 'Action', id: 'application' });
    expect(app.context.privilege).toBe('feature_x.read');
    const dep = adapter.toCedar(S.req({ principal: { type: 'api_key', id: 'k' }, action: 'view_usage', resource: { type: 'deployment', deployment: 'prod' } }), noActivation);
    expect(dep.principal).toEqual({ type: 'ApiKey', id: 'k' });
    expect(dep.resource).toEqual({ type: 'Deployment', id: 'prod' });
    expect(dep.action).toEqual({ type: 'Action', id: 'cloud:view_usage' });
  });
});
