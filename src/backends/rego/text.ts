/**
 * Small, pure helpers for writing Rego source text: literals, references, identifiers
 * and wildcard patterns. Every string that reaches a `.rego` file goes through here.
 */

/** A Rego string literal. Rego strings use JSON's escapes, so JSON.stringify is exact. */
export function str(value: string): string {
  return JSON.stringify(value);
}

/** An array literal of strings: `["a", "b"]`. */
export function strArray(values: readonly string[]): string {
  return `[${values.map(str).join(', ')}]`;
}

/** A set literal (`set()` when empty — `{}` is the empty object in Rego). */
export function setLiteral(values: readonly (string | number)[]): string {
  if (values.length === 0) return 'set()';
  return `{${values.map((v) => (typeof v === 'string' ? str(v) : String(v))).join(', ')}}`;
}

const KEYWORDS = new Set([
  'as', 'contains', 'default', 'else', 'every', 'false', 'if', 'import', 'in', 'not',
  'null', 'package', 'some', 'true', 'with',
]);

/** `base.key` when `key` is a plain identifier that is not a keyword, else `base["key"]`. */
export function member(base: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && !KEYWORDS.has(key) ? `${base}.${key}` : `${base}[${str(key)}]`;
}

/** A Rego identifier derived from DSL text (lower-case letters, digits, `_`). */
export function ident(text: string): string {
  const s = text.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return s === '' ? 'rule' : /^[0-9]/.test(s) ? `_${s}` : s;
}

/**
 * An Elasticsearch-style wildcard as a `glob.match` pattern for null delimiters: `*`
 * stays the only wildcard (with no delimiters it also spans dots), and every other glob
 * metacharacter (`?`, `[`, `]`, `{`, `}`, `\`) is escaped so that it matches literally.
 */
export function globPattern(pattern: string): string {
  return pattern.replace(/[?[\]{}\\]/g, (c) => `\\${c}`);
}

/** Whether a wildcard pattern is a plain name (no `*`). */
export function isLiteralPattern(pattern: string): boolean {
  return !pattern.includes('*');
}

/**
 * A Rego expression that is true iff `subject` (a defined string) matches the wildcard
 * `pattern`. Literal names compare with `==`; everything else goes through `glob.match`.
 */
export function patternMatch(pattern: string, subject: string): string {
  if (isLiteralPattern(pattern)) return `${subject} == ${str(pattern)}`;
  return `glob.match(${str(globPattern(pattern))}, null, ${subject})`;
}

/** A comment line (or lines) that cannot break out of the comment. */
export function comment(text: string, indent = ''): string {
  return text
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map((l) => `${indent}# ${l}`.trimEnd())
    .join('\n');
}
