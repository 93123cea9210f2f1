import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { searchStream, sweep } from '../../../src/harness/fuzz/sweep.ts';
import { fuzz, fuzzSearch } from '../../../src/harness/fuzz/run.ts';
import { requestArbitrary } from '../../../src/harness/fuzz/generate.ts';
import { collectConstants } from '../../../src/harness/fuzz/constants.ts';
import type { PolicySetUnderTest } from '../../../src/harness/run.ts';
import type { Request } from '../../../src/request/types.ts';
import { sampleIR } from '../sample-ir.ts';
import { failure, logsReadRule, logsReadRuleWithBracketBug, sampleChecker, scriptedEngine } from '../doubles.ts';

const arb = requestArbitrary(sampleIR, collectConstants(sampleIR));

/** A scripted engine that records the requests it is asked, in order. */
function recording(name: 'cedar' | 'rego', rule = logsReadRule) {
  const seen: Request[] = [];
  return { seen, engine: scriptedEngine(name, (r) => (seen.push(r), rule(r))) };
}

describe('fuzz sweep (batched fast path)', () => {
  it("tosses exactly the requests fast-check's search runs, in order", () => {
    const ran: Request[] = [];
    fc.check(fc.property(arb, (r) => (ran.push(r), true)), { seed: 42, numRuns: 300 });
    expect(searchStream(arb, 42, 300)).toEqual(ran);
  });

  it('shows each engine the same requests in the same order as the search does', () => {
    const viaSweep = { cedar: recording('cedar'), rego: recording('rego') };
    const set = (c: ReturnType<typeof recording>, r: ReturnType<typeof recording>): PolicySetUnderTest => ({
      paths: ['/p/obs'], ir: sampleIR, cedar: c.engine, rego: r.engine, checkRequest: sampleChecker,
    });
    expect(sweep(set(viaSweep.cedar, viaSweep.rego), arb, 7, 600)).toBeDefined();
    const ran: Request[] = [];
    fc.check(fc.property(arb, (r) => (ran.push(r), true)), { seed: 7, numRuns: 600 });
    expect(viaSweep.cedar.seen).toEqual(ran);
    expect(viaSweep.rego.seen).toEqual(ran);
  });

  it('gives up (the search then runs) on a disagreement, an engine error or an invalid request', () => {
    const base: PolicySetUnderTest = { paths: ['/p/obs'], ir: sampleIR, cedar: scriptedEngine('cedar', logsReadRule), rego: scriptedEngine('rego', logsReadRule), checkRequest: sampleChecker };
    expect(sweep(base, arb, 1, 500)).toBeDefined();
    expect(sweep({ ...base, rego: scriptedEngine('rego', logsReadRuleWithBracketBug) }, arb, 1, 2000)).toBeUndefined();
    expect(sweep({ ...base, rego: scriptedEngine('rego', () => failure('rego', 'boom')) }, arb, 1, 10)).toBeUndefined();
    expect(sweep({ ...base, checkRequest: () => [{ pointer: '/action', message: 'no' }] }, arb, 1, 10)).toBeUndefined();
  });

  it('validates every request before either engine sees it', () => {
    const cedar = recording('cedar');
    let checked = 0;
    const checkRequest = (r: unknown) => (checked++, (r as Request).action === 'read' && checked > 20 ? [{ pointer: '/action', message: 'no' }] : []);
    const set: PolicySetUnderTest = { paths: ['/p/obs'], ir: sampleIR, cedar: cedar.engine, rego: scriptedEngine('rego', logsReadRule), checkRequest };
    expect(sweep(set, arb, 3, 400)).toBeUndefined();
    // The batch holding the rejected request never reached an engine.
    expect(cedar.seen.length).toBeLessThan(checked);
    expect(cedar.seen.length % 250).toBe(0);
  });

  it('reports what the search alone reports when the engines agree (coverage included)', () => {
    const set: PolicySetUnderTest = { paths: ['/p/obs'], ir: sampleIR, cedar: scriptedEngine('cedar', logsReadRule), rego: scriptedEngine('rego', logsReadRule), checkRequest: sampleChecker };
    const progress: number[] = [];
    const { elapsedMs: _a, ...fast } = fuzz(set, { count: 700, seed: 11, progressEvery: 100, onProgress: (n) => progress.push(n) });
    const { elapsedMs: _b, ...searched } = fuzzSearch(set, { count: 700, seed: 11 });
    expect(fast).toEqual(searched);
    expect(fast.coverage.exercised).toBeGreaterThan(0);
    expect(progress).toEqual([100, 200, 300, 400, 500, 600, 700]);
  });
});
