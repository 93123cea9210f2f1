// Compiles src/ to lib/ (ESM .js + .d.ts + source maps) with tsc -p tsconfig.build.json:
// what bin/rolec.js and the package's `exports` load. Incremental (lib/.tsbuildinfo), so a
// rebuild with nothing changed takes a second or two.
import { execFileSync } from 'node:child_process';
import { utimesSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export default async function buildLib() {
  execFileSync(process.execPath, [root + 'node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  // tsc leaves its build info untouched when nothing changed: stamp it, so that the test
  // setup's freshness check (test/setup/lib-fresh.ts) sees this build as current.
  const now = new Date();
  utimesSync(root + 'lib/.tsbuildinfo', now, now);
  console.log('lib: src/ compiled to lib/');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildLib();
