/**
 * Rules inside the dynamic extent of a rule with variables in its head reference
 * (`q[x].y := 1` next to `q.b.z := 2`, or a package `t.q` under `q[x] := …`), end to end
 * through the real @open-policy-agent/opa-wasm SDK. OPA's documented semantics: such
 * overlaps are not compile-time conflicts; the documents merge, and a key holding two
 * different values is an evaluation-time conflict (evaluate throws).
 */
import { createRequire } from 'node:module';
import type { loadPolicy as LoadPolicyFn } from '@open-policy-agent/opa-wasm';
import { describe, expect, it } from 'vitest';
import { compileRegoToWasm } from '../../../src/regowasm/index.ts';

const { loadPolicy } = createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as { loadPolicy: typeof LoadPolicyFn };

async function run(sources: string[]): Promise<unknown> {
  const out = compileRegoToWasm({ modules: sources.map((source, i) => ({ path: `m${i}.rego`, source })), entrypoints: ['t/p'] });
  expect(out.diagnostics).toEqual([]);
  const policy = await loadPolicy(out.wasm!);
  policy.setData({});
  const rs = policy.evaluate({}, 't/p') as { result: unknown }[];
  return rs.length === 0 ? undefined : rs[0]!.result;
}

describe('rules inside the dynamic extent of a variable head ref', () => {
  it('disjoint keys, merged objects and equal leaves combine', async () => {
    expect(await run(['package t\nq[x].y := 1 if some x in ["a"]\nq.b.z := 2\np := q\n'])).toEqual({ a: { y: 1 }, b: { z: 2 } });
    expect(await run(['package t\nq[x].y := 1 if some x in ["a", "b"]\nq.b.z := 2\np := q\n'])).toEqual({ a: { y: 1 }, b: { y: 1, z: 2 } });
    expect(await run(['package t\nq[x].y := 1 if some x in ["a", "b"]\nq.b.y := 1\np := [q, q.b.y]\n'])).toEqual([{ a: { y: 1 }, b: { y: 1 } }, 1]);
    expect(await run(['package t\nq[x] contains y if { some x in ["a"]; some y in [1] }\nq.c := 3\np := q\n'])).toEqual({ a: [1], c: 3 });
  });

  it('a package inside the dynamic extent of a rule', async () => {
    expect(await run(['package t\nq[x] := 1 if some x in ["k"]\np := q\n', 'package t.q\nr := 2\n'])).toEqual({ k: 1, r: 2 });
  });

  it('single-value rules of different depths (and p[x] := v next to p[x].y := w) merge', async () => {
    expect(await run(['package t\nq[x].y := 1 if some x in ["a"]\nq[x][y].z := 2 if { some x in ["b"]; y := "w" }\np := q\n'])).toEqual({ a: { y: 1 }, b: { w: { z: 2 } } });
    expect(await run(['package t\nq[x].y := 1 if some x in ["a"]\nq[x][y].z := 2 if { some x in ["a"]; y := "w" }\np := q\n'])).toEqual({ a: { w: { z: 2 }, y: 1 } });
    expect(await run(['package t\nq[x] := {"w": 2} if some x in ["a"]\nq[x].y := 1 if some x in ["a"]\np := [q, q.a.w]\n'])).toEqual([{ a: { w: 2, y: 1 } }, 2]);
    expect(await run(['package t\nq[x].y := 1 if some x in ["a", "b"]\nq[x] := {"y": 1} if some x in ["a"]\np := q\n'])).toEqual({ a: { y: 1 }, b: { y: 1 } });
  });

  it('partial sets mixed with other shapes: sets at one path unite, other values merge', async () => {
    expect(await run(['package t\nq[x] contains 1 if some x in ["a"]\nq[x].y := 1 if some x in ["b"]\np := q\n'])).toEqual({ a: [1], b: { y: 1 } });
    const src = `package t
q[x] contains e if { some x in ["a"]; some e in [1, 2] }
q[x][y] contains e if { some x in ["b"]; y := "s"; some e in [3, 2] }
q[x].s contains 9 if some x in ["b"]
p := q
`;
    expect(await run([src])).toEqual({ a: [1, 2], b: { s: [2, 3, 9] } });
    expect(await run(['package t\nq[x].s contains 1 if some x in ["b"]\nq.b.t := 2\np := q\n'])).toEqual({ b: { s: [1], t: 2 } });
  });

  it('two different values at one key are an evaluation-time conflict', async () => {
    await expect(run(['package t\nq[x].y := 1 if some x in ["a"]\nq[x][y].z := 2 if { some x in ["a"]; y := "y" }\np := q\n'])).rejects.toThrow(/conflict/);
    await expect(run(['package t\nq[x] := 1 if some x in ["a"]\nq[x].y := 1 if some x in ["a"]\np := q\n'])).rejects.toThrow(/conflict/);
    await expect(run(['package t\nq[x] contains 1 if some x in ["a"]\nq[x].y := 1 if some x in ["a"]\np := q\n'])).rejects.toThrow(/conflict/);
    await expect(run(['package t\nq[x].y := 1 if some x in ["a", "b"]\nq.b.y := 2\np := q\n'])).rejects.toThrow(/conflict/);
    await expect(run(['package t\nq[x] := 1 if some x in ["a"]\nq.a.z := 2\np := q\n'])).rejects.toThrow(/conflict/);
  });
});
