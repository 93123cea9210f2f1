import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCheck } from '../../src/cli/commands/check.ts';

const root = new URL('../../', import.meta.url).pathname;
const rolec = (...args: string[]) => spawnSync('node', ['bin/rolec.js', 'check', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });

function capture() {
  let buf = '';
  return { write: (s: string) => (buf += s), isTTY: false, text: () => buf };
}

describe('rolec check', () => {
  it('checks the example policies clean (exit 0)', () => {
    const r = rolec();
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^checked \d+ files: 0 errors, 0 warnings\n$/);
    expect(r.status).toBe(0);
  });

  it('exits 1 on errors, with caret excerpts, and json/sarif outputs', async () => {
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
    // The machine formats in-process (same code path as the binary, without a spawn each).
    const json = capture();
    expect(await runCheck([file], 'json', json)).toBe(1);
    expect(JSON.parse(json.text()).map((d: { code: string }) => d.code)).toEqual(['E0301', 'E0205']);
    const sarif = capture();
    expect(await runCheck([file], 'sarif', sarif)).toBe(1);
    expect(JSON.parse(sarif.text()).runs[0].results).toHaveLength(2);
  });

  it('exits 0 with warnings only', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rolec-check-'));
    writeFileSync(path.join(dir, 'w.role'), 'role a { cluster monitor, monitor }\n');
    const out = capture();
    expect(await runCheck([dir], 'text', out)).toBe(0);
    expect(out.text()).toContain('warning[W0202]');
    expect(out.text()).toContain('checked 1 file: 0 errors, 1 warning');
  });

  it('exits 2 on usage errors', () => {
    const missing = rolec('no/such/path');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no/such/path: no such file or directory');
    expect(rolec('--format', 'xml').status).toBe(2);
  });
});
