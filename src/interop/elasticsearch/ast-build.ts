/**
 * Constructors for `.role` syntax trees made by the importer rather than the parser.
 * Imported declarations have no source text yet (the printer writes it), so every node
 * carries the file's start position; the printer never reads spans.
 */
import type { Expr, Name, Privilege, Span, StringLit } from '../../syntax/ast.ts';
import { appendAll } from '../../support/arrays.ts';

export function spanIn(file: string): Span {
  const at = { line: 1, col: 1, offset: 0 };
  return { file, start: at, end: at };
}

export class AstBuilder {
  readonly span: Span;
  constructor(file: string) {
    this.span = spanIn(file);
  }
  name = (text: string): Name => ({ text, span: this.span });
  str = (value: string): StringLit => ({ kind: 'string', value, span: this.span });
  priv = (text: string): Privilege => ({ text, quoted: !/^[A-Za-z_][A-Za-z0-9_]*$/.test(text), span: this.span });
  int = (value: number): Expr => ({ kind: 'int', value, text: String(value), span: this.span });
  bool = (value: boolean): Expr => ({ kind: 'bool', value, span: this.span });
  path = (...segments: string[]): Expr => ({ kind: 'path', segments: segments.map(this.name), span: this.span });
  lit = (v: string | number | boolean): Expr => (typeof v === 'string' ? this.str(v) : typeof v === 'number' ? this.int(v) : this.bool(v));
  set = (vs: (string | number)[]): Expr => ({ kind: 'set', elements: vs.map(this.lit), span: this.span });
  eq = (left: Expr, right: Expr, op: '==' | '!=' | '<' | '<=' | '>' | '>=' = '=='): Expr => ({ kind: 'compare', op, opSpan: this.span, left, right, span: this.span });
  in = (elem: Expr, set: Expr): Expr => ({ kind: 'in', elem, set, span: this.span });
  like = (expr: Expr, pattern: string): Expr => ({ kind: 'like', expr, pattern: this.str(pattern), span: this.span });
  has = (operand: Expr): Expr => ({ kind: 'has', operand, span: this.span });
  not = (arg: Expr): Expr => ({ kind: 'not', arg, span: this.span });
  and = (args: Expr[]): Expr => this.junction('and', args);
  or = (args: Expr[]): Expr => this.junction('or', args);

  /** n-ary and/or, flattened, with constant folding (an empty `and` is `true`). */
  private junction(kind: 'and' | 'or', args: Expr[]): Expr {
    const unit = kind === 'and';
    const flat: Expr[] = [];
    for (const a of args) {
      if (a.kind === 'bool') {
        if (a.value === unit) continue;
        return this.bool(!unit);
      }
      if (a.kind === kind) appendAll(flat, a.args);
      else flat.push(a);
    }
    if (flat.length === 0) return this.bool(unit);
    if (flat.length === 1) return flat[0]!;
    return { kind, args: flat, span: this.span };
  }
}
