import type { Diagnostic, Span } from '../diagnostics/types.ts';
import type { SyntaxCode } from './codes.ts';

/** A syntax error (every syntax diagnostic is an error: the file cannot be compiled). */
export function syntaxError(code: SyntaxCode, message: string, span: Span): Diagnostic {
  return { code, severity: 'error', message, span };
}
