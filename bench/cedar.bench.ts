/**
 * Cedar backend figures:
 *  1. build time IR → Cedar bundle (compile + strict validation + rendered files) for
 *     generated policy sets of 100 / 1,000 / 10,000 roles (generator: frontend.bench.ts);
 *  2. evaluation, median µs per request over every fixture case: CedarEngine.evaluate
 *     (adapter + pre-parsed policy set) beside the bare cedar-wasm call on the same
 *     prepared inputs, so the adapter/mapping overhead is a ratio; and the unprepared
 *     `isAuthorized` (policies + schema parsed on every call) that pre-parsing replaces.
 */
import { readdirSync } from 'node:fs';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { bundleFiles, compileCedar, validateCedar } from '../src/backends/cedar/compile.ts';
import { CedarEngine } from '../src/engines/cedar.ts';
import { nodeCedar } from '../src/backends/cedar/wasm-node.ts';
import { checkSources, loadPolicySet } from '../src/semantics/index.ts';
import { loadFixtureFile } from '../src/harness/fixtures.ts';
import type { Request } from '../src/request/types.ts';
import { generate } from './frontend.bench.ts';
import { median, medianMs, perCallMicros } from './stats.ts';

async function buildTimes(): Promise<void> {
  console.log('| roles | Cedar policies | compile+validate+render (median ms) | ms/role |');
  console.log('|---:|---:|---:|---:|');
  for (const n of [100, 1000, 10000]) {
    const { ir } = checkSources(generate(n));
    if (!ir) throw new Error(`generated set of ${n} roles does not check`);
    let policies = 0;
    const ms = medianMs(
      () => {
        const b = compileCedar(ir);
        const problems = validateCedar(b, nodeCedar);
        if (problems.length) throw new Error(problems[0]!.message);
        bundleFiles(b);
        policies = b.policies.length;
      },
      n >= 10000 ? 3 : 5,
      1,
    );
    console.log(`| ${n} | ${policies} | ${ms.toFixed(0)} | ${(ms / n).toFixed(2)} |`);
  }
}

async function evalTimes(): Promise<void> {
  const dir = new URL('../fixtures/', import.meta.url);
  console.log('\n| fixture | cases | evaluate µs | bare statefulIsAuthorized µs | ratio | unprepared isAuthorized µs |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const f of readdirSync(dir).filter((x) => /\.ya?ml$/.test(x)).sort()) {
    const loaded = loadFixtureFile(new URL(f, dir).pathname);
    if (!loaded.ok) throw new Error(loaded.errors[0]!.message);
    const set = await loadPolicySet(loaded.value.policies);
    if (!set.ir) throw new Error(`${f}: policies do not check`);
    const bundle = compileCedar(set.ir);
    const engine = CedarEngine.fromBundle(bundle, nodeCedar);
    const requests: Request[] = loaded.value.cases.map((c) => c.request);
    const calls = requests.map((r) => engine.adapter.toCedar(r));
    const n = requests.length;
    const evaluate = (i: number) => void engine.evaluate(requests[i % n]!);
    const bareCall = (i: number) =>
      void cedar.statefulIsAuthorized({
        ...calls[i % n]!,
        preparsedPolicySetId: engine.preparsedPolicySetId,
        preparsedSchemaName: engine.preparsedPolicySetId,
        validateRequest: false,
      });
    // Interleave the two (three rounds each, median of the rounds) so that JIT warm-up
    // and machine load hit both alike.
    const fullRounds: number[] = [];
    const bareRounds: number[] = [];
    for (let round = 0; round < 3; round++) {
      fullRounds.push(perCallMicros(evaluate, 100, 7));
      bareRounds.push(perCallMicros(bareCall, 100, 7));
    }
    const full = median(fullRounds);
    const bare = median(bareRounds);
    const policies = Object.fromEntries(bundle.policies.map((p) => [p.cedarId, p.text]));
    const unprepared = perCallMicros(
      (i) => void cedar.isAuthorized({ ...calls[i % n]!, policies: { staticPolicies: policies }, schema: bundle.schema.text, validateRequest: false }),
      20,
      5,
    );
    console.log(`| ${f} | ${n} | ${full.toFixed(1)} | ${bare.toFixed(1)} | ${(full / bare).toFixed(2)} | ${unprepared.toFixed(0)} |`);
  }
}

export default async function run(): Promise<void> {
  await buildTimes();
  await evalTimes();
}
