/**
 * Integrity and signatures at load, before any engine sees a byte (fail closed): the
 * bundle's files are checked against `manifest.json` — every file the chosen engine
 * reads must be listed with its sha-256, every listed file must be there, and no unlisted
 * file may sit where the engine reads — the Rego tarball must hold exactly the unpacked
 * Rego files, and, when a verification key is configured, the signatures must verify
 * (`manifest.sig` over manifest.json; OPA's `.signatures.json` for the Rego bundle).
 * Environment-neutral: WebCrypto and jose only.
 */
import {
  MANIFEST_SIGNATURE_FILE,
  SIGNATURES_FILE,
  sha256Hex,
  verifyBundleSignature,
  verifyToken,
  type SignatureCheck,
  type VerificationKey,
} from '../bundle/signature.ts';
import { bundleFiles, isOpaBundle, subdirectory, type BundleFiles } from './bundle-input.ts';

/** A bundle that does not match its manifest or signature; `file` names the culprit. */
export class BundleIntegrityError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'BundleIntegrityError';
  }
}

export interface IntegrityOptions {
  /** Verifies `manifest.sig` / `.signatures.json` (PEM public key, JWK, CryptoKey, or HMAC secret). */
  verificationKey?: VerificationKey;
  /** Expected key id (a token naming another is refused). */
  keyId?: string;
  /** Expected signature scope (OPA semantics: must match exactly). */
  scope?: string;
  /** Refuse unsigned bundles. Default: true when a verification key is given. */
  requireSignature?: boolean;
}

export const MANIFEST_FILE = 'manifest.json';
const REGO_TARBALL = 'rego/bundle.tar.gz';

/** What each engine reads from a policy-set bundle (besides the request schema). */
const ENGINE_DIRS: Record<'cedar' | 'rego', string> = { cedar: 'cedar/', rego: 'rego/' };

/**
 * Checks `files` for `engine`; throws {@link BundleIntegrityError} (or a TypeError for a
 * contradictory configuration). Returns the signature check when one was made.
 */
export async function checkBundleIntegrity(files: BundleFiles, engine: 'cedar' | 'rego', options: IntegrityOptions = {}): Promise<SignatureCheck | undefined> {
  const requireSignature = options.requireSignature ?? options.verificationKey !== undefined;
  if (requireSignature && options.verificationKey === undefined) throw new TypeError('requireSignature needs a verificationKey');
  if (isOpaBundle(files)) return checkOpaBundle(files, options, requireSignature);
  const signature = options.verificationKey !== undefined ? await checkManifestSignature(files, options, requireSignature) : undefined;
  await checkAgainstManifest(files, engine);
  if (engine === 'rego') {
    checkTarballMatches(files);
    const rego = subdirectory(files, 'rego');
    rego.delete('bundle.tar.gz'); // the container of the OPA bundle, not one of its files
    if (options.verificationKey !== undefined && rego.has(SIGNATURES_FILE)) {
      refuseUnless(await verifyBundleSignature(rego, signatureOptions(options)), 'rego/');
    }
  }
  return signature;
}

function signatureOptions(o: IntegrityOptions) {
  return { key: o.verificationKey!, ...(o.keyId !== undefined ? { keyId: o.keyId } : {}), ...(o.scope !== undefined ? { scope: o.scope } : {}) };
}

function refuseUnless(check: SignatureCheck, prefix = ''): asserts check is Extract<SignatureCheck, { ok: true }> {
  if (!check.ok) throw new BundleIntegrityError(`${prefix}${check.file ?? SIGNATURES_FILE}`, `bundle signature refused: ${check.reason}`);
}

/** Rego's own OPA bundle: OPA's rules — signed when configured, refused when the signature fails. */
async function checkOpaBundle(files: BundleFiles, options: IntegrityOptions, requireSignature: boolean): Promise<SignatureCheck | undefined> {
  if (!files.has(SIGNATURES_FILE)) {
    if (requireSignature) throw new BundleIntegrityError(SIGNATURES_FILE, `bundle signature required, but the bundle has no ${SIGNATURES_FILE}`);
    return undefined;
  }
  if (options.verificationKey === undefined) return undefined;
  const check = await verifyBundleSignature(files, signatureOptions(options));
  refuseUnless(check);
  return check;
}

async function checkManifestSignature(files: BundleFiles, options: IntegrityOptions, requireSignature: boolean): Promise<SignatureCheck | undefined> {
  const sig = files.get(MANIFEST_SIGNATURE_FILE);
  if (!sig) {
    if (requireSignature) throw new BundleIntegrityError(MANIFEST_SIGNATURE_FILE, `bundle signature required, but the bundle has no ${MANIFEST_SIGNATURE_FILE}`);
    return undefined;
  }
  const manifest = files.get(MANIFEST_FILE);
  if (!manifest) throw new BundleIntegrityError(MANIFEST_FILE, `${MANIFEST_FILE} is missing`);
  const token = new TextDecoder().decode(sig).trim();
  const check = await verifyToken(token, new Map([[MANIFEST_FILE, manifest]]), [MANIFEST_FILE], signatureOptions(options));
  if (!check.ok) throw new BundleIntegrityError(MANIFEST_SIGNATURE_FILE, `bundle signature refused: ${check.reason}`);
  return check;
}

interface ManifestEntry {
  path: string;
  sha256: string;
}

function manifestEntries(files: BundleFiles): Map<string, string> {
  const bytes = files.get(MANIFEST_FILE);
  if (!bytes) throw new BundleIntegrityError(MANIFEST_FILE, `${MANIFEST_FILE} is missing: the bundle's files cannot be checked`);
  let list: unknown;
  try {
    list = (JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as { files?: unknown }).files;
  } catch (err) {
    throw new BundleIntegrityError(MANIFEST_FILE, `${MANIFEST_FILE} is not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(list)) throw new BundleIntegrityError(MANIFEST_FILE, `${MANIFEST_FILE} has no "files" list`);
  const out = new Map<string, string>();
  for (const e of list as ManifestEntry[]) {
    if (!e || typeof e.path !== 'string' || typeof e.sha256 !== 'string') throw new BundleIntegrityError(MANIFEST_FILE, `${MANIFEST_FILE}: malformed "files" entry ${JSON.stringify(e)}`);
    if (out.has(e.path)) throw new BundleIntegrityError(e.path, `${MANIFEST_FILE} lists ${e.path} twice`);
    out.set(e.path, e.sha256.toLowerCase());
  }
  return out;
}

/** The files each engine reads from a policy-set bundle (request.schema.json besides). */
export const ENGINE_FILES: Record<'cedar' | 'rego', readonly string[]> = {
  cedar: ['cedar/policies.cedar', 'cedar/schema.cedarschema.json', 'cedar/entities.json'],
  rego: ['rego/policy.wasm', 'rego/data.json'],
};

/**
 * Every file the engine reads is present, listed and matching; every other file present
 * where the engine reads (its directory, the request schema) is listed and matching — an
 * unlisted one is refused. Listed files the engine never reads may be left out of a
 * deployment (say, the Rego tarball beside a Cedar-only service).
 */
async function checkAgainstManifest(files: BundleFiles, engine: 'cedar' | 'rego'): Promise<void> {
  const listed = manifestEntries(files);
  for (const path of ['request.schema.json', ...ENGINE_FILES[engine]]) {
    if (!listed.has(path)) throw new BundleIntegrityError(path, `${path} is not listed in ${MANIFEST_FILE}`);
    if (!files.has(path)) throw new BundleIntegrityError(path, `${path} is listed in ${MANIFEST_FILE} but missing from the bundle`);
  }
  const dir = ENGINE_DIRS[engine];
  for (const [path, bytes] of files) {
    if (path !== 'request.schema.json' && !path.startsWith(dir)) continue;
    const hash = listed.get(path);
    if (hash === undefined) throw new BundleIntegrityError(path, `${path} is not listed in ${MANIFEST_FILE} (an extra file where the ${engine} engine reads)`);
    const actual = await sha256Hex(bytes);
    if (actual !== hash) throw new BundleIntegrityError(path, `${path} does not match ${MANIFEST_FILE} (sha-256 ${actual}, expected ${hash})`);
  }
}

/** The tarball (what OPA agents pull) and the unpacked Rego files must be the same bundle. */
function checkTarballMatches(files: BundleFiles): void {
  const tgz = files.get(REGO_TARBALL);
  if (!tgz) return;
  let inner: Map<string, Uint8Array>;
  try {
    inner = bundleFiles(tgz);
  } catch (err) {
    throw new BundleIntegrityError(REGO_TARBALL, `${REGO_TARBALL} does not unpack: ${(err as Error).message}`);
  }
  const unpacked = subdirectory(files, 'rego');
  unpacked.delete('bundle.tar.gz');
  for (const [name, bytes] of inner) {
    const other = unpacked.get(name);
    if (!other) throw new BundleIntegrityError(`rego/${name}`, `${REGO_TARBALL} holds ${name}, which is not among the unpacked Rego files`);
    if (!sameBytes(bytes, other)) throw new BundleIntegrityError(`rego/${name}`, `${REGO_TARBALL} and rego/${name} differ`);
  }
  for (const name of unpacked.keys()) {
    if (!inner.has(name)) throw new BundleIntegrityError(`rego/${name}`, `rego/${name} is not in ${REGO_TARBALL}`);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
