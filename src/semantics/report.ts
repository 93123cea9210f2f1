/**
 * Collecting diagnostics while analysing: every check pushes into one list and goes on,
 * so that a policy set reports ALL its problems in one run.
 */
import type { Diagnostic, Span } from '../diagnostics/types.ts';
import type { SourceLoc } from './ir.ts';
import type { SemanticCode } from './codes.ts';
import { plainSpan } from '../syntax/positions.ts';

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  // Diagnostics are plain data (they leave the compiler): AST spans are copied out of
  // their offset form (syntax/positions.ts).
  error(code: SemanticCode & `E${string}`, span: Span, message: string): void {
    this.diagnostics.push({ code, severity: 'error', message, span: plainSpan(span) });
  }

  warn(code: SemanticCode & `W${string}`, span: Span, message: string): void {
    this.diagnostics.push({ code, severity: 'warning', message, span: plainSpan(span) });
  }

  get errorCount(): number {
    return this.diagnostics.filter((d) => d.severity === 'error').length;
  }
}

/** `file:line:col` of a span, for messages that point at another declaration. */
export function where(span: Span): string {
  return `${span.file}:${span.start.line}:${span.start.col}`;
}

/**
 * Maps a parser span (whose file is the path as given by the user) to an IR location
 * (whose file is the path relative to the policy-set root, as rule ids use).
 */
export type LocOf = (span: Span) => SourceLoc;

/** The closest candidate by edit distance, if it is close enough to be a likely typo. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  // Suggestions are a convenience: skip them for huge name sets (keeps errors O(1) each).
  const list = [...candidates];
  if (list.length > 5000) return '';
  let best = '';
  let bestDist = Infinity;
  for (const c of list) {
    const d = editDistance(word, c);
    if (d < bestDist || (d === bestDist && c < best)) {
      best = c;
      bestDist = d;
    }
  }
  return best && bestDist <= Math.max(2, Math.floor(word.length / 3)) ? ` (did you mean \`${best}\`?)` : '';
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
