/**
 * The soundness check shared by the target encodings' tests: an encoding of an emitted
 * target, evaluated on a concrete request (eval.ts), must give what the real engine
 * answers on it — allow, deny or an engine error — on `count` generated requests of an
 * example set; with `rules`, the ids the engine names (reasons, denied_by) must be the
 * ones the encoding says apply.
 */
import { expect } from 'vitest';
import fc from 'fast-check';
import { requestArbitrary } from '../../src/harness/fuzz/generate.ts';
import { collectConstants } from '../../src/harness/fuzz/constants.ts';
import { safeEvaluate } from '../../src/harness/run.ts';
import { RequestModel } from '../../src/verify/request-model.ts';
import { Evaluator } from '../../src/verify/eval.ts';
import { Defs } from '../../src/verify/term.ts';
import { prepareVerifiedSet } from '../../src/verify/artefacts.ts';
import type { TargetEncoding, TargetFiles } from '../../src/verify/target.ts';

export async function expectEngineAgreement(
  dir: string,
  target: 'cedar' | 'rego',
  encode: (files: TargetFiles, model: RequestModel, defs: Defs) => TargetEncoding,
  opts: { count: number; rules?: boolean },
): Promise<void> {
  const prepared = await prepareVerifiedSet([dir]);
  if (!prepared.ok) throw new Error(prepared.messages.join('\n'));
  const { set, targets } = prepared.value;
  const model = new RequestModel(set.ir);
  const defs = new Defs();
  const enc = encode(targets.get(target)!, model, defs);
  expect(enc.unencoded).toEqual([]);
  const requests = fc.sample(requestArbitrary(set.ir, collectConstants(set.ir)), { numRuns: opts.count, seed: 1313 });
  const seen = { allow: 0, deny: 0, error: 0 };
  const mismatches: unknown[] = [];
  for (const req of requests) {
    if (set.checkRequest(req).length) continue;
    const engine = safeEvaluate(set[target], req);
    const ev = new Evaluator(defs, model.assignmentOf(req));
    const smt = ev.bool(enc.error) ? 'error' : ev.bool(enc.allow) ? 'allow' : 'deny';
    const real = engine.ok ? engine.decision.decision : 'error';
    seen[smt]++;
    if (smt !== real) mismatches.push({ req, smt, real: engine.ok ? engine.decision : engine.error });
    else if (opts.rules && engine.ok) {
      const named = [...new Set([...engine.decision.reasons, ...engine.decision.deniedBy])].sort();
      const applies = [...enc.rules].filter(([, t]) => ev.bool(t)).map(([id]) => id).sort();
      if (JSON.stringify(named) !== JSON.stringify(applies)) mismatches.push({ req, named, applies });
    }
  }
  expect(mismatches.slice(0, 3)).toEqual([]);
  expect(seen.allow).toBeGreaterThan(opts.count / 50);
  expect(seen.deny).toBeGreaterThan(opts.count / 50);
}
