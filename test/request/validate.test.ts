import { describe, expect, it } from 'vitest';
import { requestSchema } from '../../src/request/schema.ts';
import { formatIssues, requestValidator } from '../../src/request/validate.ts';
import { ir } from '../backends/cedar/policy-set.ts';

const validate = requestValidator(requestSchema(ir));
const base = () => ({
  principal: { type: 'user', id: 'jane', attributes: { clearance: 3, department: 'sales', programs: ['a'] } },
  action: 'read',
  resource: { type: 'document', index: 'logs-1', attributes: { department: 'sales', level: 2, programs: [] } },
  context: { mfa: true, source_ip: '10.1.2.3' },
});
const problems = (mutate: (r: ReturnType<typeof base>) => void) => {
  const r = base();
  mutate(r);
  return formatIssues(validate(r));
};

describe('request validation', () => {
  it('accepts a valid request', () => {
    expect(validate(base())).toEqual([]);
  });
  it('names the offending path and the problem', () => {
    expect(problems((r) => ((r.principal.attributes as Record<string, unknown>).clearance = '3'))).toBe('/principal/attributes/clearance: must be integer');
    expect(problems((r) => ((r.principal.attributes as Record<string, unknown>).clearance = 2 ** 53))).toBe(
      '/principal/attributes/clearance: must be <= 9007199254740991',
    );
    expect(problems((r) => ((r.principal.attributes as Record<string, unknown>).clearance = 1.5))).toBe('/principal/attributes/clearance: must be integer');
    expect(problems((r) => (r.context.source_ip = '10.1.2'))).toBe('/context/source_ip: must be an IPv4 or IPv6 address');
    expect(problems((r) => (r.context.source_ip = '2001:db8::1'))).toBe('');
    expect(problems((r) => delete (r.principal.attributes as Record<string, unknown>).department)).toBe('/principal/attributes/department: is required');
    expect(problems((r) => ((r.principal.attributes as Record<string, unknown>).departmnet = 'x'))).toBe('/principal/attributes/departmnet: is not allowed here');
    expect(problems((r) => (r.principal.attributes.programs = ['a', 'a']))).toMatch(/^\/principal\/attributes\/programs: must NOT have duplicate items/);
  });
  it('requires document attributes on documents, only optionally on fields', () => {
    expect(problems((r) => delete (r.resource as Record<string, unknown>).attributes)).toBe('/resource/attributes: is required');
    expect(problems((r) => Object.assign(r.resource, { type: 'field', field: 'message' }))).toBe('');
    expect(problems((r) => delete ((r.resource.attributes as Record<string, unknown>).level))).toBe('/resource/attributes/level: is required');
  });
  it('checks resource fields per type', () => {
    expect(problems((r) => (r.resource = { type: 'cluster', index: 'x' } as never))).toMatch(/\/resource\/index: is not allowed for this resource type/);
    expect(problems((r) => (r.resource = { type: 'organization', deployment: 'd' } as never))).toMatch(/\/resource\/deployment: is not allowed/);
    expect(problems((r) => ((r.resource = { type: 'deployment' } as never), (r.action = 'view_usage')))).toBe('/resource/deployment: is required');
  });
  it('constrains the action to the family of the resource type', () => {
    expect(problems((r) => ((r.resource = { type: 'cluster' } as never), (r.action = 'read')))).toMatch(/^\/action: must be equal to one of the allowed values/);
    expect(problems((r) => ((r.resource = { type: 'cluster' } as never), (r.action = 'monitor')))).toBe('');
    expect(problems((r) => ((r.resource = { type: 'user', name: 'bob' } as never), (r.action = 'read')))).toMatch(/^\/action: must be equal to constant/);
    expect(problems((r) => ((r.resource = { type: 'organization' } as never), (r.action = 'view_usage')))).toMatch(/^\/action: must be one of/);
    expect(problems((r) => ((r.resource = { type: 'organization' } as never), (r.action = 'manage_billing')))).toBe('');
    expect(problems((r) => ((r.resource = { type: 'application', application: 'kibana', resource: '*' } as never), (r.action = 'anything.goes')))).toBe('');
  });
  it('rejects unknown principal types and non-objects', () => {
    expect(problems((r) => (r.principal.type = 'service'))).toMatch(/^\/principal\/type: must be one of "user", "api_key"/);
    expect(formatIssues(validate(42))).toBe('/: must be object');
  });
});
