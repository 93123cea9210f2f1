// Property: any JSON value given as input comes back unchanged through the VM's parser,
// value model (sorted objects) and dumper — through the SDK's fast path.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Strings, emitResult, policy, load } from './helpers.ts';

describe('VM JSON round trip', () => {
  it('returns any JSON input unchanged (keys, unicode, numbers, nesting)', async () => {
    const S = new Strings();
    const pol = await load(policy(S, { id: { locals: 4, blocks: [[{ op: 'AssignVar', source: { local: 0 }, target: 2 }, ...emitResult(S, 2, 3)]] } }));
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4, stringUnit: 'grapheme' }), (v) => {
      const canonical = JSON.parse(JSON.stringify(v)) as unknown;
      // the SDK treats falsy inputs as "no input"; wrap to always send one
      expect(pol.evaluate({ v: canonical }, 'id')).toEqual([{ result: { v: canonical } }]);
    }), { numRuns: 400 });
  });

  it('keeps the last of duplicate keys, like JSON.parse', async () => {
    const S = new Strings();
    const pol = await load(policy(S, { id: { locals: 4, blocks: [[{ op: 'AssignVar', source: { local: 0 }, target: 2 }, ...emitResult(S, 2, 3)]] } }));
    const text = '{"b":1,"a":2,"b":3,"c":{"x":1,"x":[1,{"y":1,"y":2}]}}';
    expect(pol.evaluate(new TextEncoder().encode(text).buffer as ArrayBuffer, 'id')).toEqual([{ result: JSON.parse(text) }]);
  });
});
