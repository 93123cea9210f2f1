// IR execution semantics (plan/ir.ts "Execution model"), on hand-built programs run by
// the VM through the OPA SDK.
import { describe, expect, it } from 'vitest';
import type { Block, Func, Statement } from '../../../src/regowasm/plan/ir.ts';
import { Strings, L, emitResult, policy, load } from './helpers.ts';

const T = { bool: true } as const;

/** Plan that returns local 2 after running `body` (locals ≥ 3 available up to n). */
function plan(S: Strings, body: Statement[], locals = 12): { locals: number; blocks: Block[] } {
  return { locals, blocks: [[...body, ...emitResult(S, 2, locals - 1)]] };
}

describe('VM IR semantics', () => {
  it('compares across types in Rego order, 1 == 1.0, arrays never equal sets, counts runes', async () => {
    const S = new Strings();
    const mkSet: Statement[] = [{ op: 'MakeSet', target: 3 }, { op: 'SetAdd', value: S.num('1'), set: 3 }];
    const pol = await load(policy(S, {
      gt: plan(S, [{ op: 'GreaterThan', a: S.str('20'), b: S.num('18') }, { op: 'AssignVar', source: T, target: 2 }]),
      numeq: plan(S, [{ op: 'Equal', a: S.num('1'), b: S.num('1.0') }, { op: 'AssignVar', source: T, target: 2 }]),
      arrset: plan(S, [...mkSet, { op: 'Equal', a: S.json([1]), b: L(3) }, { op: 'AssignVar', source: T, target: 2 }]),
      setset: plan(S, [...mkSet, { op: 'MakeSet', target: 4 }, { op: 'SetAdd', value: S.num('1.0'), set: 4 },
        { op: 'Equal', a: L(4), b: L(3) }, { op: 'AssignVar', source: T, target: 2 }]),
      order: plan(S, [{ op: 'LessThan', a: { null: true }, b: { bool: false } }, { op: 'LessThan', a: { bool: true }, b: S.num('0') },
        { op: 'LessThan', a: S.num('99'), b: S.str('') }, { op: 'LessThan', a: S.str('z'), b: S.json([]) },
        { op: 'LessThan', a: S.json([9]), b: S.json({}) }, ...mkSet, { op: 'LessThan', a: S.json({ z: 1 }), b: L(3) },
        { op: 'AssignVar', source: T, target: 2 }]),
      runes: plan(S, [{ op: 'Len', source: S.str('añ🙂'), target: 2 }]),
      bigint: plan(S, [{ op: 'Call', target: { builtin: 'plus' }, args: [S.num('9007199254740993'), S.num('0')], result: 2 }]),
    }));
    const r = (e: string) => pol.evaluate({}, e);
    expect(r('gt')).toEqual([{ result: true }]);
    expect(r('numeq')).toEqual([{ result: true }]);
    expect(r('arrset')).toEqual([]);
    expect(r('setset')).toEqual([{ result: true }]);
    expect(r('order')).toEqual([{ result: true }]);
    expect(r('runes')).toEqual([{ result: 3 }]);
    // exact i64 arithmetic (JSON.parse on the host rounds, so compare the digits)
    expect(String((r('bigint') as { result: number }[])[0]!.result)).toBe(String(9007199254740993));
  });

  it('builds a partial set over input with Scan and a memoised rule function', async () => {
    const S = new Strings();
    // s contains x if { some x in input.items; x > 1 }
    const f: Func = { name: 'data.p.s', params: [0, 1], result: 2, locals: 6, memo: true, blocks: [
      [{ op: 'MakeSet', target: 2 }],
      [{ op: 'Dot', source: L(0), key: S.str('items'), target: 3 },
        { op: 'Scan', source: L(3), key: 4, value: 5, block: [
          { op: 'GreaterThan', a: L(5), b: S.num('1') }, { op: 'SetAdd', value: L(5), set: 2 }] }],
    ] };
    const pol = await load(policy(S, {
      's': { locals: 4, blocks: [[{ op: 'Call', target: { func: 0 }, args: [L(0), L(1)], result: 2 }, ...emitResult(S, 2, 3)]] },
      // count(s) + count(s): the memoised function runs once per evaluation
      'twice': { locals: 6, blocks: [[{ op: 'Call', target: { func: 0 }, args: [L(0), L(1)], result: 2 },
        { op: 'Call', target: { func: 0 }, args: [L(0), L(1)], result: 3 },
        { op: 'Len', source: L(2), target: 2 }, { op: 'Len', source: L(3), target: 3 },
        { op: 'Call', target: { builtin: 'plus' }, args: [L(2), L(3)], result: 2 }, ...emitResult(S, 2, 5)]] },
    }, [f]));
    expect(pol.evaluate({ items: [3, 1, 2, 3, 'a', [0]] }, 's')).toEqual([{ result: [2, 3, 'a', [0]] }]);
    expect(pol.evaluate({ items: [] }, 's')).toEqual([{ result: [] }]);
    expect(pol.evaluate({}, 's')).toEqual([{ result: [] }]);
    expect(pol.evaluate({ items: [5, 6] }, 'twice')).toEqual([{ result: 4 }]);
    expect(pol.evaluate({ items: [5] }, 'twice')).toEqual([{ result: 2 }]); // memo reset per evaluation
  });

  it('runs multi-body rules, else chains and defaults; conflicts abort', async () => {
    const S = new Strings();
    // x = "a" if input.a; else = "b" if input.b;  default x = "none"
    const x: Func = { name: 'data.p.x', params: [0, 1], result: 2, locals: 4, blocks: [
      [{ op: 'Dot', source: L(0), key: S.str('a'), target: 3 }, { op: 'NotEqual', a: L(3), b: { bool: false } },
        { op: 'AssignVarOnce', source: S.str('a'), target: 2 }],
      [{ op: 'IsUndefined', source: 2 }, { op: 'Dot', source: L(0), key: S.str('b'), target: 3 },
        { op: 'NotEqual', a: L(3), b: { bool: false } }, { op: 'AssignVarOnce', source: S.str('b'), target: 2 }],
      [{ op: 'IsUndefined', source: 2 }, { op: 'AssignVar', source: S.str('none'), target: 2 }],
    ] };
    // y = 1 if input.p;  y = 2 if input.q   (two bodies: conflict when both hold with different values)
    const y: Func = { name: 'data.p.y', params: [0, 1], result: 2, locals: 4, blocks: [
      [{ op: 'Dot', source: L(0), key: S.str('p'), target: 3 }, { op: 'AssignVarOnce', source: S.num('1'), target: 2 }],
      [{ op: 'Dot', source: L(0), key: S.str('q'), target: 3 }, { op: 'AssignVarOnce', source: S.num('2'), target: 2 }],
      [{ op: 'Dot', source: L(0), key: S.str('r'), target: 3 }, { op: 'AssignVarOnce', source: S.num('1.0'), target: 2 }],
    ] };
    const call = (fn: number) => ({ locals: 4, blocks: [[{ op: 'Call', target: { func: fn }, args: [L(0), L(1)], result: 2 } as Statement, ...emitResult(S, 2, 3)]] });
    const pol = await load(policy(S, { x: call(0), y: call(1) }, [x, y]));
    expect(pol.evaluate({ a: true, b: true }, 'x')).toEqual([{ result: 'a' }]);
    expect(pol.evaluate({ a: false, b: 1 }, 'x')).toEqual([{ result: 'b' }]);
    expect(pol.evaluate({}, 'x')).toEqual([{ result: 'none' }]);
    expect(pol.evaluate({}, 'y')).toEqual([]);
    expect(pol.evaluate({ p: 1, r: 1 }, 'y')).toEqual([{ result: 1 }]); // 1 == 1.0: no conflict
    expect(() => pol.evaluate({ p: 1, q: 1 }, 'y')).toThrow(/eval_conflict_error/);
    expect(pol.evaluate({ q: 1 }, 'y')).toEqual([{ result: 2 }]);
  });

  it('implements Not, Break levels, Block continuation and Scan over objects and sets', async () => {
    const S = new Strings();
    const pol = await load(policy(S, {
      // allow if not input.deny
      not: plan(S, [{ op: 'Not', block: [{ op: 'Dot', source: L(0), key: S.str('deny'), target: 3 },
        { op: 'NotEqual', a: L(3), b: { bool: false } }] }, { op: 'AssignVar', source: T, target: 2 }]),
      // any(x in input.xs, x == "hit") via Break(1) out of the scan body and its block
      brk: plan(S, [{ op: 'AssignVar', source: { bool: false }, target: 2 }, { op: 'Block', blocks: [
        [{ op: 'Dot', source: L(0), key: S.str('xs'), target: 3 },
          { op: 'Scan', source: L(3), key: 4, value: 5, block: [
            { op: 'Equal', a: L(5), b: S.str('hit') }, { op: 'AssignVar', source: T, target: 2 }, { op: 'Break', index: 1 }] },
          { op: 'AssignVar', source: S.str('not found'), target: 6 }],
        [{ op: 'IsDefined', source: 6 }, { op: 'AssignVar', source: L(6), target: 2 }],
      ] }]),
      // every v in input.o { v > 0 } == not (some v in input.o; not v > 0): a Scan always
      // completes, so "exists" is recorded in a flag local checked after it
      every: plan(S, [{ op: 'Dot', source: L(0), key: S.str('o'), target: 3 }, { op: 'Not', block: [
        { op: 'Scan', source: L(3), key: 4, value: 5, block: [
          { op: 'Not', block: [{ op: 'GreaterThan', a: L(5), b: S.num('0') }] },
          { op: 'AssignVar', source: T, target: 8 }] },
        { op: 'IsDefined', source: 8 },
      ] }, { op: 'AssignVar', source: T, target: 2 }]),
      // keys of an object in order, elements of a set in order
      order: plan(S, [{ op: 'MakeArray', capacity: 0, target: 2 }, { op: 'Dot', source: L(0), key: S.str('o'), target: 3 },
        { op: 'Scan', source: L(3), key: 4, value: 5, block: [{ op: 'ArrayAppend', value: L(4), array: 2 }] },
        { op: 'MakeSet', target: 6 }, { op: 'SetAdd', value: S.str('b'), set: 6 }, { op: 'SetAdd', value: S.str('a'), set: 6 },
        { op: 'Scan', source: L(6), key: 4, value: 5, block: [{ op: 'ArrayAppend', value: L(5), array: 2 }] },
        { op: 'Dot', source: L(6), key: S.str('a'), target: 7 }, { op: 'ArrayAppend', value: L(7), array: 2 },
        { op: 'Dot', source: S.json([10, 20]), key: S.num('1'), target: 7 }, { op: 'ArrayAppend', value: L(7), array: 2 }]),
    }));
    expect(pol.evaluate({}, 'not')).toEqual([{ result: true }]);
    expect(pol.evaluate({ deny: false }, 'not')).toEqual([{ result: true }]);
    expect(pol.evaluate({ deny: true }, 'not')).toEqual([]);
    expect(pol.evaluate({ xs: ['a', 'hit', 'b'] }, 'brk')).toEqual([{ result: true }]);
    expect(pol.evaluate({ xs: ['a'] }, 'brk')).toEqual([{ result: 'not found' }]);
    expect(pol.evaluate({ o: { a: 1, b: 2 } }, 'every')).toEqual([{ result: true }]);
    expect(pol.evaluate({ o: { a: 1, b: 0 } }, 'every')).toEqual([]);
    expect(pol.evaluate({ o: {} }, 'every')).toEqual([{ result: true }]);
    expect(pol.evaluate({ o: { z: 1, a: 2, m: 3 } }, 'order')).toEqual([{ result: ['a', 'm', 'z', 'a', 'b', 'a', 20] }]);
  });

  it('builds partial objects with insert-once conflicts, merges data with rule output, dedupes result sets', async () => {
    const S = new Strings();
    // obj[k] := v if { some k, v in input.m }  (conflict when a key maps to two values)
    const obj: Func = { name: 'data.p.obj', params: [0, 1], result: 2, locals: 6, blocks: [
      [{ op: 'MakeObject', target: 2 }],
      [{ op: 'Dot', source: L(0), key: S.str('pairs'), target: 3 }, { op: 'Scan', source: L(3), key: 4, value: 5, block: [
        { op: 'Dot', source: L(5), key: S.num('0'), target: 4 }, { op: 'Dot', source: L(5), key: S.num('1'), target: 5 },
        { op: 'ObjectInsertOnce', key: L(4), value: L(5), object: 2 }] }],
    ] };
    const pol = await load(policy(S, {
      obj: { locals: 4, blocks: [[{ op: 'Call', target: { func: 0 }, args: [L(0), L(1)], result: 2 }, ...emitResult(S, 2, 3)]] },
      // data.p as seen by Rego = base data.p merged with the rule-generated {"obj": …}
      merged: { locals: 7, blocks: [[{ op: 'Call', target: { func: 0 }, args: [L(0), L(1)], result: 2 },
        { op: 'MakeObject', target: 3 }, { op: 'ObjectInsert', key: S.str('obj'), value: L(2), object: 3 },
        { op: 'Dot', source: L(1), key: S.str('p'), target: 4 },
        { op: 'ObjectMerge', a: L(4), b: L(3), target: 5 }, ...emitResult(S, 5, 6)]] },
      multi: { locals: 4, blocks: [
        [{ op: 'MakeObject', target: 2 }, { op: 'ObjectInsert', key: S.str('x'), value: S.num('2'), object: 2 }, { op: 'ResultSetAdd', value: 2 }],
        [{ op: 'MakeObject', target: 2 }, { op: 'ObjectInsert', key: S.str('x'), value: S.num('1'), object: 2 }, { op: 'ResultSetAdd', value: 2 }],
        [{ op: 'MakeObject', target: 2 }, { op: 'ObjectInsert', key: S.str('x'), value: S.num('2'), object: 2 }, { op: 'ResultSetAdd', value: 2 }],
      ] },
    }, [obj]));
    expect(pol.evaluate({ pairs: [['a', 1], ['b', 2], ['a', 1]] }, 'obj')).toEqual([{ result: { a: 1, b: 2 } }]);
    expect(() => pol.evaluate({ pairs: [['a', 1], ['a', 2]] }, 'obj')).toThrow(/object keys must be unique/);
    pol.setData({ p: { base: true, obj: { c: 3 } } });
    expect(pol.evaluate({ pairs: [['a', 1]] }, 'merged')).toEqual([{ result: { base: true, obj: { a: 1, c: 3 } } }]);
    expect(pol.evaluate({}, 'multi')).toEqual([{ x: 1 }, { x: 2 }]);
  });
});
