/**
 * The front end must accept everything the Rego backend emits (spec: the supported subset
 * includes at least the backend's output). The generated modules of the Rego backend's trap
 * scenario (test/backends/rego/scenarios.ts) and of every example policy set under
 * policies/ that checks parse without diagnostics and survive a print/parse round trip.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateRego } from '../../../src/backends/rego/index.ts';
import { parseRego } from '../../../src/regowasm/syntax/index.ts';
import { printModule } from '../../../src/regowasm/syntax/print.ts';
import { discoverPolicySets, loadPolicySet } from '../../../src/semantics/index.ts';
import type { PolicySetIR } from '../../../src/semantics/ir.ts';
import { TRAPS } from '../../backends/rego/scenarios.ts';

const POLICIES = fileURLToPath(new URL('../../../policies', import.meta.url));

function checkGenerated(ir: PolicySetIR): number {
  const { modules } = generateRego(ir);
  for (const m of modules) {
    const parsed = parseRego(m.path, m.source);
    expect(parsed.diagnostics, m.path).toEqual([]);
    const printed = printModule(parsed.module!);
    expect(printModule(parseRego(m.path, printed).module!)).toBe(printed);
  }
  return modules.length;
}

describe('Rego backend output through the front end', () => {
  it('parses the modules generated for the backend trap scenario', () => {
    expect(checkGenerated(TRAPS)).toBeGreaterThan(0);
  });

  it('parses the modules generated for every example policy set that checks', async () => {
    let checked = 0;
    for (const set of await discoverPolicySets([POLICIES])) {
      const loaded = await loadPolicySet(set);
      // A policy set that does not check is the .role front end's concern (test/semantics).
      if (!loaded.ir) continue;
      checked++;
      expect(checkGenerated(loaded.ir)).toBeGreaterThan(0);
    }
    console.log(`Rego backend output: ${checked} example policy set(s) generated and parsed`);
  });
});
