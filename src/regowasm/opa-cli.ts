/**
 * The OPA CLI route to `policy.wasm`, for users who have an `opa` binary: runs
 * `opa build -t wasm -e <entrypoint>… -o <tmp>/bundle.tar.gz <files>…` and extracts
 * `/policy.wasm` from the bundle tarball. rolec's own compiler (src/regowasm/index.ts) is
 * the default; this route is selected with `--rego-wasm opa` or by setting ROLEC_OPA.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import { list } from 'tar';

export type RegoWasmBackend = 'builtin' | 'opa';

/**
 * Which compiler to use: an explicit choice wins; otherwise ROLEC_OPA (set and non-empty)
 * selects the OPA CLI, and everything else uses rolec's own compiler.
 */
export function selectBackend(explicit: RegoWasmBackend | undefined, env: NodeJS.ProcessEnv = process.env): RegoWasmBackend {
  if (explicit) return explicit;
  return env.ROLEC_OPA ? 'opa' : 'builtin';
}

/** The OPA binary to run: $ROLEC_OPA, else `opa` found on PATH; undefined when neither exists. */
export function findOpa(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.ROLEC_OPA) return isFile(env.ROLEC_OPA) ? resolve(env.ROLEC_OPA) : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, process.platform === 'win32' ? 'opa.exe' : 'opa');
    if (isFile(candidate)) return candidate;
  }
  return undefined;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export interface OpaBuildResult {
  wasm?: Uint8Array;
  /** OPA's own error output (or rolec's reason) when the build failed. */
  error?: string;
}

/**
 * Build `policy.wasm` with the OPA CLI. `files` are .rego paths; `entrypoints` use OPA's
 * `a/b/c` form. Never throws for OPA failures: they come back as `error`.
 */
export async function buildWasmWithOpa(opa: string, files: readonly string[], entrypoints: readonly string[], options: { v0Compatible?: boolean; strict?: boolean } = {}): Promise<OpaBuildResult> {
  const dir = mkdtempSync(join(tmpdir(), 'rolec-opa-'));
  try {
    const bundle = join(dir, 'bundle.tar.gz');
    const args = ['build', '-t', 'wasm', ...(options.v0Compatible ? ['--v0-compatible'] : []), ...(options.strict ? ['--strict'] : []), ...entrypoints.flatMap((e) => ['-e', e]), '-o', bundle, ...files];
    const run = await execute(opa, args);
    if (run.code !== 0) return { error: `${opa} ${args.join(' ')} failed (exit ${run.code}):\n${run.stderr.trim() || run.stdout.trim()}` };
    if (!existsSync(bundle)) return { error: `${opa} build did not write ${bundle}` };
    const wasm = await readBundleFile(bundle, 'policy.wasm');
    return wasm ? { wasm } : { error: 'the OPA bundle has no /policy.wasm' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The OPA route with the same shape as rolec's `compileRegoToWasm` (in-memory modules in,
 * `{ wasm?, diagnostics }` out), so a build pipeline can switch compilers: the sources are
 * written under a temp dir (keeping their relative paths) and built with `opa build`.
 * OPA's failure output becomes one RG301 diagnostic.
 */
export async function compileWithOpa(
  opa: string,
  req: { modules: { path: string; source: string }[]; entrypoints: string[] },
): Promise<{ wasm?: Uint8Array; diagnostics: { file: string; line: number; col: number; code: string; message: string }[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'rolec-opa-src-'));
  try {
    const files = req.modules.map((m, i) => {
      const rel = normalize(m.path);
      // Keep the module's own path for OPA's messages unless it would escape the temp dir.
      const safe = isAbsolute(rel) || rel.startsWith('..') ? `module-${i}.rego` : rel;
      const file = join(dir, safe);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, m.source);
      return file;
    });
    const built = await buildWasmWithOpa(opa, files, req.entrypoints);
    if (built.wasm) return { wasm: built.wasm, diagnostics: [] };
    const message = (built.error ?? 'opa build failed').split(dir + '/').join('');
    return { diagnostics: [{ file: req.modules[0]?.path ?? '<policy>', line: 1, col: 1, code: 'RG301', message }] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One file of a (gzipped) bundle tarball, by path without the leading slash. */
export async function readBundleFile(tarball: string, name: string): Promise<Uint8Array | undefined> {
  const chunks: Buffer[] = [];
  let found = false;
  await list({
    file: tarball,
    onReadEntry: (entry) => {
      if (entry.path.replace(/^\.?\//, '') === name) {
        found = true;
        entry.on('data', (c: Buffer) => chunks.push(c));
      } else {
        entry.resume();
      }
    },
  });
  return found ? new Uint8Array(Buffer.concat(chunks)) : undefined;
}

function execute(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(cmd, args, { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 127) : 0;
      done({ code, stdout: String(stdout), stderr: err && !stderr ? err.message : String(stderr) });
    });
  });
}
