/**
 * Every fixture in fixtures/ on the Cedar engine alone: requests valid against the
 * policy set's request schema, decisions, reasons and denied_by as the fixture expects.
 * (The harness runs the same fixtures on both engines; this pins the Cedar side.)
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFixtureFile, checkRequests } from '../../../src/harness/fixtures.ts';
import { loadPolicySet } from '../../../src/semantics/index.ts';
import { compileCedar, validateCedar } from '../../../src/backends/cedar/compile.ts';
import { CedarEngine } from '../../../src/engines/cedar.ts';
import { nodeCedar } from '../../../src/backends/cedar/wasm-node.ts';
import { requestSchema } from '../../../src/request/schema.ts';
import { requestValidator } from '../../../src/request/validate.ts';

const dir = new URL('../../../fixtures/', import.meta.url);
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();

describe.each(files)('fixture %s', (name) => {
  it('decides every case as expected on Cedar', async () => {
    const loaded = loadFixtureFile(new URL(name, dir).pathname);
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
    const fixture = loaded.value;
    expect(fixture.cases.length).toBeGreaterThanOrEqual(30);
    const set = await loadPolicySet(fixture.policies);
    if (!set.ir) throw new Error(set.diagnostics.map((d) => d.message).join('\n'));
    const bundle = compileCedar(set.ir);
    expect(validateCedar(bundle, nodeCedar)).toEqual([]);
    expect(checkRequests(fixture, requestValidator(requestSchema(set.ir)))).toEqual([]);
    const engine = CedarEngine.fromBundle(bundle, nodeCedar);
    const failures: string[] = [];
    for (const c of fixture.cases) {
      const a = engine.evaluate(c.request);
      if (!a.ok) {
        failures.push(`${c.name}: engine error ${a.error.message}`);
        continue;
      }
      const d = a.decision;
      if (d.decision !== c.expect) failures.push(`${c.name}: expected ${c.expect}, got ${JSON.stringify(d)}`);
      if (c.reasons && JSON.stringify([...c.reasons].sort()) !== JSON.stringify(d.reasons))
        failures.push(`${c.name}: reasons ${JSON.stringify(d.reasons)} ≠ expected ${JSON.stringify(c.reasons)}`);
      if (c.deniedBy && JSON.stringify([...c.deniedBy].sort()) !== JSON.stringify(d.deniedBy))
        failures.push(`${c.name}: denied_by ${JSON.stringify(d.deniedBy)} ≠ expected ${JSON.stringify(c.deniedBy)}`);
    }
    expect(failures).toEqual([]);
  });
});
