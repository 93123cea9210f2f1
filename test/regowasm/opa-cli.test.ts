import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWasmWithOpa, compileWithOpa, findOpa, selectBackend } from '../../src/regowasm/opa-cli.ts';
import { writeFakeOpa } from './fake-opa.ts';

const dir = mkdtempSync(join(tmpdir(), 'rolec-opa-cli-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('backend selection', () => {
  it('uses the explicit choice, else ROLEC_OPA, else the builtin compiler', () => {
    expect(selectBackend('builtin', { ROLEC_OPA: '/x/opa' })).toBe('builtin');
    expect(selectBackend('opa', {})).toBe('opa');
    expect(selectBackend(undefined, { ROLEC_OPA: '/x/opa' })).toBe('opa');
    expect(selectBackend(undefined, { ROLEC_OPA: '' })).toBe('builtin');
    expect(selectBackend(undefined, {})).toBe('builtin');
  });

  it('finds opa through ROLEC_OPA or PATH', () => {
    const bin = join(dir, 'bin');
    const opa = writeFakeOpa(bin, { wasm: new Uint8Array([0]) });
    expect(findOpa({ ROLEC_OPA: opa })).toBe(opa);
    expect(findOpa({ ROLEC_OPA: join(dir, 'missing') })).toBeUndefined();
    expect(findOpa({ PATH: `/nonexistent:${bin}` })).toBe(opa);
    expect(findOpa({ PATH: '/nonexistent' })).toBeUndefined();
  });
});

describe('buildWasmWithOpa (with a fake opa that writes a bundle like `opa build`)', () => {
  it('passes entrypoints and files to `opa build -t wasm` and extracts /policy.wasm from the bundle', async () => {
    const wasm = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 42]);
    const opa = writeFakeOpa(join(dir, 'ok'), { wasm });
    const rego = join(dir, 'p.rego');
    writeFileSync(rego, 'package p\nallow := true\n');
    const result = await buildWasmWithOpa(opa, [rego], ['p/allow', 'p/deny']);
    expect(result.error).toBeUndefined();
    expect(result.wasm).toEqual(wasm);
    const args = JSON.parse(readFileSync(join(dir, 'ok', 'args.json'), 'utf8')) as string[];
    expect(args.slice(0, 7)).toEqual(['build', '-t', 'wasm', '-e', 'p/allow', '-e', 'p/deny']);
    expect(args[7]).toBe('-o');
    expect(args.slice(9)).toEqual([rego]);
  });

  it("reports opa's own error output when the build fails", async () => {
    const opa = writeFakeOpa(join(dir, 'fail'), { fail: '1 error occurred: p.rego:2: rego_parse_error: unexpected eof token' });
    const result = await buildWasmWithOpa(opa, ['p.rego'], ['p/allow']);
    expect(result.wasm).toBeUndefined();
    expect(result.error).toMatch(/exit 1[\s\S]*rego_parse_error/);
  });

  it('reports a bundle without policy.wasm', async () => {
    const opa = writeFakeOpa(join(dir, 'nowasm'), {});
    const result = await buildWasmWithOpa(opa, ['p.rego'], ['p/allow']);
    expect(result.error).toMatch(/no \/policy\.wasm/);
  });

  it('reports a missing binary without throwing', async () => {
    const result = await buildWasmWithOpa(join(dir, 'no-such-opa'), ['p.rego'], ['p/allow']);
    expect(result.wasm).toBeUndefined();
    expect(result.error).toBeDefined();
  });
});

describe('compileWithOpa (same shape as compileRegoToWasm)', () => {
  it('writes in-memory modules under their relative paths and returns the bundle wasm', async () => {
    const wasm = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 7]);
    const opa = writeFakeOpa(join(dir, 'mem'), { wasm });
    const result = await compileWithOpa(opa, {
      modules: [
        { path: 'rolec/authz/decision.rego', source: 'package rolec.authz\n' },
        { path: '../escape.rego', source: 'package x\n' },
      ],
      entrypoints: ['rolec/authz/decision'],
    });
    expect(result).toEqual({ wasm, diagnostics: [] });
    const args = JSON.parse(readFileSync(join(dir, 'mem', 'args.json'), 'utf8')) as string[];
    expect(args.slice(-2).map((f) => f.split('/').slice(-3).join('/'))).toEqual(['rolec/authz/decision.rego', expect.stringMatching(/module-1\.rego$/)]);
  });

  it('turns an opa build failure into one RG301 diagnostic', async () => {
    const opa = writeFakeOpa(join(dir, 'memfail'), { fail: 'policy.rego:3: rego_unsafe_var_error: var x is unsafe' });
    const result = await compileWithOpa(opa, { modules: [{ path: 'policy.rego', source: 'package p\n' }], entrypoints: ['p/q'] });
    expect(result.wasm).toBeUndefined();
    expect(result.diagnostics).toEqual([expect.objectContaining({ file: 'policy.rego', code: 'RG301', message: expect.stringContaining('rego_unsafe_var_error') })]);
  });
});

const realOpa = findOpa();
if (!realOpa) console.log('no OPA CLI (ROLEC_OPA unset, no opa on PATH): skipping the real `opa build` test');

describe.skipIf(!realOpa)('buildWasmWithOpa with the real OPA CLI', () => {
  it('builds a policy.wasm that opa-wasm evaluates', async () => {
    const { loadPolicy } = await import('@open-policy-agent/opa-wasm');
    const rego = join(dir, 'real.rego');
    writeFileSync(rego, 'package p\nallow if input.user == "alice"\n');
    const built = await buildWasmWithOpa(realOpa!, [rego], ['p/allow']);
    expect(built.error).toBeUndefined();
    const policy = await loadPolicy(built.wasm!);
    expect(policy.evaluate({ user: 'alice' }, 'p/allow')).toEqual([{ result: true }]);
    const again = await compileWithOpa(realOpa!, { modules: [{ path: 'real.rego', source: 'package p\nallow := 1\n' }], entrypoints: ['p/allow'] });
    expect((await loadPolicy(again.wasm!)).evaluate({}, 'p/allow')).toEqual([{ result: 1 }]);
  });
});

