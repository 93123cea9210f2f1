import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normaliseEntrypoint, runWasm } from '../../../src/cli/commands/wasm.ts';
import { writeFakeOpa } from '../../regowasm/fake-opa.ts';

const dir = mkdtempSync(join(tmpdir(), 'rolec-wasm-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sink() {
  const lines: string[] = [];
  return { lines, write: (s: string) => lines.push(s) };
}

const savedOpa = process.env.ROLEC_OPA;
beforeEach(() => delete process.env.ROLEC_OPA);
afterEach(() => {
  if (savedOpa === undefined) delete process.env.ROLEC_OPA;
  else process.env.ROLEC_OPA = savedOpa;
});

describe('normaliseEntrypoint', () => {
  it('accepts OPA -e paths and data refs', () => {
    expect(normaliseEntrypoint('rolec/authz/decision')).toBe('rolec/authz/decision');
    expect(normaliseEntrypoint('data.rolec.authz.decision')).toBe('rolec/authz/decision');
    expect(normaliseEntrypoint('/data/a/b')).toBe('a/b');
    expect(normaliseEntrypoint('a.b')).toBe('a/b');
    expect(normaliseEntrypoint('data')).toBeUndefined();
    expect(normaliseEntrypoint('a//b')).toBeUndefined();
    expect(normaliseEntrypoint('a[0]')).toBeUndefined();
  });
});

describe('rolec wasm usage errors', () => {
  it('exits 2 on a bad entrypoint or an unreadable file, writing nothing', async () => {
    const out = join(dir, 'none.wasm');
    const err = sink();
    expect(await runWasm([join(dir, 'p.rego')], { entrypoint: ['a[0]'], out }, err)).toBe(2);
    expect(err.lines.join('')).toMatch(/invalid entrypoint/);
    expect(await runWasm([join(dir, 'missing.rego')], { entrypoint: ['a/b'], out }, err)).toBe(2);
    expect(err.lines.join('')).toMatch(/cannot read .*missing\.rego/);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 when --rego-wasm opa is chosen and no OPA binary exists', async () => {
    process.env.ROLEC_OPA = join(dir, 'no-such-opa');
    const rego = join(dir, 'p.rego');
    writeFileSync(rego, 'package p\nallow := true\n');
    const err = sink();
    expect(await runWasm([rego], { entrypoint: ['p/allow'], out: join(dir, 'x.wasm'), regoWasm: 'opa' }, err)).toBe(2);
    expect(err.lines.join('')).toMatch(/ROLEC_OPA/);
  });
});

describe('rolec wasm --rego-wasm opa (fake opa test double)', () => {
  it('writes the policy.wasm from the OPA bundle; ROLEC_OPA alone selects the OPA route', async () => {
    const wasm = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
    process.env.ROLEC_OPA = writeFakeOpa(join(dir, 'fake'), { wasm });
    const rego = join(dir, 'p.rego');
    writeFileSync(rego, 'package p\nallow := true\n');
    const out = join(dir, 'out', 'policy.wasm');
    const err = sink();
    expect(await runWasm([rego], { entrypoint: ['data.p.allow'], out }, err)).toBe(0);
    expect(new Uint8Array(readFileSync(out))).toEqual(wasm);
    const args = JSON.parse(readFileSync(join(dir, 'fake', 'args.json'), 'utf8')) as string[];
    expect(args.slice(0, 5)).toEqual(['build', '-t', 'wasm', '-e', 'p/allow']);
  });

  it('exits 1 with OPA\'s message when opa build fails, leaving no output', async () => {
    process.env.ROLEC_OPA = writeFakeOpa(join(dir, 'failing'), { fail: 'rego_parse_error: bad' });
    const out = join(dir, 'fail.wasm');
    const err = sink();
    expect(await runWasm([join(dir, 'p.rego')], { entrypoint: ['p/allow'], out, regoWasm: 'opa' }, err)).toBe(1);
    expect(err.lines.join('')).toMatch(/rego_parse_error: bad/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('rolec wasm with the builtin compiler', () => {
  it('exits 1 with file:line:col diagnostics on a syntax error, writing nothing', async () => {
    const rego = join(dir, 'bad.rego');
    writeFileSync(rego, 'package p\n\nallow if {\n  input.x ==\n}\n');
    const out = join(dir, 'bad.wasm');
    const err = sink();
    expect(await runWasm([rego], { entrypoint: ['p/allow'], out, regoWasm: 'builtin' }, err)).toBe(1);
    expect(err.lines.join('')).toMatch(new RegExp(`${rego.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:1: error\\[RG102\\]: `));
    expect(existsSync(out)).toBe(false);
  });

  it('exits 1 on constructs outside the subset (with replacing an operator builtin)', async () => {
    // Mocking named functions and builtins is supported; operators such as plus are not.
    const rego = join(dir, 'with.rego');
    writeFileSync(rego, 'package p\n\nallow if {\n  1 + 1 == 3 with plus as fake\n}\n\nfake(_, _) := 3\n');
    const err = sink();
    expect(await runWasm([rego], { entrypoint: ['p/allow'], out: join(dir, 'with.wasm') }, err)).toBe(1);
    expect(err.lines.join('')).toMatch(/with\.rego:4:\d+: error\[RG201\]: /);
  });

  it('writes a policy.wasm that @open-policy-agent/opa-wasm loads and evaluates at the requested entrypoints', async () => {
    const { loadPolicy } = await import('@open-policy-agent/opa-wasm');
    const rego = join(dir, 'ok.rego');
    writeFileSync(rego, 'package p\n\ndefault allow := false\n\nallow if input.user == "alice"\n');
    const out = join(dir, 'ok', 'policy.wasm');
    const err = sink();
    expect(await runWasm([rego], { entrypoint: ['p/allow', 'data.p'], out }, err)).toBe(0);
    expect(err.lines).toEqual([]);
    const policy = await loadPolicy(readFileSync(out));
    expect(Object.keys(policy.entrypoints).sort()).toEqual(['p', 'p/allow']);
    expect(policy.evaluate({ user: 'alice' }, 'p/allow')).toEqual([{ result: true }]);
    expect(policy.evaluate({ user: 'bob' }, 'p/allow')).toEqual([{ result: false }]);
    expect(policy.evaluate({ user: 'bob' }, 'p')).toEqual([{ result: { allow: false } }]);
  });
});

describe('rolec wasm as a subcommand', () => {
  // One subprocess only (tsx start-up is slow on a shared machine): registration, stderr
  // diagnostics and the exit code through main(); the other paths are covered above.
  it('is registered and exits 1 with file:line:col diagnostics', async () => {
    const { spawnSync } = await import('node:child_process');
    const bin = new URL('../../../bin/rolec.js', import.meta.url).pathname;
    const bad = join(dir, 'cli-bad.rego');
    writeFileSync(bad, 'package demo\n\nallow if {\n  input.x >\n}\n');
    const out = join(dir, 'cli', 'bad.wasm');
    const r = spawnSync(process.execPath, [bin, 'wasm', bad, '-e', 'demo/allow', '-o', out], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${bad}:5:1: error[RG102]:`);
    expect(r.stderr).toContain('5 | }');
    expect(existsSync(out)).toBe(false);
  }, 30_000);
});

describe('rolec wasm --v0-compatible', () => {
  it('compiles a Rego v0 policy only with the flag; the module evaluates as OPA would', async () => {
    const rego = join(dir, 'v0.rego');
    writeFileSync(rego, 'package v0\n\ndefault allow = false\n\nallow {\n  input.user == "alice"\n}\n\ngroups[g] {\n  g := input.groups[_]\n}\n');
    const out = join(dir, 'v0.wasm');
    const err = sink();
    expect(await runWasm([rego], { entrypoint: ['v0/allow'], out }, err)).toBe(1);
    expect(err.lines.join('')).toMatch(/RG104[\s\S]*`if` keyword is required/);
    expect(existsSync(out)).toBe(false);
    expect(await runWasm([rego], { entrypoint: ['v0/allow', 'v0/groups'], out, v0Compatible: true }, sink())).toBe(0);
    const { loadPolicy } = (await import('node:module')).createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as typeof import('@open-policy-agent/opa-wasm');
    const pol = await loadPolicy(readFileSync(out));
    expect(pol.evaluate({ user: 'alice', groups: ['b', 'a', 'b'] }, 'v0/allow')).toEqual([{ result: true }]);
    expect(pol.evaluate({ user: 'bob', groups: ['b', 'a', 'b'] }, 'v0/groups')).toEqual([{ result: ['a', 'b'] }]);
  });
});
