// Property: the VM's glob.match (fast path for literal/`*` patterns and the general
// token/DP path) agrees with a reference built from JS regular expressions, for
// patterns over literals, `*`, `**`, `?`, classes and braces, with the delimiter rules
// ([] → ["."], null → none).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Strings, L, emitResult, policy, load } from './helpers.ts';

function escape(c: string): string { return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

/** Reference semantics: tokens → anchored RegExp. */
function reference(pattern: string, delims: string[] | null, subject: string): boolean {
  const d = delims === null ? [] : delims.length === 0 ? ['.'] : delims;
  const notD = d.length ? `[^${d.map(escape).join('')}]` : '[\\s\\S]';
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') { re += '[\\s\\S]*'; i++; }
    else if (c === '*') re += `${notD}*`;
    else if (c === '?') re += notD;
    else if (c === '{') re += '(?:';
    else if (c === '}') re += ')';
    else if (c === ',') re += '|';
    else if (c === '[') { const end = pattern.indexOf(']', i); re += pattern.slice(i, end + 1).replace('[!', '[^'); i = end; }
    else re += escape(c);
  }
  return new RegExp(`^(?:${re})$`).test(subject);
}

const atom = fc.constantFrom('a', 'b', '.', '-', '*', '**', '?', '[ab]', '[!a]', '{a,b.}', '{*,b}');
const pattern = fc.array(atom, { maxLength: 6 }).map((xs) => xs.join(''));
const subject = fc.array(fc.constantFrom('a', 'b', '.', '-'), { maxLength: 8 }).map((xs) => xs.join(''));
const delims = fc.constantFrom<string[] | null>([], null, ['-'], ['.', '-']);

describe('glob.match property', () => {
  it('agrees with a RegExp reference on random patterns', async () => {
    const S = new Strings();
    const pol = await load(policy(S, { g: { locals: 7, blocks: [[
      { op: 'Dot', source: L(0), key: S.str('p'), target: 2 },
      { op: 'Dot', source: L(0), key: S.str('d'), target: 3 },
      { op: 'Dot', source: L(0), key: S.str('s'), target: 4 },
      { op: 'Call', target: { builtin: 'glob.match' }, args: [L(2), L(3), L(4)], result: 5 },
      ...emitResult(S, 5, 6),
    ]] } }));
    fc.assert(fc.property(pattern, delims, subject, (p, d, s) => {
      const got = pol.evaluate({ p, d, s }, 'g') as { result: boolean }[];
      expect(got).toEqual([{ result: reference(p, d, s) }]);
    }), { numRuns: 1500 });
  });
});
