import { describe, expect, it } from 'vitest';
import { coverage, coverageRules, exercised } from '../../src/harness/coverage.ts';
import type { Request } from '../../src/request/types.ts';
import { sampleIR } from './sample-ir.ts';
import { allow, deny, failure } from './doubles.ts';

const req = (principal: Partial<Request['principal']>, resource: Partial<Request['resource']> = {}): Request =>
  ({ principal: { type: 'user', id: 'x', ...principal }, action: 'read', resource: { type: 'index', index: 'logs-1', ...resource } }) as Request;

describe('coverage', () => {
  it('lists every user-written rule of the IR, not built-ins', () => {
    expect(coverageRules(sampleIR).map((r) => `${r.kind} ${r.id}`)).toEqual([
      'permission a.role:2:logs_reader',
      'permission a.role:3:logs_reader',
      'permission a.role:11:analyst',
      'assignment a.role:20:user:jane',
      'assignment a.role:21:group:cn=sre',
      'mapping a.role:22:admins',
      'deny a.role:30:prod_writes_need_mfa',
      'deny a.role:33:office_only',
      'cloud_assignment a.role:40:assign:user:jane',
    ]);
  });

  it('credits permissions and denies only when both engines cite them', () => {
    const a = allow('a.role:3:logs_reader');
    expect([...exercised(sampleIR, { request: req({}), cedar: a, rego: a })]).toContain('a.role:3:logs_reader');
    expect(exercised(sampleIR, { request: req({}), cedar: a, rego: failure('rego', 'x') }).size).toBe(0);
    const d = deny('a.role:30:prod_writes_need_mfa');
    expect([...exercised(sampleIR, { request: req({}), cedar: d, rego: d })]).toEqual(['a.role:30:prod_writes_need_mfa']);
  });

  it('credits the user/group holder that structurally applies, through includes', () => {
    const a = allow('a.role:3:logs_reader'); // logs_reader, included by analyst (held by jane)
    expect([...exercised(sampleIR, { request: req({ id: 'jane' }), cedar: a, rego: a })].sort()).toEqual(['a.role:20:user:jane', 'a.role:3:logs_reader']);
    const g = exercised(sampleIR, { request: req({ type: 'api_key', id: 'jane', groups: ['cn=sre'] }), cedar: a, rego: a });
    expect([...g].sort()).toEqual(['a.role:21:group:cn=sre', 'a.role:3:logs_reader']);
  });

  it('credits a mapping only when nothing else can explain the active role', () => {
    const a = allow('a.role:11:analyst');
    const viaMapping = exercised(sampleIR, { request: req({ id: 'bob', realm: 'ldap1' }), cedar: a, rego: a });
    expect(viaMapping.has('a.role:22:admins')).toBe(true);
    const viaUser = exercised(sampleIR, { request: req({ id: 'jane', realm: 'ldap1' }), cedar: a, rego: a });
    expect(viaUser.has('a.role:22:admins')).toBe(false);
    const viaRequestRole = exercised(sampleIR, { request: req({ id: 'bob', roles: ['analyst'] }), cedar: a, rego: a });
    expect(viaRequestRole.has('a.role:22:admins')).toBe(false);
  });

  it('computes the percentage and lists what was not exercised', () => {
    const a = allow('a.role:3:logs_reader');
    const c = coverage(sampleIR, [{ request: req({ id: 'jane' }), cedar: a, rego: a }]);
    expect(c).toMatchObject({ total: 9, exercised: 2, percent: 22.2 });
    expect(c.unexercised.map((r) => r.id)).not.toContain('a.role:3:logs_reader');
  });
});
