import type { Diagnostic, Span } from '../diagnostics/types.ts';
import type { SyntaxCode } from './codes.ts';
import { plainSpan } from './positions.ts';

/** A syntax error (every syntax diagnostic is an error: the file cannot be compiled).
 *  Diagnostics are plain data (they leave the compiler): the span is copied out of its
 *  offset form (positions.ts). */
export function syntaxError(code: SyntaxCode, message: string, span: Span): Diagnostic {
  return { code, severity: 'error', message, span: plainSpan(span) };
}
