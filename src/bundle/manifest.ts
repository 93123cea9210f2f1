/**
 * `manifest.json`: what was built from what — compiler version, source hashes, the hash
 * of every file written, each target's entrypoints, and the source map from rule ids to
 * `file:line:col`. No timestamps: the manifest is as deterministic as the files.
 */
import { sha256Hex } from '../support/sha256.ts';
import type { PolicySetIR, SourceLoc } from '../semantics/ir.ts';

export const sha256 = sha256Hex;

/** Every rule id of the policy set → its declaration site. */
export function sourceMap(ir: PolicySetIR): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (id: string, loc: SourceLoc) => {
    out[id] ??= `${loc.file}:${loc.line}:${loc.col}`;
  };
  for (const r of ir.roles) {
    put(r.id, r.loc);
    for (const p of r.permissions) put(p.id, p.loc);
  }
  for (const a of ir.assignments) put(a.id, a.loc);
  for (const d of ir.denies) put(d.id, d.loc);
  for (const c of ir.cloudAssignments) put(c.id, c.loc);
  return out;
}

export interface Manifest {
  compiler: { name: 'rolec'; version: string };
  irVersion: number;
  catalogVersion: string;
  targets: string[];
  sources: { file: string; sha256: string }[];
  files: { path: string; sha256: string }[];
  entrypoints: Record<string, string[]>;
  sourceMap: Record<string, string>;
}

export function buildManifest(
  ir: PolicySetIR,
  version: string,
  files: Record<string, string | Uint8Array>,
  entrypoints: Record<string, string[]>,
): Manifest {
  return {
    compiler: { name: 'rolec', version },
    irVersion: ir.irVersion,
    catalogVersion: ir.catalog.version,
    targets: Object.keys(entrypoints),
    sources: ir.sources.map((s) => ({ file: s.file, sha256: s.sha256 })),
    files: Object.keys(files)
      .sort()
      .map((path) => ({ path, sha256: sha256(files[path]!) })),
    entrypoints,
    sourceMap: sourceMap(ir),
  };
}
