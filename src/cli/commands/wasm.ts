/**
 * `rolec wasm FILE.rego… --entrypoint PATH… --out policy.wasm [--rego-wasm builtin|opa] [--v0-compatible] [--strict]`:
 * compile Rego source to an OPA-ABI `policy.wasm` — the no-Go equivalent of
 * `opa build -t wasm -e PATH`. The default compiler is rolec's own (src/regowasm);
 * `--rego-wasm opa` (or ROLEC_OPA=/path/to/opa) runs the OPA CLI instead.
 *
 * Exit codes: 0 written; 1 the policy does not compile (diagnostics on stderr, nothing
 * written); 2 usage errors (missing file, bad entrypoint, no OPA binary for `opa`).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Option, type Command } from 'commander';
import { summary, type SetExit } from './index.ts';
import { renderText, shouldColor } from '../../report/render.ts';
import type { Diagnostic } from '../../diagnostics/types.ts';
import { compileRegoToWasm, type CompileDiagnostic } from '../../regowasm/index.ts';
import { buildWasmWithOpa, findOpa, selectBackend, type RegoWasmBackend } from '../../regowasm/opa-cli.ts';

export interface WasmOptions {
  entrypoint: string[];
  out: string;
  regoWasm?: RegoWasmBackend;
  /** Accept Rego v0 modules (those without `import rego.v1`), as `opa build --v0-compatible`. */
  v0Compatible?: boolean;
  /** OPA's strict mode: unused imports / locals and deprecated builtins are errors. */
  strict?: boolean;
}

export function register(program: Command, setExit: SetExit): void {
  program
    .command('wasm')
    .description(summary('wasm'))
    .argument('<files...>', '.rego source files')
    .requiredOption('-e, --entrypoint <path>', 'entrypoint, e.g. rolec/authz/decision or data.rolec.authz.decision (repeatable)', collect, [])
    .requiredOption('-o, --out <file>', 'where to write policy.wasm')
    .option('--strict', 'OPA\'s strict mode: unused imports and locals, deprecated builtins are errors')
    .option('--v0-compatible', 'accept Rego v0 (modules without `import rego.v1`), as OPA 1.x\'s --v0-compatible')
    .addOption(new Option('--rego-wasm <compiler>', 'compiler: rolec\'s own (builtin) or the OPA CLI (opa; default when ROLEC_OPA is set)').choices(['builtin', 'opa']))
    .action(async (files: string[], opts: WasmOptions) => {
      setExit(await runWasm(files, opts, process.stderr));
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export async function runWasm(files: readonly string[], opts: WasmOptions, err: { write(s: string): unknown; isTTY?: boolean }): Promise<number> {
  const entrypoints: string[] = [];
  for (const e of opts.entrypoint) {
    const normal = normaliseEntrypoint(e);
    if (!normal) {
      err.write(`rolec wasm: invalid entrypoint ${JSON.stringify(e)} (expected a/b/c or data.a.b.c)\n`);
      return 2;
    }
    entrypoints.push(normal);
  }
  if (entrypoints.length === 0) {
    err.write('rolec wasm: at least one --entrypoint is required\n');
    return 2;
  }
  const modules: { path: string; source: string }[] = [];
  for (const path of files) {
    try {
      modules.push({ path, source: readFileSync(path, 'utf8') });
    } catch (e) {
      err.write(`rolec wasm: cannot read ${path}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
  }

  let wasm: Uint8Array | undefined;
  if (selectBackend(opts.regoWasm) === 'opa') {
    const opa = findOpa();
    if (!opa) {
      err.write(`rolec wasm: --rego-wasm opa needs an OPA binary: set ROLEC_OPA=/path/to/opa or put opa on PATH\n`);
      return 2;
    }
    const built = await buildWasmWithOpa(opa, files, entrypoints, { v0Compatible: opts.v0Compatible === true, strict: opts.strict === true });
    if (!built.wasm) {
      err.write(`rolec wasm: ${built.error ?? 'opa build failed'}\n`);
      return 1;
    }
    wasm = built.wasm;
  } else {
    const result = compileRegoToWasm({ modules, entrypoints, v0Compatible: opts.v0Compatible === true, strict: opts.strict === true });
    if (result.diagnostics.length > 0) {
      const sources = new Map(modules.map((m) => [m.path, m.source]));
      err.write(`${renderText(result.diagnostics.map(toDiagnostic), (f) => sources.get(f), { color: shouldColor(err) })}\n`);
    }
    if (!result.wasm) {
      if (result.diagnostics.length === 0) err.write('rolec wasm: compilation failed without diagnostics\n');
      return 1;
    }
    wasm = result.wasm;
  }
  writeAtomically(opts.out, wasm);
  return 0;
}

/** `data.a.b` / `a.b` (dotted) and `a/b` (OPA's -e form) → `a/b`. */
export function normaliseEntrypoint(e: string): string | undefined {
  let s = e.trim();
  if (s.includes('/')) s = s.replace(/^\/+/, '').replace(/^data\//, '');
  else s = s.replace(/^data\./, '').replaceAll('.', '/');
  if (s === '' || s === 'data') return undefined;
  return s.split('/').every((seg) => /^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) ? s : undefined;
}

/** The compiler reports points (file:line:col); the shared renderer wants a span. */
function toDiagnostic(d: CompileDiagnostic): Diagnostic {
  const at = { line: d.line, col: d.col, offset: 0 };
  return { code: d.code, severity: 'error', message: d.message, span: { file: d.file, start: at, end: at } };
}

/** Write to a sibling temp file and rename, so a failed run never leaves partial output. */
function writeAtomically(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}
