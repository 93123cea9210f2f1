/**
 * The front end must accept everything the Rego backend emits (spec: the supported subset
 * includes at least the backend's output). For every example policy set under policies/,
 * the generated modules parse without diagnostics and survive a print/parse round trip.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateRego } from '../../../src/backends/rego/index.ts';
import { parseRego } from '../../../src/regowasm/syntax/index.ts';
import { printModule } from '../../../src/regowasm/syntax/print.ts';
import { discoverPolicySets, loadPolicySet } from '../../../src/semantics/index.ts';

const POLICIES = fileURLToPath(new URL('../../../policies', import.meta.url));

describe('Rego backend output through the front end', () => {
  it('parses every generated module of every example policy set', async () => {
    const sets = await discoverPolicySets([POLICIES]);
    expect(sets.length).toBeGreaterThan(0);
    let modules = 0;
    for (const set of sets) {
      const loaded = await loadPolicySet(set);
      expect(loaded.ir, `${set.join(',')}: ${JSON.stringify(loaded.diagnostics.slice(0, 2))}`).toBeDefined();
      for (const m of generateRego(loaded.ir!).modules) {
        modules++;
        const parsed = parseRego(m.path, m.source);
        expect(parsed.diagnostics, m.path).toEqual([]);
        const printed = printModule(parsed.module!);
        expect(printModule(parseRego(m.path, printed).module!)).toBe(printed);
      }
    }
    expect(modules).toBeGreaterThanOrEqual(sets.length);
  });
});
