import { describe, expect, it } from 'vitest';
import { toRegoInput } from '../../../src/backends/rego/adapter.ts';

describe('request → Rego input', () => {
  it('defaults lists and objects to empty and keeps absent optionals absent', () => {
    const input = toRegoInput({ principal: { type: 'user', id: 'jane' }, action: 'monitor', resource: { type: 'cluster' } });
    expect(input).toEqual({
      principal: { type: 'user', id: 'jane', groups: [], roles: [], attributes: {} },
      action: 'monitor',
      resource: { type: 'cluster' },
      context: {},
    });
    expect('realm' in input.principal).toBe(false);
  });

  it('carries document attributes only where a request can name a document', () => {
    const attributes = { owner: 'x' };
    const doc = toRegoInput({ principal: { type: 'user', id: 'a' }, action: 'read', resource: { type: 'document', index: 'i', attributes } });
    expect(doc.resource).toEqual({ type: 'document', index: 'i', attributes });
    const field = toRegoInput({ principal: { type: 'user', id: 'a' }, action: 'read', resource: { type: 'field', index: 'i', field: 'f.g' } });
    expect(field.resource).toEqual({ type: 'field', index: 'i', field: 'f.g' });
    const idx = toRegoInput({ principal: { type: 'user', id: 'a' }, action: 'read', resource: { type: 'index', index: 'i', attributes } });
    expect(idx.resource).toEqual({ type: 'index', index: 'i' });
  });

  it('passes every resource member and the realm through unchanged', () => {
    const input = toRegoInput({
      principal: { type: 'api_key', id: 'k', realm: 'r', groups: ['g'], roles: ['viewer'], attributes: { n: 1 } },
      action: 'feature_discover.read',
      resource: { type: 'application', application: 'kibana-.kibana', resource: 'space:x', deployment: 'd' },
      context: { mfa: true },
    });
    expect(input).toEqual({
      principal: { type: 'api_key', id: 'k', realm: 'r', groups: ['g'], roles: ['viewer'], attributes: { n: 1 } },
      action: 'feature_discover.read',
      resource: { type: 'application', application: 'kibana-.kibana', resource: 'space:x', deployment: 'd' },
      context: { mfa: true },
    });
  });
});

describe('validated adapter', () => {
  it('rejects a request that does not fit the policy set schema, naming the JSON path', async () => {
    const { regoInputAdapter } = await import('../../../src/backends/rego/adapter.ts');
    const { policySet } = await import('./ir-builders.ts');
    const adapt = regoInputAdapter(policySet({ roles: [], schema: { user: [{ name: 'level', type: 'Long', optional: false }], document: [], context: [] } }));
    const bad = adapt({ principal: { type: 'user', id: 'a', attributes: { level: 'high' } }, action: 'monitor', resource: { type: 'cluster' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((i) => i.pointer)).toContain('/principal/attributes/level');
    const good = adapt({ principal: { type: 'user', id: 'a', attributes: { level: 2 } }, action: 'monitor', resource: { type: 'cluster' } });
    expect(good).toEqual({ ok: true, input: { principal: { type: 'user', id: 'a', groups: [], roles: [], attributes: { level: 2 } }, action: 'monitor', resource: { type: 'cluster' }, context: {} } });
  });
});
