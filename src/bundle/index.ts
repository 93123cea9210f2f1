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

export { assemblePolicySet, type BuildResult } from './build.ts';

/** {@link assemblePolicySet} with this package's version in the manifest. */
export async function buildPolicySet(ir: PolicySetIR, targets: readonly Target[]): Promise<BuildResult> {
  return assemblePolicySet(ir, targets, compilerVersion());
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
