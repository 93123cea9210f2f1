/**
 * Offsets → line/column positions. The lexer tracks offsets only (cheapest mode); spans
 * are computed here from a table of line starts built once per file. Lines end at
 * `\n`, `\r\n` or `\r`; columns count UTF-16 code units from 1.
 *
 * Spans made here are {@link OffsetSpan}s: one small object holding two offsets, whose
 * `start`/`end` positions are computed when read. An AST has a span on nearly every node,
 * name and literal, and almost none of them is ever read (only diagnostics, IR locations
 * and the language server read them): eager `{ file, start, end }` spans were three objects
 * each, most of an AST's memory and most of the front end's garbage-collection time at
 * 100,000 roles.
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

  /** The offset clamped into the text (what a position's `offset` is). */
  clamp(offset: number): number {
    return Math.max(0, Math.min(offset, this.text.length));
  }

  position(offset: number): Position {
    const o = this.clamp(offset);
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
    return new OffsetSpan(this, this.clamp(start), this.clamp(Math.max(start, end)));
  }

  /** Empty span at the end of the file (for "unexpected end of file"). */
  endSpan(): Span {
    return this.span(this.text.length, this.text.length);
  }
}

/**
 * A span as two offsets into a file; reads like a plain {@link Span} (`start`/`end` are
 * fresh positions on each read; `file` is the LineMap's). Its state is in private fields,
 * so a walk over the AST (Object.entries, for…in) sees no more than it saw of a plain span;
 * it serialises (toJSON) as the plain span, and {@link plainSpan} copies it into one where
 * plain data is needed (diagnostics).
 */
export class OffsetSpan implements Span {
  readonly #lines: LineMap;
  readonly #start: number;
  readonly #end: number;

  constructor(lines: LineMap, start: number, end: number) {
    this.#lines = lines;
    this.#start = start;
    this.#end = end;
  }

  get file(): string {
    return this.#lines.file;
  }

  get start(): Position {
    return this.#lines.position(this.#start);
  }

  get end(): Position {
    return this.#lines.position(this.#end);
  }

  toJSON(): Span {
    return { file: this.file, start: this.start, end: this.end };
  }

  /** {@link cover} without computing positions, when both are offset spans of one file. */
  static cover(a: Span, b: Span): Span | undefined {
    if (!(a instanceof OffsetSpan && b instanceof OffsetSpan && a.#lines === b.#lines)) return undefined;
    return new OffsetSpan(a.#lines, Math.min(a.#start, b.#start), Math.max(a.#end, b.#end));
  }

  /** {@link fromTo} without computing positions, when both are offset spans of one file. */
  static fromTo(a: Span, b: Span): Span | undefined {
    if (!(a instanceof OffsetSpan && b instanceof OffsetSpan && a.#lines === b.#lines)) return undefined;
    return new OffsetSpan(a.#lines, a.#start, b.#end);
  }
}

/** The span as plain data (`{ file, start, end }`), whatever its representation. */
export function plainSpan(s: Span): Span {
  return s instanceof OffsetSpan ? s.toJSON() : s;
}

/** Smallest span covering both (same file assumed). */
export function cover(a: Span, b: Span): Span {
  return (
    OffsetSpan.cover(a, b) ?? {
      file: a.file,
      start: a.start.offset <= b.start.offset ? a.start : b.start,
      end: a.end.offset >= b.end.offset ? a.end : b.end,
    }
  );
}

/** From the start of `a` to the end of `b` (same file assumed). */
export function fromTo(a: Span, b: Span): Span {
  return OffsetSpan.fromTo(a, b) ?? { file: a.file, start: a.start, end: b.end };
}
