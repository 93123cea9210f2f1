/**
 * End to end on the real engine: IR → Rego → policy.wasm (rolec's compiler) →
 * @open-policy-agent/opa-wasm. Skipped (visibly) until src/regowasm/index.ts exists.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RegoEngine } from '../../../src/runtime/rego-engine.ts';
import { compiler, engineFor } from './engine-for.ts';
import { SCENARIOS, TRAPS } from './scenarios.ts';

describe.skipIf(!compiler)('Rego backend on opa-wasm', () => {
  let engine: RegoEngine;
  beforeAll(async () => {
    engine = await engineFor(TRAPS);
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (_, s) => {
    const answer = engine.evaluate(s.request);
    expect(answer).toEqual({
      ok: true,
      decision: { decision: s.decision, reasons: [...(s.reasons ?? [])].sort(), deniedBy: [...(s.deniedBy ?? [])].sort() },
    });
  });
});
