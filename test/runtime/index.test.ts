import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { EngineFailure, InvalidRequestError, authorizer, loadAuthorizer } from '../../src/runtime/index.ts';
import type { Engine } from '../../src/engines/decision.ts';

// Builds the observability example with the real CLI, then loads it the way an
// embedding application would: from the directory, on each engine.
const repo = new URL('../../', import.meta.url).pathname;
let dist = '';
type Case = { name: string; request: unknown; expect: 'allow' | 'deny' };
const cases = (parse(readFileSync(join(repo, 'fixtures/observability.yaml'), 'utf8')) as { cases: Case[] }).cases;

beforeAll(() => {
  dist = mkdtempSync(join(tmpdir(), 'rolec-runtime-'));
  execFileSync(process.execPath, [join(repo, 'bin/rolec.js'), 'build', join(repo, 'policies/observability'), '--out', dist], { stdio: 'pipe' });
});

describe('loadAuthorizer', () => {
  for (const engine of ['cedar', 'rego'] as const) {
    it(`answers the observability fixtures from a built directory on ${engine}`, () => {
      const authz = loadAuthorizer(dist, { engine });
      expect(authz.engine).toBe(engine);
      expect(cases.length).toBeGreaterThanOrEqual(30);
      for (const c of cases) expect(authz.allowed(c.request), c.name).toBe(c.expect === 'allow');
    });

    it(`rejects an invalid request on ${engine} with the JSON path, never a decision`, () => {
      const authz = loadAuthorizer(dist, { engine });
      const bad = structuredClone(cases[0]!.request) as { principal: { type: string } };
      bad.principal.type = 'robot';
      expect(() => authz.decide(bad)).toThrow(InvalidRequestError);
      try {
        authz.decide(bad);
      } catch (err) {
        expect((err as InvalidRequestError).issues.some((i) => i.pointer.startsWith('/principal'))).toBe(true);
      }
    });
  }

  it('says which file is missing', () => {
    expect(() => loadAuthorizer(join(dist, 'nope'), { engine: 'cedar' })).toThrow(/request\.schema\.json/);
  });
});

describe('authorizer', () => {
  it('turns an engine error into an exception, not a deny', () => {
    const failing: Engine = { name: 'rego', evaluate: () => ({ ok: false, error: { engine: 'rego', message: 'boom' } }) };
    const authz = authorizer(failing, () => []);
    expect(() => authz.allowed({})).toThrow(EngineFailure);
  });
});
