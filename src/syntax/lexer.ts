/**
 * Tokenizer: Chevrotain's lexer plus the checks it cannot express — keywords (soft, see
 * tokens.ts), string decoding (JSON escapes), exact integers, and E01xx diagnostics for
 * every lexical problem. Never throws; a problem is reported and lexing goes on, so the
 * parser still sees a useful token stream.
 *
 * Decoded values travel on the token's `payload`: string → decoded text, integer → number.
 */
import { Lexer, type IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics/types.ts';
import { syntaxError } from './diag.ts';
import type { LineMap } from './positions.ts';
import { Eq, Identifier, Integer, KEYWORDS, LEXER_TOKENS, SingleEquals, StringLiteral, UnterminatedComment, UnterminatedString } from './tokens.ts';

// Built once: constructing a Lexer analyses every pattern.
const LEXER = new Lexer(LEXER_TOKENS, {
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
});

const MAX_EXACT = Number.MAX_SAFE_INTEGER; // 2^53 − 1

export interface LexResult {
  tokens: IToken[];
  /** `//` and `/* *\/` comments, in source order (not seen by the parser). */
  comments: IToken[];
  diagnostics: Diagnostic[];
}

export function tokenize(text: string, lines: LineMap): LexResult {
  const result = LEXER.tokenize(text);
  const diagnostics: Diagnostic[] = [];

  for (const e of result.errors) {
    const shown = text.slice(e.offset, e.offset + Math.min(e.length, 20));
    diagnostics.push(
      syntaxError('E0101', `unexpected character${e.length > 1 ? 's' : ''} ${JSON.stringify(shown)}`, lines.span(e.offset, e.offset + e.length)),
    );
  }
  for (const t of result.groups['problems'] ?? []) {
    if (t.tokenType === UnterminatedComment) {
      diagnostics.push(syntaxError('E0104', "unterminated block comment: '/*' has no matching '*/'", lines.span(t.startOffset, t.startOffset + 2)));
    }
  }

  for (const t of result.tokens) {
    // 'onlyOffset' tracking leaves endOffset unset; the parser's CST locations need it.
    t.endOffset = t.startOffset + t.image.length - 1;
    const type = t.tokenType;
    if (type === Identifier) {
      const kw = KEYWORDS.get(t.image);
      if (kw) {
        t.tokenType = kw;
        t.tokenTypeIdx = kw.tokenTypeIdx!;
      }
    } else if (type === StringLiteral) {
      t.payload = decodeString(t.image, t.startOffset, 1, t.image.length - 1, lines, diagnostics);
    } else if (type === UnterminatedString) {
      diagnostics.push(syntaxError('E0102', 'unterminated string literal: missing closing \'"\' before the end of the line', lines.span(t.startOffset, t.startOffset + t.image.length)));
      // Keep parsing as if the string were closed here.
      const end = t.image.endsWith('\\') && !t.image.endsWith('\\\\') ? t.image.length - 1 : t.image.length;
      t.payload = decodeString(t.image, t.startOffset, 1, end, lines, diagnostics);
      t.tokenType = StringLiteral;
      t.tokenTypeIdx = StringLiteral.tokenTypeIdx!;
    } else if (type === SingleEquals) {
      diagnostics.push(syntaxError('E0124', "'=' is not an operator: use '==' to compare", lines.span(t.startOffset, t.startOffset + 1)));
      t.tokenType = Eq;
      t.tokenTypeIdx = Eq.tokenTypeIdx!;
    } else if (type === Integer) {
      const value = Number(t.image);
      if (!Number.isSafeInteger(value) || Math.abs(value) > MAX_EXACT) {
        diagnostics.push(
          syntaxError('E0105', `integer ${t.image} is out of range: integers must be within ±${MAX_EXACT} to stay exact`, lines.span(t.startOffset, t.startOffset + t.image.length)),
        );
        t.payload = 0;
      } else {
        t.payload = value === 0 ? 0 : value; // `-0` is 0: no negative zero downstream
      }
    }
  }
  return { tokens: result.tokens, comments: result.groups['comments'] ?? [], diagnostics };
}

function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Decodes image[from, to) (the text between the quotes); reports E0103 / E0121 / E0125. */
function decodeString(image: string, base: number, from: number, to: number, lines: LineMap, out: Diagnostic[]): string {
  if (image.indexOf('\\') < 0 && !/[\u0000-\u001f\ud800-\udfff]/.test(image)) return image.slice(from, to);
  let value = '';
  let i = from;
  while (i < to) {
    const c = image[i]!;
    if (c === '\\') {
      const e = image[i + 1];
      if (e !== undefined && i + 1 < to && e in SIMPLE_ESCAPES) {
        value += SIMPLE_ESCAPES[e];
        i += 2;
      } else if (e === 'u' && /^[0-9A-Fa-f]{4}$/.test(image.slice(i + 2, i + 6)) && i + 6 <= to) {
        const code = parseInt(image.slice(i + 2, i + 6), 16);
        const low = code >= 0xd800 && code <= 0xdbff && i + 12 <= to && /^\\u[dD][c-fC-F][0-9A-Fa-f]{2}$/.test(image.slice(i + 6, i + 12));
        if (low) {
          value += String.fromCharCode(code, parseInt(image.slice(i + 8, i + 12), 16));
          i += 12;
        } else if (code >= 0xd800 && code <= 0xdfff) {
          // A lone surrogate is no Unicode character: Cedar (Rust strings) cannot hold it.
          out.push(syntaxError('E0103', `invalid escape ${JSON.stringify(image.slice(i, i + 6))} in string: a lone surrogate is not a character (write a \\uD800-\\uDBFF + \\uDC00-\\uDFFF pair)`, lines.span(base + i, base + i + 6)));
          i += 6;
        } else {
          value += String.fromCharCode(code);
          i += 6;
        }
      } else {
        const len = e === 'u' ? Math.min(6, to - i) : Math.min(2, to - i);
        out.push(
          syntaxError('E0103', `invalid escape ${JSON.stringify(image.slice(i, i + len))} in string: use \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX`, lines.span(base + i, base + i + Math.max(1, len))),
        );
        i += Math.max(1, len);
      }
    } else if (isSurrogate(c.charCodeAt(0))) {
      // Source handed to the library API as a JavaScript string can hold a raw lone
      // surrogate (a file read as UTF-8 cannot): no Unicode text, and Cedar cannot hold it.
      const next = i + 1 < to ? image.charCodeAt(i + 1) : 0;
      if (c.charCodeAt(0) <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        value += image.slice(i, i + 2);
        i += 2;
      } else {
        out.push(syntaxError('E0125', `lone surrogate U+${c.charCodeAt(0).toString(16).toUpperCase()} in string literal: the source is not well-formed Unicode`, lines.span(base + i, base + i + 1)));
        i++;
      }
    } else {
      if (c.charCodeAt(0) < 0x20) {
        out.push(syntaxError('E0121', `control character U+${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()} in string literal: write it as an escape`, lines.span(base + i, base + i + 1)));
      }
      value += c;
      i++;
    }
  }
  return value;
}
