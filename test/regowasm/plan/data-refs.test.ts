/**
 * Refs under `data` with constant non-string keys, end to end through the real
 * @open-policy-agent/opa-wasm SDK. OPA reads base documents by storage path, so a number
 * key names the object key spelled as written (`data.x[2]` is data.x["2"]) or an array
 * index; no rule is named by a number, so such a ref depends on no rule (no recursion
 * through `data[1]` inside package t). Values of rules and locals are not converted.
 * Also: unary minus on a reference reads the number at run time (OPA: minus(0, ref)).
 */
import { createRequire } from 'node:module';
import type { loadPolicy as LoadPolicyFn } from '@open-policy-agent/opa-wasm';
import { describe, expect, it } from 'vitest';
import { compileRegoToWasm } from '../../../src/regowasm/index.ts';

const { loadPolicy } = createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as { loadPolicy: typeof LoadPolicyFn };

async function run(source: string, data: object): Promise<unknown> {
  const out = compileRegoToWasm({ modules: [{ path: 't.rego', source }], entrypoints: ['t/p'] });
  expect(out.diagnostics).toEqual([]);
  const policy = await loadPolicy(out.wasm!);
  policy.setData(data);
  const rs = policy.evaluate({}, 't/p') as { result: unknown }[];
  return rs.length === 0 ? undefined : rs[0]!.result;
}

describe('data refs with number keys', () => {
  it('read base documents by the number as written, or index arrays', async () => {
    const data = { 1: 'hello', '1.2': 'world', t: { 2: 100, 2.2: 200 }, arr: ['a', 'b'] };
    const src = 'package t\np := [data[1], data[1.2], data.t[2], data.t[2.2], data.arr[1]]\n';
    expect(await run(src, data)).toEqual(['hello', 'world', 100, 200, 'b']);
  });

  it('do not convert keys of rule values or of locals', async () => {
    const src = 'package t\nr := {"1": "x"}\np := [r, a, b] if {\n  a := [v | v := data.t.r[1]]\n  q := data.play\n  b := [v | v := q[2]]\n}\n';
    expect(await run(src, { play: { 2: 100 } })).toEqual([{ 1: 'x' }, [], []]);
  });
});

describe('unary minus on a reference (OPA: minus(0, ref))', () => {
  it('negates numbers read at run time', async () => {
    expect(await run('package t\np := [-data.n, - 2, -data.xs[1] * 2]\n', { n: 3, xs: [1, 4.5] })).toEqual([-3, -2, -9]);
  });
});
