/**
 * OPA-format bundle signatures, verified: pure functions over a bundle's files (path →
 * bytes), no `node:*` — hashing is WebCrypto and JWS is `jose`, so the same code runs in
 * Node and in a browser. The format is OPA's (openpolicyagent.org/docs/latest/
 * management-bundles/#signing): `.signatures.json` = `{"signatures": [JWT]}` with exactly
 * one compact JWS whose payload lists every other file of the bundle with its hash; rolec
 * signs its own `manifest.json` the same way (`manifest.sig`, one JWS listing that file).
 *
 * Verification follows OPA's steps: the JWS verifies with the configured key, the scope
 * matches exactly, the payload and the bundle list the same set of files, and every file's
 * hash matches. Anything else is a refusal with a reason — never a partial pass.
 */
import { compactVerify, decodeProtectedHeader, importJWK, importSPKI, type JWK } from 'jose';

export const SIGNATURES_FILE = '.signatures.json';
export const MANIFEST_SIGNATURE_FILE = 'manifest.sig';

/** Signing algorithms rolec writes and accepts (the asymmetric ones OPA documents, plus HS256). */
export const SIGNING_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'HS256', 'HS384', 'HS512'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** One entry of the JWT payload's `files` (OPA: name, hash, algorithm — all required). */
export interface SignedFile {
  name: string;
  hash: string;
  algorithm: string;
}

export interface SignaturePayload {
  files: SignedFile[];
  keyid?: string;
  scope?: string;
  [claim: string]: unknown;
}

/**
 * A verification key: a PEM public key (SPKI), a JWK, a WebCrypto/Node key object, or the
 * shared secret for the HS* algorithms (string or bytes that is not a PEM).
 */
export type VerificationKey = string | Uint8Array | JWK | CryptoKey | { type: string; asymmetricKeyType?: string };

export interface VerifyOptions {
  key: VerificationKey;
  /** The expected key id; when set, a token naming another key id is refused. */
  keyId?: string;
  /** The expected scope (OPA: must equal the payload's `scope`; both absent is a match). */
  scope?: string;
}

export type SignatureCheck =
  | { ok: true; keyId?: string; algorithm: string; claims: Record<string, unknown>; files: SignedFile[] }
  | { ok: false; reason: string; file?: string };

/** OPA hashes these as JSON documents (parsed, keys sorted), every other file as bytes. */
export function isStructuredDoc(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base === 'data.json' || base === '.manifest' || base === SIGNATURES_FILE;
}

const SUBTLE_NAMES: Record<string, string> = { 'SHA-256': 'SHA-256', 'SHA-384': 'SHA-384', 'SHA-512': 'SHA-512' };

/** The hex digest of one bundle file as OPA computes it for `.signatures.json`. */
export async function opaFileHash(path: string, bytes: Uint8Array, algorithm = 'SHA-256'): Promise<string> {
  const subtle = SUBTLE_NAMES[algorithm];
  if (!subtle) throw new Error(`unsupported hashing algorithm ${JSON.stringify(algorithm)} (rolec verifies SHA-256, SHA-384 and SHA-512)`);
  const input = isStructuredDoc(path) ? new TextEncoder().encode(canonicalJson(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)))) : bytes;
  return hex(await crypto.subtle.digest(subtle, input as Uint8Array<ArrayBuffer>));
}

/** SHA-256 of bytes, hex (what manifest.json records). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

function hex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The byte stream OPA hashes for a JSON document: compact, object keys in byte order, no
 * HTML escaping, and (as Go's encoder does) U+2028/U+2029 escaped. Numbers print as
 * JavaScript prints them, which is their literal text for files rolec wrote itself.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort(byCodePoint);
    return `{${keys.map((k) => `${jsonString(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  if (typeof value === 'string') return jsonString(value);
  return JSON.stringify(value);
}

function jsonString(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** UTF-8 byte order (= code point order), as Go's sort.Strings orders map keys. */
export function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** The files a signature covers: every file of the bundle but `.signatures.json`, by name. */
export function signedFileNames(files: ReadonlyMap<string, Uint8Array>): string[] {
  return [...files.keys()].filter((p) => p !== SIGNATURES_FILE).sort(byCodePoint);
}

/** `{"signatures": [jwt]}` → the one token, or why not. */
export function parseSignaturesFile(bytes: Uint8Array): { ok: true; token: string } | { ok: false; reason: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    return { ok: false, reason: `${SIGNATURES_FILE} is not JSON: ${(err as Error).message}` };
  }
  const list = (parsed as { signatures?: unknown } | null)?.signatures;
  if (!Array.isArray(list) || list.some((t) => typeof t !== 'string')) return { ok: false, reason: `${SIGNATURES_FILE}: "signatures" must be an array of JWTs` };
  if (list.length !== 1) return { ok: false, reason: `${SIGNATURES_FILE}: expected exactly one JWT, found ${list.length}` };
  return { ok: true, token: list[0] as string };
}

/** Verifies a bundle's `.signatures.json` against the bundle's other files (OPA's rules). */
export async function verifyBundleSignature(files: ReadonlyMap<string, Uint8Array>, options: VerifyOptions): Promise<SignatureCheck> {
  const sig = files.get(SIGNATURES_FILE);
  if (!sig) return { ok: false, reason: `the bundle has no ${SIGNATURES_FILE}`, file: SIGNATURES_FILE };
  const parsed = parseSignaturesFile(sig);
  if (!parsed.ok) return { ok: false, reason: parsed.reason, file: SIGNATURES_FILE };
  return verifyToken(parsed.token, files, signedFileNames(files), options);
}

/** Verifies a JWS whose payload lists exactly `expected` of `files` (by name, with hashes). */
export async function verifyToken(token: string, files: ReadonlyMap<string, Uint8Array>, expected: readonly string[], options: VerifyOptions): Promise<SignatureCheck> {
  const verified = await verifyJws(token, options);
  if (!verified.ok) return verified;
  const { payload } = verified;
  const listed = new Map<string, SignedFile>();
  for (const f of payload.files) {
    if (listed.has(f.name)) return { ok: false, reason: `the signature lists ${f.name} twice`, file: f.name };
    listed.set(f.name, f);
  }
  for (const name of expected) {
    const entry = listed.get(name);
    if (!entry) return { ok: false, reason: `${name} is not covered by the signature`, file: name };
    let actual: string;
    try {
      actual = await opaFileHash(name, files.get(name)!, entry.algorithm);
    } catch (err) {
      return { ok: false, reason: `${name}: ${(err as Error).message}`, file: name };
    }
    if (actual !== entry.hash.toLowerCase()) return { ok: false, reason: `${name}: digest mismatch (signed ${entry.hash}, actual ${actual})`, file: name };
    listed.delete(name);
  }
  const extra = [...listed.keys()];
  if (extra.length > 0) return { ok: false, reason: `the signature lists ${extra.join(', ')}, not in the bundle`, file: extra[0] };
  const { files: signed, ...claims } = payload;
  return { ok: true, keyId: verified.keyId, algorithm: verified.algorithm, claims, files: signed };
}

type JwsCheck = { ok: true; payload: SignaturePayload; keyId?: string; algorithm: string } | { ok: false; reason: string };

async function verifyJws(token: string, options: VerifyOptions): Promise<JwsCheck> {
  let header: { alg?: string; kid?: string };
  try {
    header = decodeProtectedHeader(token);
  } catch (err) {
    return { ok: false, reason: `the signature is not a compact JWS: ${(err as Error).message}` };
  }
  const alg = header.alg ?? '';
  if (!(SIGNING_ALGORITHMS as readonly string[]).includes(alg)) return { ok: false, reason: `signature algorithm ${JSON.stringify(alg)} is not accepted` };
  let key: Awaited<ReturnType<typeof importKey>>;
  try {
    key = await importKey(options.key, alg as SigningAlgorithm);
  } catch (err) {
    return { ok: false, reason: `the verification key does not fit ${alg}: ${(err as Error).message}` };
  }
  let payloadBytes: Uint8Array;
  try {
    payloadBytes = (await compactVerify(token, key as CryptoKey, { algorithms: [alg] })).payload;
  } catch (err) {
    return { ok: false, reason: `the signature does not verify: ${(err as Error).message}` };
  }
  let payload: SignaturePayload;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payloadBytes)) as SignaturePayload;
  } catch {
    return { ok: false, reason: 'the signed payload is not JSON' };
  }
  if (!isPayload(payload)) return { ok: false, reason: 'the signed payload lacks a well-formed "files" list (name, hash, algorithm)' };
  // OPA: the configured key id first, then the payload's (deprecated) keyid, then the header's kid.
  const named = typeof payload.keyid === 'string' && payload.keyid !== '' ? payload.keyid : header.kid;
  if (options.keyId !== undefined && named !== undefined && named !== options.keyId) {
    return { ok: false, reason: `the signature names key ${JSON.stringify(named)}, expected ${JSON.stringify(options.keyId)}` };
  }
  const scope = payload.scope ?? '';
  if (scope !== (options.scope ?? '')) return { ok: false, reason: `scope mismatch (signed ${JSON.stringify(scope)}, expected ${JSON.stringify(options.scope ?? '')})` };
  return { ok: true, payload, keyId: options.keyId ?? named, algorithm: alg };
}

function isPayload(p: unknown): p is SignaturePayload {
  if (!p || typeof p !== 'object' || Array.isArray(p)) return false;
  const files = (p as { files?: unknown }).files;
  if (!Array.isArray(files)) return false;
  const scope = (p as { scope?: unknown }).scope;
  if (scope !== undefined && typeof scope !== 'string') return false;
  return files.every(
    (f: unknown) =>
      !!f && typeof f === 'object' && typeof (f as SignedFile).name === 'string' && typeof (f as SignedFile).hash === 'string' && typeof (f as SignedFile).algorithm === 'string',
  );
}

const PEM_PUBLIC = /-----BEGIN PUBLIC KEY-----/;

/**
 * The key as jose needs it for `alg`. A PEM is only ever a public key for RS/PS/ES and a
 * non-PEM string or bytes only ever an HMAC secret: a public key is never accepted as an
 * HMAC secret (the classic algorithm-confusion forgery).
 */
async function importKey(key: VerificationKey, alg: SigningAlgorithm): Promise<unknown> {
  const hmac = alg.startsWith('HS');
  if (typeof key === 'string') {
    if (/-----BEGIN /.test(key)) {
      if (hmac) throw new Error('a PEM key cannot verify an HMAC signature');
      if (!PEM_PUBLIC.test(key)) throw new Error('expected a PEM public key (-----BEGIN PUBLIC KEY-----)');
      return importSPKI(key, alg);
    }
    if (!hmac) throw new Error('a shared secret can only verify HS256/HS384/HS512');
    return new TextEncoder().encode(key);
  }
  if (key instanceof Uint8Array) {
    if (!hmac) throw new Error('a shared secret can only verify HS256/HS384/HS512');
    return key;
  }
  if (isJwk(key)) {
    if (hmac !== (key.kty === 'oct')) throw new Error(`a ${key.kty} JWK cannot verify ${alg}`);
    if (key.d !== undefined) throw new Error('expected a public JWK, got a private one');
    return importJWK(key, alg);
  }
  // CryptoKey / KeyObject: jose checks that its type fits the algorithm.
  if ((key as { type: string }).type === 'secret' && !hmac) throw new Error(`a secret key cannot verify ${alg}`);
  if ((key as { type: string }).type !== 'secret' && hmac) throw new Error(`an ${(key as { type: string }).type} key cannot verify ${alg}`);
  return key;
}

function isJwk(k: VerificationKey): k is JWK {
  return typeof k === 'object' && k !== null && typeof (k as JWK).kty === 'string';
}
