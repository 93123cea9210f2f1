/**
 * What a compilation target gives the build: its files (paths relative to the output
 * directory, e.g. `cedar/policies.cedar`), its entrypoints, or the problems that stop the
 * build. A target's problems are compiler bugs (the analyser accepted the input), so
 * they name the DSL rule they came from.
 */
import type { PolicySetIR, SourceLoc } from '../semantics/ir.ts';

export interface BuildProblem {
  /** Stable code from codes.ts (`B0001` Cedar strict validation, `B0002` Rego bundle). */
  code: string;
  target: string;
  message: string;
  ruleId?: string;
  loc?: SourceLoc;
}

export interface TargetOutput {
  files: Record<string, string | Uint8Array>;
  /** Names an embedding application loads, relative to the output directory. */
  entrypoints: string[];
}

export type TargetResult = { ok: true; output: TargetOutput } | { ok: false; problems: BuildProblem[] };

export interface Target {
  readonly name: string;
  build(ir: PolicySetIR): Promise<TargetResult>;
}
