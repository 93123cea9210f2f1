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
