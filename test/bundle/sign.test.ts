/**
 * Signed builds: `.signatures.json` in OPA's documented format (checked field by field
 * against test data written from OPA's docs, opa-signature-format.json), verifying with RSA,
 * EC and HMAC keys made here; and every tampering — payload, signature, key id, file list,
 * file bytes, scope, wrong key, algorithm confusion — refused.
 */
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { CompactSign, decodeProtectedHeader, exportJWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicySet } from '../../src/semantics/index.ts';
import { buildPolicySet } from '../../src/bundle/index.ts';
import { cedarTarget, regoTarget } from '../../src/bundle/targets.ts';

// The engines' targets: these sets use constructs (denies, context) the elasticsearch target refuses.
const TARGETS = [cedarTarget, regoTarget];
import { canonicalJson, opaFileHash, verifyBundleSignature, verifyToken, type VerificationKey } from '../../src/bundle/signature.ts';
import type { SigningAlgorithm } from '../../src/bundle/signature.ts';
import { signFiles, type SigningOptions } from '../../src/bundle/sign.ts';

const OPA_FORMAT = JSON.parse(readFileSync(new URL('./opa-signature-format.json', import.meta.url), 'utf8')) as {
  file: { topLevelKeys: string[]; signaturesCount: number };
  jwt: { headers: Record<string, { required: boolean; value?: string }>; payload: Record<string, { type?: string; required: boolean }>; hashingAlgorithms: string[] };
};

const root = new URL('../../policies/observability/', import.meta.url).pathname;
const enc = new TextEncoder();

function pem(k: KeyObject, type: 'spki' | 'pkcs8'): string {
  return k.export({ type, format: 'pem' }) as string;
}
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const KEYS: { alg: SigningAlgorithm; sign: string; verify: VerificationKey }[] = [
  { alg: 'RS256', sign: pem(rsa.privateKey, 'pkcs8'), verify: pem(rsa.publicKey, 'spki') },
  { alg: 'PS256', sign: pem(rsa.privateKey, 'pkcs8'), verify: pem(rsa.publicKey, 'spki') },
  { alg: 'ES256', sign: pem(ec.privateKey, 'pkcs8'), verify: pem(ec.publicKey, 'spki') },
  { alg: 'HS256', sign: 'a shared secret of enough length!', verify: 'a shared secret of enough length!' },
];

type Files = Record<string, string | Uint8Array>;
const bytes = (v: string | Uint8Array) => (typeof v === 'string' ? enc.encode(v) : v);

/** The Rego bundle of a build as path → bytes (bundle-relative, like OPA reads it). */
function regoFiles(files: Files): Map<string, Uint8Array> {
  return new Map(
    Object.entries(files)
      .filter(([p]) => p.startsWith('rego/') && p !== 'rego/bundle.tar.gz')
      .map(([p, v]) => [p.slice('rego/'.length), bytes(v)]),
  );
}

function tarballEntries(tgz: Uint8Array): Map<string, Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), 'rolec-sign-'));
  const file = join(dir, 'b.tar.gz');
  writeFileSync(file, tgz);
  const out = new Map<string, Uint8Array>();
  tar.t({ file, sync: true, onReadEntry: (e) => void out.set(e.path, new Uint8Array()) });
  tar.x({ file, cwd: dir, sync: true });
  for (const p of out.keys()) out.set(p, readFileSync(join(dir, p)));
  return out;
}

const signed = new Map<SigningAlgorithm, Files>();
beforeAll(async () => {
  const loaded = await loadPolicySet([root]);
  if (!loaded.ir) throw new Error('observability does not load');
  for (const k of KEYS) {
    const r = await buildPolicySet(loaded.ir, TARGETS, { signing: { key: k.sign, algorithm: k.alg, keyId: 'ci-key' } });
    if (!r.ok) throw new Error('build failed');
    signed.set(k.alg, r.files);
  }
}, 120_000);

describe('.signatures.json matches OPA’s documented format', () => {
  it('field by field, from opa-signature-format.json', async () => {
    const files = signed.get('RS256')!;
    const sigFile = JSON.parse(Buffer.from(bytes(files['rego/.signatures.json']!)).toString()) as Record<string, unknown>;
    expect(Object.keys(sigFile)).toEqual(OPA_FORMAT.file.topLevelKeys);
    const tokens = sigFile.signatures as string[];
    expect(tokens).toHaveLength(OPA_FORMAT.file.signaturesCount);
    const [h, p, s] = tokens[0]!.split('.');
    expect(s!.length).toBeGreaterThan(0); // compact serialization, payload attached
    const header = JSON.parse(Buffer.from(h!, 'base64url').toString()) as Record<string, unknown>;
    for (const [name, spec] of Object.entries(OPA_FORMAT.jwt.headers)) {
      if (spec.required) expect(header, name).toHaveProperty(name);
      if (spec.value) expect(header[name]).toBe(spec.value);
    }
    expect(header.alg).toBe('RS256');
    expect(header.kid).toBe('ci-key');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const known = new Set(Object.keys(OPA_FORMAT.jwt.payload).map((k) => k.split('[')[0]!));
    for (const k of Object.keys(payload)) expect(known, `payload claim ${k}`).toContain(k);
    const list = payload.files as Record<string, unknown>[];
    for (const entry of list) {
      for (const field of ['name', 'hash', 'algorithm']) {
        const spec = OPA_FORMAT.jwt.payload[`files[_].${field}`]!;
        expect(spec.required).toBe(true);
        expect(typeof entry[field]).toBe(spec.type);
      }
      expect(OPA_FORMAT.jwt.hashingAlgorithms).toContain(entry.algorithm);
      expect(entry.name as string).not.toMatch(/^\//);
      expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    // Exactly the bundle's files, .signatures.json excluded; the tarball holds the same set plus it.
    const tarred = tarballEntries(files['rego/bundle.tar.gz'] as Uint8Array);
    expect([...tarred.keys()].sort()).toContain('.signatures.json');
    expect(list.map((f) => f.name).sort()).toEqual([...tarred.keys()].filter((n) => n !== '.signatures.json').sort());
    // Hashes as the docs define them: bytes for unstructured files, canonical JSON for data.json/.manifest.
    for (const f of list) {
      const content = tarred.get(f.name as string)!;
      const expected =
        f.name === 'data.json' || f.name === '.manifest'
          ? createHash('sha256').update(canonicalJson(JSON.parse(Buffer.from(content).toString()))).digest('hex')
          : createHash('sha256').update(content).digest('hex');
      expect(f.hash, f.name as string).toBe(expected);
    }
    expect(payload.keyid).toBe('ci-key');
  });

  it('structured files hash the same whatever their whitespace and key order (OPA’s rule)', async () => {
    const a = await opaFileHash('data.json', enc.encode('{"b": [1, 2], "a": {"y": "<x>", "x": null}}'));
    const b = await opaFileHash('data.json', enc.encode('{\n  "a": {"x": null, "y": "<x>"},\n  "b": [1,2]\n}\n'));
    expect(a).toBe(b);
    expect(canonicalJson({ b: [1, 2], a: { y: '<x>', x: null } })).toBe('{"a":{"x":null,"y":"<x>"},"b":[1,2]}');
    expect(canonicalJson('\u2028')).toBe('"\\u2028"');
    // Unstructured files hash their bytes: whitespace matters.
    expect(await opaFileHash('x.rego', enc.encode('a'))).not.toBe(await opaFileHash('x.rego', enc.encode('a ')));
  });

  it('claims file and scope go into the payload; the claims file replaces the keyid claim (as OPA)', async () => {
    const files = new Map([['data.json', enc.encode('{}')]]);
    const token = await signFiles(files, ['data.json'], { key: KEYS[0]!.sign, claims: { iss: 'ci', iat: 1700000000 }, scope: 'write', keyId: 'k1' });
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(payload).toMatchObject({ iss: 'ci', iat: 1700000000, scope: 'write' });
    expect(payload).not.toHaveProperty('keyid');
    expect(decodeProtectedHeader(token).kid).toBe('k1');
    expect((await verifyToken(token, files, ['data.json'], { key: KEYS[0]!.verify, scope: 'write' })).ok).toBe(true);
    expect((await verifyToken(token, files, ['data.json'], { key: KEYS[0]!.verify })).ok).toBe(false);
    expect((await verifyToken(token, files, ['data.json'], { key: KEYS[0]!.verify, scope: 'read' })).ok).toBe(false);
  });
});

describe('signed builds verify, tampered ones never do', () => {
  it.each(KEYS.map((k) => [k.alg, k] as const))('%s: the Rego bundle and manifest.sig verify', async (_alg, k) => {
    const files = signed.get(k.alg)!;
    const rego = regoFiles(files);
    const check = await verifyBundleSignature(rego, { key: k.verify, keyId: 'ci-key' });
    expect(check).toMatchObject({ ok: true, keyId: 'ci-key', algorithm: k.alg });
    const tarred = tarballEntries(files['rego/bundle.tar.gz'] as Uint8Array);
    expect((await verifyBundleSignature(tarred, { key: k.verify })).ok).toBe(true);
    const manifest = new Map([['manifest.json', bytes(files['manifest.json']!)]]);
    expect((await verifyToken((files['manifest.sig'] as string).trim(), manifest, ['manifest.json'], { key: k.verify })).ok).toBe(true);
  });

  it('a JWK verification key works too', async () => {
    const rego = regoFiles(signed.get('ES256')!);
    expect((await verifyBundleSignature(rego, { key: await exportJWK(ec.publicKey) })).ok).toBe(true);
  });

  /** Each tampering of a signed Rego bundle; every one must be refused. */
  function tamperings(rego: Map<string, Uint8Array>, k: (typeof KEYS)[number]): [string, () => Promise<Map<string, Uint8Array>>][] {
    const token = (JSON.parse(Buffer.from(rego.get('.signatures.json')!).toString()) as { signatures: string[] }).signatures[0]!;
    const [h, p, s] = token.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as { files: { name: string; hash: string }[]; keyid?: string };
    const withToken = (t: string) => async () => new Map(rego).set('.signatures.json', enc.encode(JSON.stringify({ signatures: [t] })));
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const cases: [string, () => Promise<Map<string, Uint8Array>>][] = [
      ['payload: a hash changed', withToken(`${h}.${b64({ ...payload, files: payload.files.map((f, i) => (i === 0 ? { ...f, hash: '0'.repeat(64) } : f)) })}.${s}`)],
      ['payload: one byte of the base64 changed', withToken(`${h}.${p.slice(0, 10)}${p[10] === 'A' ? 'B' : 'A'}${p.slice(11)}.${s}`)],
      ['signature: one character changed', withToken(`${h}.${p}.${s.slice(0, 5)}${s[5] === 'A' ? 'B' : 'A'}${s.slice(6)}`)],
      ['signature: removed', withToken(`${h}.${p}.`)],
      ['header: kid changed', withToken(`${b64({ ...JSON.parse(Buffer.from(h, 'base64url').toString()), kid: 'other' })}.${p}.${s}`)],
      ['header: alg none', withToken(`${b64({ alg: 'none', typ: 'JWT' })}.${p}.`)],
      ['payload: keyid changed', withToken(`${h}.${b64({ ...payload, keyid: 'other' })}.${s}`)],
      ['file list: an entry dropped', withToken(`${h}.${b64({ ...payload, files: payload.files.slice(1) })}.${s}`)],
      ['file list: an entry added', withToken(`${h}.${b64({ ...payload, files: [...payload.files, { name: 'x.rego', hash: '0'.repeat(64), algorithm: 'SHA-256' }] })}.${s}`)],
      ['two signatures', async () => new Map(rego).set('.signatures.json', enc.encode(JSON.stringify({ signatures: [token, token] })))],
      ['no signatures', async () => new Map(rego).set('.signatures.json', enc.encode(JSON.stringify({ signatures: [] })))],
      ['.signatures.json deleted', async () => { const m = new Map(rego); m.delete('.signatures.json'); return m; }],
      ['.signatures.json not JSON', async () => new Map(rego).set('.signatures.json', enc.encode('{'))],
      ['an extra file in the bundle', async () => new Map(rego).set('extra.rego', enc.encode('package rolec.extra\n'))],
      [
        're-signed by another key (file list and bytes changed consistently)',
        async () => {
          const evil = generateKeyPairSync('rsa', { modulusLength: 2048 });
          const m = new Map(rego).set('data.json', enc.encode('{}'));
          m.delete('.signatures.json');
          const t = await signFiles(m, [...m.keys()], { key: pem(evil.privateKey, 'pkcs8'), keyId: 'ci-key' } satisfies SigningOptions);
          return m.set('.signatures.json', enc.encode(JSON.stringify({ signatures: [t] })));
        },
      ],
      [
        'HS256 token keyed with the public key PEM (algorithm confusion)',
        async () => {
          const secret = enc.encode(typeof k.verify === 'string' ? k.verify : 'x');
          const t = await new CompactSign(enc.encode(Buffer.from(p, 'base64url').toString())).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret);
          return new Map(rego).set('.signatures.json', enc.encode(JSON.stringify({ signatures: [t] })));
        },
      ],
    ];
    for (const name of [...rego.keys()].filter((n) => n !== '.signatures.json')) {
      const orig = rego.get(name)!;
      cases.push([`${name}: one byte flipped`, async () => new Map(rego).set(name, orig.map((b, i) => (i === orig.length >> 1 ? b ^ 1 : b)))]);
      // Half the file: OPA hashes JSON documents parsed, so a lost trailing newline is no change to it
      // (manifest.json's byte hashes catch that one, see the runtime integrity tests).
      cases.push([`${name}: truncated`, async () => new Map(rego).set(name, orig.slice(0, orig.length >> 1))]);
      cases.push([`${name}: deleted`, async () => { const m = new Map(rego); m.delete(name); return m; }]);
    }
    return cases;
  }

  it.each(KEYS.filter((k) => k.alg !== 'HS256').map((k) => [k.alg, k] as const))('%s: every tampering is refused', async (_alg, k) => {
    const rego = regoFiles(signed.get(k.alg)!);
    const cases = tamperings(rego, k);
    expect(cases.length).toBeGreaterThanOrEqual(25);
    const accepted: string[] = [];
    for (const [name, make] of cases) {
      const check = await verifyBundleSignature(await make(), { key: k.verify, keyId: 'ci-key' });
      if (check.ok) accepted.push(name);
    }
    expect(accepted).toEqual([]);
    // …and the wrong key refuses the untouched bundle.
    const other = k.alg === 'ES256' ? pem(rsa.publicKey, 'spki') : pem(ec.publicKey, 'spki');
    expect((await verifyBundleSignature(rego, { key: other })).ok).toBe(false);
    expect((await verifyBundleSignature(rego, { key: k.verify, keyId: 'another-key' })).ok).toBe(false);
  });

  it('manifest.sig: any change to manifest.json or the token is refused', async () => {
    const files = signed.get('ES256')!;
    const token = (files['manifest.sig'] as string).trim();
    const m = bytes(files['manifest.json']!);
    const key = KEYS[2]!.verify;
    const verify = (t: string, body: Uint8Array) => verifyToken(t, new Map([['manifest.json', body]]), ['manifest.json'], { key });
    expect((await verify(token, m)).ok).toBe(true);
    expect((await verify(token, m.map((b, i) => (i === 40 ? b ^ 1 : b)))).ok).toBe(false);
    expect((await verify(token, m.slice(1))).ok).toBe(false);
    expect((await verify(token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA'), m)).ok).toBe(false);
  });

  it('the build with signing writes nothing else differently (unsigned files byte-identical)', async () => {
    const loaded = await loadPolicySet([root]);
    const plain = await buildPolicySet(loaded.ir!, TARGETS);
    if (!plain.ok) throw new Error('build failed');
    const s = signed.get('RS256')!;
    for (const path of Object.keys(plain.files)) {
      if (path === 'manifest.json' || path === 'rego/bundle.tar.gz') continue;
      expect(bytes(s[path]!), path).toEqual(bytes(plain.files[path]!));
    }
    expect(Object.keys(s).filter((p) => !(p in plain.files)).sort()).toEqual(['manifest.sig', 'rego/.signatures.json']);
    expect(readdirSync(root).length).toBeGreaterThan(0);
  });
});
