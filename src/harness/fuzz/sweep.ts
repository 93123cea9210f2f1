/**
 * The fast path of a fuzz chunk: the requests fast-check's search would try, evaluated in
 * batches — the whole batch on Cedar (which runs its calls phase by phase, every
 * activation call then every decision call: CedarEngine.evaluateAll), then on Rego —
 * instead of Cedar, Rego, Cedar, Rego… one request at a time.
 *
 * Why: the two engines are large WebAssembly modules. Measured on the example sets
 * (docs/scale.md, "Throughput"), the very same Cedar and Rego calls cost ~1.4× (Cedar)
 * and ~2× (Rego) as much when they alternate as when each engine's calls run back to back,
 * which is how the bare-engine figure is taken and most of what separated the harness
 * from it: alternating, each engine starts every call with the other's code and data
 * in the processor's caches.
 *
 * Nothing is decided differently. The requests are fast-check's own stream for the seed
 * (`fc.sample` of the arbitrary tosses exactly the values `fc.check` runs its property on,
 * in order — the property generates them through a one-element tuple; sweep.test.ts holds
 * it. Not `fc.sample` of the property: fast-check 4 wraps it once more, biasing differently),
 * every one is validated before either engine sees it, and each engine sees the same
 * requests in the same order as in the search (Cedar's calls for them in phases: each
 * request's calls are the ones it makes alone) — so an engine whose answers depend on
 * its history behaves much as it would there. The sweep only covers the common outcome: every
 * request valid and both engines agreeing. On anything else it gives up and the caller
 * runs the search itself (run.ts) from the same seed, which finds, shrinks and reports
 * exactly what it always did. The sweep's first disagreement is handed back too: an
 * engine whose answers depend on its history may agree when the search asks again, and
 * a disagreement seen once must still be reported (run.ts does, unshrunk).
 */
import fc from 'fast-check';
import type { EngineAnswer } from '../../engines/decision.ts';
import type { Request } from '../../request/types.ts';
import { disagreements } from '../compare.ts';
import { exercised } from '../coverage.ts';
import { safeEvaluateAll, type PolicySetUnderTest } from '../run.ts';

/** Requests per batch: long runs of each engine's calls, answers kept small. */
export const SWEEP_BATCH = 250;

/** The requests `fc.check(fc.property(arb, …), { seed, numRuns: count })` runs first (when none is skipped). */
export function searchStream(arb: fc.Arbitrary<Request>, seed: number, count: number): Request[] {
  return fc.sample(arb, { seed, numRuns: count });
}

export type SweepOutcome =
  /** Every request valid and agreed on; `hit`: the rule ids exercised (coverage.ts). */
  | { ok: true; hit: Set<string> }
  /** The search must run; `disagreement`: the first one seen, if that is why;
   *  `evaluated`: the requests both engines answered before the sweep stopped. */
  | { ok: false; evaluated: number; disagreement?: SweptDisagreement };

export interface SweptDisagreement {
  request: Request;
  cedar: EngineAnswer;
  rego: EngineAnswer;
  /** The request both engines evaluated just before it, with Cedar's decision on it. */
  previous?: { request: Request; cedar: EngineAnswer };
}

/**
 * Evaluates `count` requests of the seed's stream on both engines, in batches. Stops at
 * the first batch holding an invalid request (before either engine sees it), an engine
 * error or a disagreement; `onEvaluated` is told the running total after each batch.
 */
export function sweep(set: PolicySetUnderTest, arb: fc.Arbitrary<Request>, seed: number, count: number, onEvaluated?: (n: number) => void): SweepOutcome {
  const requests = searchStream(arb, seed, count);
  const hit = new Set<string>();
  let previous: SweptDisagreement['previous'];
  for (let from = 0; from < requests.length; from += SWEEP_BATCH) {
    const batch = requests.slice(from, from + SWEEP_BATCH);
    // Validated before either engine sees it (runtime rule: no decision on unvalidated data).
    for (const request of batch) if (set.checkRequest(request).length > 0) return { ok: false, evaluated: from };
    const cedar = safeEvaluateAll(set.cedar, batch);
    const rego = safeEvaluateAll(set.rego, batch);
    for (let i = 0; i < batch.length; i++) {
      const request = batch[i]!;
      const c = cedar[i]!;
      const r = rego[i]!;
      if (!agree(c, r)) return { ok: false, evaluated: from + batch.length, disagreement: { request, cedar: c, rego: r, ...(previous ? { previous } : {}) } };
      for (const id of exercised(set.ir, { request, cedar: c, rego: r })) hit.add(id);
      previous = { request, cedar: c };
    }
    onEvaluated?.(from + batch.length);
  }
  return { ok: true, hit };
}

function agree(cedar: EngineAnswer, rego: EngineAnswer): boolean {
  return cedar.ok && rego.ok && disagreements(cedar, rego).length === 0;
}
