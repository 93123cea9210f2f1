/**
 * Every fixture in fixtures/*.yaml, on the RegoEngine alone: the expected decision and,
 * where the fixture names them, the deciding rule ids. (The harness compares the two
 * engines; this checks the Rego side against the fixtures' hand-derived expectations.)
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildRegoBundle } from '../../../src/backends/rego/bundle.ts';
import { loadFixtureFile } from '../../../src/harness/fixtures.ts';
import { requestSchema } from '../../../src/request/schema.ts';
import { requestValidator } from '../../../src/request/validate.ts';
import { RegoEngine } from '../../../src/engines/rego.ts';
import { loadPolicySet } from '../../../src/semantics/index.ts';
import { compiler } from './engine-for.ts';

const dir = new URL('../../../fixtures/', import.meta.url);
const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();

describe.skipIf(!compiler || files.length === 0).each(files)('fixtures/%s on the RegoEngine', (name) => {
  const loaded = loadFixtureFile(new URL(name, dir).pathname);
  if (!loaded.ok) {
    it('loads', () => expect(loaded.errors).toEqual([]));
    return;
  }
  const fixture = loaded.value;
  let engine: RegoEngine;
  let validate: (r: unknown) => unknown[];

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    if (!engine) {
      const set = await loadPolicySet(fixture.policies);
      expect(set.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const built = await buildRegoBundle(set.ir!, compiler!);
      if (!built.ok) throw new Error(built.diagnostics.map((d) => d.message).join('; '));
      engine = RegoEngine.fromBundleFiles(built.bundle.files);
      validate = requestValidator(requestSchema(set.ir!));
    }
    expect(validate(c.request)).toEqual([]);
    const answer = engine.evaluate(c.request);
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    const got: Record<string, unknown> = { decision: answer.decision.decision };
    const want: Record<string, unknown> = { decision: c.expect };
    if (c.reasons) [got.reasons, want.reasons] = [answer.decision.reasons, [...c.reasons].sort()];
    if (c.deniedBy) [got.deniedBy, want.deniedBy] = [answer.decision.deniedBy, [...c.deniedBy].sort()];
    expect(got).toEqual(want);
  });
});
