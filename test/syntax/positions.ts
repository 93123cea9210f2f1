/**
 * Independent oracle for positions (not using src/syntax/positions.ts): checks that a
 * span's line/col agree with its offset in the text.
 */
import type { Position, Span } from '../../src/diagnostics/types.ts';

export function lineStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) starts.push(m.index + m[0].length);
  return starts;
}

/** Returns a problem description, or undefined when the position is valid. */
export function checkPosition(text: string, starts: number[], p: Position): string | undefined {
  if (!Number.isInteger(p.offset) || p.offset < 0 || p.offset > text.length) return `offset ${p.offset} outside 0..${text.length}`;
  if (!Number.isInteger(p.line) || p.line < 1 || p.line > starts.length) return `line ${p.line} outside 1..${starts.length}`;
  const lineStart = starts[p.line - 1]!;
  const next = starts[p.line];
  const lineEnd = next === undefined ? text.length : next - (text[next - 2] === '\r' && text[next - 1] === '\n' ? 2 : 1);
  if (!Number.isInteger(p.col) || p.col < 1 || p.col > lineEnd - lineStart + 1) return `col ${p.col} outside line ${p.line} (length ${lineEnd - lineStart})`;
  if (lineStart + p.col - 1 !== p.offset) return `line ${p.line}:${p.col} is offset ${lineStart + p.col - 1}, not ${p.offset}`;
  return undefined;
}

export function checkSpan(text: string, starts: number[], file: string, s: Span): string | undefined {
  if (s.file !== file) return `file ${s.file} instead of ${file}`;
  return checkPosition(text, starts, s.start) ?? checkPosition(text, starts, s.end) ?? (s.end.offset < s.start.offset ? 'end before start' : undefined);
}

/** Every span inside a JSON-like value (AST nodes carry many). */
export function allSpans(value: unknown, out: Span[] = []): Span[] {
  if (Array.isArray(value)) for (const v of value) allSpans(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o['file'] === 'string' && o['start'] && o['end']) out.push(o as unknown as Span);
    else for (const v of Object.values(o)) allSpans(v, out);
  }
  return out;
}
