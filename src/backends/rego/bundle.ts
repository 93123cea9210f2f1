/**
 * IR → the OPA bundle: `.manifest`, `data.json`, the `.rego` modules and `policy.wasm`
 * (compiled by rolec's Rego→Wasm compiler from the very `.rego` text in the bundle),
 * and a deterministic `bundle.tar.gz` of those files.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import type { PolicySetIR } from '../../semantics/ir.ts';
import { DECISION_MODULE, DECISION_MODULE_PATH, ENTRYPOINT } from './core.ts';
import { stableJson } from '../json.ts';
import { buildData, cmp } from './data.ts';
import { generatePolicy, POLICY_MODULE_PATH } from './policy.ts';
import { permissionTables } from './permissions.ts';

export interface RegoModuleSource {
  path: string;
  source: string;
}

/** The Rego→Wasm compiler's interface (src/regowasm/index.ts). */
export interface RegoWasmDiagnostic {
  file?: string;
  line?: number;
  col?: number;
  code?: string;
  severity?: 'error' | 'warning';
  message: string;
}
export type RegoWasmCompiler = (opts: {
  modules: RegoModuleSource[];
  entrypoints: string[];
}) =>
  | { wasm?: Uint8Array; diagnostics: RegoWasmDiagnostic[] }
  | Promise<{ wasm?: Uint8Array; diagnostics: RegoWasmDiagnostic[] }>;

/** The Rego sources and data of a policy set (no wasm yet). */
export interface RegoSources {
  modules: RegoModuleSource[];
  data: ReturnType<typeof buildData>;
}

export function generateRego(ir: PolicySetIR): RegoSources {
  const tables = permissionTables(ir);
  const policy = generatePolicy(ir, tables);
  return {
    modules: [
      { path: DECISION_MODULE_PATH, source: DECISION_MODULE },
      { path: POLICY_MODULE_PATH, source: policy.source },
    ],
    data: buildData(ir, policy.guarded, tables.permissions),
  };
}

export interface RegoBundle {
  /** Bundle-relative path → bytes, sorted by path (what goes into the tarball). */
  files: Map<string, Uint8Array>;
  /** The gzipped tarball of `files`. */
  tarball: Uint8Array;
}

export type RegoBundleResult = { ok: true; bundle: RegoBundle } | { ok: false; diagnostics: RegoWasmDiagnostic[] };

export async function buildRegoBundle(ir: PolicySetIR, compile: RegoWasmCompiler): Promise<RegoBundleResult> {
  const { modules, data } = generateRego(ir);
  let compiled: Awaited<ReturnType<RegoWasmCompiler>>;
  try {
    compiled = await compile({ modules, entrypoints: [ENTRYPOINT] });
  } catch (err) {
    // A compiler that throws is reported like one that refuses: no bundle, a clear message.
    return { ok: false, diagnostics: [{ message: `Rego→Wasm compiler failed: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  const errors = compiled.diagnostics.filter((d) => d.severity !== 'warning');
  if (!compiled.wasm || errors.length > 0) {
    return {
      ok: false,
      diagnostics: errors.length ? errors : [{ message: 'the Rego→Wasm compiler produced no policy.wasm and no diagnostic' }],
    };
  }
  return { ok: true, bundle: assembleBundle(modules, stableJson(data), compiled.wasm) };
}

/** Puts the pieces together: manifest (with a content revision) and the tarball.
 *  `dataJson` is data.json's text (stable, pretty JSON). */
export function assembleBundle(modules: RegoModuleSource[], dataJson: string, wasm: Uint8Array): RegoBundle {
  const enc = new TextEncoder();
  const content = new Map<string, Uint8Array>();
  content.set('data.json', enc.encode(dataJson));
  content.set('policy.wasm', wasm);
  for (const m of modules) content.set(m.path, enc.encode(m.source));
  const hash = createHash('sha256');
  for (const path of [...content.keys()].sort(cmp)) {
    hash.update(path).update('\0').update(content.get(path)!).update('\0');
  }
  const manifest = {
    revision: hash.digest('hex').slice(0, 16),
    roots: ['rolec'],
    rego_version: 1,
    wasm: [{ entrypoint: ENTRYPOINT, module: '/policy.wasm' }],
  };
  content.set('.manifest', enc.encode(stableJson(manifest)));
  const files = new Map([...content].sort((a, b) => cmp(a[0], b[0])));
  return { files, tarball: deterministicTarGz(files) };
}

/**
 * A .tar.gz that depends only on the files: sorted entries, no directory entries,
 * mode 0644, mtime 0, no uid/gid/user names (tar's `portable`), gzip without a
 * timestamp. Files are staged in a temporary directory because `tar` packs from disk.
 */
export function deterministicTarGz(files: Map<string, Uint8Array>): Uint8Array {
  const stage = mkdtempSync(join(tmpdir(), 'rolec-rego-'));
  try {
    const epoch = new Date(0);
    for (const [path, bytes] of files) {
      const full = join(stage, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, bytes);
      chmodSync(full, 0o644);
      utimesSync(full, epoch, epoch);
    }
    const chunks: Buffer[] = [];
    const pack = tar.c({ cwd: stage, sync: true, portable: true, mtime: epoch, noDirRecurse: true }, [...files.keys()]);
    pack.on('data', (c: Buffer) => chunks.push(c));
    return gzipSync(Buffer.concat(chunks), { level: 9 });
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** Writes `<outDir>/bundle.tar.gz` and the same files unpacked beside it. */
export function writeRegoBundle(outDir: string, bundle: RegoBundle): string[] {
  const written: string[] = [];
  mkdirSync(outDir, { recursive: true });
  for (const [path, bytes] of bundle.files) {
    const full = join(outDir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, bytes);
    written.push(full);
  }
  const tarPath = join(outDir, 'bundle.tar.gz');
  writeFileSync(tarPath, bundle.tarball);
  written.push(tarPath);
  return written;
}
