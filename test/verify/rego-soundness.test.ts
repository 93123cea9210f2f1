/**
 * Soundness of the Rego encoding (src/verify/rego/): read from the built bundle's
 * rolec/authz/*.rego (through rolec's own Rego parser) and data.json, evaluated on a
 * concrete request, it gives what the real engine — opa-wasm running the bundle's
 * policy.wasm — answers on that request (allow, deny, or an engine error), on 10,000
 * generated requests per example set.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { requestArbitrary } from '../../src/harness/fuzz/generate.ts';
import { collectConstants } from '../../src/harness/fuzz/constants.ts';
import { safeEvaluate } from '../../src/harness/run.ts';
import { RequestModel } from '../../src/verify/request-model.ts';
import { Evaluator } from '../../src/verify/eval.ts';
import { Defs } from '../../src/verify/term.ts';
import { encodeRego } from '../../src/verify/rego/authorize.ts';
import { prepareVerifiedSet } from '../../src/verify/artefacts.ts';

const SETS = ['policies/abac-programs', 'policies/elastic-cloud', 'policies/observability', 'policies/es-interop'];
const COUNT = 10_000;

describe.each(SETS)('Rego encoding of %s agrees with opa-wasm', (dir) => {
  it(`on ${COUNT} generated requests`, async () => {
    const prepared = await prepareVerifiedSet([dir]);
    if (!prepared.ok) throw new Error(prepared.messages.join('\n'));
    const { set, targets } = prepared.value;
    const model = new RequestModel(set.ir);
    const defs = new Defs();
    const enc = encodeRego(targets.get('rego')!, model, defs);
    expect(enc.unencoded).toEqual([]);
    const requests = fc.sample(requestArbitrary(set.ir, collectConstants(set.ir)), { numRuns: COUNT, seed: 1313 });
    const seen = { allow: 0, deny: 0, error: 0 };
    const mismatches: unknown[] = [];
    for (const req of requests) {
      if (set.checkRequest(req).length) continue;
      const engine = safeEvaluate(set.rego, req);
      const ev = new Evaluator(defs, model.assignmentOf(req));
      const smt = ev.bool(enc.error) ? 'error' : ev.bool(enc.allow) ? 'allow' : 'deny';
      const real = engine.ok ? engine.decision.decision : 'error';
      seen[smt]++;
      if (smt !== real) mismatches.push({ req, smt, real: engine.ok ? engine.decision : engine.error });
      else if (engine.ok) {
        // The rules the engine names (reasons, denied_by) are the ones the encoding says apply.
        const named = [...new Set([...engine.decision.reasons, ...engine.decision.deniedBy])].sort();
        const applies = [...enc.rules].filter(([, t]) => ev.bool(t)).map(([id]) => id).sort();
        if (JSON.stringify(named) !== JSON.stringify(applies)) mismatches.push({ req, named, applies });
      }
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
    expect(seen.allow).toBeGreaterThan(COUNT / 50);
    expect(seen.deny).toBeGreaterThan(COUNT / 50);
  }, 240_000);
});
