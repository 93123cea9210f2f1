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
import { checkSources, type CheckResult } from './semantics/index.ts';
import { buildPolicySet, type BuildProblem } from './bundle/index.ts';
import { selectTargets } from './bundle/targets.ts';
import type { Diagnostic } from './diagnostics/types.ts';

export { checkSources, loadPolicySet, PolicyPathError, type CheckResult, type LoadedPolicySet } from './semantics/index.ts';
export { buildPolicySet, writeBuild, compilerVersion, type BuildProblem, type BuildResult } from './bundle/index.ts';
export { TARGETS, targetNames, selectTargets } from './bundle/targets.ts';
export { renderText, renderJson, renderSarif, type DiagnosticFormat } from './report/render.ts';
export { allCodes, type CodeInfo } from './report/codes.ts';
export type { Diagnostic, Span, Position } from './diagnostics/types.ts';
export type { PolicySetIR } from './semantics/ir.ts';
export type { Manifest } from './bundle/manifest.ts';

export interface SourceFile {
  /** Path relative to the policy-set root (used verbatim in rule ids and diagnostics). */
  path: string;
  text: string;
}

export type CompileResult =
  | { ok: true; files: Record<string, Uint8Array>; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[]; problems: BuildProblem[] };

/**
 * Checks `sources` as one policy set and, when they have no error, builds every target
 * (or the ones named) in memory. Warnings come back with a successful build.
 */
export async function compilePolicySet(sources: readonly SourceFile[], options: { targets?: readonly string[] } = {}): Promise<CompileResult> {
  const checked: CheckResult = checkSources(sources);
  if (!checked.ir) return { ok: false, diagnostics: checked.diagnostics, problems: [] };
  const { targets, unknown } = selectTargets(options.targets);
  if (unknown.length > 0) throw new TypeError(`unknown target(s): ${unknown.join(', ')}`);
  const built = await buildPolicySet(checked.ir, targets);
  if (!built.ok) return { ok: false, diagnostics: checked.diagnostics, problems: built.problems };
  const enc = new TextEncoder();
  const files = Object.fromEntries(Object.entries(built.files).map(([p, b]) => [p, typeof b === 'string' ? enc.encode(b) : b]));
  return { ok: true, files, diagnostics: checked.diagnostics };
}
