/**
 * `rolec` — the compiler as a library (Node).
 *
 *   const checked = checkSources([{ path: 'roles.role', text }]);   // diagnostics as data
 *   const built = await compilePolicySet([{ path: 'roles.role', text }]);
 *   if (built.ok) built.files['cedar/policies.cedar'];              // path → bytes
 *
 * `compilePolicySet` is `rolec build` in memory: the same files, byte for byte, that the
 * command writes to `--out` for one policy set (nothing is written here).
 */
import { compilerVersion } from './bundle/index.ts';
import { selectTargets } from './bundle/targets.ts';
import { compileSourcesWith, type CompileResult, type SourceFile } from './compiler.ts';

export { createCompiler, type CompileResult, type Compiler, type CompilerEnvironment, type SourceFile } from './compiler.ts';

export { checkSources, loadPolicySet, PolicyPathError, type CheckResult, type LoadedPolicySet } from './semantics/index.ts';
export { buildPolicySet, writeBuild, compilerVersion, type BuildProblem, type BuildResult } from './bundle/index.ts';
export { TARGETS, targetNames, selectTargets } from './bundle/targets.ts';
export { renderText, renderJson, renderSarif, type DiagnosticFormat } from './report/render.ts';
export { allCodes, type CodeInfo } from './report/codes.ts';
export type { Diagnostic, Span, Position } from './diagnostics/types.ts';
export type { PolicySetIR } from './semantics/ir.ts';
export type { Manifest } from './bundle/manifest.ts';

/**
 * Checks `sources` as one policy set and, when they have no error, builds every target
 * (or the ones named) in memory. Warnings come back with a successful build.
 */
export async function compilePolicySet(sources: readonly SourceFile[], options: { targets?: readonly string[] } = {}): Promise<CompileResult> {
  const { targets, unknown } = selectTargets(options.targets);
  if (unknown.length > 0) throw new TypeError(`unknown target(s): ${unknown.join(', ')}`);
  return compileSourcesWith(sources, targets, compilerVersion());
}
