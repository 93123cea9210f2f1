/**
 * Soundness of the Cedar encoding (src/verify/cedar/): read from the built bundle's
 * policies.cedar (through cedar-wasm's parser), entities.json and schema, evaluated on a
 * concrete request, it gives what the real cedar-wasm engine answers on that request —
 * allow, deny, or an evaluation error — on 10,000 generated requests per example set.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { requestArbitrary } from '../../src/harness/fuzz/generate.ts';
import { collectConstants } from '../../src/harness/fuzz/constants.ts';
import { safeEvaluate } from '../../src/harness/run.ts';
import { RequestModel } from '../../src/verify/request-model.ts';
import { Evaluator } from '../../src/verify/eval.ts';
import { Defs } from '../../src/verify/term.ts';
import { encodeCedar } from '../../src/verify/cedar/authorize.ts';
import { prepareVerifiedSet } from '../../src/verify/artefacts.ts';
import { nodeCedar } from '../../src/backends/cedar/wasm-node.ts';

const SETS = ['policies/abac-programs', 'policies/elastic-cloud', 'policies/observability'];
const COUNT = 10_000;

describe.each(SETS)('Cedar encoding of %s agrees with cedar-wasm', (dir) => {
  it(`on ${COUNT} generated requests`, async () => {
    const prepared = await prepareVerifiedSet([dir]);
    if (!prepared.ok) throw new Error(prepared.messages.join('\n'));
    const { set, targets } = prepared.value;
    const model = new RequestModel(set.ir);
    const defs = new Defs();
    const enc = encodeCedar(targets.get('cedar')!, model, defs, nodeCedar);
    expect(enc.unencoded).toEqual([]);
    const requests = fc.sample(requestArbitrary(set.ir, collectConstants(set.ir)), { numRuns: COUNT, seed: 1313 });
    const seen = { allow: 0, deny: 0, error: 0 };
    const mismatches: unknown[] = [];
    for (const req of requests) {
      if (set.checkRequest(req).length) continue;
      const engine = safeEvaluate(set.cedar, req);
      const ev = new Evaluator(defs, model.assignmentOf(req));
      const smt = ev.bool(enc.error) ? 'error' : ev.bool(enc.allow) ? 'allow' : 'deny';
      const real = engine.ok ? engine.decision.decision : 'error';
      seen[smt]++;
      if (smt !== real) mismatches.push({ req, smt, real: engine.ok ? engine.decision : engine.error });
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
    expect(seen.allow).toBeGreaterThan(COUNT / 50);
    expect(seen.deny).toBeGreaterThan(COUNT / 50);
  }, 240_000);
});
