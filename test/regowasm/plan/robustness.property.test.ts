/**
 * Robustness: any combination of rule snippets — valid, unsafe, conflicting, unsupported —
 * either compiles deterministically (same bytes twice, loadable by the SDK) or yields
 * diagnostics with a position and an RG code; the planner never throws.
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { loadPolicy as LoadPolicyFn } from '@open-policy-agent/opa-wasm';
import { compileRegoToWasm } from '../../../src/regowasm/index.ts';

const { loadPolicySync } = createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as {
  loadPolicySync: (wasm: Uint8Array) => Awaited<ReturnType<typeof LoadPolicyFn>>;
};

const SNIPPETS = [
  'default allow := false',
  'allow if { some r in input.roles; r == "admin" }',
  'allow if count(grants) > 0',
  'grants contains g if { some g in data.grants; glob.match(g, null, input.name) }',
  'grants contains "x" if not input.off',
  'obj[k] := v if { some k, v in input.obj }',
  'obj.extra := 1',
  'f(x) := y if { y := x + 1 }',
  'f(1) := 5',
  'g(x) if x in {1, 2}',
  'val := f(1)',
  'every_ok if { every x in input.xs { x > 0 } }',
  'cmp := {x | some x in input.a} | {x | some x in input.b}',
  'bad if { z > 1 }',
  'loop := loop2',
  'loop2 := loop',
  'w := input.a with input.a as 2',
  'u := nope(1)',
  'enc := base64.encode("x")',
  'allow := 7',
  'nested[a].b := 1 if { some a in input.xs }',
  'pick := x if { [x, _] = input.pair }',
];

describe('planner robustness (property)', () => {
  it('compiles deterministically or reports positioned RG diagnostics, never throws', () => {
    fc.assert(
      fc.property(fc.subarray(SNIPPETS, { minLength: 1, maxLength: 8 }), fc.constantFrom('t/allow', 't', 't/val', 't/obj'), (rules, ep) => {
        const source = `package t\n\n${rules.join('\n\n')}\n`;
        const req = { modules: [{ path: 'p.rego', source }], entrypoints: [ep] };
        const a = compileRegoToWasm(req);
        if (a.wasm) {
          expect(a.diagnostics).toEqual([]);
          const b = compileRegoToWasm(req);
          expect(Buffer.from(b.wasm!).equals(Buffer.from(a.wasm))).toBe(true);
          expect(() => loadPolicySync(a.wasm!)).not.toThrow();
        } else {
          expect(a.diagnostics.length).toBeGreaterThan(0);
          for (const d of a.diagnostics) {
            expect(d.code).toMatch(/^RG[12]0\d$/);
            expect(d.code).not.toBe('RG209');
            expect(d.line).toBeGreaterThan(0);
            expect(d.col).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});
