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

/** Keywords Rego v0 has only when imported (`import future.keywords[.<kw>]`). */
export const FUTURE_KEYWORDS = new Set(['in', 'every', 'contains', 'if']);

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
  /** The future keywords a v0 module imported; undefined = all of them (Rego v1). Elsewhere
   *  the words are ordinary names, so v0 text using one without its import is rejected. */
  protected futureKeywords: Set<string> | undefined = undefined;

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
    return t.type === 'ident' && t.value === v && this.reserved(v);
  }
  /** A keyword here (not usable as a name): a future keyword only where it is enabled. */
  protected reserved(word: string): boolean {
    return KEYWORDS.has(word) && (!FUTURE_KEYWORDS.has(word) || this.futureKeywords === undefined || this.futureKeywords.has(word));
  }
  protected loc(t: Token = this.tok): Loc {
    return { file: this.file, line: t.line, col: t.col };
  }
  protected fail(message: string, t: Token = this.tok, code: RegoDiagnostic['code'] = 'RG102'): never {
    throw new ParseError(t.line, t.col, code, message + this.keywordHint(t));
  }
  /** OPA-style hint when the failing token is a future keyword this v0 module did not import. */
  private keywordHint(at: Token): string {
    const t = [at, this.tok, this.toks[this.pos - 1] ?? at].find((x) => x.type === 'ident' && FUTURE_KEYWORDS.has(x.value) && !this.reserved(x.value));
    return t ? ` (hint: \`${t.value}\` is a keyword in Rego v0 only after \`import future.keywords.${t.value}\` or \`import rego.v1\`)` : '';
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
    if (t.type !== 'ident' || this.reserved(t.value)) this.fail(`expected ${what} but found ${this.describe(t)}`);
    return this.next();
  }
}
