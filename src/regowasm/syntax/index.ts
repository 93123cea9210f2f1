/**
 * Rego front end: source text → Rego v1 AST (see ast.ts for the contract).
 *
 *   parseRego(file, source): { module?: RegoModule; diagnostics: RegoDiagnostic[] }
 *
 * `module` is present iff `diagnostics` is empty: input outside the supported syntax is
 * reported with file:line:col, never silently misparsed. Parsing stops at the first error.
 */
export type * from './ast.ts';
import type { ParseResult } from './ast.ts';
import { lex, LexError, lexDiagnostic } from './lexer.ts';
import { parseModule, ParseError } from './parser.ts';
import type { ParseOptions } from './parser.ts';
export type { ParseOptions } from './parser.ts';

export function parseRego(file: string, source: string, options: ParseOptions = {}): ParseResult {
  try {
    return { module: parseModule(file, lex(source), options), diagnostics: [] };
  } catch (err) {
    if (err instanceof LexError) return { diagnostics: [lexDiagnostic(file, err)] };
    if (err instanceof ParseError) {
      return { diagnostics: [{ file, line: err.line, col: err.col, code: err.code, message: err.message }] };
    }
    throw err;
  }
}
