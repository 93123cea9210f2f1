/**
 * `rolec build` runs in a node started with the V8 flags that keep large builds out of
 * the garbage collector's way (bin/rolec.js); other commands run in place.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** The execArgv of every node process the command started, one JSON line each. */
function processesOf(args: string[]): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'rolec-flags-'));
  const log = join(dir, 'argv.log');
  const probe = join(dir, 'probe.cjs');
  writeFileSync(probe, `require('node:fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.execArgv) + '\\n');`);
  writeFileSync(log, '');
  execFileSync(process.execPath, [join(repo, 'bin/rolec.js'), ...args], { stdio: 'pipe', env: { ...process.env, NODE_OPTIONS: `--require ${probe}` } });
  return readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as string[]);
}

describe('rolec build and the V8 flags', () => {
  it('builds in a node started with a larger young generation and no memory reducer', () => {
    const out = mkdtempSync(join(tmpdir(), 'rolec-flags-out-'));
    const procs = processesOf(['build', join(repo, 'policies/observability'), '--out', out, '--target', 'cedar']);
    expect(procs).toHaveLength(2);
    expect(procs[1]).toEqual(expect.arrayContaining(['--max-semi-space-size=64', '--no-memory-reducer']));
  });

  it('runs any other command in place', () => {
    expect(processesOf(['--version'])).toEqual([[]]);
  });
});
