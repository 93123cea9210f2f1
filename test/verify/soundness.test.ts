/**
 * Soundness of the IR encoding: the term for "allow", evaluated on a concrete request,
 * gives the decision both real engines (cedar-wasm, opa-wasm on rolec's policy.wasm)
 * give — on 10,000 generated requests per example set (the fuzzer's generator). A
 * sample is also decided by Z3 itself (prove.ts), so the concrete reading and the SMT
 * reading of the same terms are checked against each other.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildPolicySetUnderTest } from '../../src/harness/policyset.ts';
import { defaultToolchain } from '../../src/harness/toolchain.ts';
import { requestArbitrary } from '../../src/harness/fuzz/generate.ts';
import { collectConstants } from '../../src/harness/fuzz/constants.ts';
import { safeEvaluate } from '../../src/harness/run.ts';
import { RequestModel } from '../../src/verify/request-model.ts';
import { encodeIrDecision } from '../../src/verify/ir-decision.ts';
import { Evaluator } from '../../src/verify/eval.ts';
import { decideConcrete } from '../../src/verify/prove.ts';

const SETS = ['policies/abac-programs', 'policies/elastic-cloud', 'policies/observability'];
const COUNT = 10_000;

describe.each(SETS)('IR encoding of %s agrees with both engines', (dir) => {
  it(`on ${COUNT} generated requests`, async () => {
    const built = await buildPolicySetUnderTest([dir], defaultToolchain);
    if (!built.ok) throw new Error(JSON.stringify(built.errors));
    const set = built.value;
    const model = new RequestModel(set.ir);
    const enc = encodeIrDecision(set.ir, model);
    const requests = fc.sample(requestArbitrary(set.ir, collectConstants(set.ir)), { numRuns: COUNT, seed: 13 });
    let allows = 0;
    let grantedOnly = 0;
    const mismatches: unknown[] = [];
    const sample: { req: (typeof requests)[number]; smt: boolean }[] = [];
    for (const req of requests) {
      const issues = set.checkRequest(req);
      if (issues.length) continue;
      const cedar = safeEvaluate(set.cedar, req);
      const rego = safeEvaluate(set.rego, req);
      if (!cedar.ok || !rego.ok) throw new Error(`engine error on ${JSON.stringify(req)}`);
      const evaluator = new Evaluator(enc.defs, model.assignmentOf(req));
      const smt = evaluator.bool(enc.allow) ? 'allow' : 'deny';
      if (smt === 'allow') allows++;
      // A deliberately wrong encoding (denies forgotten) must be caught by this comparison.
      if ((evaluator.bool(enc.grants.size ? { op: 'ref', name: 'granted', sort: 'Bool' } : enc.allow) ? 'allow' : 'deny') !== cedar.decision.decision) grantedOnly++;
      if (sample.filter((x) => x.smt === (smt === 'allow')).length < 3) sample.push({ req, smt: smt === 'allow' });
      if (smt !== cedar.decision.decision || smt !== rego.decision.decision) mismatches.push({ req, smt, cedar: cedar.decision, rego: rego.decision });
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
    // Both outcomes are exercised (a formula stuck at one value would pass trivially).
    expect(allows).toBeGreaterThan(COUNT / 50);
    expect(COUNT - allows).toBeGreaterThan(COUNT / 50);
    if (set.ir.denies.length) expect(grantedOnly).toBeGreaterThan(0);
    // Z3's reading of the same terms agrees with the concrete one (every variable pinned).
    let checked = 0;
    for (const { req, smt } of sample) {
      const z3 = await decideConcrete({ defs: enc.defs, given: model.domain(), goal: enc.allow, variables: model.variables() }, model.assignmentOf(req));
      if (z3 === undefined) continue; // more distinct set elements than the finite universe holds
      checked++;
      expect({ req, z3 }).toEqual({ req, z3: smt });
    }
    expect(checked).toBeGreaterThan(0);
  }, 240_000);
});
