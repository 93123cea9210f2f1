/**
 * Tampered bundles never load. A built policy set — unsigned, and signed with RSA and EC
 * keys made here — has each file the engine reads (and its manifest and signature)
 * flipped by one byte, truncated by one byte, cut in half and deleted; an unlisted file
 * is slipped in; a consistent rewrite (file and manifest hash both changed) is tried on the
 * signed bundle; unsigned bundles are offered where a signature is required. Every case is
 * refused with a BundleIntegrityError naming the file, before any engine loads; the
 * untouched bundles load and decide.
 */
import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicySet } from '../../src/semantics/index.ts';
import { buildPolicySet } from '../../src/bundle/index.ts';
import { cedarTarget, regoTarget } from '../../src/bundle/targets.ts';

// The engines' targets: these sets use constructs (denies, context) the elasticsearch target refuses.
const TARGETS = [cedarTarget, regoTarget];
import { sha256 } from '../../src/bundle/manifest.ts';
import { stableJson } from '../../src/backends/json.ts';
import { BundleIntegrityError, createAuthorizer, type IntegrityOptions } from '../../src/runtime/node.ts';
import { ENGINE_FILES } from '../../src/runtime/integrity.ts';

const root = new URL('../../policies/observability/', import.meta.url).pathname;
const enc = new TextEncoder();
type Files = Map<string, Uint8Array>;
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = (k: import('node:crypto').KeyObject, type: 'spki' | 'pkcs8') => k.export({ type, format: 'pem' }) as string;

const builds = new Map<string, { files: Files; options: IntegrityOptions }>();
const request = {
  principal: { type: 'user', id: 'jane', attributes: { department: 'sales', clearance: 2, security_attributes: [] } },
  action: 'read',
  resource: { type: 'document', index: 'logs-2026.11', attributes: { department: 'sales', classification: 1, security_attributes: [] } },
  context: { mfa: true, source_ip: '10.1.2.3' },
};

beforeAll(async () => {
  const ir = (await loadPolicySet([root])).ir!;
  const toMap = (r: Record<string, string | Uint8Array>) => new Map(Object.entries(r).map(([p, v]) => [p, typeof v === 'string' ? enc.encode(v) : v]));
  const plain = await buildPolicySet(ir, TARGETS);
  const rs = await buildPolicySet(ir, TARGETS, { signing: { key: pem(rsa.privateKey, 'pkcs8'), algorithm: 'RS256' } });
  const es = await buildPolicySet(ir, TARGETS, { signing: { key: pem(ec.privateKey, 'pkcs8'), algorithm: 'ES256', keyId: 'ec-1' } });
  if (!plain.ok || !rs.ok || !es.ok) throw new Error('build failed');
  builds.set('unsigned', { files: toMap(plain.files), options: {} });
  builds.set('RS256', { files: toMap(rs.files), options: { verificationKey: pem(rsa.publicKey, 'spki'), requireSignature: true } });
  builds.set('ES256', { files: toMap(es.files), options: { verificationKey: pem(ec.publicKey, 'spki'), keyId: 'ec-1' } });
}, 120_000);

/** Every tampering of `files` that the `engine` must refuse. */
function tamperings(files: Files, engine: 'cedar' | 'rego', signed: boolean): [string, Files][] {
  const out: [string, Files][] = [];
  const guarded = [...files.keys()].filter((p) => p === 'request.schema.json' || p === 'manifest.json' || p.startsWith(`${engine}/`) || (signed && p === 'manifest.sig'));
  for (const path of guarded) {
    const b = files.get(path)!;
    // Unsigned, manifest.json vouches for the others but nothing vouches for it: an edit that
    // keeps it valid JSON with the same hashes cannot be seen (a signature is what covers it).
    const vouched = signed || path !== 'manifest.json';
    if (vouched) out.push([`${path}: one byte flipped`, new Map(files).set(path, b.map((x, i) => (i === b.length >> 1 ? x ^ 0x20 : x)))]);
    // manifest.sig ends in a newline that is no part of the token: cut the token's last byte.
    const end = path === 'manifest.sig' ? b.length - 1 : b.length;
    if (vouched) out.push([`${path}: last byte cut`, new Map(files).set(path, b.slice(0, end - 1))]);
    out.push([`${path}: cut in half`, new Map(files).set(path, b.slice(0, b.length >> 1))]);
    if ((ENGINE_FILES[engine] as readonly string[]).includes(path) || ['request.schema.json', 'manifest.json'].includes(path) || (signed && path === 'manifest.sig')) {
      const m = new Map(files);
      m.delete(path);
      out.push([`${path}: deleted`, m]);
    }
  }
  out.push([`an unlisted ${engine}/extra file`, new Map(files).set(`${engine}/extra.${engine === 'cedar' ? 'cedar' : 'rego'}`, enc.encode('x'))]);
  return out;
}

describe('integrity at load', () => {
  const counts: Record<string, number> = {};
  for (const name of ['unsigned', 'RS256', 'ES256']) {
    for (const engine of ['cedar', 'rego'] as const) {
      it(`${name} bundle on ${engine}: untouched loads; every tampering is refused naming the file`, async () => {
        const { files, options } = builds.get(name)!;
        expect((await createAuthorizer(files, { engine, ...options })).decide(request).decision).toBe('allow');
        const cases = tamperings(files, engine, name !== 'unsigned');
        const accepted: string[] = [];
        for (const [label, tampered] of cases) {
          try {
            await createAuthorizer(tampered, { engine, ...options });
            accepted.push(label);
          } catch (err) {
            expect(err, label).toBeInstanceOf(BundleIntegrityError);
            expect((err as BundleIntegrityError).file, label).toBeTruthy();
          }
        }
        expect(accepted).toEqual([]);
        counts[`${name}/${engine}`] = cases.length;
        console.log(`tamper cases ${name}/${engine}: ${cases.length} refused`);
        expect(cases.length).toBeGreaterThanOrEqual(engine === 'cedar' ? 20 : 25);
      });
    }
  }

  it('a consistent rewrite (file and manifest hash both changed) passes the manifest alone but never a required signature', async () => {
    for (const name of ['unsigned', 'RS256', 'ES256']) {
      const { files, options } = builds.get(name)!;
      const evil = new Map(files).set('rego/data.json', enc.encode('{}\n'));
      const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json')!)) as { files: { path: string; sha256: string }[] };
      for (const f of manifest.files) if (f.path === 'rego/data.json') f.sha256 = sha256(evil.get('rego/data.json')!);
      evil.set('manifest.json', enc.encode(stableJson(manifest)));
      evil.delete('rego/bundle.tar.gz'); // so that the tarball cross-check does not catch it first
      const attempt = createAuthorizer(evil, { engine: 'rego', ...options });
      if (name === 'unsigned') await expect(attempt).resolves.toBeTruthy(); // integrity without a signature is only that
      else await expect(attempt).rejects.toThrow(BundleIntegrityError);
    }
  });

  it('unsigned bundles are refused where a signature is required; a wrong key or scope refuses a signed one', async () => {
    const unsigned = builds.get('unsigned')!.files;
    const key = pem(rsa.publicKey, 'spki');
    await expect(createAuthorizer(unsigned, { engine: 'cedar', verificationKey: key })).rejects.toThrow(/manifest\.sig/);
    await expect(createAuthorizer(unsigned, { engine: 'rego', verificationKey: key, requireSignature: true })).rejects.toThrow(BundleIntegrityError);
    const rs = builds.get('RS256')!.files;
    await expect(createAuthorizer(rs, { engine: 'cedar', verificationKey: pem(ec.publicKey, 'spki') })).rejects.toThrow(/signature refused/);
    await expect(createAuthorizer(rs, { engine: 'cedar', verificationKey: key, scope: 'write' })).rejects.toThrow(/scope/);
    await expect(createAuthorizer(rs, { engine: 'cedar', verificationKey: key, keyId: 'other' })).rejects.toThrow(/key/);
    await expect(createAuthorizer(rs, { engine: 'cedar', requireSignature: true })).rejects.toThrow(TypeError);
    // Signed, loaded without a key: still integrity-checked against manifest.json.
    await expect(createAuthorizer(rs, { engine: 'cedar' })).resolves.toBeTruthy();
  });

  it("Rego's own OPA bundle (the tarball): verified by its .signatures.json, refused when unsigned or tampered", async () => {
    const rs = builds.get('RS256')!;
    const schema = JSON.parse(new TextDecoder().decode(rs.files.get('request.schema.json')!)) as object;
    const tgz = rs.files.get('rego/bundle.tar.gz')!;
    const ok = await createAuthorizer(tgz, { engine: 'rego', requestSchema: schema, ...rs.options });
    expect(ok.decide(request).decision).toBe('allow');
    const plainTgz = builds.get('unsigned')!.files.get('rego/bundle.tar.gz')!;
    await expect(createAuthorizer(plainTgz, { engine: 'rego', requestSchema: schema, ...rs.options })).rejects.toThrow(/\.signatures\.json/);
    const { bundleFiles } = await import('../../src/runtime/bundle-input.ts');
    const inner = bundleFiles(tgz);
    for (const name of inner.keys()) {
      if (name === '.signatures.json') continue;
      const b = inner.get(name)!;
      const tampered = new Map(inner).set(name, b.slice(0, b.length >> 1));
      await expect(createAuthorizer(tampered, { engine: 'rego', requestSchema: schema, ...rs.options }), name).rejects.toThrow(BundleIntegrityError);
    }
  });
});
