/**
 * CedarEngine.evaluateAll runs a batch's cedar-wasm calls phase by phase (every activation
 * call, then every decision call). It must answer each request exactly as evaluating it
 * alone does — on every example set and on a set big enough to be sliced by principal,
 * across a phase boundary (PHASE_CALLS) — and a request that fails must fail alone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCedar } from '../../src/backends/cedar/compile.ts';
import { ACTIVATE_ACTION } from '../../src/backends/cedar/names.ts';
import type { CedarApi } from '../../src/backends/cedar/wasm-api.ts';
import { nodeCedar } from '../../src/backends/cedar/wasm-node.ts';
import { CedarEngine, PHASE_CALLS } from '../../src/engines/cedar.ts';
import { checkSources, discoverPolicySets, loadPolicySet } from '../../src/semantics/index.ts';
import type { PolicySetIR } from '../../src/semantics/ir.ts';
import type { Request } from '../../src/request/types.ts';
import { collectConstants } from '../../src/harness/fuzz/constants.ts';
import { requestArbitrary } from '../../src/harness/fuzz/generate.ts';
import { requestSchema } from '../../src/request/schema.ts';
import { requestValidator } from '../../src/request/validate.ts';
import { generate } from '../../bench/frontend.bench.ts';

function validRequests(ir: PolicySetIR, runs: number, seed: number): Request[] {
  const valid = requestValidator(requestSchema(ir));
  return fc.sample(requestArbitrary(ir, collectConstants(ir)), { seed, numRuns: runs }).filter((r) => valid(r).length === 0);
}

type StatefulCall = Parameters<CedarApi['statefulIsAuthorized']>[0];

/** The id of a call's action or principal (rolec's calls give them as `{ type, id }`). */
const idOf = (uid: StatefulCall['action']): string => (uid as { id: string }).id;

/** nodeCedar with `statefulIsAuthorized` wrapped (a fresh object: its own pre-parsed sets). */
function wrappedCedar(wrap: (call: StatefulCall, real: CedarApi['statefulIsAuthorized']) => ReturnType<CedarApi['statefulIsAuthorized']>): CedarApi {
  const real = nodeCedar.statefulIsAuthorized.bind(nodeCedar);
  return { ...nodeCedar, statefulIsAuthorized: (call: StatefulCall) => wrap(call, real) } as CedarApi;
}

describe('CedarEngine.evaluateAll', () => {
  it('answers every example set exactly as one request at a time, across phase boundaries', async () => {
    const sets = await discoverPolicySets(['policies']);
    expect(sets.length).toBeGreaterThanOrEqual(3);
    let activations = 0;
    for (const paths of sets) {
      const { ir } = await loadPolicySet(paths);
      const bundle = compileCedar(ir!);
      const requests = validRequests(ir!, PHASE_CALLS + 60, 3);
      expect(requests.length).toBeGreaterThan(PHASE_CALLS);
      const counted = wrappedCedar((call, real) => ((activations += idOf(call.action) === ACTIVATE_ACTION ? 1 : 0), real(call)));
      const engine = CedarEngine.fromBundle(bundle, counted);
      const alone = requests.map((r) => engine.evaluate(r));
      expect(engine.evaluateAll(requests)).toEqual(alone);
      expect(alone.some((a) => a.ok && a.decision.decision === 'allow')).toBe(true);
      // Unsliced too: every call on the whole set.
      const whole = CedarEngine.fromBundle(bundle, nodeCedar, { slicing: false });
      expect(whole.evaluateAll(requests.slice(0, 80))).toEqual(alone.slice(0, 80));
    }
    // The batches must have exercised the activation phase, or this proves little of it.
    expect(activations).toBeGreaterThan(0);
  }, 240_000);

  it('answers a set sliced by principal exactly as one request at a time', () => {
    const { ir } = checkSources(generate(80));
    const engine = CedarEngine.fromBundle(compileCedar(ir!), nodeCedar);
    const requests = validRequests(ir!, 300, 5);
    expect(engine.evaluateAll(requests)).toEqual(requests.map((r) => engine.evaluate(r)));
  }, 240_000);

  it('runs every activation call of a batch before its decision calls', async () => {
    const { ir } = await loadPolicySet(['policies/abac-programs']);
    const order: string[] = [];
    const engine = CedarEngine.fromBundle(compileCedar(ir!), wrappedCedar((call, real) => (order.push(idOf(call.action) === ACTIVATE_ACTION ? 'a' : 'd'), real(call))));
    const requests = validRequests(ir!, 40, 9);
    engine.evaluateAll(requests);
    const calls = order.join('');
    expect(calls).toMatch(/^a+d+$/);
    expect(calls.match(/d/g)!.length).toBe(requests.length);
  });

  it('gives a request that fails its own engine error and answers the others', async () => {
    const { ir } = await loadPolicySet(['policies/abac-programs']);
    const bundle = compileCedar(ir!);
    const requests = validRequests(ir!, 40, 9).slice(0, 12);
    const plain = CedarEngine.fromBundle(bundle, nodeCedar);
    const expected = requests.map((r) => plain.evaluate(r));
    // Request 3's activation call answers `failure`; request 7's decision call throws.
    const mark = (i: number): Request => ({ ...requests[i]!, principal: { ...requests[i]!.principal, id: `p${i}` } });
    const batch = requests.map((r, i) => (i === 3 || i === 7 ? mark(i) : r));
    const faulty = CedarEngine.fromBundle(
      bundle,
      wrappedCedar((call, real) => {
        if (idOf(call.action) === ACTIVATE_ACTION && idOf(call.principal) === 'p3') return { type: 'failure', errors: [{ message: 'planted activation failure' }], warnings: [] } as never;
        if (idOf(call.action) !== ACTIVATE_ACTION && idOf(call.principal) === 'p7') throw new Error('planted trap');
        return real(call);
      }),
    );
    const answers = faulty.evaluateAll(batch);
    expect(answers[3]).toEqual({ ok: false, error: { engine: 'cedar', message: 'activation: planted activation failure' } });
    expect(answers[7]).toEqual({ ok: false, error: { engine: 'cedar', message: 'planted trap' } });
    answers.forEach((a, i) => {
      if (i !== 3 && i !== 7) expect(a).toEqual(expected[i]);
    });
    // The same errors as evaluating each alone.
    expect(faulty.evaluate(batch[3]!)).toEqual(answers[3]);
    expect(faulty.evaluate(batch[7]!)).toEqual(answers[7]);
  });
});
