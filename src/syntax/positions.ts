/**
 * Offsets → line/column positions. The lexer tracks offsets only (cheapest mode); spans
 * are computed here from a table of line starts built once per file. Lines end at
 * `\n`, `\r\n` or `\r`; columns count UTF-16 code units from 1.
 */
import type { Position, Span } from '../diagnostics/types.ts';

export class LineMap {
  private readonly starts: number[];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: o - this.starts[lo]! + 1, offset: o };
  }

  /** Span of [start, end) in offsets. */
  span(start: number, end: number): Span {
    return { file: this.file, start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** Empty span at the end of the file (for "unexpected end of file"). */
  endSpan(): Span {
    return this.span(this.text.length, this.text.length);
  }
}

/** Smallest span covering both (same file assumed). */
export function cover(a: Span, b: Span): Span {
  return {
    file: a.file,
    start: a.start.offset <= b.start.offset ? a.start : b.start,
    end: a.end.offset >= b.end.offset ? a.end : b.end,
  };
}
