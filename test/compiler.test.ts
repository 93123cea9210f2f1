/**
 * The environment-neutral compiler (src/compiler.ts), on cedar-wasm's web build and the
 * Rego VM's bytes as a browser would supply them, builds exactly the files Node's
 * `rolec` entry builds — and those files decide the fixtures on both engines.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import * as cedarWeb from '@cedar-policy/cedar-wasm/web';
import { createCompiler, type CedarApi } from '../src/compiler.ts';
import { compilePolicySet } from '../src/index.ts';
import { compilerVersion } from '../src/bundle/index.ts';
import { createAuthorizer } from '../src/runtime/index.ts';
import { loadVmWasm } from '../src/regowasm/vm-file.ts';

const repo = new URL('../', import.meta.url).pathname;
const cedarWasm = readFileSync(join(dirname(createRequire(import.meta.url).resolve('@cedar-policy/cedar-wasm/nodejs')), '../web/cedar_wasm_bg.wasm'));
cedarWeb.initSync({ module: cedarWasm });

const sourcesOf = (set: string) =>
  readdirSync(join(repo, 'policies', set)).filter((f) => f.endsWith('.role')).sort().map((f) => ({ path: f, text: readFileSync(join(repo, 'policies', set, f), 'utf8') }));

describe('createCompiler (web cedar-wasm, VM bytes)', () => {
  const compiler = createCompiler({ cedar: cedarWeb as unknown as CedarApi, regoVm: loadVmWasm(), version: compilerVersion() });

  // Each set for the targets it declares in its rolec.json (all targets when it declares none).
  const targetsOf = (set: string) => {
    const file = join(repo, 'policies', set, 'rolec.json');
    return existsSync(file) ? { targets: (JSON.parse(readFileSync(file, 'utf8')) as { targets: string[] }).targets } : {};
  };
  for (const set of ['observability', 'elastic-cloud', 'abac-programs', 'es-interop']) {
    it(`${set}: the same bytes as the Node build, deciding every fixture`, async () => {
      const web = await compiler.build(sourcesOf(set), targetsOf(set));
      const node = await compilePolicySet(sourcesOf(set), targetsOf(set));
      if (!web.ok || !node.ok) throw new Error(JSON.stringify(web.ok ? node : web));
      expect(Object.keys(web.files).sort()).toEqual(Object.keys(node.files).sort());
      for (const path of Object.keys(node.files)) expect(Buffer.from(web.files[path]!).equals(Buffer.from(node.files[path]!)), path).toBe(true);
      const cases = (parse(readFileSync(join(repo, 'fixtures', `${set}.yaml`), 'utf8')) as { cases: { name: string; request: unknown; expect: string }[] }).cases;
      for (const engine of ['cedar', 'rego'] as const) {
        const authz = await createAuthorizer(web.files, { engine, cedarWasm });
        for (const c of cases) expect(authz.decide(c.request).decision, `${engine}: ${c.name}`).toBe(c.expect);
      }
    });
  }

  it('reports diagnostics as data and builds nothing for a broken source', async () => {
    const result = await compiler.build([{ path: 'a.role', text: 'role r { cluster: [nonsense] }' }]);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics[0]).toMatchObject({ severity: 'error', span: { file: 'a.role' } });
    await expect(compiler.build(sourcesOf('observability'), { targets: ['nope'] })).rejects.toThrow(/unknown target/);
  });
});
