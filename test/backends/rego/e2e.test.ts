/**
 * End to end on the real engine: IR → Rego → policy.wasm (rolec's compiler) →
 * @open-policy-agent/opa-wasm. Skipped (visibly) until src/regowasm/index.ts exists.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateRego } from '../../../src/backends/rego/bundle.ts';
import { stableJson } from '../../../src/backends/json.ts';
import { RegoEngine } from '../../../src/engines/rego.ts';
import { compiler } from './engine-for.ts';
import { SCENARIOS, TRAPS, type Scenario } from './scenarios.ts';

function expected(s: Scenario) {
  return { ok: true, decision: { decision: s.decision, reasons: [...(s.reasons ?? [])].sort(), deniedBy: [...(s.deniedBy ?? [])].sort() } };
}

describe.skipIf(!compiler)('Rego backend on opa-wasm', () => {
  let wasm: Uint8Array;
  let data: unknown;
  beforeAll(async () => {
    const { modules, data: d } = generateRego(TRAPS);
    const out = await compiler!({ modules, entrypoints: ['rolec/authz/decision'] });
    expect(out.diagnostics).toEqual([]);
    wasm = out.wasm!;
    data = JSON.parse(stableJson(d));
  });

  // Each scenario on a freshly loaded policy: the decision of one request in isolation.
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (_, s) => {
    expect(new RegoEngine(wasm, data).evaluate(s.request)).toEqual(expected(s));
  });

  // How an application uses it: one loaded policy, many requests, in both orders.
  it('answers a sequence of requests on one loaded policy as it answers each alone', () => {
    const engine = new RegoEngine(wasm, data);
    for (const s of [...SCENARIOS, ...[...SCENARIOS].reverse()]) expect([s.name, engine.evaluate(s.request)]).toEqual([s.name, expected(s)]);
  });
});
