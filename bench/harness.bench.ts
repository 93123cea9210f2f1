/**
 * Differential harness cost per request: the harness loop body one request at a time
 * (request validation, both adapters, cedar-wasm and opa-wasm, comparison of the answers)
 * beside what the engines alone spend on the same requests — as ratios of throughputs.
 * Requests: 400 generated per example policy set (the fuzz generator, fixed seed), so
 * they span every resource type and rule.
 *
 * "Bare" is every engine call a request needs, on pre-built inputs: cedar-wasm's
 * `statefulIsAuthorized` for each of its calls — the activation call (when its slice is
 * not empty) and the decision call, since role activation takes two calls
 * (backends/cedar/activation.ts) — and opa-wasm's `evaluate` on the pre-adapted input.
 * The decision call alone is shown too: it was the whole of a request's Cedar work before
 * activation calls existed, and is what issue 12's first figure (0.73–0.79) divided by.
 * `rolec fuzz` itself evaluates in batches (fuzz/sweep.ts); its throughput against the
 * bare engines is in scale.bench.ts.
 */
import fc from 'fast-check';
import { discoverPolicySets } from '../src/semantics/index.ts';
import { buildPolicySetUnderTest } from '../src/harness/policyset.ts';
import { defaultToolchain } from '../src/harness/toolchain.ts';
import { collectConstants } from '../src/harness/fuzz/constants.ts';
import { requestArbitrary } from '../src/harness/fuzz/generate.ts';
import { disagreements } from '../src/harness/compare.ts';
import { nodeCedar } from '../src/backends/cedar/wasm-node.ts';
import { toRegoInput } from '../src/backends/rego/adapter.ts';
import { CedarEngine } from '../src/engines/cedar.ts';
import { interleavedMicros } from './stats.ts';
import { bareCedarCalls, bareOpa } from './bare-calls.ts';

export default async function run(): Promise<void> {
  console.log('| policy set | requests | differential µs/req | cedar evaluate µs | rego evaluate µs | validate µs | bare cedar-wasm µs (calls/req) | bare opa-wasm µs | differential / bare engines | bare decision call µs | differential / bare decision call |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const paths of await discoverPolicySets(['policies'])) {
    const built = await buildPolicySetUnderTest(paths, defaultToolchain);
    if (!built.ok) throw new Error(`${paths.join(', ')}: ${built.errors[0]!.message}`);
    const set = built.value;
    const requests = fc.sample(requestArbitrary(set.ir, collectConstants(set.ir)), { seed: 1, numRuns: 400 });
    const n = requests.length;
    const engine = set.cedar as CedarEngine;
    const calls = requests.map((r) => bareCedarCalls(engine, r));
    const perRequest = calls.reduce((s, cs) => s + cs.length, 0) / n;
    const inputs = requests.map(toRegoInput);
    const opa = bareOpa(set.rego);
    // All measured interleaved, round by round, so that the ratios compare like with like
    // on a noisy machine.
    const [differential, cedarOnly, regoOnly, validate, bareCedar, bareRego, bareDecision] = interleavedMicros(
      [
        (i) => {
          const r = requests[i % n]!;
          if (set.checkRequest(r).length) throw new Error('generated request is invalid');
          disagreements(set.cedar.evaluate(r), set.rego.evaluate(r));
        },
        (i) => void set.cedar.evaluate(requests[i % n]!),
        (i) => void set.rego.evaluate(requests[i % n]!),
        (i) => void set.checkRequest(requests[i % n]!),
        (i) => calls[i % n]!.forEach((c) => nodeCedar.statefulIsAuthorized(c)),
        (i) => void opa.evaluate(inputs[i % n]!, 'rolec/authz/decision'),
        (i) => void nodeCedar.statefulIsAuthorized(calls[i % n]!.at(-1)!),
      ],
      n,
      15,
    ) as [number, number, number, number, number, number, number];
    const f = (x: number) => x.toFixed(0);
    console.log(
      `| ${paths.join(', ')} | ${n} | ${f(differential)} | ${f(cedarOnly)} | ${f(regoOnly)} | ${validate.toFixed(1)} | ${f(bareCedar)} (${perRequest.toFixed(2)}) | ${f(bareRego)} | ${((bareCedar + bareRego) / differential).toFixed(2)} | ${f(bareDecision)} | ${(bareDecision / differential).toFixed(2)} |`,
    );
  }
}
