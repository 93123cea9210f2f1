/**
 * Watch mode with real file changes in a temp dir: `rolec check --watch` as a process
 * (stopped with a real SIGINT, as Ctrl-C does), `rolec build --watch`'s loop in-process
 * (stopped through its abort signal).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuild } from '../../src/cli/commands/build.ts';
import { watchAndRerun } from '../../src/cli/watch.ts';

const root = new URL('../../', import.meta.url).pathname;

/** Resolves when `read()` satisfies `ok` (polled; the test's timeout bounds the wait). */
async function until(ok: () => boolean): Promise<void> {
  while (!ok()) await new Promise((r) => setTimeout(r, 50));
}

describe('--watch', () => {
  it('rolec check --watch re-checks when a file changes and stops cleanly on SIGINT', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rolec-watch-'));
    const file = path.join(dir, 'a.role');
    writeFileSync(file, 'role a {\n  cluster monitor\n}\n');
    const child = spawn('node', ['bin/rolec.js', 'check', '--watch', dir], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await until(() => out.includes('checked 1 file: 0 errors') && out.includes('watching'));
    expect(out).toContain('── rolec: run 1 ──');
    writeFileSync(file, 'role a {\n  cluster monitr\n}\n');
    await until(() => out.includes('error[E0301]'));
    expect(out).toContain('── rolec: run 2 ──');
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toContain('stopped watching');
  });

  it('rolec build --watch rebuilds the bundles after a change', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rolec-watch-build-'));
    const out = mkdtempSync(path.join(tmpdir(), 'rolec-watch-out-'));
    const file = path.join(dir, 'a.role');
    writeFileSync(file, 'role a {\n  cluster monitor\n}\nuser "u" roles a\n');
    const stop = new AbortController();
    let log = '';
    const sink = { write: (s: string) => (log += s) };
    const done = watchAndRerun([dir], () => runBuild([dir], out, ['cedar']), { extensions: ['.role'], out: sink, signal: stop.signal });
    const bundleText = () => {
      const files = existsSync(out) ? readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()) : [];
      return files.map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8')).join('\n');
    };
    await until(() => log.includes('watching') && bundleText().includes('monitor'));
    expect(bundleText()).not.toContain('zed-the-new-user');
    writeFileSync(file, 'role a {\n  cluster monitor\n}\nuser "zed-the-new-user" roles a\n');
    await until(() => bundleText().includes('zed-the-new-user'));
    expect(log).toContain('── rolec: run 2 ──');
    stop.abort();
    expect(await done).toBe(0);
    expect(log).toContain('stopped watching');
  });
});
