import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFmt } from '../../src/cli/commands/fmt.ts';

const root = new URL('../../', import.meta.url).pathname;
const rolec = (...args: string[]) => spawnSync('node', ['bin/rolec.js', 'fmt', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });

/** The command in-process (one spawn above proves the binary path; spawns are slow). */
async function fmt(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const paths = args.filter((a) => !a.startsWith('--'));
  const opts = { check: args.includes('--check'), write: args.includes('--write'), diff: args.includes('--diff') };
  const status = await runFmt(paths, opts, { write: (s: string) => (stdout += s) }, { write: (s: string) => (stderr += s) });
  return { stdout, stderr, status };
}

const MESSY = 'role  a{cluster monitor,manage // why\r\n  index "x-*" privileges read}\r\nuser "u" roles a';
const TIDY = 'role a {\n  cluster monitor, manage // why\n  index "x-*" privileges read\n}\n\nuser "u" roles a\n';

describe('rolec fmt', () => {
  it('prints the formatted file (CRLF in, LF out), and the example policies are already formatted', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rolec-fmt-'));
    const file = path.join(dir, 'a.role');
    writeFileSync(file, MESSY);
    const r = rolec(file);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(TIDY);
    expect(r.status).toBe(0);
    const check = await fmt('--check', 'policies');
    expect(check.stdout).toBe('');
    expect(check.status).toBe(0);
  });

  it('--check lists files that would change and exits 1; --diff shows a unified diff; --write rewrites', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rolec-fmt-'));
    const messy = path.join(dir, 'messy.role');
    const tidy = path.join(dir, 'tidy.role');
    writeFileSync(messy, MESSY);
    writeFileSync(tidy, TIDY);
    const check = await fmt('--check', dir);
    expect(check.stdout).toBe(`${messy}\n`);
    expect(check.status).toBe(1);
    const diff = await fmt('--diff', dir);
    expect(diff.status).toBe(0);
    expect(diff.stdout).toContain(`--- ${messy}`);
    expect(diff.stdout).toContain(`+++ ${messy}`);
    expect(diff.stdout).toMatch(/^-role {2}a\{cluster monitor,manage \/\/ why\r?$/m);
    expect(diff.stdout).toMatch(/^\+role a \{$/m);
    expect(diff.stdout).not.toContain(tidy);
    const write = await fmt('--write', dir);
    expect(write.status).toBe(0);
    expect(readFileSync(messy, 'utf8')).toBe(TIDY);
    expect((await fmt('--check', dir)).status).toBe(0);
  });

  it('does not format a file with syntax errors: diagnostics and exit 1, the file untouched', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rolec-fmt-'));
    const bad = path.join(dir, 'bad.role');
    writeFileSync(bad, 'role a {\n  cluster\n}\n');
    const r = await fmt('--write', bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${bad}:3:1: error[E0107]`);
    expect(r.stderr).toContain('not formatted');
    expect(readFileSync(bad, 'utf8')).toBe('role a {\n  cluster\n}\n');
    expect((await fmt('no/such.role')).status).toBe(2);
  });
});
