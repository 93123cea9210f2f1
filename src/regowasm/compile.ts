/**
 * Rego → OPA-ABI Wasm compiler, environment-neutral core (the VM module's bytes are an
 * argument; ./index.ts reads them from disk in Node).
 *
 *   compileRegoToWasm({ modules: [{path, source}], entrypoints: ['pkg/rule'] })
 *     → { wasm?: Uint8Array; diagnostics: [{file, line, col, code, message}] }
 *
 * Pipeline: parse every module (syntax/) → plan (plan/planner.ts: rule tree, name
 * resolution, safety ordering, IR) → encode (plan/encode.ts) → splice the program into the
 * prebuilt VM module (splice.ts). `wasm` is present iff there are no diagnostics; the
 * result loads with `@open-policy-agent/opa-wasm` as is. Deterministic: the same sources
 * and entrypoints give the same bytes.
 */
import { parseRego } from './syntax/index.ts';
import type { RegoModule } from './syntax/index.ts';
import { planPolicy } from './plan/planner.ts';
import { strictFindings } from './check/strict.ts';
import { encodePolicy } from './plan/encode.ts';
import { spliceProgram } from './splice.ts';
import type { Policy } from './plan/ir.ts';
import { appendAll } from '../support/arrays.ts';

export interface CompileRequest {
  modules: { path: string; source: string }[];
  /** Entrypoint names like "rolec/authz/decision" (= data.rolec.authz.decision). */
  entrypoints: string[];
  /** OPA's compile-time type check of builtin calls (RG210); default true. Off only to
   *  measure its cost (bench/regowasm.bench.ts). */
  typeCheck?: boolean;
  /** Accept Rego v0 as OPA 1.x's `--v0-compatible` does: modules without `import rego.v1`
   *  are v0 (bodies without `if`, `p[x] { … }` partial sets); with it they are v1. */
  v0Compatible?: boolean;
  /** OPA's strict mode (`opa build --strict`): unused imports and locals, deprecated
   *  builtins are errors (RG211, check/strict.ts). */
  strict?: boolean;
}

export interface CompileDiagnostic {
  file: string;
  line: number;
  col: number;
  /** RG1xx from the Rego front end, RG2xx from the planner (see plan/diagnostics.ts; RG210
   *  is OPA's rego_type_error, from check/checker.ts; RG211 a strict-mode finding);
   *  RG208 when the program does not fit the VM module (splice.ts); RG209 internal error. */
  code: string;
  message: string;
}

export interface CompileResult {
  wasm?: Uint8Array;
  diagnostics: CompileDiagnostic[];
}

/** Parses and plans only (no Wasm): the IR, for tests and tooling. */
export function planRego(req: CompileRequest): { policy?: Policy; diagnostics: CompileDiagnostic[] } {
  const modules: RegoModule[] = [];
  const diagnostics: CompileDiagnostic[] = [];
  for (const m of req.modules) {
    const parsed = parseRego(m.path, m.source, { v0Compatible: req.v0Compatible === true });
    if (parsed.module) modules.push(parsed.module);
    appendAll(diagnostics, parsed.diagnostics);
  }
  if (diagnostics.length === 0 && req.strict) {
    for (const m of modules) for (const f of strictFindings(m)) diagnostics.push({ file: f.loc.file, line: f.loc.line, col: f.loc.col, code: 'RG211', message: f.message });
  }
  if (diagnostics.length > 0) return { diagnostics };
  if (req.entrypoints.length === 0) {
    return { diagnostics: [{ file: '<entrypoint>', line: 1, col: 1, code: 'RG206', message: 'no entrypoints given' }] };
  }
  try {
    return planPolicy(modules, req.entrypoints, { typeCheck: req.typeCheck });
  } catch (e) {
    // A planner bug must surface as a diagnostic, never as a crash or a partial module.
    const message = `internal compiler error: ${e instanceof Error ? e.message : String(e)}`;
    return { diagnostics: [{ file: modules[0]?.loc.file ?? '<policy>', line: 1, col: 1, code: 'RG209', message }] };
  }
}

/** Compiles into the given prebuilt VM module (build/regowasm/vm.wasm's bytes). */
export function compileRegoToWasmWith(req: CompileRequest, vm: Uint8Array): CompileResult {
  const planned = planRego(req);
  if (!planned.policy) return { diagnostics: planned.diagnostics };
  const program = encodePolicy(planned.policy);
  try {
    return { wasm: spliceProgram(program, vm), diagnostics: [] };
  } catch (e) {
    // The splicer refuses programs that do not fit the VM's memory layout (e.g. larger than
    // the SDK's initial memory): report it instead of crashing.
    const message = e instanceof Error ? e.message : String(e);
    return { diagnostics: [{ file: '<policy>', line: 1, col: 1, code: 'RG208', message }] };
  }
}
