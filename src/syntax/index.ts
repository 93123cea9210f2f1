/**
 * Public entry point of the `.role` front end's syntax stage.
 *
 * `parseRoleFile` never throws: it always returns an AST (partial when the text has
 * syntax errors) together with ALL syntax diagnostics of the file (codes E01xx, see
 * ./codes.ts), sorted by position. A file whose diagnostics contain an error must not
 * produce output.
 *
 * Pipeline: lex (lexer.ts) → cap nesting (depth.ts) → parse with recovery (parser.ts, driven by parse-tokens.ts)
 * → build the AST from the CST (build-decls.ts, build-expr.ts).
 */
import { EOF, type IRecognitionException } from 'chevrotain';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { RoleFileAst } from './ast.ts';
import { buildDeclarations } from './build-decls.ts';
import type { SyntaxCode } from './codes.ts';
import { limitNesting } from './depth.ts';
import { syntaxError } from './diag.ts';
import { tokenize } from './lexer.ts';
import { DECLARATION, describeToken } from './messages.ts';
import { parseTokens } from './parse-tokens.ts';
import { LineMap } from './positions.ts';
import { appendAll } from '../support/arrays.ts';

export type * from './ast.ts';
export { SYNTAX_CODES, type SyntaxCode } from './codes.ts';

export interface ParseResult {
  ast: RoleFileAst;
  diagnostics: Diagnostic[];
}

/** A token as written and its offset (what the formatter needs of the token stream). */
export interface SourceToken {
  image: string;
  start: number;
}

/** A `//` or `/* *\/` comment: its text as written and its offsets [start, end). */
export interface SourceComment {
  text: string;
  start: number;
  end: number;
}

export function parseRoleFile(file: string, text: string): ParseResult {
  const { ast, diagnostics } = parse(file, text, false);
  return { ast, diagnostics };
}

/** {@link parseRoleFile} plus the file's comments and tokens (for the formatter, print.ts). */
export function parseRoleFileWithComments(file: string, text: string): ParseResult & { comments: SourceComment[]; tokens: SourceToken[] } {
  return parse(file, text, true);
}

/** `withTokens` false: comments and tokens come back empty (an object per token that the
 *  compiler never reads). */
function parse(file: string, text: string, withTokens: boolean): ParseResult & { comments: SourceComment[]; tokens: SourceToken[] } {
  const lines = new LineMap(file, text);
  const span = lines.span(0, text.length);
  try {
    const lexed = tokenize(text, lines);
    const diagnostics = lexed.diagnostics;
    const tokens = limitNesting(lexed.tokens, lines, diagnostics);
    const parsed = parseTokens(tokens);
    appendAll(diagnostics, parserDiagnostics(parsed.errors, lines));
    for (const t of parsed.junk) {
      diagnostics.push(syntaxError('E0108', `expected ${DECLARATION}, found ${describeToken(t)}`, lines.span(t.startOffset, t.startOffset + t.image.length)));
    }
    if (parsed.gaveUp) {
      const last = parsed.junk[parsed.junk.length - 1]!;
      diagnostics.push(syntaxError('E0108', `too many errors: the rest of the file was not checked`, lines.span(last.startOffset, last.startOffset + last.image.length)));
    }
    const build = { lines, diagnostics };
    const declarations = parsed.csts.flatMap((cst) => buildDeclarations(build, cst));
    const comments = withTokens ? lexed.comments.map((c) => ({ text: c.image, start: c.startOffset, end: c.startOffset + c.image.length })) : [];
    const sourceTokens = withTokens ? lexed.tokens.map((t) => ({ image: t.image, start: t.startOffset })) : [];
    return { ast: { kind: 'file', file, declarations, span }, diagnostics: sortDiagnostics(diagnostics), comments, tokens: sourceTokens };
  } catch (e) {
    // Defensive: a bug must surface as a diagnostic, never as a crash of the compiler.
    const message = e instanceof Error ? e.message : String(e);
    return {
      ast: { kind: 'file', file, declarations: [], span },
      comments: [],
      tokens: [],
      diagnostics: [syntaxError('E0100', `internal parser error: ${message.split('\n')[0]}`, lines.span(0, 0))],
    };
  }
}

function codeOf(e: IRecognitionException): SyntaxCode {
  if (e.token.tokenType === EOF) return 'E0109';
  switch (e.name) {
    case 'MismatchedTokenException':
      return 'E0106';
    case 'NotAllInputParsedException':
      return 'E0108';
    default:
      return 'E0107';
  }
}

function parserDiagnostics(errors: IRecognitionException[], lines: LineMap): Diagnostic[] {
  const seen = new Set<number>();
  const out: Diagnostic[] = [];
  for (const e of errors) {
    const t = e.token;
    const atEnd = t.tokenType === EOF || !Number.isFinite(t.startOffset);
    const start = atEnd ? lines.text.length : t.startOffset;
    // Recovery can report the same token twice (e.g. in a rule and its caller): keep one.
    if (seen.has(start)) continue;
    seen.add(start);
    const code = codeOf(e);
    const span = atEnd ? lines.endSpan() : lines.span(start, start + t.image.length);
    out.push(syntaxError(code, e.message, span));
  }
  return out;
}

/** Parser-level codes: one token gets at most one of them (recovery can report it twice). */
const PARSE_CODES = new Set(['E0106', 'E0107', 'E0108', 'E0109']);

function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  const sorted = ds
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.span.start.offset - b.d.span.start.offset || a.i - b.i)
    .map(({ d }) => d);
  const seen = new Set<string>();
  return sorted.filter((d) => {
    const key = `${d.span.start.offset}:${PARSE_CODES.has(d.code) ? 'parse' : d.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
