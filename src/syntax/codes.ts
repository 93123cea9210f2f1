/**
 * Stable codes of every syntax diagnostic (E01xx). Once published a code keeps its
 * meaning; new problems get new codes. Titles are what `rolec explain` / docs show; the
 * per-diagnostic message is more specific (it names the tokens involved).
 */
export const SYNTAX_CODES = {
  E0100: 'internal parser error (a bug in rolec: please report it with the input)',
  E0101: 'unexpected character',
  E0102: 'unterminated string literal',
  E0103: 'invalid escape sequence in string literal',
  E0104: 'unterminated block comment',
  E0105: 'integer literal out of range (must be within ±(2^53−1) to stay exact)',
  E0106: 'unexpected token (a specific token was expected)',
  E0107: 'unexpected token (none of the possible constructs starts here)',
  E0108: 'unexpected token where a declaration was expected',
  E0109: 'unexpected end of file',
  E0110: 'comparison operators cannot be chained (use && or parentheses)',
  E0111: 'duplicate clause',
  E0112: 'missing required clause',
  E0113: 'a deny has exactly one target',
  E0114: 'unknown attribute type',
  E0115: 'unknown schema block (expected user, document or context)',
  E0116: 'unknown method',
  E0117: 'wrong number of arguments',
  E0118: 'unknown function (only ip("…") exists)',
  E0119: 'nesting too deep',
  E0120: 'ip(…) takes one string literal',
  E0121: 'control character in string literal (use an escape)',
  E0122: "attribute access on something that is not a name (only names have '.attributes')",
  E0123: 'the pattern of like must be a string literal',
  E0124: "'=' is not an operator (use '==' to compare)",
  E0125: 'lone UTF-16 surrogate in string literal (the text is not well-formed Unicode)',
  E0130: "an assert needs exactly one 'never' or 'always'",
  E0131: 'an assert has exactly one target',
} as const;

export type SyntaxCode = keyof typeof SYNTAX_CODES;
