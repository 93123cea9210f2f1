/**
 * Signing a build, at build time: the Rego bundle gets OPA's `.signatures.json` (inside the
 * tarball and beside the unpacked files), and `manifest.json` — which hashes every file of
 * the build, the Cedar files included — gets `manifest.sig`, a JWS of the same shape
 * listing that one file. JWS via `jose`; private keys are read by Node's crypto (PKCS#8,
 * PKCS#1 and SEC1 PEMs alike), HMAC secrets are the key file's bytes (OPA reads the secret
 * itself; a file keeps it off the command line).
 *
 * The payload is what OPA's own signer writes: `files` (name, hash, algorithm), then the
 * claims file's claims when one is given, else the deprecated `keyid` claim; the header
 * carries `alg`, `typ: JWT` and `kid`. Keys are serialised in sorted order, compactly.
 */
import { createPrivateKey, createSecretKey, type KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import {
  byCodePoint,
  MANIFEST_SIGNATURE_FILE,
  opaFileHash,
  SIGNATURES_FILE,
  SIGNING_ALGORITHMS,
  signedFileNames,
  type SignedFile,
  type SigningAlgorithm,
} from './signature.ts';
import { sortKeys, stableJson } from '../backends/json.ts';

export interface SigningOptions {
  /** PEM private key (RS*, PS*, ES*) or the HMAC secret's bytes (HS*). */
  key: string | Uint8Array;
  algorithm?: SigningAlgorithm;
  /** `kid` header and (without a claims file) `keyid` claim; OPA's default is "default". */
  keyId?: string;
  /** Extra claims (OPA's `--claims-file`: e.g. `iss`, `iat`, `scope`). */
  claims?: Record<string, unknown>;
  /** The `scope` claim (OPA verifies it against the configured scope). */
  scope?: string;
}

export const DEFAULT_KEY_ID = 'default';
export const DEFAULT_SIGNING_ALGORITHM: SigningAlgorithm = 'RS256';

export function isSigningAlgorithm(s: string): s is SigningAlgorithm {
  return (SIGNING_ALGORITHMS as readonly string[]).includes(s);
}

/** A compact JWS over the files named (hash per OPA's rules). */
export async function signFiles(files: ReadonlyMap<string, Uint8Array>, names: readonly string[], opts: SigningOptions): Promise<string> {
  const alg = opts.algorithm ?? DEFAULT_SIGNING_ALGORITHM;
  const keyId = opts.keyId ?? DEFAULT_KEY_ID;
  const listed: SignedFile[] = [];
  for (const name of names) listed.push({ name, hash: await opaFileHash(name, files.get(name)!), algorithm: 'SHA-256' });
  const payload: Record<string, unknown> = { files: listed };
  if (opts.claims) Object.assign(payload, opts.claims);
  else payload.keyid = keyId;
  if (opts.scope !== undefined) payload.scope = opts.scope;
  const text = JSON.stringify(sortKeys(payload));
  return new CompactSign(new TextEncoder().encode(text)).setProtectedHeader({ alg, kid: keyId, typ: 'JWT' }).sign(signingKey(opts.key, alg));
}

function signingKey(key: string | Uint8Array, alg: SigningAlgorithm): KeyObject {
  if (alg.startsWith('HS')) {
    const secret = typeof key === 'string' ? new TextEncoder().encode(key) : key;
    if (/-----BEGIN /.test(new TextDecoder().decode(secret.slice(0, 64)))) throw new Error(`${alg} needs a shared secret, not a PEM key`);
    return createSecretKey(secret);
  }
  try {
    return createPrivateKey(typeof key === 'string' ? key : Buffer.from(key));
  } catch (err) {
    throw new Error(`the signing key is not a PEM private key: ${(err as Error).message}`);
  }
}

/** `.signatures.json` for a Rego bundle's files (every file but itself). */
export async function signaturesFile(files: ReadonlyMap<string, Uint8Array>, opts: SigningOptions): Promise<Uint8Array> {
  const token = await signFiles(files, signedFileNames(files), opts);
  return new TextEncoder().encode(stableJson({ signatures: [token] }));
}

/** `manifest.sig`: one JWS (text, newline-terminated) listing `manifest.json`. */
export async function manifestSignature(manifestJson: Uint8Array, opts: SigningOptions): Promise<string> {
  return `${await signFiles(new Map([['manifest.json', manifestJson]]), ['manifest.json'], opts)}\n`;
}

export { MANIFEST_SIGNATURE_FILE, SIGNATURES_FILE, byCodePoint };
