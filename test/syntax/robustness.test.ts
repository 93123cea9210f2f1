/**
 * Pathological inputs: huge, deeply nested or junk-filled files never crash the parser
 * (no stack overflow, no E0100) and stay fast — each case would take seconds to minutes
 * (or overflow the stack) if some stage were recursive or quadratic in it. Bounds are
 * generous because the machine is shared; the sizes are what makes a regression obvious.
 */
import { describe, expect, it } from 'vitest';
import { parseRoleFile } from '../../src/syntax/index.ts';
import { MAX_NESTING } from '../../src/syntax/depth.ts';

const N = 20_000;

const CASES: [name: string, text: string, codes: string[]][] = [
  ['deep parentheses', `role r { where ${'('.repeat(N)}a${')'.repeat(N)} }`, ['E0119']],
  ['unclosed parentheses', `role r { where ${'('.repeat(N)}`, ['E0119', 'E0109']],
  ['deep set brackets', `role r { where a in ${'['.repeat(N)}`, ['E0119', 'E0109']],
  ['many !', `role r { where ${'!'.repeat(N)}a }`, ['E0119']],
  ['nested !( … )', `role r { where ${'!('.repeat(N)}a${')'.repeat(N)} }`, ['E0119']],
  ['long && chain', `role r { where ${Array(N).fill('a').join(' && ')} }`, []],
  ['long comparison chain', `role r { where ${Array(N).fill('a').join(' == ')} }`, ['E0110']],
  ['long attribute path', `role r { where a${'.b'.repeat(N)} }`, []],
  ['long method-call chain', `role r { where a${'.isEmpty()'.repeat(N)} }`, []],
  ['many has', `role r { where ${'has '.repeat(N)}a }`, ['E0107']],
  ['unknown characters', '@'.repeat(N * 10), ['E0101']],
  ['top-level junk words', 'x '.repeat(N), ['E0108']],
  ['junk between declarations', 'x role a {} '.repeat(N / 10), ['E0108']],
  ['open braces', '{'.repeat(N), ['E0108']],
  ['close braces', '}'.repeat(N), ['E0108']],
  ['unterminated strings', '"abc\n'.repeat(N), ['E0102', 'E0108']],
  ['huge string', `role r { description "${'a'.repeat(N * 50)}" }`, []],
  ['comment openers', '/*'.repeat(N), ['E0101', 'E0104']],
  ['bad escapes', `"${'\\q'.repeat(N)}"`, ['E0108', 'E0103']],
  ['junk inside a role body', `role r { ${'x cluster a '.repeat(N / 2)}}`, ['E0106']],
  ['junk inside a deny body', `deny r { ${'x cluster a '.repeat(N / 2)}}`, ['E0106', 'E0113']],
  ['many broken roles', 'role r { clusterr monitor }\n'.repeat(N / 10), ['E0106']],
];

describe('pathological inputs', () => {
  for (const [name, text, codes] of CASES) {
    it(name, () => {
      const t0 = performance.now();
      const { ast, diagnostics } = parseRoleFile('p.role', text);
      const ms = performance.now() - t0;
      expect([...new Set(diagnostics.map((d) => d.code))].sort()).toEqual([...codes].sort());
      expect(ast.kind).toBe('file');
      expect(ms).toBeLessThan(5000);
    });
  }

  it(`allows nesting up to ${MAX_NESTING} levels`, () => {
    const ok = `role r { where ${'('.repeat(MAX_NESTING)}a${')'.repeat(MAX_NESTING)} }`;
    expect(parseRoleFile('p.role', ok).diagnostics).toEqual([]);
    const tooDeep = `role r { where ${'('.repeat(MAX_NESTING + 1)}a${')'.repeat(MAX_NESTING + 1)} }`;
    expect(parseRoleFile('p.role', tooDeep).diagnostics.map((d) => d.code)).toEqual(['E0119']);
  });
});
