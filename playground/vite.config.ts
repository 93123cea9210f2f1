/**
 * Vite config of the playground (`npm run playground` serves it, `npm run build:playground`
 * writes playground/dist/). `base: './'` keeps every URL relative, so dist/ works from any
 * static file server and any sub-path. Workers are ES modules (they import the compiler).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  base: './',
  // The app reads policies/ and fixtures/ at build time and the compiler from src/.
  server: { host: '127.0.0.1', fs: { allow: [repo] } },
  // cedar-wasm finds its .wasm with `new URL(..., import.meta.url)`: pre-bundling would break that.
  optimizeDeps: { exclude: ['@cedar-policy/cedar-wasm'] },
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // cedar-wasm alone is ~4 MB of wasm: size is reported by the build, not warned about.
    chunkSizeWarningLimit: 5000,
    reportCompressedSize: false,
  },
});
