/**
 * Bad input → a diagnostic, never a crash: parseRego must not throw (nor overflow the stack
 * on hostile nesting) on arbitrary text or on mutations of real Rego (token-ish deletions and
 * insertions), and every diagnostic must point inside the source (1 ≤ line ≤ lines,
 * 1 ≤ col ≤ line length + 1).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRego } from '../../../src/regowasm/syntax/index.ts';

const SEED = `package rolec.authz

import rego.v1

default allow := false

allow if {
  some r in input.roles
  r == "admin"
  not deny[r]
  count({x | some x in input.groups} & {"a", \`b\`}) > 0
}

deny[k] := v if { v := data.d[k]; every i, y in [1, -2.5e3] { y > i } }

f(x, [y, _]) := x + y * 2 if x in {1: 2} else := null
s contains t if t := object.get(input, ["a", "b"], {})
`;

const FRAGMENTS = ['{', '}', '[', ']', '(', ')', ',', ';', ':=', '=', '==', '|', '&', '-', '.', ':', ' if ', ' else ', ' contains ', ' in ', ' some ', ' every ', ' not ', ' with ', ' as ', ' default ', '"', '`', '\n', '#', 'x', '1', '@', '$"'];

function checkDiagnostics(src: string): void {
  const r = parseRego('fuzz.rego', src);
  expect(r.module === undefined).toBe(r.diagnostics.length > 0);
  const lines = src.split('\n');
  for (const d of r.diagnostics) {
    expect(d.file).toBe('fuzz.rego');
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lines.length);
    expect(d.col).toBeGreaterThanOrEqual(1);
    expect(d.col).toBeLessThanOrEqual(lines[d.line - 1]!.length + 1);
    expect(d.code).toMatch(/^RG10[1-4]$/);
  }
}

describe('parseRego robustness', () => {
  it('accepts the seed module', () => {
    expect(parseRego('seed.rego', SEED).diagnostics).toEqual([]);
  });

  it('reports hostile nesting instead of overflowing the stack', () => {
    for (const open of ['[', '(', '{', '{"a": ', '[x | y := [']) {
      const r = parseRego('deep.rego', `package p\nx := ${open.repeat(20_000)}`);
      expect(r.diagnostics[0]).toMatchObject({ code: 'RG103', line: 2 });
    }
    const everies = parseRego('every.rego', `package p\np if {\n${'every x in y {\n'.repeat(20_000)}`);
    expect(everies.diagnostics[0]).toMatchObject({ code: 'RG103' });
    expect(parseRego('ok.rego', `package p\nx := ${'['.repeat(150)}1${']'.repeat(150)}`).diagnostics).toEqual([]);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c))), { maxLength: 120 }).map((a) => a.join('')), (s) => checkDiagnostics(`package p\n${s}`)),
      { numRuns: 300 },
    );
  });

  it('never throws on mutations of real Rego', () => {
    const mutation = fc.tuple(fc.nat(SEED.length), fc.nat(12), fc.constantFrom(...FRAGMENTS));
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
        let src = SEED;
        for (const [at, del, ins] of ms) {
          const i = Math.min(at, src.length);
          src = src.slice(0, i) + ins + src.slice(i + del);
        }
        checkDiagnostics(src);
      }),
      { numRuns: 600 },
    );
  });
});
