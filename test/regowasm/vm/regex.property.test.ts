// The VM's regex engine vs JavaScript's RegExp on random patterns: both are leftmost-first
// backtracking semantics, so regex.find_n must return exactly the matches that Go's
// FindAllString rules (empty match right after a match is skipped) pick from RegExp's
// leftmost match at each position. Quantifiers sit only on single-character atoms, where
// RE2 and ECMAScript agree (they differ on empty loop iterations).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runTable } from './helpers.ts';

const atom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\w', 'c');
const quant = fc.constantFrom('', '', '*', '+', '?', '*?', '+?', '??', '{1,2}', '{2}');
const piece = fc.tuple(atom, quant).map(([a, q]) => a + q);
const concat = fc.array(piece, { minLength: 1, maxLength: 3 }).map((xs) => xs.join(''));
const group = fc.tuple(fc.array(concat, { minLength: 1, maxLength: 2 }), fc.constantFrom('(', '(?:'))
  .map(([alts, open]) => `${open}${alts.join('|')})`);
const pattern = fc.tuple(fc.array(fc.oneof(piece, group), { minLength: 1, maxLength: 3 }), fc.array(concat, { maxLength: 1 }), fc.boolean(), fc.boolean())
  .map(([parts, alt, bol, eol]) => (bol ? '^' : '') + [parts.join(''), ...alt].join('|') + (eol && alt.length === 0 ? '$' : ''));
const subject = fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 8 }).map((xs) => xs.join(''));

/** Go's FindAllString over RegExp's leftmost match from each position (ASCII subjects). */
function goFindAll(p: string, s: string): string[] {
  const re = new RegExp(p, 'g');
  const out: string[] = [];
  let pos = 0, prevEnd = -1;
  while (pos <= s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) break;
    const start = m.index, end = start + m[0].length;
    if (end === start) {
      if (start !== prevEnd) out.push('');
      pos = start + 1;
    } else { out.push(m[0]); pos = end; }
    prevEnd = end;
  }
  return out;
}

describe('regex engine vs RegExp (property)', () => {
  it('finds the same leftmost-first matches on 400 random pattern/subject pairs', async () => {
    const cases = fc.sample(fc.tuple(pattern, subject), { numRuns: 400, seed: 20261122 });
    const got = await runTable(cases.map(([p, s]) => ({ name: 'regex.find_n', args: [p, s, -1] })));
    const bad = cases
      .map(([p, s], i) => ({ p, s, want: goFindAll(p, s), got: got[i] }))
      .filter((c) => JSON.stringify(c.want) !== JSON.stringify(c.got));
    expect(bad).toEqual([]);
  });
});
