/**
 * The Cedar bundle decides as language.md says: every expectation below is derived by
 * hand from the spec for the policy set in ./policy-set.ts, and checked on cedar-wasm.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compileCedar, validateCedar } from '../../../src/backends/cedar/compile.ts';
import { CedarEngine } from '../../../src/engines/cedar.ts';
import { nodeCedar } from '../../../src/backends/cedar/wasm-node.ts';
import type { Request } from '../../../src/request/types.ts';
import * as S from './policy-set.ts';

let engine: CedarEngine;
beforeAll(() => {
  const bundle = compileCedar(S.ir);
  expect(validateCedar(bundle, nodeCedar)).toEqual([]);
  engine = CedarEngine.fromBundle(bundle, nodeCedar);
});

function decide(r: Request) {
  const a = engine.evaluate(r);
  if (!a.ok) throw new Error(a.error.message);
  return a.decision;
}
const allow = (r: Request, reasons?: string[]) => {
  const d = decide(r);
  expect(d.decision).toBe('allow');
  if (reasons) expect(d.reasons).toEqual([...reasons].sort());
};
const denied = (r: Request, deniedBy: string[] = []) => {
  const d = decide(r);
  expect(d).toEqual({ decision: 'deny', reasons: [], deniedBy: [...deniedBy].sort() });
};

const superuserId = S.ir.roles.find((r) => r.name === 'superuser')!.id;
const jane = { type: 'user' as const, id: 'jane' };
const sre = { type: 'user' as const, id: 'sam', groups: ['cn=sre,dc=acme'] };
const mfa = { mfa: true, source_ip: '10.0.0.1' };

describe('index, documents and fields', () => {
  it('grants a document through an included role when the document condition is true', () => {
    allow(S.req({ principal: jane, action: 'read', resource: { type: 'document', index: 'logs-1', attributes: { department: 'sales', level: 1, programs: [] } } }), [S.reader.id]);
  });
  it('denies the document when the condition is false', () => {
    denied(S.req({ principal: jane, action: 'read', resource: { type: 'document', index: 'logs-1' }, docAttrs: { department: 'hr' } }));
  });
  it('grants the index itself despite a document condition', () => {
    allow(S.req({ principal: jane, action: 'read', resource: { type: 'index', index: 'metrics-x' } }), [S.reader.id]);
  });
  it('applies FLS grant/except on dotted paths', () => {
    const field = (f: string) => S.req({ principal: sre, action: 'read', resource: { type: 'field', index: 'logs-1', field: f } });
    allow(field('user.name'));
    allow(field('credit_card'));
    denied(field('user.ssn'));
    denied(field('credit_card.number'));
  });
  it('decides field + document requests within one permission', () => {
    const r = (dept: string, f: string) =>
      S.req({ principal: sre, action: 'read', resource: { type: 'field', index: 'logs-1', field: f, attributes: { department: dept, level: 1, programs: [] } } });
    allow(r('sales', 'message'));
    denied(r('hr', 'message'));
    denied(r('sales', 'user.ssn'));
  });
  it('privilege implication: write implies index and create_doc, not read or all', () => {
    const key = { type: 'api_key' as const, id: 'jane' };
    const r = (action: string) => S.req({ principal: key, action, resource: { type: 'index', index: 'prod-1' }, context: mfa });
    allow(r('index'), [S.writer.id]);
    allow(r('create_doc'), [S.writer.id]);
    allow(r('delete'));
    denied(r('read'));
    denied(r('all'));
  });
  it('user and api_key with the same id are different principals', () => {
    denied(S.req({ principal: jane, action: 'write', resource: { type: 'index', index: 'prod-1' }, context: mfa }));
    denied(S.req({ principal: { type: 'api_key', id: 'jane' }, action: 'read', resource: { type: 'index', index: 'analytics-1' } }));
    allow(S.req({ principal: jane, action: 'write', resource: { type: 'index', index: 'analytics-1' } }), [S.analyst.id]);
  });
});

describe('names with special characters', () => {
  const r = (index: string) => S.req({ principal: sre, action: 'read', resource: { type: 'index', index } });
  it('`*` is a wildcard, `\\` and `"` match literally', () => {
    allow(r('ab\\c"d'));
    allow(r('a-XY*b\\c"d'));
    denied(r('abc"d'));
    denied(r('ab\\\\c"d'));
  });
  it('`.` matches only a dot', () => {
    allow(r('x.y'));
    denied(r('xzy'));
  });
  it('run_as patterns', () => {
    const ra = (name: string) => S.req({ principal: sre, action: 'run_as', resource: { type: 'user', name } });
    allow(ra('svc-build'));
    allow(ra('jo\\hn'));
    denied(ra('john'));
  });
});

describe('optional attributes (three-valued logic)', () => {
  const docReq = (userAttrs: Record<string, unknown>, docAttrs: Record<string, unknown>) =>
    S.req({ principal: { type: 'user', id: 'gu' }, action: 'read', resource: { type: 'document', index: 'docs-1' }, userAttrs, docAttrs });
  it('a grant reading an absent attribute does not grant', () => {
    allow(docReq({ email: 'a@x' }, { owner: 'a@x' }), [S.ownerReader.id]);
    denied(docReq({}, { owner: 'a@x' }));
    denied(docReq({ email: 'a@x' }, {}));
  });
  it('a deny reading an absent attribute fires (fails closed)', () => {
    denied(docReq({}, { department: 'drafts', owner: 'x' }), [S.notOwnDocs.id]);
    denied(docReq({ email: 'a@x' }, { department: 'drafts' }), [S.notOwnDocs.id]);
    // definitely false: owner matches → the deny does not fire
    allow(docReq({ email: 'a@x' }, { department: 'drafts', owner: 'a@x' }), [S.ownerReader.id]);
  });
  it('deny `when` an absent context attribute fires; present and false does not', () => {
    const r = (context: Record<string, unknown>) =>
      S.req({ principal: { type: 'user', id: 'u', roles: ['superuser'] }, action: 'monitor', resource: { type: 'cluster' }, context: context as never });
    denied(r({ mfa: true, source_ip: '10.0.0.1' }), [S.ticketDeny.id]);
    denied(r({ mfa: true, source_ip: '10.0.0.1', ticket: 'blocked' }), [S.ticketDeny.id]);
    allow(r({ mfa: true, source_ip: '10.0.0.1', ticket: 'T-1' }));
  });
  it('a mapping on an optional built-in property holds only when present and true', () => {
    const r = (realm?: string) =>
      S.req({ principal: { type: 'user', id: 'm', ...(realm ? { realm } : {}) }, action: 'monitor', resource: { type: 'cluster' }, context: { ...mfa, ticket: 'T' } });
    allow(r('ldap1'), [S.mapped.id]);
    denied(r('file'));
    denied(r());
  });
  it('a role-level where guards the role and what it includes', () => {
    const r = (clearance: number) => S.req({ principal: { type: 'user', id: 'gu' }, action: 'read', resource: { type: 'index', index: 'secrets-1' }, userAttrs: { clearance } });
    allow(r(3), [S.secret.id]);
    denied(r(2));
  });
});

describe('denies', () => {
  const su = { type: 'user' as const, id: 'root', roles: ['superuser'] };
  const r = (action: string, context = { mfa: false, source_ip: '10.0.0.1' }) =>
    S.req({ principal: su, action, resource: { type: 'index', index: 'prod-1' }, context });
  it('a deny on write covers what write implies and what implies write, not read', () => {
    denied(r('write'), [S.prodWrites.id]);
    denied(r('delete'), [S.prodWrites.id]);
    denied(r('all'), [S.prodWrites.id]);
    allow(r('read'));
    allow(r('write', mfa));
  });
});

describe('request roles', () => {
  const r = (roles: string[], index: string) => S.req({ principal: { type: 'user', id: 'x', roles }, action: 'read', resource: { type: 'index', index } });
  it('unknown names have no effect; built-in roles count', () => {
    denied(r(['nope'], 'logs-1'));
    denied(r(['cloud.admin'], 'logs-1'));
    allow(r(['viewer'], 'logs-1'));
    denied(r(['viewer'], '.security'));
    allow(r(['nope', 'analyst'], 'analytics-1'), [S.analyst.id]);
  });
});

describe('elastic cloud', () => {
  const cloudReq = (id: string, action: string, deployment?: string, type: 'user' | 'api_key' = 'user') =>
    S.req({ principal: { type, id }, action, resource: deployment ? { type: 'deployment', deployment } : { type: 'organization' } });
  const stack = (id: string, deployment?: string, type: 'user' | 'api_key' = 'user') =>
    S.req({ principal: { type, id }, action: 'read', resource: { type: 'index', index: 'logs-1', ...(deployment ? { deployment } : {}) } });
  it('named-deployment scope', () => {
    allow(cloudReq('alice', 'manage_deployment', 'prod-eu'), [S.alice.id]);
    allow(cloudReq('alice', 'view_usage', 'prod-eu'));
    denied(cloudReq('alice', 'manage_deployment', 'prod-us'));
    denied(cloudReq('alice', 'create_deployment'));
    allow(stack('alice', 'prod-eu'), [superuserId]);
    denied(stack('alice', 'prod-us'));
    denied(stack('alice'));
  });
  it('all deployments covers unnamed deployments; create_deployment only then', () => {
    allow(cloudReq('bob', 'view_deployment', 'never-named'), [S.bob.id]);
    denied(cloudReq('bob', 'manage_deployment', 'never-named'));
    allow(stack('bob', 'anything'));
    denied(stack('bob'));
    allow(cloudReq('carol', 'create_deployment'), [S.carol.id]);
  });
  it('api keys get cloud privileges but no sign-in role', () => {
    allow(cloudReq('tf', 'manage_deployment', 'd1', 'api_key'), [S.tf.id]);
    allow(cloudReq('tf', 'view_deployment', 'd1', 'api_key'));
    denied(stack('tf', 'd1', 'api_key'));
    denied(cloudReq('tf', 'manage_deployment', 'd1', 'user'));
  });
  it('owner and billing admin', () => {
    allow(cloudReq('owner', 'manage_members'), [S.owner.id]);
    allow(cloudReq('owner', 'manage_deployment_security', 'prod'));
    denied(cloudReq('owner', 'manage_deployment_security', 'legacy-1'), [S.legacy.id]);
    allow(cloudReq('owner', 'manage_deployment', 'legacy-1'));
    allow(stack('owner', 'x'));
    allow(cloudReq('bill', 'manage_billing'), [S.bill.id]);
    denied(cloudReq('bill', 'view_usage', 'd'));
    denied(stack('bill', 'd'));
  });
});

describe('applications', () => {
  const r = (privilege: string, resource: string) =>
    S.req({ principal: jane, action: privilege, resource: { type: 'application', application: 'kibana-.kibana', resource } });
  it('privilege patterns and resources', () => {
    allow(r('feature_discover.read', 'space:marketing'), [S.app.id]);
    denied(r('feature_discover.all', 'space:marketing'));
    denied(r('feature_discover.read', 'space:sales'));
  });
});

describe('engine errors', () => {
  it('an evaluation error is an engine error, never a deny', () => {
    // Not a valid request (document without attributes): Cedar errors on the attribute read.
    const bad: Request = { principal: { type: 'user', id: 'jane', attributes: { clearance: 1, department: 'sales', programs: [] } }, action: 'read', resource: { type: 'document', index: 'logs-1' }, context: mfa };
    const a = engine.evaluate(bad);
    expect(a.ok).toBe(false);
  });
});

describe('attribute names Cedar reserves', () => {
  it('compile, validate strictly and evaluate', async () => {
    const F = await import('./ir-fixtures.ts');
    const schema = {
      user: [
        { name: 'if', type: 'String' as const, optional: true },
        { name: 'is', type: 'Bool' as const, optional: false },
      ],
      document: [],
      context: [{ name: 'then', type: 'Long' as const, optional: false }],
    };
    const isAttr = { kind: 'attr' as const, scope: 'user' as const, name: 'is', type: 'Bool' as const, optional: false };
    const ifAttr = { kind: 'attr' as const, scope: 'user' as const, name: 'if', type: 'String' as const, optional: true };
    const thenAttr = { kind: 'attr' as const, scope: 'context' as const, name: 'then', type: 'Long' as const, optional: false };
    const r = F.role('kw', [F.cluster('monitor')], { where: F.and(F.truthy(isAttr), F.eq(ifAttr, F.str('x')), F.le(F.long(2), thenAttr)) });
    const ir = F.policySet({ roles: [r], schema });
    const bundle = compileCedar(ir);
    expect(validateCedar(bundle, nodeCedar)).toEqual([]);
    const e = CedarEngine.fromBundle(bundle, nodeCedar);
    const req = (attributes: Record<string, unknown>, then: number): Request => ({
      principal: { type: 'user', id: 'u', roles: ['kw'], attributes: attributes as never },
      action: 'monitor',
      resource: { type: 'cluster' },
      context: { then },
    });
    expect(e.evaluate(req({ is: true, if: 'x' }, 2))).toEqual({ ok: true, decision: { decision: 'allow', reasons: [r.permissions[0]!.id], deniedBy: [] } });
    expect(e.evaluate(req({ is: true }, 2))).toMatchObject({ ok: true, decision: { decision: 'deny' } });
    expect(e.evaluate(req({ is: true, if: 'x' }, 1))).toMatchObject({ ok: true, decision: { decision: 'deny' } });
  });
});
