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
    expect(sweep(set(viaSweep.cedar, viaSweep.rego), arb, 7, 600).ok).toBe(true);
    const ran: Request[] = [];
    fc.check(fc.property(arb, (r) => (ran.push(r), true)), { seed: 7, numRuns: 600 });
    expect(viaSweep.cedar.seen).toEqual(ran);
    expect(viaSweep.rego.seen).toEqual(ran);
  });

  it('gives up (the search then runs) on a disagreement, an engine error or an invalid request', () => {
    const base: PolicySetUnderTest = { paths: ['/p/obs'], ir: sampleIR, cedar: scriptedEngine('cedar', logsReadRule), rego: scriptedEngine('rego', logsReadRule), checkRequest: sampleChecker };
    expect(sweep(base, arb, 1, 500).ok).toBe(true);
    const bug = sweep({ ...base, rego: scriptedEngine('rego', logsReadRuleWithBracketBug) }, arb, 1, 2000);
    expect(bug.ok).toBe(false);
    expect(!bug.ok && bug.disagreement?.request.resource.index).toContain('[');
    const boom = sweep({ ...base, rego: scriptedEngine('rego', () => failure('rego', 'boom')) }, arb, 1, 10);
    expect(!boom.ok && boom.disagreement?.rego).toEqual(failure('rego', 'boom'));
    expect(sweep({ ...base, checkRequest: () => [{ pointer: '/action', message: 'no' }] }, arb, 1, 10)).toEqual({ ok: false, evaluated: 0 });
  });

  it('validates every request before either engine sees it', () => {
    const cedar = recording('cedar');
    let checked = 0;
    const checkRequest = (r: unknown) => (checked++, (r as Request).action === 'read' && checked > 20 ? [{ pointer: '/action', message: 'no' }] : []);
    const set: PolicySetUnderTest = { paths: ['/p/obs'], ir: sampleIR, cedar: cedar.engine, rego: scriptedEngine('rego', logsReadRule), checkRequest };
    expect(sweep(set, arb, 3, 400)).toEqual({ ok: false, evaluated: cedar.seen.length });
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

  it('still reports a disagreement the search does not see again (an engine with history)', () => {
    // Disagrees on its 300th evaluation only: in the sweep, never when the search asks again.
    let n = 0;
    const flaky = scriptedEngine('rego', (r) => (++n === 300 ? failure('rego', 'state leaked') : logsReadRule(r)));
    const set: PolicySetUnderTest = { paths: ['/p/obs'], ir: sampleIR, cedar: scriptedEngine('cedar', logsReadRule), rego: flaky, checkRequest: sampleChecker };
    const r = fuzz(set, { count: 500, seed: 5 });
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatchObject({ shrinks: 0, differences: ['rego engine error: state leaked'], signature: 'error::rego' });
    expect(r.failures[0]!.request).toEqual(searchStream(arb, 5, 300)[299]);
    expect(r.failures[0]!.previous).toEqual(searchStream(arb, 5, 299)[298]);
  });
});
