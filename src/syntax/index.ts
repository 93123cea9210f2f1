/**
 * Public entry point of the `.role` front end's syntax stage.
 *
 * `parseRoleFile` never throws: it always returns an AST (partial when the text has
 * syntax errors) together with ALL syntax diagnostics of the file (codes E01xx, see
 * ./codes.ts). A file whose diagnostics contain an error must not produce output.
 */
import type { Diagnostic } from '../diagnostics/types.ts';
import type { RoleFileAst } from './ast.ts';

export type * from './ast.ts';

export interface ParseResult {
  ast: RoleFileAst;
  diagnostics: Diagnostic[];
}

// Temporary body (replaced by the Chevrotain parser in the next commit): the signature
// is the contract; until then every file reports that the parser is not available.
export function parseRoleFile(file: string, text: string): ParseResult {
  const start = { line: 1, col: 1, offset: 0 };
  const span = { file, start, end: start };
  void text;
  return {
    ast: { kind: 'file', file, declarations: [], span },
    diagnostics: [
      { code: 'E0100', severity: 'error', message: 'parser not available yet', span },
    ],
  };
}
