/**
 * `walk` (planned as a recursive Func) and `print` (a no-op that never changes a decision),
 * end to end through the real @open-policy-agent/opa-wasm SDK. Expected values follow OPA's
 * documented semantics: walk(x, [path, value]) relates x and every node of x's tree (x
 * itself with path []), set elements are their own keys; print always succeeds.
 */
import { createRequire } from 'node:module';
import type { loadPolicy as LoadPolicyFn } from '@open-policy-agent/opa-wasm';
import { describe, expect, it } from 'vitest';
import { compileRegoToWasm } from '../../../src/regowasm/index.ts';

const { loadPolicy } = createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as { loadPolicy: typeof LoadPolicyFn };

async function run(source: string, input: unknown = {}, data: object = {}): Promise<unknown> {
  const out = compileRegoToWasm({ modules: [{ path: 't.rego', source }], entrypoints: ['t/p'] });
  expect(out.diagnostics).toEqual([]);
  const policy = await loadPolicy(out.wasm!);
  policy.setData(data);
  const rs = policy.evaluate(input, 't/p') as { result: unknown }[];
  return rs.length === 0 ? undefined : rs[0]!.result;
}

function firstDiagnostic(source: string): { code: string; line: number } | undefined {
  const out = compileRegoToWasm({ modules: [{ path: 't.rego', source }], entrypoints: ['t/p'] });
  const d = out.diagnostics[0];
  return d && { code: d.code, line: d.line };
}

describe('walk', () => {
  it('relates a value to every node of its tree, root first, depth first', async () => {
    const src = 'package t\np := [[path, v] | walk(input, [path, v])]\n';
    expect(await run(src, { a: [1, { b: true }], c: 'x' })).toEqual([
      [[], { a: [1, { b: true }], c: 'x' }],
      [['a'], [1, { b: true }]],
      [['a', 0], 1],
      [['a', 1], { b: true }],
      [['a', 1, 'b'], true],
      [['c'], 'x'],
    ]);
  });

  it('scalars walk to themselves; set elements are their own keys', async () => {
    expect(await run('package t\np := [x | walk(7, x)]\n')).toEqual([[[], 7]]);
    expect(await run('package t\np := {path | walk({"s": {1, 2}}, [path, _])}\n')).toEqual([[], ['s'], ['s', 1], ['s', 2]]);
  });

  it('patterns in the output filter and bind (e.g. every string leaf under data)', async () => {
    const src = `package t
p := {concat(".", path): v | walk(data.cfg, [path, v]); is_string(v)}
`;
    expect(await run(src, {}, { cfg: { a: { b: 'x', n: 1 }, c: 'y' } })).toEqual({ 'a.b': 'x', c: 'y' });
    expect(await run('package t\np := [v | walk(input, [["k"], v])]\n', { k: 3, j: 4 })).toEqual([3]);
  });

  it('walk in value position is RG201 (walk is a relation)', () => {
    expect(firstDiagnostic('package t\np := walk(input)\n')).toEqual({ code: 'RG201', line: 2 });
  });
});

describe('print', () => {
  it('never fails or changes a decision, also with undefined or iterating arguments', async () => {
    const src = `package t
p := [a, n] if {
  a := 1
  print("a is", a)
  print(input.missing)
  print(input.xs[_], "x")
  n := count([x | some x in input.xs; print(x)])
}`;
    expect(await run(src, { xs: [1, 2, 3] })).toEqual([1, 3]);
  });

  it('unsafe arguments are errors, as in OPA', () => {
    expect(firstDiagnostic('package t\np if { print(x) }\n')).toMatchObject({ code: 'RG202' });
  });
});
