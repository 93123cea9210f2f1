/**
 * Differential harness throughput: requests/s through the harness loop body (request
 * validation, both adapters, cedar-wasm and opa-wasm, comparison of the answers) beside
 * the bare cedar-wasm call (`statefulIsAuthorized` on pre-adapted inputs) on the same
 * requests — as a ratio of throughputs. Requests: 400 generated per example policy set
 * (the fuzz generator, fixed seed), so they span every resource type and rule.
 */
import fc from 'fast-check';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { discoverPolicySets } from '../src/semantics/index.ts';
import { buildPolicySetUnderTest } from '../src/harness/policyset.ts';
import { defaultToolchain } from '../src/harness/toolchain.ts';
import { collectConstants } from '../src/harness/fuzz/constants.ts';
import { requestArbitrary } from '../src/harness/fuzz/generate.ts';
import { disagreements } from '../src/harness/compare.ts';
import { CedarEngine } from '../src/engines/cedar.ts';
import { interleavedMicros } from './stats.ts';

export default async function run(): Promise<void> {
  console.log('| policy set | requests | differential µs/req | req/s | cedar evaluate µs | rego evaluate µs | validate µs | bare cedar-wasm µs | bare req/s | differential / bare throughput |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const paths of await discoverPolicySets(['policies'])) {
    const built = await buildPolicySetUnderTest(paths, defaultToolchain);
    if (!built.ok) throw new Error(`${paths.join(', ')}: ${built.errors[0]!.message}`);
    const set = built.value;
    const requests = fc.sample(requestArbitrary(set.ir, collectConstants(set.ir)), { seed: 1, numRuns: 400 });
    const n = requests.length;
    const engine = set.cedar as CedarEngine;
    const calls = requests.map((r) => engine.adapter.toCedar(r));
    // All five are measured interleaved, round by round, so that the ratio compares like
    // with like on a noisy machine.
    const [differential, cedarOnly, regoOnly, validate, bare] = interleavedMicros(
      [
        (i) => {
          const r = requests[i % n]!;
          if (set.checkRequest(r).length) throw new Error('generated request is invalid');
          disagreements(set.cedar.evaluate(r), set.rego.evaluate(r));
        },
        (i) => void set.cedar.evaluate(requests[i % n]!),
        (i) => void set.rego.evaluate(requests[i % n]!),
        (i) => void set.checkRequest(requests[i % n]!),
        (i) =>
          void cedar.statefulIsAuthorized({
            ...calls[i % n]!,
            preparsedPolicySetId: engine.preparsedPolicySetId,
            preparsedSchemaName: engine.preparsedPolicySetId,
            validateRequest: false,
          }),
      ],
      n,
      15,
    ) as [number, number, number, number, number];
    const name = paths.join(', ');
    console.log(
      `| ${name} | ${n} | ${differential.toFixed(0)} | ${(1e6 / differential).toFixed(0)} | ${cedarOnly.toFixed(0)} | ${regoOnly.toFixed(0)} | ${validate.toFixed(1)} | ${bare.toFixed(0)} | ${(1e6 / bare).toFixed(0)} | ${(bare / differential).toFixed(2)} |`,
    );
  }
}
