/**
 * Vitest global setup: tests that spawn `bin/rolec.js` run the compiled lib/, so lib/ must
 * match src/. After `npm ci` (which builds it) this is a cheap check; after an edit to
 * src/ it recompiles (tsc is incremental) before any test runs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (/\.(ts|json)$/.test(e.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  const stamp = join(root, 'lib/.tsbuildinfo');
  const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const newest = newestSource(join(root, 'src'));
  if (newest > builtAt || newest === 0) {
    execFileSync(process.execPath, [join(root, 'scripts/build/20-lib.mjs')], { stdio: 'inherit' });
  }
}
