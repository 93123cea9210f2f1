/**
 * What a built bundle is and whether it holds together (`rolec inspect`, like `opa
 * inspect`): the policy set's compiler and catalog versions, sources, every file with its
 * sha-256 and whether it matches manifest.json, the Rego revision and entrypoints, and each
 * signature's header, claims and — given a key — whether it verifies. Pure over the
 * bundle's files (path → bytes), so it reports on a directory and a tarball alike.
 */
import {
  MANIFEST_SIGNATURE_FILE,
  SIGNATURES_FILE,
  parseSignaturesFile,
  sha256Hex,
  signedFileNames,
  verifyToken,
  type VerifyOptions,
} from './signature.ts';

export type FileStatus = 'ok' | 'mismatch' | 'unlisted' | 'missing' | 'unchecked';

export interface InspectedFile {
  path: string;
  sha256: string | null;
  status: FileStatus;
}

export interface InspectedSignature {
  file: string;
  covers: string[];
  algorithm?: string;
  keyId?: string;
  claims: Record<string, unknown>;
  /** true/false when a key was given; null when not checked. */
  verified: boolean | null;
  reason?: string;
}

export interface BundleReport {
  kind: 'policy-set' | 'opa-bundle';
  compiler?: { name: string; version: string };
  irVersion?: number;
  catalogVersion?: string;
  targets?: string[];
  sources?: { file: string; sha256: string }[];
  entrypoints: Record<string, string[]>;
  rego?: { revision?: string; roots?: string[]; wasm?: { entrypoint: string; module: string }[] };
  files: InspectedFile[];
  signatures: InspectedSignature[];
  /** Every file matches (and, with a key, every signature verifies). */
  ok: boolean;
}

const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function json(bytes: Uint8Array | undefined): Record<string, unknown> | undefined {
  if (!bytes) return undefined;
  try {
    const v = JSON.parse(dec(bytes)) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export async function inspectBundle(files: ReadonlyMap<string, Uint8Array>, key?: Omit<VerifyOptions, 'key'> & { key?: VerifyOptions['key'] }): Promise<BundleReport> {
  const opa = files.has('.manifest') && files.has('policy.wasm') && !files.has('manifest.json');
  const regoPrefix = opa ? '' : 'rego/';
  const manifest = json(files.get('manifest.json'));
  const listed = new Map<string, string>();
  for (const f of (manifest?.files as { path: string; sha256: string }[] | undefined) ?? []) listed.set(f.path, f.sha256);
  const report: BundleReport = { kind: opa ? 'opa-bundle' : 'policy-set', entrypoints: {}, files: [], signatures: [], ok: true };
  if (manifest) {
    Object.assign(report, {
      compiler: manifest.compiler,
      irVersion: manifest.irVersion,
      catalogVersion: manifest.catalogVersion,
      targets: manifest.targets,
      sources: manifest.sources,
      entrypoints: manifest.entrypoints ?? {},
    });
  }
  const regoManifest = json(files.get(`${regoPrefix}.manifest`));
  if (regoManifest) {
    report.rego = { revision: regoManifest.revision as string, roots: regoManifest.roots as string[], wasm: regoManifest.wasm as { entrypoint: string; module: string }[] };
    if (opa) report.entrypoints = { rego: (report.rego.wasm ?? []).map((w) => w.entrypoint) };
  }
  const exempt = new Set(['manifest.json', MANIFEST_SIGNATURE_FILE]);
  for (const path of [...new Set([...files.keys(), ...listed.keys()])].sort()) {
    const bytes = files.get(path);
    const actual = bytes ? await sha256Hex(bytes) : null;
    const expected = listed.get(path);
    const status: FileStatus = !bytes ? 'missing' : !manifest || exempt.has(path) ? 'unchecked' : expected === undefined ? 'unlisted' : expected === actual ? 'ok' : 'mismatch';
    report.files.push({ path, sha256: actual, status });
  }
  if (report.files.some((f) => f.status === 'mismatch' || f.status === 'unlisted')) report.ok = false;

  const manifestSig = files.get(MANIFEST_SIGNATURE_FILE);
  if (manifestSig) report.signatures.push(await inspectToken(MANIFEST_SIGNATURE_FILE, dec(manifestSig).trim(), files, ['manifest.json'], key));
  const sigs = files.get(`${regoPrefix}${SIGNATURES_FILE}`);
  if (sigs) {
    const parsed = parseSignaturesFile(sigs);
    const rego = new Map([...files].filter(([p]) => p.startsWith(regoPrefix) && p !== 'rego/bundle.tar.gz').map(([p, b]) => [p.slice(regoPrefix.length), b]));
    if (parsed.ok) report.signatures.push(await inspectToken(`${regoPrefix}${SIGNATURES_FILE}`, parsed.token, rego, signedFileNames(rego), key));
    else report.signatures.push({ file: `${regoPrefix}${SIGNATURES_FILE}`, covers: [], claims: {}, verified: false, reason: parsed.reason });
  }
  if (report.signatures.some((s) => s.verified === false)) report.ok = false;
  return report;
}

async function inspectToken(
  file: string,
  token: string,
  files: ReadonlyMap<string, Uint8Array>,
  expected: string[],
  key: (Omit<VerifyOptions, 'key'> & { key?: VerifyOptions['key'] }) | undefined,
): Promise<InspectedSignature> {
  const [h = '', p = ''] = token.split('.');
  const decode = (part: string) => json(base64url(part)) ?? {};
  const header = decode(h);
  const { files: covered, ...claims } = decode(p) as { files?: { name: string }[] };
  const out: InspectedSignature = {
    file,
    covers: (covered ?? []).map((f) => f.name),
    ...(typeof header.alg === 'string' ? { algorithm: header.alg } : {}),
    ...(typeof header.kid === 'string' ? { keyId: header.kid } : {}),
    claims,
    verified: null,
  };
  if (key?.key === undefined) return out;
  const check = await verifyToken(token, files, expected, { ...key, key: key.key });
  out.verified = check.ok;
  if (!check.ok) out.reason = check.reason;
  return out;
}

function base64url(s: string): Uint8Array | undefined {
  try {
    const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
    return Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** The human-readable report. */
export function formatReport(name: string, r: BundleReport): string {
  const lines: string[] = [`${name}  (${r.kind === 'opa-bundle' ? 'OPA bundle' : 'rolec policy set'})`];
  if (r.compiler) lines.push(`compiler:      ${r.compiler.name} ${r.compiler.version}`);
  if (r.catalogVersion) lines.push(`catalog:       ${r.catalogVersion}   IR version ${r.irVersion ?? '?'}`);
  if (r.targets) lines.push(`targets:       ${r.targets.join(', ')}`);
  if (r.rego?.revision) lines.push(`rego revision: ${r.rego.revision}   roots ${(r.rego.roots ?? []).join(', ')}`);
  for (const [t, eps] of Object.entries(r.entrypoints)) lines.push(`entrypoints:   ${t}: ${eps.join(', ')}`);
  if (r.sources?.length) {
    lines.push('sources:');
    for (const s of r.sources) lines.push(`  ${s.sha256.slice(0, 16)}  ${s.file}`);
  }
  lines.push('files:');
  for (const f of r.files) lines.push(`  ${(f.sha256 ?? '-'.repeat(16)).slice(0, 16)}  ${f.status.padEnd(9)} ${f.path}`);
  lines.push('signatures:');
  if (r.signatures.length === 0) lines.push('  none (unsigned)');
  for (const s of r.signatures) {
    const status = s.verified === null ? 'not checked (give --verification-key)' : s.verified ? 'verified' : `REFUSED: ${s.reason}`;
    lines.push(`  ${s.file}: ${s.algorithm ?? '?'} kid=${s.keyId ?? '-'} covers ${s.covers.length} file(s): ${status}`);
    if (Object.keys(s.claims).length) lines.push(`    claims ${JSON.stringify(s.claims)}`);
  }
  lines.push(r.ok ? 'result: ok' : 'result: FAILED');
  return lines.join('\n') + '\n';
}
