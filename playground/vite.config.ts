/**
 * Vite config of the playground (`npm run playground` serves it, `npm run build:playground`
 * writes playground/dist/). `base: './'` keeps every URL relative, so dist/ works from any
 * static file server and any sub-path. Workers are ES modules (they import the compiler).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('..', import.meta.url));

/** INTERIM until the in-browser compiler: the example sets built by `rolec build`. */
function prebuilt(): Plugin {
  const id = 'virtual:rolec-prebuilt';
  return {
    name: 'rolec-prebuilt',
    resolveId: (s) => (s === id ? '\0' + id : undefined),
    load(s) {
      if (s !== '\0' + id) return undefined;
      const sets = readdirSync(join(repo, 'policies'), { withFileTypes: true }).filter((d) => d.isDirectory());
      const out = sets.map((d) => {
        const dir = join(repo, 'policies', d.name);
        const roles = readdirSync(dir).filter((f) => f.endsWith('.role')).sort();
        const key = JSON.stringify(roles.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
        const tmp = mkdtempSync(join(tmpdir(), 'rolec-pg-'));
        execFileSync(process.execPath, [join(repo, 'bin/rolec.js'), 'build', dir, '--out', tmp]);
        const files: Record<string, string> = {};
        for (const e of readdirSync(tmp, { recursive: true, withFileTypes: true })) {
          if (e.isFile()) files[relative(tmp, join(e.parentPath, e.name))] = readFileSync(join(e.parentPath, e.name)).toString('base64');
        }
        rmSync(tmp, { recursive: true });
        return { key, files };
      });
      return `export default ${JSON.stringify(out)};`;
    },
  };
}

export default defineConfig({
  root,
  plugins: [prebuilt()],
  base: './',
  // The app reads policies/ and fixtures/ at build time and the compiler from src/.
  server: { host: '127.0.0.1', fs: { allow: [repo] } },
  // cedar-wasm finds its .wasm with `new URL(..., import.meta.url)`: pre-bundling would break that.
  optimizeDeps: { exclude: ['@cedar-policy/cedar-wasm'] },
  worker: { format: 'es', plugins: () => [prebuilt()] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // cedar-wasm alone is ~4 MB of wasm: size is reported by the build, not warned about.
    chunkSizeWarningLimit: 5000,
    reportCompressedSize: false,
  },
});
