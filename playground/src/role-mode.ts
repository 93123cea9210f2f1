/**
 * The `.role` language mode: highlighting straight from rolec's own Chevrotain lexer
 * (src/syntax/lexer.ts), so the editor can never disagree with the compiler about what a
 * keyword, string or number is. Comments are skipped by that lexer, so they are the
 * non-blank text between two tokens.
 */
import { RangeSetBuilder, type Extension } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import type { TokenType } from 'chevrotain';
import { tokenize } from '../../src/syntax/lexer.ts';
import { LineMap } from '../../src/syntax/positions.ts';
import { Identifier, Integer, KEYWORDS, StringLiteral } from '../../src/syntax/tokens.ts';

const KEYWORD_TYPES = new Set<TokenType>(KEYWORDS.values());

function classOf(type: TokenType): string {
  if (KEYWORD_TYPES.has(type)) return 'tok-keyword';
  if (type === StringLiteral) return 'tok-string';
  if (type === Integer) return 'tok-number';
  if (type === Identifier) return 'tok-name';
  return 'tok-punct';
}

const marks = new Map<string, Decoration>();
const mark = (cls: string) => {
  let m = marks.get(cls);
  if (!m) marks.set(cls, (m = Decoration.mark({ class: cls })));
  return m;
};

/** Token spans of `text` as [from, to, class], in order, comments included. */
export function roleTokens(text: string): [number, number, string][] {
  const out: [number, number, string][] = [];
  const gap = (from: number, to: number) => {
    const s = text.slice(from, to);
    const first = s.search(/\S/);
    if (first < 0) return;
    const last = s.length - (s.length - s.trimEnd().length);
    out.push([from + first, from + last, 'tok-comment']);
  };
  let at = 0;
  for (const t of tokenize(text, new LineMap('', text)).tokens) {
    gap(at, t.startOffset);
    const end = t.startOffset + t.image.length;
    out.push([t.startOffset, end, classOf(t.tokenType)]);
    at = end;
  }
  gap(at, text.length);
  return out;
}

function decorate(view: EditorView): DecorationSet {
  const b = new RangeSetBuilder<Decoration>();
  for (const [from, to, cls] of roleTokens(view.state.doc.toString())) {
    if (to > from) b.add(from, to, mark(cls));
  }
  return b.finish();
}

const highlighter = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = decorate(view);
    }
    update(u: ViewUpdate) {
      if (u.docChanged) this.decorations = decorate(u.view);
    }
  },
  { decorations: (v) => v.decorations },
);

export function roleLanguage(): Extension {
  return [highlighter];
}
