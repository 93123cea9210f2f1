import { describe, expect, it } from 'vitest';
import { planQuery } from './query.ts';
import { canonical, inputTermToJson, regoCompare, sameBindings } from './values.ts';

describe('planQuery', () => {
  it('maps `data.a.b = x` to the entrypoint a/b', () => {
    expect(planQuery('data.test.p = x')).toEqual({ shape: 'entrypoint', entrypoint: 'test/p', variable: 'x' });
  });
  it('wraps other queries in a module collecting the bindings as a set', () => {
    const q = planQuery('data.x.p[x] = z');
    expect(q).toMatchObject({ shape: 'wrapper', entrypoint: '__compliance_query/result', variables: ['x', 'z'] });
    expect(q.shape === 'wrapper' && q.module).toContain('result := {{"x": x, "z": z} | data.x.p[x] = z}');
    expect(planQuery('data.p.f(1)')).toMatchObject({ shape: 'wrapper', variables: [] });
    expect(planQuery('data.generated.p(1) = x')).toMatchObject({ shape: 'wrapper', variables: ['x'] });
    expect(planQuery('data.x.p = input')).toMatchObject({ shape: 'wrapper', variables: [] });
  });
  it('reports a query that does not parse', () => {
    expect(planQuery('data.p[')).toMatchObject({ shape: 'unsupported' });
  });
});

describe('values', () => {
  it('keeps input_term number text and rejects non-JSON terms', () => {
    expect(inputTermToJson('1.0')).toBe('1.0');
    expect(inputTermToJson('{"a": [1, "x", null, true]}')).toBe('{"a":[1,"x",null,true]}');
    expect(inputTermToJson('{"foo": {{1}}}')).toBeUndefined();
    expect(inputTermToJson('{1: 2}')).toBeUndefined();
  });
  it('canonicalises object key order', () => {
    expect(canonical({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });
  it('orders values across types like Rego', () => {
    const xs = [{}, [1], 'a', 2, true, null, [0, 5], { a: 1 }, false, 1.5];
    expect([...xs].sort(regoCompare)).toEqual([null, false, true, 1.5, 2, 'a', [0, 5], [1], {}, { a: 1 }]);
  });
  it('compares result sets as sets; sort_bindings sorts actual binding arrays', () => {
    expect(sameBindings([{ x: 1 }, { x: 2 }], [{ x: 2 }, { x: 1 }], false)).toBe(true);
    expect(sameBindings([{ x: [2, 1] }], [{ x: [1, 2] }], false)).toBe(false);
    expect(sameBindings([{ x: [2, 1] }], [{ x: [1, 2] }], true)).toBe(true);
    expect(sameBindings([], [{ x: 1 }], false)).toBe(false);
    expect(sameBindings([{ x: [] }], [], false)).toBe(false);
  });
});
