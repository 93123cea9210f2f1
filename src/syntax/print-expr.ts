/**
 * Conditions (language.md §4) back to text: the fewest parentheses that parse back to the
 * same tree (plus, for readability, parentheses around a comparison under `!`), and
 * `&&`/`||` chains that keep the author's line breaks and break further only past
 * {@link WIDTH}. A broken chain puts its operator first on the continuation line,
 * indented one level more than the line the chain starts on.
 */
import type { Expr, Privilege } from './ast.ts';
import { INDENT, Writer } from './print-writer.ts';

/** Binding strength, loosest first; a child weaker than its slot needs parentheses. */
const PREC = { or: 1, and: 2, not: 3, compare: 4, in: 4, like: 4, has: 5, call: 6 } as const;
const prec = (e: Expr): number => (PREC as Record<string, number>)[e.kind] ?? 7;

/** Words that are never names (reserved inside conditions, see tokens.ts). */
export const RESERVED = new Set(['has', 'in', 'like', 'true', 'false']);
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const isBareName = (s: string) => IDENT.test(s) && !RESERVED.has(s);

/** A string literal as the lexer reads it back: only `"`, `\` and control characters
 *  are escaped (anything else, even a lone surrogate, is written as is). */
export function quote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const c = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

export function privilegeText(p: Privilege): string {
  return !p.quoted && isBareName(p.text) ? p.text : quote(p.text);
}

const flatWidths = new WeakMap<Expr, number>();

/** Width of `e` printed on one line, without comments. */
export function flatWidth(e: Expr): number {
  let w = flatWidths.get(e);
  if (w === undefined) {
    const writer = new Writer();
    writer.indent = 0;
    printExpr(writer, e, 0, true);
    w = writer.finish().trimEnd().length;
    flatWidths.set(e, w);
  }
  return w;
}

export function printExpr(w: Writer, e: Expr, minPrec: number, flat = false): void {
  if (prec(e) < minPrec) {
    w.text('(');
    const saved = w.indent;
    w.indent += INDENT;
    printExpr(w, e, 0, flat);
    w.indent = saved;
    w.text(')');
    return;
  }
  const at = e.span.start.offset;
  switch (e.kind) {
    case 'string':
      return w.text(quote(e.value), at);
    case 'int':
      return w.text(/^-?[0-9]+$/.test(e.text) && Number(e.text) === e.value ? e.text : String(e.value), at);
    case 'bool':
      return w.text(String(e.value), at);
    case 'path':
      e.segments.forEach((s, i) => {
        if (i > 0) w.text('.');
        w.text(s.text, s.span.start.offset);
      });
      return;
    case 'set':
      w.text('[', at);
      printList(w, e.elements, (x) => printExpr(w, x, 0, flat), flat, null);
      return w.text(']');
    case 'ip':
      w.text('ip', at);
      w.text('(');
      w.text(quote(e.arg.value), e.arg.span.start.offset);
      return w.text(')');
    case 'call':
      printExpr(w, e.receiver, PREC.call, flat);
      w.text('.');
      w.text(e.method, e.methodSpan.start.offset);
      w.text('(');
      printList(w, e.args, (x) => printExpr(w, x, 0, flat), flat, null);
      return w.text(')');
    case 'has':
      w.text('has', at);
      w.sp();
      return printExpr(w, e.operand, PREC.call, flat);
    case 'compare':
      return printBinary(w, e.left, e.op, e.opSpan.start.offset, e.right, flat);
    case 'in':
      return printBinary(w, e.elem, 'in', undefined, e.set, flat);
    case 'like':
      return printBinary(w, e.expr, 'like', undefined, e.pattern, flat);
    case 'not': {
      w.text('!', at);
      const arg = e.arg;
      // `!a == b` already means `!(a == b)`; the parentheses are for the reader.
      return printExpr(w, arg, arg.kind === 'not' ? PREC.not : PREC.has, flat);
    }
    case 'and':
    case 'or':
      return printChain(w, e.args, e.kind === 'and' ? '&&' : '||', e.kind === 'and' ? PREC.not : PREC.and, flat);
    case 'error':
      throw new Error('cannot print a syntax error (format only files that parse)');
  }
}

function printBinary(w: Writer, left: Expr, op: string, opOffset: number | undefined, right: Expr, flat: boolean): void {
  printExpr(w, left, PREC.has, flat);
  w.sp();
  w.text(op, opOffset);
  w.sp();
  printExpr(w, right, PREC.has, flat);
}

/** `a && b && c`: a break before an operator is kept; more are added past the width. */
function printChain(w: Writer, args: readonly Expr[], op: string, minPrec: number, flat: boolean): void {
  const saved = w.indent;
  args.forEach((arg, i) => {
    if (i > 0) {
      const prev = args[i - 1]!;
      const broken = !flat && (w.brokeBetween(prev.span.end.offset, arg.span.start.offset) || !w.fits(op.length + 2 + flatWidth(arg)));
      if (broken) w.newline();
      else w.sp();
      w.text(op);
      w.sp();
    }
    const nested = arg.kind === 'and' || arg.kind === 'or' || prec(arg) < minPrec;
    if (nested) w.indent = saved + INDENT;
    printExpr(w, arg, minPrec, flat);
    w.indent = saved;
  });
}

/** `a, b, c` (no brackets): the author's breaks after a comma are kept, more are added
 *  past the width (unless `widthOf` is null: set literals and call arguments break only
 *  where the author broke them); continuation lines use the writer's current indentation. */
export function printList<T extends { span: { start: { offset: number }; end: { offset: number } } }>(
  w: Writer,
  items: readonly T[],
  printItem: (item: T) => void,
  flat = false,
  widthOf: ((item: T) => number) | null,
): void {
  items.forEach((item, i) => {
    if (i > 0) {
      w.text(',');
      const prev = items[i - 1]!;
      const broken = !flat && (w.brokeBetween(prev.span.end.offset, item.span.start.offset) || (widthOf !== null && !w.fits(1 + widthOf(item))));
      if (broken) w.newline();
      else w.sp();
    }
    printItem(item);
  });
}
