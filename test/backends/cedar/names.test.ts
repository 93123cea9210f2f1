/**
 * Pattern and string escaping: a .role wildcard pattern, rendered for Cedar `like`, must
 * match exactly the names the spec's matcher matches (only `*` special) — checked on
 * cedar-wasm itself over random patterns and names full of `*`, `\`, `"`, `.`.
 */
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attrAccess, cedarPattern, cedarString, finalText, hasAttr, shapeText, valueString } from '../../../src/backends/cedar/names.ts';

/** The spec's matcher: `*` any sequence, every other character itself. */
function specMatch(pattern: string, name: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === name;
  if (!name.startsWith(parts[0]!) || !name.endsWith(parts[parts.length - 1]!)) return false;
  let pos = parts[0]!.length;
  const end = name.length - parts[parts.length - 1]!.length;
  if (pos > end) return false;
  for (const mid of parts.slice(1, -1)) {
    const i = name.indexOf(mid, pos);
    if (i < 0 || i + mid.length > end) return false;
    pos = i + mid.length;
  }
  return true;
}

/** Evaluates `"name" like PATTERN` and `"name" == STRING` on cedar-wasm. */
function cedarMatch(pattern: string, name: string): { like: boolean; eq: boolean } {
  const ask = (cond: string) => {
    const a = cedar.isAuthorized({
      principal: { type: 'P', id: 'p' },
      action: { type: 'Action', id: 'a' },
      resource: { type: 'R', id: 'r' },
      context: {},
      policies: { staticPolicies: `permit(principal, action, resource) when { ${cond} };` },
      entities: [],
    });
    if (a.type !== 'success') throw new Error(a.errors.map((e) => e.message).join('; '));
    return a.response.decision === 'allow';
  };
  return { like: ask(`${cedarString(name)} like ${cedarPattern(pattern)}`), eq: ask(`${cedarString(name)} == ${cedarString(pattern)}`) };
}

const chars = fc.constantFrom('a', 'b', '*', '\\', '"', '.', '-', '\n', 'é', '/');
const str = fc.array(chars, { maxLength: 6 }).map((cs) => cs.join(''));

describe('Cedar patterns and strings', () => {
  it('like matches exactly as the spec matcher; strings round-trip', () => {
    fc.assert(
      fc.property(str, str, (pattern, name) => {
        const got = cedarMatch(pattern, name);
        expect(got.like).toBe(specMatch(pattern, name));
        expect(got.eq).toBe(pattern === name);
      }),
      { numRuns: 150 },
    );
  });
  it('matches names a pattern derives (prefix, suffix, literal specials)', () => {
    expect(cedarMatch('a\\*"', 'a\\xyz"').like).toBe(true);
    expect(cedarMatch('a.b', 'aXb').like).toBe(false);
    expect(cedarMatch('*', '').like).toBe(true);
  });
  it('value marks never clash with user text, and earlier marks are still escaped', () => {
    // The marks are control characters (always escaped in a literal); U+E000/U+E001, the
    // marks of earlier versions, stay escaped so that bundles are byte-identical.
    const marked = `x == ${valueString('a\u0001\u0002\uE000\uE001')} && y == ${valueString('b')}`;
    expect(finalText(marked)).toBe('x == "a\\u{1}\\u{2}\\u{e000}\\u{e001}" && y == "b"');
    expect(shapeText(marked)).toBe('x == "" && y == ""');
  });
  it('quotes attribute names Cedar reserves', () => {
    expect(attrAccess('principal.attributes', 'dept')).toBe('principal.attributes.dept');
    expect(attrAccess('principal.attributes', 'in')).toBe('principal.attributes["in"]');
    expect(hasAttr('context.attributes', 'if')).toBe('context.attributes has "if"');
  });
});
