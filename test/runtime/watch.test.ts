/**
 * Serving bundles at scale, in one test: a built, signed policy set as .tar.gz on a local
 * HTTP server (127.0.0.1) with ETag / If-None-Match, and watchBundle from rolec/runtime/node
 * polling it. It swaps to a new revision only when it verifies, keeps the old one through
 * a tampered bundle, an unsigned one, a server error and a 404, and the server sees 304s
 * while nothing changed.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { createTar } from 'nanotar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicySet } from '../../src/semantics/index.ts';
import { buildPolicySet } from '../../src/bundle/index.ts';
import { cedarTarget, regoTarget } from '../../src/bundle/targets.ts';

// The engines' targets: these sets use constructs (denies, context) the elasticsearch target refuses.
const TARGETS = [cedarTarget, regoTarget];
import { watchBundle, type Authorizer } from '../../src/runtime/node.ts';

const repo = new URL('../../', import.meta.url).pathname;
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signing = { key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, algorithm: 'ES256' as const };
const verificationKey = publicKey.export({ type: 'spki', format: 'pem' }) as string;

/** Denied in revision A by classified_documents; revision B drops that deny, so it is allowed. */
const classified = {
  principal: { type: 'user', id: 'jane', attributes: { department: 'sales', clearance: 2, security_attributes: [] } },
  action: 'read',
  resource: { type: 'document', index: 'logs-2026.11', attributes: { department: 'sales', classification: 5, security_attributes: [] } },
  context: { mfa: true, source_ip: '10.1.2.3' },
};

async function tarball(dir: string, sign: boolean, edit?: (files: Record<string, string | Uint8Array>) => void): Promise<Uint8Array> {
  const ir = (await loadPolicySet([dir])).ir!;
  const built = await buildPolicySet(ir, TARGETS, sign ? { signing } : {});
  if (!built.ok) throw new Error('build failed');
  edit?.(built.files);
  const enc = new TextEncoder();
  return gzipSync(createTar(Object.entries(built.files).map(([name, v]) => ({ name, data: typeof v === 'string' ? enc.encode(v) : v }))));
}

let server: Server;
let url = '';
let served: { status: number; body?: Uint8Array } = { status: 404 };
const log: { ifNoneMatch?: string; status: number }[] = [];
const revisions: Record<string, Uint8Array> = {};

beforeAll(async () => {
  const b = mkdtempSync(join(tmpdir(), 'rolec-watch-'));
  cpSync(join(repo, 'policies/observability'), b, { recursive: true });
  const denies = join(b, 'denies.role');
  writeFileSync(denies, readFileSync(denies, 'utf8').replace(/deny classified_documents \{[^}]*\}\n/, ''));
  revisions.A = await tarball(join(repo, 'policies/observability'), true);
  revisions.B = await tarball(b, true);
  revisions.unsigned = await tarball(b, false);
  revisions.tampered = await tarball(b, true, (files) => {
    files['cedar/policies.cedar'] = new TextDecoder().decode(files['cedar/policies.cedar'] as Uint8Array).replace('forbid', 'permit');
    files['rego/data.json'] = (files['rego/data.json'] as Uint8Array).slice(0, -2);
  });
  server = createServer((req, res) => {
    const etag = served.body ? `"${createHash('sha256').update(served.body).digest('hex').slice(0, 16)}"` : undefined;
    let status = served.status;
    if (status === 200 && etag && req.headers['if-none-match'] === etag) status = 304;
    log.push({ ...(req.headers['if-none-match'] ? { ifNoneMatch: String(req.headers['if-none-match']) } : {}), status });
    res.writeHead(status, status === 200 && etag ? { etag, 'content-type': 'application/gzip' } : {});
    res.end(status === 200 ? served.body : undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bundles/observability.tar.gz`;
}, 180_000);

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('watchBundle over HTTP', () => {
  it('loads, polls with If-None-Match, swaps only to verified revisions, keeps the old one on every failure', async () => {
    const updates: Authorizer[] = [];
    const errors: string[] = [];
    served = { status: 200, body: revisions.A! };
    for (const engine of ['cedar', 'rego'] as const) {
      updates.length = 0;
      errors.length = 0;
      served = { status: 200, body: revisions.A! };
      const watch = watchBundle(url, { engine, verificationKey, intervalMs: 3_600_000, onUpdate: (a) => updates.push(a), onError: (e) => errors.push(String(e)) });
      try {
        const first = await watch.ready;
        expect(watch.decide(classified).decision).toBe('deny');
        // Nothing changed: 304, same authorizer.
        const before = log.length;
        await watch.poll();
        expect(log.slice(before)).toEqual([{ ifNoneMatch: expect.stringMatching(/^"[0-9a-f]{16}"$/), status: 304 }]);
        expect(watch.current()).toBe(first);
        // Every failure keeps revision A deciding.
        for (const bad of [{ status: 200, body: revisions.tampered! }, { status: 200, body: revisions.unsigned! }, { status: 500 }, { status: 404 }, { status: 200, body: new Uint8Array([1, 2, 3]) }]) {
          served = bad;
          const n = errors.length;
          await watch.poll();
          expect(errors.length, `status ${bad.status}`).toBe(n + 1);
          expect(watch.current()).toBe(first);
          expect(watch.decide(classified).decision).toBe('deny');
        }
        expect(errors.join('\n')).toMatch(/BundleIntegrityError|does not match|signature/);
        // Revision B verifies: swapped in, and it decides differently.
        served = { status: 200, body: revisions.B! };
        await watch.poll();
        expect(watch.current()).not.toBe(first);
        expect(watch.decide(classified).decision).toBe('allow');
        expect(updates).toHaveLength(2);
      } finally {
        watch.stop();
      }
    }
    expect(log.some((l) => l.status === 304)).toBe(true);
  });

  it('backs off after failures and recovers on its own', async () => {
    served = { status: 503 };
    const errors: unknown[] = [];
    const updates: unknown[] = [];
    const watch = watchBundle(url, { engine: 'cedar', verificationKey, intervalMs: 20, maxBackoffMs: 80, onError: (e) => errors.push(e), onUpdate: (a) => updates.push(a) });
    try {
      while (errors.length < 3) await new Promise((r) => setTimeout(r, 10));
      expect(() => watch.decide(classified)).toThrow(/no bundle loaded yet/);
      served = { status: 200, body: revisions.A! };
      await watch.ready;
      expect(watch.decide(classified).decision).toBe('deny');
    } finally {
      watch.stop();
    }
  });
});
