/**
 * Rego lexer. Produces a flat token list; whitespace and `#` comments are dropped, but each
 * token records whether a newline was skipped before it (`nl`), because Rego separates body
 * literals and rules with newlines (or `;`). The parser uses that flag instead of newline
 * tokens, which keeps multi-line expressions inside brackets simple.
 */
import type { RegoDiagnostic } from './ast.ts';

export type TokenType = 'ident' | 'number' | 'string' | 'rawstring' | 'punct' | 'eof';

export interface Token {
  type: TokenType;
  /** ident name, number text, decoded string value, or the punctuation itself. */
  value: string;
  line: number;
  col: number;
  /** Offset of the first character / one past the last. */
  start: number;
  end: number;
  /** A newline was skipped between the previous token and this one. */
  nl: boolean;
}

/** Longest first, so `:=` wins over `:` and `==` over `=`. */
const PUNCT = [':=', '==', '!=', '<=', '>=', '{', '}', '[', ']', '(', ')', ',', ';', '.', ':', '=', '<', '>', '|', '&', '+', '-', '*', '/', '%'];
/** Candidates by first character, longest first (a lookup per token instead of a scan). */
const PUNCT_BY_FIRST = new Map<string, string[]>();
for (const p of PUNCT) PUNCT_BY_FIRST.set(p[0]!, [...(PUNCT_BY_FIRST.get(p[0]!) ?? []), p]);

export class LexError extends Error {
  constructor(
    readonly line: number,
    readonly col: number,
    message: string,
  ) {
    super(message);
  }
}

export function lex(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let nl = true;
  const n = source.length;
  const fail = (at: number, message: string): never => {
    throw new LexError(line, at - lineStart + 1, message);
  };
  const push = (type: TokenType, value: string, start: number, startLine: number, startCol: number) => {
    tokens.push({ type, value, line: startLine, col: startCol, start, end: i, nl });
    nl = false;
  };

  while (i < n) {
    const c = source[i]!;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      nl = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\uFEFF') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && source[i] !== '\n') i++;
      continue;
    }
    const start = i;
    const startLine = line;
    const startCol = i - lineStart + 1;
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(source[i]!)) i++;
      push('ident', source.slice(start, i), start, startLine, startCol);
      continue;
    }
    if (isDigit(c)) {
      i = scanNumber(source, i, fail);
      push('number', source.slice(start, i), start, startLine, startCol);
      continue;
    }
    if (c === '"') {
      const { value, next } = scanString(source, i, fail);
      i = next;
      push('string', value, start, startLine, startCol);
      continue;
    }
    if (c === '`') {
      const close = source.indexOf('`', i + 1);
      if (close < 0) fail(i, 'unterminated raw string');
      const value = source.slice(i + 1, close);
      // Raw strings may span lines: keep line accounting right for later tokens.
      for (let k = i + 1; k < close; k++) {
        if (source[k] === '\n') {
          line++;
          lineStart = k + 1;
        }
      }
      i = close + 1;
      push('rawstring', value, start, startLine, startCol);
      continue;
    }
    const p = PUNCT_BY_FIRST.get(c)?.find((s) => s.length === 1 || source.startsWith(s, i));
    if (p === undefined) {
      if (c === '$' && source[i + 1] === '"') fail(i, 'template strings ($"…") are not supported');
      fail(i, `unexpected character ${JSON.stringify(c)}`);
    }
    i += p!.length;
    push('punct', p!, start, startLine, startCol);
  }
  tokens.push({ type: 'eof', value: '<end of file>', line, col: i - lineStart + 1, start: i, end: i, nl: true });
  return tokens;
}

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}
function isIdentPart(c: string): boolean {
  return isIdentStart(c) || isDigit(c);
}
function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** JSON number grammar without the sign (the parser folds a leading `-` into the literal). */
function scanNumber(s: string, i: number, fail: (at: number, m: string) => never): number {
  const start = i;
  while (i < s.length && isDigit(s[i]!)) i++;
  if (s[start] === '0' && i - start > 1) fail(start, 'number with leading zero');
  if (s[i] === '.' && isDigit(s[i + 1] ?? '')) {
    i++;
    while (i < s.length && isDigit(s[i]!)) i++;
  }
  if (s[i] === 'e' || s[i] === 'E') {
    let j = i + 1;
    if (s[j] === '+' || s[j] === '-') j++;
    if (!isDigit(s[j] ?? '')) fail(i, 'malformed number exponent');
    i = j;
    while (i < s.length && isDigit(s[i]!)) i++;
  }
  if (i < s.length && (isIdentPart(s[i]!) || s[i] === '.' && isIdentStart(s[i + 1] ?? ''))) fail(i, 'malformed number');
  return i;
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** A double-quoted string with JSON escapes (\uXXXX pairs combine naturally in UTF-16). */
function scanString(s: string, i: number, fail: (at: number, m: string) => never): { value: string; next: number } {
  let out = '';
  let j = i + 1;
  for (;;) {
    if (j >= s.length || s[j] === '\n') fail(i, 'unterminated string');
    const c = s[j]!;
    if (c === '"') return { value: out, next: j + 1 };
    if (c !== '\\') {
      out += c;
      j++;
      continue;
    }
    const e = s[j + 1] ?? '';
    if (e === 'u') {
      const hex = s.slice(j + 2, j + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail(j, 'invalid \\u escape in string');
      out += String.fromCharCode(parseInt(hex, 16));
      j += 6;
      continue;
    }
    const m = ESCAPES[e];
    if (m === undefined) fail(j, `invalid escape \\${e} in string`);
    out += m;
    j += 2;
  }
}

export function lexDiagnostic(file: string, err: LexError): RegoDiagnostic {
  return { file, line: err.line, col: err.col, code: 'RG101', message: err.message };
}
