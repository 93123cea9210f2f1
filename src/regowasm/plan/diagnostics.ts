/**
 * Planner diagnostics. Stable codes (the Rego front end owns RG1xx):
 * - RG201 unsupported construct (valid Rego outside the supported subset: `with` on rules
 *         or functions, variable head refs of mixed shapes, builtins the VM lacks, …)
 * - RG202 unsafe variable (OPA: rego_unsafe_var_error)
 * - RG203 undefined function or invalid reference (OPA: rego_type_error)
 * - RG204 conflicting rules (OPA: rego_type_error / rego_compile_error)
 * - RG205 recursion (OPA: rego_recursion_error)
 * - RG206 bad entrypoint
 * - RG207 invalid assignment / declaration (OPA: rego_compile_error)
 * - RG210 type error: a builtin call whose arguments can never have the declared types
 *         (OPA: rego_type_error, same wording; src/regowasm/check/)
 * - RG208 (index.ts) the encoded program does not fit the VM module
 * - RG209 (index.ts) internal compiler error (a planner bug), reported instead of crashing
 */
import type { Loc } from '../syntax/ast.ts';

export type PlanCode = 'RG201' | 'RG202' | 'RG203' | 'RG204' | 'RG205' | 'RG206' | 'RG207' | 'RG210';

export interface PlanDiagnostic {
  file: string;
  line: number;
  col: number;
  code: PlanCode;
  message: string;
}

export function diag(loc: Loc, code: PlanCode, message: string): PlanDiagnostic {
  return { file: loc.file, line: loc.line, col: loc.col, code, message };
}

/** Thrown inside the planner to abandon the current rule; caught per rule. */
export class PlanError extends Error {
  constructor(readonly diagnostic: PlanDiagnostic) {
    super(diagnostic.message);
  }
}

export function fail(loc: Loc, code: PlanCode, message: string): never {
  throw new PlanError(diag(loc, code, message));
}
