/** OPA's strict mode (`strict: true`, `rolec wasm --strict`): RG211 with OPA's wording. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateRego } from '../../../src/backends/rego/index.ts';
import { compileRegoToWasm } from '../../../src/regowasm/index.ts';
import { strictFindings } from '../../../src/regowasm/check/strict.ts';
import { parseRego } from '../../../src/regowasm/syntax/index.ts';
import { discoverPolicySets, loadPolicySet } from '../../../src/semantics/index.ts';

function strict(src: string, options: { strict?: boolean } = { strict: true }): string[] {
  const r = compileRegoToWasm({ modules: [{ path: 's.rego', source: `package t\n${src}\n` }], entrypoints: ['t/p'], ...options });
  return r.diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`);
}

describe('strict mode', () => {
  it('unused imports, unused assigned / declared locals and deprecated builtins are RG211 errors', () => {
    expect(strict('import data.lib.x\np := 1')).toEqual(['2:1 RG211 import data.lib.x unused']);
    expect(strict('import data.lib.x as y\np := y')).toEqual([]);
    expect(strict('p if {\n  x := 1\n  true\n}')).toEqual(['3:3 RG211 assigned var x unused']);
    expect(strict('p if {\n  some x\n  input.a == 1\n}')).toEqual(['3:8 RG211 declared var x unused']);
    expect(strict('p := any([true])')).toEqual(['2:6 RG211 deprecated built-in function calls in expression: any']);
  });

  it('uses count anywhere in the rule (head, body, else, comprehensions); `_`-names are exempt', () => {
    expect(strict('p := x if x := 1')).toEqual([]);
    expect(strict('p := [y | some y in input.xs]')).toEqual([]);
    expect(strict('p if {\n  _x := 1\n}')).toEqual([]);
  });

  it('without strict the same policies compile', () => {
    expect(strict('import data.lib.x\np if {\n  x := 1\n  true\n}', {})).toEqual([]);
  });

  it("rolec's own Rego backend output is strict-clean", async () => {
    const POLICIES = fileURLToPath(new URL('../../../policies', import.meta.url));
    let checked = 0;
    for (const set of await discoverPolicySets([POLICIES])) {
      const loaded = await loadPolicySet(set);
      if (!loaded.ir) continue;
      for (const m of generateRego(loaded.ir).modules) {
        checked++;
        expect(strictFindings(parseRego(m.path, m.source).module!), m.path).toEqual([]);
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
