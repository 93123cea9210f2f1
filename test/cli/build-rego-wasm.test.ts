import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writeFakeOpa } from '../regowasm/fake-opa.ts';

// `rolec build --rego-wasm opa` delegates policy.wasm to the user's OPA CLI. No OPA exists
// on these machines, so a recording test double stands in for it: the bundle must carry
// exactly the bytes it produced, built from the generated Rego with the decision entrypoint.
const ROOT = new URL('../../', import.meta.url).pathname;
const run = promisify(execFile);

async function rolec(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, [join(ROOT, 'bin/rolec.js'), ...args], { cwd: ROOT, env: { ...process.env, ROLEC_OPA: '', ...env } });
    return { code: 0, stderr };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

describe('rolec build --rego-wasm', () => {
  it('opa: policy.wasm comes from `opa build -t wasm -e rolec/authz/decision`', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'rolec-build-opa-'));
    // Any valid module will do as the double's output; take the builtin compiler's.
    const builtin = join(tmp, 'builtin');
    expect((await rolec(['build', 'policies/observability', '--out', builtin, '--target', 'rego'])).code).toBe(0);
    const wasm = readFileSync(join(builtin, 'rego/policy.wasm'));
    const fake = writeFakeOpa(join(tmp, 'bin'), { wasm: new Uint8Array([...wasm, 0, 0]) });
    const out = join(tmp, 'opa');
    const r = await rolec(['build', 'policies/observability', '--out', out, '--target', 'rego', '--rego-wasm', 'opa'], { ROLEC_OPA: fake });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'rego/policy.wasm')).length).toBe(wasm.length + 2);
    const args = JSON.parse(readFileSync(join(tmp, 'bin/args.json'), 'utf8')) as string[];
    expect(args.slice(0, 3)).toEqual(['build', '-t', 'wasm']);
    expect(args[args.indexOf('-e') + 1]).toBe('rolec/authz/decision');
    expect(args.some((a) => a.endsWith('.rego'))).toBe(true);
  });

  it('opa without an OPA CLI is a usage error, and nothing is written', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rolec-build-noopa-'));
    const r = await rolec(['build', 'policies/observability', '--out', join(out, 'x'), '--rego-wasm', 'opa'], { PATH: '/nonexistent' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs the OPA CLI/);
    expect(existsSync(join(out, 'x'))).toBe(false);
  });

  it('rejects an unknown compiler name', async () => {
    const r = await rolec(['build', 'policies/observability', '--out', join(tmpdir(), 'never'), '--rego-wasm', 'go']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/'builtin' or 'opa'/);
  });
});
