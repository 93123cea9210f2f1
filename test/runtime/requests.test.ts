/**
 * The issue-17 request attacks against a loaded authorizer: a getter that answers the
 * validator one value and the engine another, a Proxy, `["__proto__", "__proto__"]` as a
 * set, and oversized requests — all refused with InvalidRequestError before any engine
 * sees them, on both engines; the plain request still decides as before.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidRequestError, loadAuthorizer, type Authorizer } from '../../src/runtime/node.ts';

const repo = new URL('../../', import.meta.url).pathname;
let dist = '';
beforeAll(() => {
  dist = mkdtempSync(join(tmpdir(), 'rolec-requests-'));
  execFileSync(process.execPath, [join(repo, 'bin/rolec.js'), 'build', join(repo, 'policies/observability'), '--out', dist, '--target', 'cedar,rego'], { stdio: 'pipe' });
});

/** Denied by classified_documents (classification 5 > clearance 2). */
const classified = () => ({
  principal: { type: 'user', id: 'jane', attributes: { department: 'sales', clearance: 2, security_attributes: [] as string[] } },
  action: 'read',
  resource: { type: 'document', index: 'logs-2026.11', attributes: { department: 'sales', classification: 5 as unknown, security_attributes: [] as string[] } },
  context: { mfa: true, source_ip: '10.1.2.3' },
});

function refused(authz: Authorizer, request: unknown, pointer: RegExp): void {
  let err: unknown;
  try {
    authz.decide(request);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InvalidRequestError);
  expect((err as InvalidRequestError).issues.map((i) => i.pointer).join(' ')).toMatch(pointer);
}

describe.each(['cedar', 'rego'] as const)('requests on %s', (engine) => {
  it('the plain request is denied; the getter version is refused and its getter never runs', async () => {
    const authz = await loadAuthorizer(dist, { engine });
    expect(authz.decide(classified())).toMatchObject({ decision: 'deny', deniedBy: ['denies.role:12:classified_documents'] });
    let reads = 0;
    const attack = classified();
    // Valid for the first reads (what validation sees), then a string (what the engine would see).
    Object.defineProperty(attack.resource.attributes, 'classification', { enumerable: true, get: () => (reads++ < 2 ? 5 : 'x') });
    refused(authz, attack, /\/resource\/attributes\/classification/);
    expect(reads).toBe(0);
  });

  it('a Proxy request is refused', async () => {
    const authz = await loadAuthorizer(dist, { engine });
    const req = classified();
    refused(authz, { ...req, resource: new Proxy(req.resource, {}) }, /\/resource/);
  });

  it('["__proto__", "__proto__"] is a duplicate in a set (ajv’s uniqueItems misses it)', async () => {
    const authz = await loadAuthorizer(dist, { engine });
    const req = JSON.parse(JSON.stringify(classified()).replace('"security_attributes":[]', '"security_attributes":["__proto__","__proto__"]')) as unknown;
    refused(authz, req, /\/principal\/attributes\/security_attributes/);
    const groups = JSON.parse(JSON.stringify({ ...classified(), principal: { ...classified().principal, groups: ['__proto__', '__proto__'] } })) as unknown;
    refused(authz, groups, /\/principal\/groups/);
  });

  it('limits: configurable, enforced before validation', async () => {
    const big = { ...classified(), principal: { ...classified().principal, groups: Array.from({ length: 5_000 }, (_, i) => `g${i}`) } };
    refused(await loadAuthorizer(dist, { engine }), big, /\/principal\/groups/);
    expect((await loadAuthorizer(dist, { engine, limits: { maxArrayLength: 10_000 } })).decide(big).decision).toBe('deny');
    refused(await loadAuthorizer(dist, { engine, limits: { maxBytes: 200 } }), classified(), /.*/);
  });
});
