/**
 * Names around a wildcard pattern (only `*` is special): names that just match, names
 * that just miss, and names carrying characters that are special in one of the targets
 * (`*` `?` `[` `{` `\` `"`), so that an escaping slip in either backend shows up as a
 * disagreement. Deterministic: same pattern, same list, simplest first.
 */
export const SPECIAL_CHARS = ['*', '?', '[', '{', '\\', '"'] as const;

export function namesAround(pattern: string): string[] {
  const parts = pattern.split('*');
  const hasStar = parts.length > 1;
  const fill = (s: string) => parts.join(s);
  const out: string[] = [];
  // just match
  out.push(fill(''));
  if (hasStar) out.push(fill('x'), fill('a.b-c'), fill('*'));
  // just miss
  const first = parts[0]!;
  if (first.length > 0) {
    out.push(first.slice(0, -1) + pattern.slice(first.length)); // prefix one char short
    out.push(swapCase(first[0]!) + pattern.slice(1).split('*').join(''));
    out.push('x' + fill(''));
  }
  const last = parts[parts.length - 1]!;
  if (last.length > 0) out.push(fill('') + 'x');
  if (first.length > 1) out.push(first.slice(0, -1));
  out.push(fill('').replace(/\./g, '-'), fill('').replace(/-/g, '.'));
  // special characters, inside a matching name and as the literal text of the pattern
  for (const c of SPECIAL_CHARS) out.push(hasStar ? fill(c) : pattern + c);
  out.push(pattern.replace(/\*/g, '\\*'));
  return unique(out);
}

/** The names around a pattern that match it (the first entries of namesAround). */
export function matchingNames(pattern: string): string[] {
  const parts = pattern.split('*');
  return parts.length > 1 ? [parts.join(''), parts.join('x'), parts.join('a.b-c'), parts.join('*')] : [pattern];
}

function swapCase(c: string): string {
  const u = c.toUpperCase();
  return u === c ? c.toLowerCase() : u;
}

export function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
