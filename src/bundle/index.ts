/**
 * `rolec build` as a library: IR → every file of the output directory, in memory. Nothing
 * is written unless every target succeeded (writeBuild is a separate step), and the same
 * IR always gives the same bytes.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { PolicySetIR } from '../semantics/ir.ts';
import { assemblePolicySet, type BuildResult } from './build.ts';
import type { Target } from '../backends/target.ts';
import { deterministicTarGz } from '../backends/rego/bundle.ts';
import { cmp } from '../backends/rego/data.ts';
import { manifestSignature, signaturesFile, MANIFEST_SIGNATURE_FILE, SIGNATURES_FILE, type SigningOptions } from './sign.ts';

export { assemblePolicySet, type BuildResult } from './build.ts';

export interface BuildOptions {
  /** Sign the build: OPA's `.signatures.json` in the Rego bundle, and `manifest.sig`. */
  signing?: SigningOptions;
}

/** {@link assemblePolicySet} with this package's version in the manifest (signed when asked). */
export async function buildPolicySet(ir: PolicySetIR, targets: readonly Target[], options: BuildOptions = {}): Promise<BuildResult> {
  const signing = options.signing;
  if (!signing) return assemblePolicySet(ir, targets, compilerVersion());
  return assemblePolicySet(ir, targets, compilerVersion(), {
    beforeManifest: (files) => signRegoBundle(files, signing),
    afterManifest: async (files) => {
      files[MANIFEST_SIGNATURE_FILE] = await manifestSignature(new TextEncoder().encode(files['manifest.json'] as string), signing);
    },
  });
}

const REGO_DIR = 'rego/';
const REGO_TARBALL = 'rego/bundle.tar.gz';

/** Adds `rego/.signatures.json` and rebuilds the tarball with it inside (as `opa build --signing-key` does). */
async function signRegoBundle(files: Record<string, string | Uint8Array>, signing: SigningOptions): Promise<void> {
  if (!(REGO_TARBALL in files)) return; // no Rego target in this build
  const enc = new TextEncoder();
  const bundle = new Map<string, Uint8Array>();
  for (const [path, content] of Object.entries(files)) {
    if (path.startsWith(REGO_DIR) && path !== REGO_TARBALL) bundle.set(path.slice(REGO_DIR.length), typeof content === 'string' ? enc.encode(content) : content);
  }
  const signatures = await signaturesFile(bundle, signing);
  bundle.set(SIGNATURES_FILE, signatures);
  files[REGO_DIR + SIGNATURES_FILE] = signatures;
  files[REGO_TARBALL] = deterministicTarGz(new Map([...bundle].sort((a, b) => cmp(a[0], b[0]))));
}

/** Writes a successful build; each target's directory is replaced so no stale file remains. */
export async function writeBuild(outDir: string, files: Record<string, string | Uint8Array>): Promise<string[]> {
  const topDirs = new Set(Object.keys(files).filter((f) => f.includes('/')).map((f) => f.split('/')[0]!));
  for (const d of topDirs) await rm(join(outDir, d), { recursive: true, force: true });
  const written: string[] = [];
  for (const path of Object.keys(files).sort()) {
    const full = join(outDir, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, files[path]!);
    written.push(full);
  }
  return written;
}

let version: string | undefined;
export function compilerVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}

export type { BuildProblem, Target } from '../backends/target.ts';
