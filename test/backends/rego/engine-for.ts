/**
 * Test helper: IR → Rego → policy.wasm (rolec's Rego→Wasm compiler) → RegoEngine.
 * The compiler (src/regowasm/index.ts) is built by other engineers; until it exists the
 * end-to-end suites report themselves as skipped (see `compiler`).
 */
import { existsSync } from 'node:fs';
import { generateRego, type RegoWasmCompiler } from '../../../src/backends/rego/bundle.ts';
import { stableJson } from '../../../src/backends/json.ts';
import type { PolicySetIR } from '../../../src/semantics/ir.ts';
import { RegoEngine } from '../../../src/engines/rego.ts';

const compilerPath = new URL('../../../src/regowasm/index.ts', import.meta.url);

/** The Rego→Wasm compiler, or undefined while it has not landed. */
export const compiler: RegoWasmCompiler | undefined = existsSync(compilerPath)
  ? ((await import(compilerPath.href)) as { compileRegoToWasm?: RegoWasmCompiler }).compileRegoToWasm
  : undefined;

export async function engineFor(ir: PolicySetIR): Promise<RegoEngine> {
  if (!compiler) throw new Error('no Rego→Wasm compiler');
  const { modules, data } = generateRego(ir);
  const out = await compiler({ modules, entrypoints: ['rolec/authz/decision'] });
  if (!out.wasm) throw new Error(`Rego→Wasm failed: ${JSON.stringify(out.diagnostics)}`);
  return new RegoEngine(out.wasm, JSON.parse(stableJson(data)));
}
