/**
 * What the playground's browser tests (and its benchmark) share: the built app (built
 * when playground/dist is missing or older than its sources), a static file server on
 * 127.0.0.1 for it, and Debian's Chromium driven by playwright-core (the library only: the
 * browser is the system's, never downloaded).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const DIST = join(REPO, 'playground', 'dist');
const CONFIG = join(REPO, 'playground', 'vite.config.ts');
export const CHROMIUM = process.env['ROLEC_CHROMIUM'] ?? '/usr/bin/chromium';

/** Chromium flags for a closed network and a root user (see docs/playground.md). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) newest = Math.max(newest, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return newest;
}

/** Builds playground/dist unless it is newer than everything it is built from. */
export async function ensurePlaygroundBuilt(): Promise<void> {
  const index = join(DIST, 'index.html');
  if (existsSync(index)) {
    const built = statSync(index).mtimeMs;
    const inputs = ['playground/src', 'src', 'policies', 'fixtures', 'build/regowasm'].map((d) => join(REPO, d)).filter(existsSync);
    if (inputs.every((d) => newestMtime(d) < built) && statSync(CONFIG).mtimeMs < built) return;
  }
  const { build } = await import('vite');
  await build({ configFile: CONFIG, logLevel: 'warn' });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `dir` read-only on 127.0.0.1 (an ephemeral port). */
export async function serveStatic(dir: string): Promise<StaticServer> {
  const root = resolve(dir);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path.endsWith('/') ? path + 'index.html' : path));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    // Vite names assets by content hash: cacheable, so Chromium can reuse its compiled Wasm across pages.
    const cache = path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': cache }).end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(() => ok())) };
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with a fresh profile. Fails loudly (never skips) when it cannot start. */
export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'rolec-chromium-'));
  let context: BrowserContext;
  try {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} does not exist`);
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw new Error(
      `Chromium cannot be started for the playground's browser tests (${(err as Error).message.split('\n')[0]}). ` +
        `Install Debian's Chromium as root with \`apt-get update && apt-get install -y chromium\` (.ci/run does this when it is missing), ` +
        `or point ROLEC_CHROMIUM at a Chromium binary.`,
    );
  }
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
