/**
 * AST spans are OffsetSpans (src/syntax/positions.ts): offsets, with line/col computed
 * when read. They must read exactly like the eager spans they replaced — the positions an
 * independent oracle computes, `cover`/`fromTo` as on plain spans, the same JSON — and
 * diagnostics must carry plain spans.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Span } from '../../src/diagnostics/types.ts';
import { parseRoleFile } from '../../src/syntax/index.ts';
import { checkSources } from '../../src/semantics/index.ts';
import { cover, fromTo, LineMap, plainSpan } from '../../src/syntax/positions.ts';
import { checkPosition, lineStarts } from './positions.ts';

/** Text with every kind of line end, and non-ASCII (columns count UTF-16 units). */
const text = fc
  .array(fc.constantFrom('a', 'bc', ' ', '\n', '\r\n', '\r', 'é', '😀', '"x"'), { maxLength: 60 })
  .map((parts) => parts.join(''));

/** An offset in the text, or just outside it (spans clamp). */
const offsetIn = (t: string) => fc.integer({ min: -2, max: t.length + 2 });

/** Between the `\r` and `\n` of a line end: no token starts or ends there, and the oracle
 *  (rightly) knows no column for it. */
const insideLineEnd = (t: string, o: number) => t[o - 1] === '\r' && t[o] === '\n';

const plain = (s: Span): Span => JSON.parse(JSON.stringify({ file: s.file, start: s.start, end: s.end }));

describe('OffsetSpan', () => {
  it('reads the positions the oracle computes, clamped, end never before start', () => {
    fc.assert(
      fc.property(
        text.chain((t) => fc.tuple(fc.constant(t), offsetIn(t), offsetIn(t))),
        ([t, a, b]) => {
          fc.pre(!insideLineEnd(t, a) && !insideLineEnd(t, b));
          const span = new LineMap('f.role', t).span(a, b);
          const starts = lineStarts(t);
          const clamp = (o: number) => Math.max(0, Math.min(o, t.length));
          expect(span.file).toBe('f.role');
          expect(span.start.offset).toBe(clamp(a));
          expect(span.end.offset).toBe(clamp(Math.max(a, b)));
          expect(checkPosition(t, starts, span.start)).toBeUndefined();
          expect(checkPosition(t, starts, span.end)).toBeUndefined();
          expect(JSON.parse(JSON.stringify(span))).toEqual(plain(span));
          expect(plainSpan(span)).toEqual(plain(span));
        },
      ),
      { seed: 12, numRuns: 400 },
    );
  });

  it('cover and fromTo give what they give on plain spans', () => {
    fc.assert(
      fc.property(
        text.chain((t) => fc.tuple(fc.constant(t), offsetIn(t), offsetIn(t), offsetIn(t), offsetIn(t))),
        ([t, a, b, c, d]) => {
          const lines = new LineMap('f.role', t);
          const x = lines.span(a, b);
          const y = lines.span(c, d);
          expect(plain(cover(x, y))).toEqual(plain(cover(plain(x), plain(y))));
          expect(plain(fromTo(x, y))).toEqual(plain(fromTo(plain(x), plain(y))));
        },
      ),
      { seed: 12, numRuns: 400 },
    );
  });

  it('shows no fields of its own to a walk over the AST', () => {
    const { ast } = parseRoleFile('f.role', 'role r { cluster monitor }');
    expect(Object.keys(ast.span)).toEqual([]);
    expect(JSON.parse(JSON.stringify(ast.span))).toEqual({ file: 'f.role', start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 27, offset: 26 } });
  });

  it('diagnostics carry plain spans', () => {
    const syntax = parseRoleFile('f.role', 'role r {\n  cluster monitor,\n}').diagnostics;
    const semantic = checkSources([{ path: 'f.role', text: 'role r {\n  cluster nope\n}' }]).diagnostics;
    expect(syntax.length).toBeGreaterThan(0);
    expect(semantic.length).toBeGreaterThan(0);
    for (const d of [...syntax, ...semantic]) {
      expect(Object.getPrototypeOf(d.span)).toBe(Object.prototype);
      expect(d.span).toEqual(plain(d.span));
    }
  });
});
