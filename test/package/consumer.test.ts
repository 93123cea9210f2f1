/**
 * The package as a new user gets it: `npm pack`, install the tarball into an empty
 * project (dependencies from the registry / npm's cache), and use it only through its
 * public entry points —
 *   (a) `npx rolec build` + `npx rolec test` on a copied example set and its fixtures;
 *   (b) README's Node embedding snippet, verbatim, decides every fixture on both engines;
 *   (c) a TypeScript consumer type-checks against the shipped .d.ts, and wrong calls and
 *       deep imports fail to type-check;
 *   (e) README's `rolec` and `rolec/regowasm` snippets, verbatim: the library builds the
 *       same files as the CLI, and the Rego → Wasm output evaluates in opa-wasm;
 *   (d) README's browser snippet, verbatim, bundles with esbuild for the browser with no
 *       Node built-in pulled in — and the bundle, run with a fetch that serves the
 *       bundle bytes, decides every fixture on both engines.
 * Also: the tarball holds lib/ and the VM wasm, and no src/, tests, bench or fixtures.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = new URL('../../', import.meta.url).pathname;
const bin = (name: string) => join(repo, 'node_modules/.bin', name);
let work = '';
let app = '';
let tarball = '';

type Case = { name: string; request: unknown; expect: 'allow' | 'deny' };
const cases = (parse(readFileSync(join(repo, 'fixtures/observability.yaml'), 'utf8')) as { cases: Case[] }).cases;

/** The ```js block that follows the README paragraph naming `file`. */
function readmeSnippet(file: string): string {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const at = readme.indexOf(`(\`${file}\``);
  if (at < 0) throw new Error(`README.md has no snippet introduced by (\`${file}\`)`);
  const m = /```js\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!m) throw new Error(`README.md: no js block after ${file}`);
  return m[1]!;
}

/** Runs a command without blocking the test worker (vitest's RPC needs its event loop). */
function run(cmd: string, args: string[], cwd: string): Promise<{ code: number | null; out: string; stdout: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}`, stdout });
    });
  });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'rolec-consumer-'));
  // lib/ and the VM are current (global setup, npm ci); pack them without rebuilding.
  const pack = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], repo);
  if (pack.code !== 0) throw new Error(`npm pack failed:\n${pack.out}`);
  const packed = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, packed[0]!.filename);
  writeFileSync(join(work, 'files.json'), JSON.stringify(packed[0]!.files.map((f) => f.path)));
  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], app);
  if (install.code !== 0) throw new Error(`npm install of the tarball failed:\n${install.out}`);
  cpSync(join(repo, 'policies/observability'), join(app, 'policies/observability'), { recursive: true });
  cpSync(join(repo, 'fixtures/observability.yaml'), join(app, 'fixtures/observability.yaml'));
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('ships lib/ with types and the VM wasm, and no sources, tests, bench or fixtures', () => {
    const files = JSON.parse(readFileSync(join(work, 'files.json'), 'utf8')) as string[];
    expect(files).toContain('build/regowasm/vm.wasm');
    expect(files).toContain('lib/runtime/index.js');
    expect(files).toContain('lib/runtime/index.d.ts');
    expect(files).toContain('bin/rolec.js');
    expect(files.filter((f) => /^(src|test|bench|fixtures|policies|scripts)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('(a) npx rolec build and npx rolec test pass on a copied example set', async () => {
    const build = await run('npx', ['--no-install', 'rolec', 'build', 'policies/observability', '--out', 'dist/observability'], app);
    expect(build.code, build.out).toBe(0);
    const test = await run('npx', ['--no-install', 'rolec', 'test', 'fixtures/observability.yaml'], app);
    expect(test.code, test.out).toBe(0);
    expect(test.out).toMatch(/0 failed/);
  });

  it("(b) README's Node snippet decides every fixture on both engines", async () => {
    writeFileSync(join(app, 'decide.mjs'), readmeSnippet('decide.mjs'));
    writeFileSync(join(app, 'requests.json'), JSON.stringify(cases.map((c) => c.request)));
    for (const engine of ['cedar', 'rego']) {
      const r = await run(process.execPath, ['decide.mjs', 'dist/observability', engine, 'requests.json'], app);
      expect(r.code, r.out).toBe(0);
      const decisions = r.stdout.trim().split('\n').map((line) => line.split(' ')[0]);
      expect(decisions).toEqual(cases.map((c) => c.expect));
    }
  });

  it('(c) a TypeScript consumer type-checks against the shipped .d.ts; wrong calls and deep imports do not', async () => {
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, lib: ['ES2022', 'DOM'], types: [] } }));
    writeFileSync(join(app, 'good.ts'), `
import { createAuthorizer, InvalidRequestError, type Authorizer, type Decision } from 'rolec/runtime';
import { loadAuthorizer } from 'rolec/runtime/node';
import { checkSources, compilePolicySet, type Diagnostic } from 'rolec';
import { compileRegoToWasm } from 'rolec/regowasm';

export async function demo(bytes: Uint8Array): Promise<Decision> {
  const a: Authorizer = await createAuthorizer(bytes, { engine: 'cedar' });
  const b = await loadAuthorizer('dist/observability', { engine: 'rego' });
  const diags: Diagnostic[] = checkSources([{ path: 'a.role', text: '' }]).diagnostics;
  const built = await compilePolicySet([{ path: 'a.role', text: '' }]);
  const files: Record<string, Uint8Array> | undefined = built.ok ? built.files : undefined;
  const wasm: Uint8Array | undefined = compileRegoToWasm({ modules: [], entrypoints: ['x/y'] }).wasm;
  void diags; void files; void wasm; void InvalidRequestError;
  return b.allowed({}) ? a.decide({}) : b.decide({});
}
`);
    const good = await run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', '.'], app);
    expect(good.code, good.out).toBe(0);
    const wrongCases: Record<string, RegExp> = {
      "import { createAuthorizer } from 'rolec/runtime';\nexport const p = createAuthorizer(new Uint8Array(), { engine: 'opa' });\n": /Type '"opa"' is not assignable/,
      "import { loadAuthorizer } from 'rolec/runtime/node';\nexport const d: string = (await loadAuthorizer('x', { engine: 'rego' })).decide({});\n": /not assignable to type 'string'/,
      "import { loadAuthorizer } from 'rolec/lib/runtime/node.js';\nexport { loadAuthorizer };\n": /Cannot find module 'rolec\/lib\/runtime\/node\.js'|not exported|TS2307/,
    };
    // One tsc run over all the wrong files: each must report its own error.
    rmSync(join(app, 'good.ts'));
    Object.keys(wrongCases).forEach((source, i) => writeFileSync(join(app, `wrong${i}.ts`), source));
    const r = await run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', '.'], app);
    expect(r.code).not.toBe(0);
    Object.entries(wrongCases).forEach(([source, error], i) => {
      const own = r.out.split('\n').filter((line) => line.startsWith(`wrong${i}.ts`)).join('\n');
      expect(own, source).toMatch(error);
    });
    Object.keys(wrongCases).forEach((_, i) => rmSync(join(app, `wrong${i}.ts`)));
  });

  it("(d) README's browser snippet bundles for the browser without Node built-ins, and the bundle decides", async () => {
    writeFileSync(join(app, 'browser.mjs'), readmeSnippet('browser.mjs'));
    const r = await run(bin('esbuild'), ['browser.mjs', '--bundle', '--platform=browser', '--format=esm', '--outfile=out/browser.js', '--metafile=out/meta.json', '--log-level=warning'], app);
    expect(r.code, r.out).toBe(0);
    const meta = JSON.parse(readFileSync(join(app, 'out/meta.json'), 'utf8')) as { inputs: Record<string, { imports: { path: string; external?: boolean }[] }> };
    const nodeImports = Object.values(meta.inputs).flatMap((i) => i.imports).filter((i) => i.path.startsWith('node:') || i.external);
    expect(nodeImports).toEqual([]);
    expect(Object.keys(meta.inputs).some((p) => p.includes('cedar-wasm/web/'))).toBe(true);
    // Run the browser bundle (in Node) with a fetch that serves what a web server would.
    await run('tar', ['-czf', 'observability.tgz', '-C', 'dist/observability', '.'], app);
    writeFileSync(join(app, 'requests.json'), JSON.stringify(cases.map((c) => c.request)));
    writeFileSync(join(app, 'run-browser-bundle.mjs'), `
import { readFileSync } from 'node:fs';
const served = {
  '/bundles/observability.tgz': readFileSync('observability.tgz'),
  'cedar_wasm_bg.wasm': readFileSync('node_modules/@cedar-policy/cedar-wasm/web/cedar_wasm_bg.wasm'),
};
globalThis.fetch = async (url) => {
  const key = Object.keys(served).find((k) => String(url).endsWith(k));
  if (!key) return new Response('not found', { status: 404 });
  return new Response(served[key], { headers: { 'content-type': key.endsWith('.wasm') ? 'application/wasm' : 'application/gzip' } });
};
const { decideOnBoth } = await import('./out/browser.js');
for (const request of JSON.parse(readFileSync('requests.json', 'utf8'))) {
  const { rego, cedar } = decideOnBoth(request);
  console.log(rego.decision, cedar.decision);
}
`);
    const ran = await run(process.execPath, ['run-browser-bundle.mjs'], app);
    expect(ran.code, ran.out).toBe(0);
    expect(ran.stdout.trim().split('\n')).toEqual(cases.map((c) => `${c.expect} ${c.expect}`));
  });
  it("(e) README's compiler and Rego → Wasm snippets: the library builds what the CLI builds, and policy.wasm evaluates", async () => {
    writeFileSync(join(app, 'compile.mjs'), readmeSnippet('compile.mjs'));
    const compiled = await run(process.execPath, ['compile.mjs', 'policies/observability', 'lib-out/observability'], app);
    expect(compiled.code, compiled.out).toBe(0);
    const cli = await run('npx', ['--no-install', 'rolec', 'build', 'policies/observability', '--out', 'cli-out/observability', '--target', 'cedar,rego'], app);
    expect(cli.code, cli.out).toBe(0);
    for (const file of ['cedar/policies.cedar', 'rego/policy.wasm', 'rego/bundle.tar.gz', 'manifest.json', 'request.schema.json']) {
      expect(readFileSync(join(app, 'lib-out/observability', file)).equals(readFileSync(join(app, 'cli-out/observability', file))), file).toBe(true);
    }
    writeFileSync(join(app, 'regowasm.mjs'), readmeSnippet('regowasm.mjs'));
    const wasm = await run(process.execPath, ['regowasm.mjs'], app);
    expect(wasm.code, wasm.out).toBe(0);
    writeFileSync(join(app, 'eval-wasm.cjs'), `
const { loadPolicySync } = require('@open-policy-agent/opa-wasm');
const policy = loadPolicySync(require('node:fs').readFileSync('policy.wasm'));
console.log(JSON.stringify([policy.evaluate({ user: 'alice' }), policy.evaluate({ user: 'bob' })]));
`);
    const evaluated = await run(process.execPath, ['eval-wasm.cjs'], app);
    expect(evaluated.code, evaluated.out).toBe(0);
    expect(JSON.parse(evaluated.stdout)).toEqual([[{ result: true }], []]);
  });
});
