/**
 * Rego front end: source text → Rego v1 AST (see ast.ts for the contract).
 *
 *   parseRego(file, source): { module?: RegoModule; diagnostics: RegoDiagnostic[] }
 *
 * `module` is present iff `diagnostics` is empty: input outside the supported syntax is
 * reported with file:line:col, never silently misparsed.
 */
export type * from './ast.ts';
import type { ParseResult } from './ast.ts';

export function parseRego(file: string, source: string): ParseResult {
  // Interim (replaced by the recursive-descent parser in the next commit): report that the
  // parser is not available instead of returning a partial tree.
  void source;
  return { diagnostics: [{ file, line: 1, col: 1, code: 'RG103', message: 'Rego parser not available yet' }] };
}
