/**
 * `rolec/regowasm` — Rego → OPA-ABI Wasm without Go (Node):
 *
 *   compileRegoToWasm({ modules: [{ path, source }], entrypoints: ['pkg/rule'] })
 *     → { wasm?: Uint8Array; diagnostics: [{ file, line, col, code, message }] }
 *
 * `wasm` is present iff there are no diagnostics, and loads with
 * `@open-policy-agent/opa-wasm` as is. The pipeline is in ./compile.ts; this entry adds
 * the prebuilt VM module read from disk.
 */
import { compileRegoToWasmWith, type CompileRequest, type CompileResult } from './compile.ts';
import { loadVmWasm } from './vm-file.ts';

export { planRego, compileRegoToWasmWith, type CompileDiagnostic, type CompileRequest, type CompileResult } from './compile.ts';

export function compileRegoToWasm(req: CompileRequest): CompileResult {
  return compileRegoToWasmWith(req, loadVmWasm());
}
