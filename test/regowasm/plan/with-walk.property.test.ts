/**
 * Property tests (fast-check) for the planner's function mocking and `walk`, through the
 * real @open-policy-agent/opa-wasm SDK. Expected values come from Rego's documented
 * semantics: `f(…) with f as v` is v wherever f is called below the `with`; walk(x, [p, v])
 * relates x to every node of its tree, path [] for x itself.
 */
import { createRequire } from 'node:module';
import type { loadPolicy as LoadPolicyFn } from '@open-policy-agent/opa-wasm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRegoToWasm } from '../../../src/regowasm/index.ts';

const { loadPolicy } = createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as { loadPolicy: typeof LoadPolicyFn };

async function run(source: string, input: unknown): Promise<unknown> {
  const out = compileRegoToWasm({ modules: [{ path: 't.rego', source }], entrypoints: ['t/p'] });
  expect(out.diagnostics).toEqual([]);
  const policy = await loadPolicy(out.wasm!);
  policy.setData({});
  const rs = policy.evaluate(input, 't/p') as { result: unknown }[];
  return rs.length === 0 ? undefined : rs[0]!.result;
}

// JSON values without floats (number formatting is the VM's business, not the planner's)
const key = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'x', '1', '_'), minLength: 0, maxLength: 3 });
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.integer({ min: -1000, max: 1000 }),
    fc.boolean(),
    fc.constant(null),
    key,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3 }),
  ),
}));

/** JSON text with object keys sorted (Rego objects have no key order). */
function canon(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canon).join(',')}]`;
  if (x !== null && typeof x === 'object') {
    return `{${Object.keys(x).sort().map((k) => `${JSON.stringify(k)}:${canon((x as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(x);
}

/** Walk pairs as Rego defines them (order-free: compared as sorted JSON texts). */
function walkPairs(x: unknown, path: unknown[] = [], out: string[] = []): string[] {
  out.push(canon([path, x]));
  if (Array.isArray(x)) x.forEach((v, i) => walkPairs(v, [...path, i], out));
  else if (x !== null && typeof x === 'object') for (const [k, v] of Object.entries(x)) walkPairs(v, [...path, k], out);
  return out;
}

describe('function mocking and walk (properties)', () => {
  it('with f as <constant> makes every call below return the constant', async () => {
    await fc.assert(
      fc.asyncProperty(value, async (v) => {
        const lit = JSON.stringify(v);
        const src = `package t
f(x) := x
r := f(0)
p := [a, b, c, d] if {
  a := f(1) with f as ${lit}
  b := count([]) with count as ${lit}
  c := r with f as ${lit}
  d := r
}`;
        expect(await run(src, {})).toEqual([v, v, v, 0]);
      }),
      { numRuns: 25 },
    );
  });

  it('with f as <run-time value> equals the value, also through documents below', async () => {
    await fc.assert(
      fc.asyncProperty(value, async (v) => {
        const src = 'package t\nf(_) := "unmocked"\nr := [f(0)]\np := [a, b] if {\n  a := r with f as input.v\n  b := r\n}\n';
        expect(await run(src, { v })).toEqual([[v], ['unmocked']]);
      }),
      { numRuns: 25 },
    );
  });

  it('walk relates a value to exactly its nodes', async () => {
    await fc.assert(
      fc.asyncProperty(value, async (v) => {
        const got = (await run('package t\np := [[path, x] | walk(input.v, [path, x])]\n', { v })) as unknown[];
        expect(got.map(canon).sort()).toEqual(walkPairs(v).sort());
      }),
      { numRuns: 40 },
    );
  });
});
