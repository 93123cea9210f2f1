/**
 * Differential fuzzing: generated requests through both engines; every disagreement
 * (decision, reasons or denied_by differ, or an engine error) is shrunk by fast-check to
 * a minimal request. After a failure is found and shrunk, the search runs again from the
 * same seed treating the failures already found as known, so that several distinct
 * disagreements (by signature) can be reported from one run. The search's requests are
 * first swept in batches (sweep.ts: the same requests, each engine's calls back to back);
 * the search itself runs only when the sweep meets an invalid request or a disagreement.
 */
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import type { EngineAnswer } from '../../engines/decision.ts';
import type { Request } from '../../request/types.ts';
import { disagreements } from '../compare.ts';
import { safeEvaluate, type PolicySetUnderTest } from '../run.ts';
import { collectConstants } from './constants.ts';
import { coverageRules, exercised, type CoverageReport } from '../coverage.ts';
import { requestArbitrary } from './generate.ts';
import { sweep, type SweptDisagreement } from './sweep.ts';

export interface FuzzOptions {
  count: number;
  seed: number;
  /** Distinct disagreements to find and shrink before stopping (default 5). */
  maxFailures?: number;
  /** Called every `progressEvery` evaluations. */
  onProgress?: (evaluated: number) => void;
  progressEvery?: number;
  /** Stop searching once a failure satisfies this (tests looking for one planted bug). */
  stopWhen?: (failure: FuzzFailure) => boolean;
}

export interface FuzzFailure {
  request: Request;
  cedar: EngineAnswer;
  rego: EngineAnswer;
  differences: string[];
  signature: string;
  /** How many shrink steps fast-check took from the first failing request. */
  shrinks: number;
  /** The request the engines evaluated just before this one (an engine whose answers
   *  depend on earlier requests needs it to reproduce the failure). */
  previous?: Request;
  /** Cedar's decision on `previous` during the run (the fixture's expect for it). */
  previousDecision?: 'allow' | 'deny';
  /** Set by the caller after replaying on freshly loaded engines (see fuzz-run.ts). */
  replay?: 'reproduces' | 'needs-previous' | 'history-dependent';
}

export interface FuzzResult {
  seed: number;
  /** Property runs of the first search round (shrinking included). */
  generated: number;
  /** Requests evaluated on both engines, shrinking included. */
  evaluated: number;
  /** Generated requests the request schema rejected (a generator bug if > 0). */
  invalid: { request: Request; issues: string[] }[];
  failures: FuzzFailure[];
  elapsedMs: number;
  /** Rule coverage of the generated requests (same definition as `rolec test --coverage`). */
  coverage: CoverageReport;
}

/**
 * The request arbitrary of a policy set, built once per set: a run cuts its requests into
 * chunks (chunks.ts) and each chunk used to build it again (~4 ms on the example sets).
 * Arbitraries hold no state between draws, so sharing one draws exactly the same values.
 */
const arbitraries = new WeakMap<PolicySetUnderTest['ir'], fc.Arbitrary<Request>>();

export function arbitraryOf(ir: PolicySetUnderTest['ir']): fc.Arbitrary<Request> {
  let arb = arbitraries.get(ir);
  if (!arb) arbitraries.set(ir, (arb = requestArbitrary(ir, collectConstants(ir))));
  return arb;
}

export function fuzz(set: PolicySetUnderTest, opts: FuzzOptions): FuzzResult {
  const arb = arbitraryOf(set.ir);
  const every = opts.progressEvery ?? 500;
  const t0 = performance.now();
  // The common outcome (all valid, all agreeing) in batches; anything else: the search.
  let reported = 0;
  const swept = sweep(set, arb, opts.seed, opts.count, (n) => {
    for (; reported + every <= n; reported += every) opts.onProgress?.(reported + every);
  });
  if (swept.ok) return { seed: opts.seed, generated: opts.count, evaluated: opts.count, invalid: [], failures: [], elapsedMs: performance.now() - t0, coverage: coverageOf(set, swept.hit) };
  const searched = fuzzSearch(set, opts, arb, t0);
  searched.evaluated += swept.evaluated;
  // Seen in the sweep but not when the search asked again: the engines' answers depend on
  // what they evaluated before. Reported as seen (unshrunk); the caller's replay says so.
  const d = swept.disagreement;
  if (d && searched.failures.length === 0) searched.failures.push(unshrunk(d));
  return searched;
}

function unshrunk(d: SweptDisagreement): FuzzFailure {
  const differences = differencesOf(d.cedar, d.rego);
  const previous = d.previous;
  return {
    request: d.request,
    cedar: d.cedar,
    rego: d.rego,
    differences,
    signature: signatureOf(d.cedar, d.rego),
    shrinks: 0,
    ...(previous ? { previous: previous.request } : {}),
    ...(previous?.cedar.ok ? { previousDecision: previous.cedar.decision.decision } : {}),
  };
}

function differencesOf(cedar: EngineAnswer, rego: EngineAnswer): string[] {
  return [
    ...(cedar.ok ? [] : [`cedar engine error: ${cedar.error.message}`]),
    ...(rego.ok ? [] : [`rego engine error: ${rego.error.message}`]),
    ...disagreements(cedar, rego),
  ];
}

/** fast-check's search alone: every disagreement found, shrunk and reported (see the top). */
export function fuzzSearch(set: PolicySetUnderTest, opts: FuzzOptions, arb = arbitraryOf(set.ir), t0 = performance.now()): FuzzResult {
  const known = new Set<string>();
  const failures: FuzzFailure[] = [];
  const invalid: FuzzResult['invalid'] = [];
  const hit = new Set<string>();
  let evaluated = 0;
  let generated = 0;
  let round = 0;
  const every = opts.progressEvery ?? 500;
  const max = opts.maxFailures ?? 5;

  let lastEvaluated: { request: Request; decision?: 'allow' | 'deny' } | undefined;
  // The last failing evaluation and the request evaluated just before it: fast-check's
  // final counterexample is the last value that failed, so this is its evaluation (no
  // re-evaluation, which an engine with leaking state might answer differently).
  let lastFailing: { request: Request; previous: typeof lastEvaluated; r: ReturnType<typeof evaluate> } | undefined;
  const evaluate = (req: Request) => {
    const cedar = safeEvaluate(set.cedar, req);
    const rego = safeEvaluate(set.rego, req);
    evaluated++;
    for (const id of exercised(set.ir, { request: req, cedar, rego })) hit.add(id);
    if (opts.onProgress && evaluated % every === 0) opts.onProgress(evaluated);
    return { cedar, rego, differences: differencesOf(cedar, rego), signature: signatureOf(cedar, rego) };
  };
  const compare = (req: Request) => {
    const previous = lastEvaluated;
    const r = evaluate(req);
    lastEvaluated = { request: req, ...(r.cedar.ok ? { decision: r.cedar.decision.decision } : {}) };
    if (r.differences.length > 0 && !known.has(r.signature)) lastFailing = { request: req, previous, r };
    return r;
  };

  while (failures.length < max) {
    const firstRound = round++ === 0;
    const result = fc.check(
      fc.property(arb, (req) => {
        if (firstRound) generated++;
        const issues = set.checkRequest(req);
        if (issues.length > 0) {
          if (firstRound && invalid.length < 20) invalid.push({ request: req, issues: issues.map((i) => `${i.pointer || '/'}: ${i.message}`) });
          fc.pre(false);
        }
        const r = compare(req);
        return r.differences.length === 0 || known.has(r.signature);
      }),
      { seed: opts.seed, numRuns: opts.count, maxSkipsPerRun: 1000 },
    );
    if (!result.failed || result.counterexample === null || !lastFailing) break;
    const [request] = result.counterexample;
    const { r, previous } = lastFailing.request === request ? lastFailing : { r: compare(request), previous: undefined };
    lastFailing = undefined;
    known.add(r.signature);
    const failure: FuzzFailure = {
      request,
      cedar: r.cedar,
      rego: r.rego,
      differences: r.differences,
      signature: r.signature,
      shrinks: result.numShrinks,
      ...(previous && previous.request !== request ? { previous: previous.request } : {}),
      ...(previous?.decision && previous.request !== request ? { previousDecision: previous.decision } : {}),
    };
    failures.push(failure);
    if (opts.stopWhen?.(failure)) break;
  }
  return { seed: opts.seed, generated, evaluated, invalid, failures, elapsedMs: performance.now() - t0, coverage: coverageOf(set, hit) };
}

function coverageOf(set: PolicySetUnderTest, hit: ReadonlySet<string>): CoverageReport {
  const rules = coverageRules(set.ir);
  const unexercised = rules.filter((r) => !hit.has(r.id));
  const done = rules.length - unexercised.length;
  const percent = rules.length === 0 ? 100 : Math.floor((done / rules.length) * 1000) / 10;
  return { total: rules.length, exercised: done, percent, unexercised };
}

/** What kind of disagreement this is, independent of the request's incidental values. */
export function signatureOf(cedar: EngineAnswer, rego: EngineAnswer): string {
  if (!cedar.ok || !rego.ok) return `error:${cedar.ok ? '' : 'cedar'}:${rego.ok ? '' : 'rego'}`;
  const c = cedar.decision;
  const r = rego.decision;
  const sym = (a: string[], b: string[]) => [...a.filter((x) => !b.includes(x)).map((x) => `-${x}`), ...b.filter((x) => !a.includes(x)).map((x) => `+${x}`)].sort().join(',');
  return `decision:${c.decision}/${r.decision};reasons:${sym(c.reasons, r.reasons)};denied:${sym(c.deniedBy, r.deniedBy)}`;
}
