/**
 * Requests are data, read once, bounded: the snapshot copies plain JSON exactly, reads no
 * accessor, refuses everything that is not plain data, and enforces its limits exactly at
 * the boundary without recursing past them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REQUEST_LIMITS, requestLimits, snapshotRequest } from '../../src/request/snapshot.ts';

const snap = (v: unknown, limits = {}) => snapshotRequest(v, requestLimits(limits));

describe('snapshotRequest', () => {
  it('copies any JSON value exactly, into fresh objects, and measures its JSON text in UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        const r = snap(v, { maxDepth: 20 });
        if (!r.ok) throw new Error(JSON.stringify(r.issues));
        const json = JSON.stringify(v);
        expect(JSON.stringify(r.value)).toBe(json);
        expect(r.bytes).toBe(new TextEncoder().encode(json).length);
        if (v !== null && typeof v === 'object') expect(r.value).not.toBe(v);
      }),
      { numRuns: 300 },
    );
  });

  it('never invokes a getter or setter', () => {
    let reads = 0;
    const req = { principal: { type: 'user', id: 'x' } } as Record<string, unknown>;
    Object.defineProperty(req, 'action', { enumerable: true, get: () => (reads++ < 3 ? 'read' : 'x') });
    const r = snap(req);
    expect(r).toEqual({ ok: false, issues: [{ pointer: '/action', message: expect.stringMatching(/accessor/) }] });
    expect(reads).toBe(0);
  });

  it('refuses Proxies, cycles, class instances, exotic values — each with a pointer', () => {
    const cyc: Record<string, unknown> = { a: 1 };
    cyc.self = cyc;
    const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
    const extra = Object.assign(['a'], { x: 1 });
    const hidden = {};
    Object.defineProperty(hidden, 'k', { value: 1, enumerable: false });
    const bad: [string, unknown, string, RegExp][] = [
      ['a Proxy', { p: new Proxy({}, {}) }, '/p', /Proxy/],
      ['a Proxy at the root', new Proxy({ a: 1 }, {}), '', /Proxy/],
      ['a revoked Proxy', { p: Proxy.revocable({}, {}).proxy }, '/p', /Proxy/],
      ['a cycle', cyc, '/self', /cycle/],
      ['a Date', { d: new Date(0) }, '/d', /plain object.*Date/],
      ['a Map', { m: new Map() }, '/m', /plain object/],
      ['a class instance', { c: new (class Foo {})() }, '/c', /Foo/],
      ['an object with a custom prototype', { o: Object.create({ polluted: true }) }, '/o', /plain object/],
      ['an array subclass', { a: new (class Arr extends Array {})() }, '/a', /plain array/],
      ['a sparse array', { s: sparse }, '/s', /sparse/],
      ['an array with extra properties', { s: extra }, '/s', /sparse|besides/],
      ['a symbol key', { [Symbol('s')]: 1 }, '', /symbol/],
      ['a non-enumerable property', { h: hidden }, '/h/k', /non-enumerable/],
      ['undefined', { u: undefined }, '/u', /undefined/],
      ['a function', { f: () => 1 }, '/f', /function/],
      ['a bigint', { b: 10n }, '/b', /bigint/],
      ['NaN', { n: NaN }, '/n', /NaN/],
      ['Infinity', { n: [Infinity] }, '/n/0', /Infinity/],
      ['a boxed string', { s: new String('x') }, '/s', /plain object/],
    ];
    for (const [name, value, pointer, message] of bad) {
      const r = snap(value);
      expect(r.ok, name).toBe(false);
      if (!r.ok) {
        expect(r.issues[0]!.pointer, name).toBe(pointer);
        expect(r.issues[0]!.message, name).toMatch(message);
      }
    }
  });

  it('keeps "__proto__", "constructor" and "prototype" keys as own data and pollutes nothing', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}}, "a": [{"__proto__": 3}]}') as unknown;
    const r = snap(parsed);
    if (!r.ok) throw new Error('refused');
    const v = r.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(v, '__proto__')).toBe(true);
    expect(JSON.stringify(v)).toBe(JSON.stringify(parsed));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('limits: exact at the boundary, and documented defaults', () => {
    expect(DEFAULT_REQUEST_LIMITS).toEqual({ maxBytes: 1_048_576, maxArrayLength: 1_024, maxDepth: 16 });
    const arr = (n: number) => ({ a: Array.from({ length: n }, (_, i) => i) });
    expect(snap(arr(10), { maxArrayLength: 10 }).ok).toBe(true);
    expect(snap(arr(11), { maxArrayLength: 10 })).toMatchObject({ ok: false, issues: [{ pointer: '/a', message: expect.stringMatching(/maxArrayLength/) }] });
    const nest = (d: number): unknown => (d === 1 ? {} : { n: nest(d - 1) });
    expect(snap(nest(5), { maxDepth: 5 }).ok).toBe(true);
    expect(snap(nest(6), { maxDepth: 5 })).toMatchObject({ ok: false, issues: [{ message: expect.stringMatching(/maxDepth/) }] });
    const s = { s: 'é'.repeat(10) }; // {"s":"…"} = 8 bytes + 20
    expect(snap(s, { maxBytes: 28 }).ok).toBe(true);
    expect(snap(s, { maxBytes: 27 })).toMatchObject({ ok: false, issues: [{ message: expect.stringMatching(/maxBytes/) }] });
    expect(() => requestLimits({ maxBytes: 0 })).toThrow(RangeError);
    expect(() => requestLimits({ maxDepth: 1.5 })).toThrow(RangeError);
    expect(() => requestLimits({ maxDepth: 100_000 })).toThrow(RangeError);
  });

  it('a million levels of nesting and a shared-reference bomb are refused without overflowing the stack or blowing up', () => {
    let deep: unknown = {};
    for (let i = 0; i < 1_000_000; i++) deep = { n: deep };
    expect(snap(deep).ok).toBe(false);
    let bomb: unknown[] = ['x'.repeat(100)];
    for (let i = 0; i < 40; i++) bomb = [bomb, bomb]; // 2^40 leaves if expanded
    expect(snap({ b: bomb }, { maxDepth: 64 })).toMatchObject({ ok: false, issues: [{ message: expect.stringMatching(/maxBytes/) }] });
  });
});
