import { describe, expect, it } from 'vitest';
import { fuzz } from '../../../src/harness/fuzz/run.ts';
import { failureFixture } from '../../../src/harness/fuzz/write.ts';
import { parseFixtureText } from '../../../src/harness/fixtures.ts';
import type { PolicySetUnderTest } from '../../../src/harness/run.ts';
import { sampleIR } from '../sample-ir.ts';
import { logsReadRule, logsReadRuleWithBracketBug, sampleChecker, scriptedEngine } from '../doubles.ts';

const setWith = (regoRule: typeof logsReadRule): PolicySetUnderTest => ({
  paths: ['/p/obs'],
  ir: sampleIR,
  cedar: scriptedEngine('cedar', logsReadRule),
  rego: scriptedEngine('rego', regoRule),
  checkRequest: sampleChecker,
});

describe('fuzz search and shrinking (scripted doubles)', () => {
  it('finds nothing when the two sides agree', () => {
    const r = fuzz(setWith(logsReadRule), { count: 300, seed: 1 });
    expect(r.failures).toEqual([]);
    expect(r.invalid).toEqual([]);
    expect(r.evaluated).toBe(300);
  });

  it('finds a planted disagreement and shrinks it to a minimal request', () => {
    const r = fuzz(setWith(logsReadRuleWithBracketBug), { count: 2000, seed: 1 });
    expect(r.failures).toHaveLength(1);
    const f = r.failures[0]!;
    expect(f.differences[0]).toBe('decision: cedar allow, rego deny');
    // Minimal: no optional parts left, the simplest choice everywhere else.
    expect(f.request.action).toBe('read');
    expect(f.request.resource.index).toMatch(/^logs-.*\[/);
    expect(f.request.resource.deployment).toBeUndefined();
    expect(f.request.principal.groups).toBeUndefined();
    expect((f.request.principal.roles ?? []).length).toBeLessThanOrEqual(1); // a focused request keeps its rule's role
    expect(f.request.principal.realm).toBeUndefined();
    expect(f.request.principal.attributes?.['team']).toBeUndefined();
  });

  it('is reproducible: the same seed finds the same shrunk request', () => {
    const a = fuzz(setWith(logsReadRuleWithBracketBug), { count: 2000, seed: 9 });
    const b = fuzz(setWith(logsReadRuleWithBracketBug), { count: 2000, seed: 9 });
    expect(a.failures.map((f) => f.request)).toEqual(b.failures.map((f) => f.request));
  });

  it('writes a failure as a valid fixture whose expect is the Cedar decision', () => {
    const r = fuzz(setWith(logsReadRuleWithBracketBug), { count: 2000, seed: 1 });
    const text = failureFixture(r.failures[0]!, 0, 1, ['/p/obs'], '/p/out');
    expect(text).toContain('DISAGREEMENT');
    const parsed = parseFixtureText('/p/out/fuzz-1-1.yaml', text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.policies).toEqual(['/p/obs']);
    expect(parsed.value.cases[0]).toMatchObject({ expect: 'allow', request: r.failures[0]!.request });
  });
});
