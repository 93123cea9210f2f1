/**
 * Token cursor shared by the Rego parser classes: position, lookahead, expectations, and
 * errors that carry the token's line/col (thrown as ParseError, turned into a diagnostic
 * by parseRego).
 */
import type { Loc, RegoDiagnostic } from './ast.ts';
import type { Token } from './lexer.ts';

/** Words that cannot be variable names in Rego v1. */
export const KEYWORDS = new Set([
  'package', 'import', 'as', 'default', 'else', 'if', 'contains', 'in', 'every', 'some', 'not', 'with', 'true', 'false', 'null',
]);

export class ParseError extends Error {
  constructor(
    readonly line: number,
    readonly col: number,
    readonly code: RegoDiagnostic['code'],
    message: string,
  ) {
    super(message);
  }
}

export class Cursor {
  protected pos = 0;

  constructor(
    protected readonly file: string,
    protected readonly toks: Token[],
  ) {}

  protected get tok(): Token {
    return this.toks[this.pos]!;
  }
  protected peek(k = 1): Token {
    return this.toks[Math.min(this.pos + k, this.toks.length - 1)]!;
  }
  protected next(): Token {
    const t = this.tok;
    if (t.type !== 'eof') this.pos++;
    return t;
  }
  protected isP(v: string, t: Token = this.tok): boolean {
    return t.type === 'punct' && t.value === v;
  }
  protected isKw(v: string, t: Token = this.tok): boolean {
    return t.type === 'ident' && t.value === v;
  }
  protected loc(t: Token = this.tok): Loc {
    return { file: this.file, line: t.line, col: t.col };
  }
  protected fail(message: string, t: Token = this.tok, code: RegoDiagnostic['code'] = 'RG102'): never {
    throw new ParseError(t.line, t.col, code, message);
  }
  protected describe(t: Token): string {
    if (t.type === 'eof') return 'end of file';
    if (t.type === 'string' || t.type === 'rawstring') return 'string';
    return `'${t.value}'`;
  }
  protected expectP(v: string): Token {
    if (!this.isP(v)) this.fail(`expected '${v}' but found ${this.describe(this.tok)}`);
    return this.next();
  }
  /** The current token starts where the previous one ended (no whitespace between). */
  protected adjacent(): boolean {
    return this.pos > 0 && this.toks[this.pos - 1]!.end === this.tok.start;
  }
  /** At a `.` glued to the term before it (OPA: whitespace ends a reference). */
  protected atRefDot(): boolean {
    return this.isP('.') && this.adjacent();
  }
  /** Past a ref's `.`: the name glued to it (`regex.⏎match` and `x. y` are parse errors in OPA). */
  protected nameAfterDot(what: string): Token {
    this.next();
    const seg = this.tok;
    if (seg.type !== 'ident' || !this.adjacent()) this.fail(`expected a name right after '.' in ${what} but found ${seg.nl ? 'a newline' : this.adjacent() ? this.describe(seg) : 'whitespace'}`);
    return this.next();
  }
  protected expectIdent(what: string): Token {
    const t = this.tok;
    if (t.type !== 'ident' || KEYWORDS.has(t.value)) this.fail(`expected ${what} but found ${this.describe(t)}`);
    return this.next();
  }
}
