/**
 * The compiler, environment-neutral (browsers, Workers, Node): check `.role` sources and
 * build a policy set's files in memory, with the engines' Wasm supplied by the caller —
 * cedar-wasm (the web build, initialised) for strict validation, and the Rego VM module
 * (build/regowasm/vm.wasm's bytes) that rolec's Rego → Wasm compiler splices into.
 *
 *   const compiler = createCompiler({ cedar, regoVm });
 *   compiler.check([{ path: 'roles.role', text }]).diagnostics;
 *   const built = await compiler.build([{ path: 'roles.role', text }]);
 *
 * The package's `rolec` entry (./index.ts) is the same on Node's builds.
 */
import { checkSources, type CheckResult } from './semantics/check.ts';
import { assemblePolicySet, selectTargets } from './bundle/build.ts';
import { cedarTargetWith } from './backends/cedar/target.ts';
import { regoTargetWith } from './backends/rego/target.ts';
import { elasticsearchTarget } from './backends/elasticsearch/target.ts';
import { compileRegoToWasmWith } from './regowasm/compile.ts';
import type { CedarApi } from './backends/cedar/wasm-api.ts';
import type { BuildProblem, Target } from './backends/target.ts';
import type { Diagnostic } from './diagnostics/types.ts';

export type { CedarApi } from './backends/cedar/wasm-api.ts';
export type { Diagnostic } from './diagnostics/types.ts';
export type { CheckResult } from './semantics/check.ts';
export type { BuildProblem } from './backends/target.ts';

export interface SourceFile {
  /** Path relative to the policy-set root (used verbatim in rule ids and diagnostics). */
  path: string;
  text: string;
}

export type CompileResult =
  | { ok: true; files: Record<string, Uint8Array>; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[]; problems: BuildProblem[] };

/**
 * Checks `sources` as one policy set and, when they have no error, builds the given
 * targets in memory. Warnings come back with a successful build.
 */
export async function compileSourcesWith(sources: readonly SourceFile[], targets: readonly Target[], version: string): Promise<CompileResult> {
  const checked: CheckResult = checkSources(sources);
  if (!checked.ir) return { ok: false, diagnostics: checked.diagnostics, problems: [] };
  const built = await assemblePolicySet(checked.ir, targets, version);
  if (!built.ok) return { ok: false, diagnostics: checked.diagnostics, problems: built.problems };
  const enc = new TextEncoder();
  const files = Object.fromEntries(Object.entries(built.files).map(([p, b]) => [p, typeof b === 'string' ? enc.encode(b) : b]));
  return { ok: true, files, diagnostics: checked.diagnostics };
}

export interface CompilerEnvironment {
  cedar: CedarApi;
  regoVm: Uint8Array;
  /** Written into manifest.json as the compiler version. */
  version?: string;
}

export interface Compiler {
  readonly targets: readonly string[];
  check(sources: readonly SourceFile[]): CheckResult;
  build(sources: readonly SourceFile[], options?: { targets?: readonly string[] }): Promise<CompileResult>;
}

export function createCompiler(env: CompilerEnvironment): Compiler {
  const all: Target[] = [cedarTargetWith(env.cedar), regoTargetWith((req) => compileRegoToWasmWith(req, env.regoVm)), elasticsearchTarget];
  return {
    targets: all.map((t) => t.name),
    check: checkSources,
    async build(sources, options = {}) {
      const { targets, unknown } = selectTargets(options.targets, all);
      if (unknown.length > 0) throw new TypeError(`unknown target(s): ${unknown.join(', ')}`);
      return compileSourcesWith(sources, targets, env.version ?? 'unknown');
    },
  };
}
