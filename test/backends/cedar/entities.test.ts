/**
 * entities.json is written line by line without re-sorting keys (compile.ts): each line
 * must already be canonical — keys sorted at every level — and one entity per line.
 */
import { describe, expect, it } from 'vitest';
import { bundleFiles, compileCedar } from '../../../src/backends/cedar/compile.ts';
import { sortKeys } from '../../../src/backends/json.ts';
import { discoverPolicySets, loadPolicySet } from '../../../src/semantics/index.ts';

describe('entities.json', () => {
  it('has one canonical (key-sorted) entity per line for every example set', async () => {
    for (const paths of await discoverPolicySets(['policies'])) {
      const { ir } = await loadPolicySet(paths);
      const text = bundleFiles(compileCedar(ir!))['entities.json']!;
      const lines = text.split('\n').slice(1, -2);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        const json = line.replace(/,$/, '');
        expect(json).toBe(JSON.stringify(sortKeys(JSON.parse(json))));
      }
    }
  });
});
