/**
 * The embedding API as an application uses it: build the observability example with the
 * real CLI, then load it — from the directory (rolec/runtime/node), and from bytes
 * (rolec/runtime: a Map, a record, the directory as .tar.gz, Rego's own OPA bundle) — on
 * each engine, and decide every fixture case.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { createTar } from 'nanotar';
import { gzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { BundleFormatError, EngineFailure, InvalidRequestError, authorizer, createAuthorizer } from '../../src/runtime/index.ts';
import { loadAuthorizer, createAuthorizer as createNodeAuthorizer } from '../../src/runtime/node.ts';
import type { Engine } from '../../src/engines/decision.ts';

const repo = new URL('../../', import.meta.url).pathname;
let dist = '';
type Case = { name: string; request: unknown; expect: 'allow' | 'deny' };
const cases = (parse(readFileSync(join(repo, 'fixtures/observability.yaml'), 'utf8')) as { cases: Case[] }).cases;

// cedar-wasm's web build, initialised from bytes (Node's fetch cannot read file: URLs).
const cedarWasm = readFileSync(join(dirname(createRequire(import.meta.url).resolve('@cedar-policy/cedar-wasm/nodejs')), '../web/cedar_wasm_bg.wasm'));

function files(dir: string, paths: string[]): Map<string, Uint8Array> {
  return new Map(paths.map((p) => [p, new Uint8Array(readFileSync(join(dir, p)))]));
}
const SET_FILES = ['request.schema.json', 'manifest.json', 'cedar/policies.cedar', 'cedar/schema.cedarschema.json', 'cedar/entities.json', 'rego/policy.wasm', 'rego/data.json', 'rego/.manifest'];

beforeAll(() => {
  dist = mkdtempSync(join(tmpdir(), 'rolec-runtime-'));
  execFileSync(process.execPath, [join(repo, 'bin/rolec.js'), 'build', join(repo, 'policies/observability'), '--out', dist], { stdio: 'pipe' });
});

function expectFixtures(authz: { allowed(r: unknown): boolean }) {
  expect(cases.length).toBeGreaterThanOrEqual(30);
  for (const c of cases) expect(authz.allowed(c.request), c.name).toBe(c.expect === 'allow');
}

describe('rolec/runtime/node: loadAuthorizer', () => {
  for (const engine of ['cedar', 'rego'] as const) {
    it(`answers the observability fixtures from a built directory on ${engine}`, async () => {
      const authz = await loadAuthorizer(dist, { engine });
      expect(authz.engine).toBe(engine);
      expectFixtures(authz);
    });

    it(`rejects an invalid request on ${engine} with the JSON path, never a decision`, async () => {
      const authz = await loadAuthorizer(dist, { engine });
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

  it('says what cannot be read', async () => {
    await expect(loadAuthorizer(join(dist, 'nope'), { engine: 'cedar' })).rejects.toThrow(/cannot read the bundle directory .*nope: ENOENT/);
    await expect(loadAuthorizer(join(dist, 'cedar'), { engine: 'cedar' })).rejects.toThrow(/manifest\.json is missing/);
  });

  it('refuses an unknown engine name', async () => {
    await expect(loadAuthorizer(dist, { engine: 'opa' as 'rego' })).rejects.toThrow(TypeError);
  });
});

describe('rolec/runtime: createAuthorizer from bytes', () => {
  for (const engine of ['cedar', 'rego'] as const) {
    it(`decides from a Map of the policy set's files on ${engine} (web build of cedar-wasm)`, async () => {
      expectFixtures(await createAuthorizer(files(dist, SET_FILES), { engine, cedarWasm }));
    });

    it(`decides from the policy-set directory as .tar.gz on ${engine}`, async () => {
      const tar = createTar(SET_FILES.map((p) => ({ name: `./${p}`, data: readFileSync(join(dist, p)) })), { attrs: { mtime: 0 } });
      expectFixtures(await createAuthorizer(gzipSync(tar), { engine, cedarWasm }));
    });

    it(`decides the same through rolec/runtime/node from a record on ${engine}`, async () => {
      expectFixtures(await createNodeAuthorizer(Object.fromEntries(files(dist, SET_FILES)), { engine }));
    });
  }

  it("loads Rego's own OPA bundle.tar.gz given the request schema", async () => {
    const schema = JSON.parse(readFileSync(join(dist, 'request.schema.json'), 'utf8')) as object;
    expectFixtures(await createAuthorizer(readFileSync(join(dist, 'rego/bundle.tar.gz')), { engine: 'rego', requestSchema: schema }));
    await expect(createAuthorizer(readFileSync(join(dist, 'rego/bundle.tar.gz')), { engine: 'rego' })).rejects.toThrow(/requestSchema/);
  });

  it('refuses bytes that are not a .tar.gz, and unsafe paths', async () => {
    await expect(createAuthorizer(new Uint8Array([1, 2, 3]), { engine: 'rego' })).rejects.toThrow(BundleFormatError);
    await expect(createAuthorizer({ '../request.schema.json': '{}' }, { engine: 'rego' })).rejects.toThrow(/not a plain relative path/);
  });
});

describe('authorizer', () => {
  it('turns an engine error into an exception, not a deny', () => {
    const failing: Engine = { name: 'rego', evaluate: () => ({ ok: false, error: { engine: 'rego', message: 'boom' } }) };
    const authz = authorizer(failing, () => []);
    expect(() => authz.allowed({})).toThrow(EngineFailure);
  });
});
