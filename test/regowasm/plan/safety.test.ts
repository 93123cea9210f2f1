/**
 * Safety ordering (OPA's rule): literals run in source order unless a var they need is
 * bound only by a later literal; unsafe vars are reported.
 */
import { describe, expect, it } from 'vitest';
import { parseRego } from '../../../src/regowasm/syntax/index.ts';
import type { Literal } from '../../../src/regowasm/syntax/index.ts';
import { PlanError } from '../../../src/regowasm/plan/diagnostics.ts';
import { makeCtx, orderBody } from '../../../src/regowasm/plan/safety.ts';

function body(src: string): Literal[] {
  const m = parseRego('s.rego', `package s\n\np if {\n${src}\n}\n`).module;
  if (!m) throw new Error('parse');
  return m.rules[0]!.body;
}

/** The source lines (1-based within the body) in planned order. */
function order(src: string, outer: string[] = []): number[] {
  const lits = body(src);
  const { ordered } = orderBody(lits, makeCtx(new Set(outer), lits, [], () => undefined), lits[0]!.loc);
  return ordered.map((l) => l.loc.line - 3);
}

function unsafe(src: string): string {
  try {
    order(src);
  } catch (e) {
    if (e instanceof PlanError) return e.diagnostic.message;
    throw e;
  }
  return 'safe';
}

describe('safety ordering', () => {
  it('keeps source order when it is already safe', () => {
    expect(order('x := input.a\nx > 1\ny := x + 1')).toEqual([1, 2, 3]);
  });

  it('moves a literal after the one binding its input var', () => {
    expect(order('x > 1\nx := input.a')).toEqual([2, 1]);
    expect(order('y == x\nx = input.b\ny = input.a[_]')).toEqual([2, 3, 1]);
  });

  it('ref keys bind by iteration; unification binds either side', () => {
    expect(order('input.xs[i] > 0\n[a, b] = input.pairs[i]')).toEqual([1, 2]);
    expect(order('a == 1\n[a, 2] = [1, b]')).toEqual([2, 1]);
  });

  it('negation and closures wait for the vars they share with the body', () => {
    expect(order('not x == 1\nx := input.a')).toEqual([2, 1]);
    expect(order('c := [v | v := input.xs[_]; v > k]\nk := 2')).toEqual([2, 1]);
    expect(order('every v in xs { v > 0 }\nxs := input.xs')).toEqual([2, 1]);
  });

  it('vars only inside a negation or a comprehension are local to it', () => {
    expect(order('not input.xs[_] == 2\nc := [v | some v in input.xs]')).toEqual([1, 2]);
  });

  it('parameters of the enclosing scope count as bound', () => {
    expect(order('x > 1', ['x'])).toEqual([1]);
  });

  it('reports vars nothing binds', () => {
    expect(unsafe('x > 1')).toBe('var x is unsafe');
    expect(unsafe('x == y')).toBe('var x is unsafe; var y is unsafe');
    expect(unsafe('count(z) > 0')).toBe('var z is unsafe');
  });
});
