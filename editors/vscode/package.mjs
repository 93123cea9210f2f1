// Builds the VS Code extension package (.vsix) into OUT_DIR: bundles src/extension.ts with
// vscode-languageclient into dist/extension.js (esbuild), then runs `vsce package`. Never
// publishes. Usage (from anywhere): node editors/vscode/package.mjs OUT_DIR
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export async function packageExtension(outDir) {
  await build({
    entryPoints: [path.join(here, 'src/extension.ts')],
    outfile: path.join(here, 'dist/extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    minify: true,
    logLevel: 'warning',
  });
  const out = path.join(path.resolve(outDir), 'rolec-vscode.vsix');
  const vsce = require.resolve('@vscode/vsce/vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', out], { cwd: here, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vsce package failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return { vsix: out, log: r.stdout };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { vsix, log } = await packageExtension(process.argv[2] ?? '.');
  process.stdout.write(log);
  console.log(vsix);
}
