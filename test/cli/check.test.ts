import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const rolec = (...args: string[]) => spawnSync('node', ['bin/rolec.js', 'check', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });

describe('rolec check', () => {
  it('checks the example policies clean (exit 0)', () => {
    const r = rolec();
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^checked \d+ files: 0 errors, 0 warnings\n$/);
    expect(r.status).toBe(0);
  });

  it('exits 1 on errors, with caret excerpts, and json/sarif outputs', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rolec-check-'));
    const file = path.join(dir, 'bad.role');
    writeFileSync(file, 'role a {\n  cluster monitr\n}\nuser "u" roles a, b\n');
    const text = rolec(file);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain(`${file}:2:11: error[E0301]`);
    expect(text.stdout).toContain('  |           ^~~~~~');
    expect(text.stdout).toContain(`${file}:4:19: error[E0205]`);
    expect(text.stdout).not.toMatch(/\u001b\[/);
    expect(text.stdout.trim().split('\n').at(-1)).toBe('checked 1 file: 2 errors, 0 warnings');
    const json = rolec('--format', 'json', file);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout).map((d: { code: string }) => d.code)).toEqual(['E0301', 'E0205']);
    const sarif = rolec('--format', 'sarif', file);
    expect(JSON.parse(sarif.stdout).runs[0].results).toHaveLength(2);
  });

  it('exits 0 with warnings only', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rolec-check-'));
    writeFileSync(path.join(dir, 'w.role'), 'role a { cluster monitor, monitor }\n');
    const r = rolec(dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('warning[W0202]');
    expect(r.stdout).toContain('checked 1 file: 0 errors, 1 warning');
  });

  it('exits 2 on usage errors', () => {
    const missing = rolec('no/such/path');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no/such/path: no such file or directory');
    expect(rolec('--format', 'xml').status).toBe(2);
  });
});
