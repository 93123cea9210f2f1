/**
 * Rego backend benchmark (`npm run bench rego`):
 *  1. per-request median µs of the RegoEngine (opa-wasm running rolec's policy.wasm)
 *     and the CedarEngine (cedar-wasm) on the same requests, in the same run, for each
 *     example policy set in policies/, with the ratio (target: Rego ≤ 1/10 of Cedar);
 *  2. build time of a synthetic 1,000-role policy set to both bundles (target < 2 s).
 * Requests are drawn from the harness's request generator with a fixed seed.
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { buildRegoBundle, type RegoWasmCompiler } from '../src/backends/rego/bundle.ts';
import { compileCedar, validateCedar } from '../src/backends/cedar/compile.ts';
import { collectConstants } from '../src/harness/fuzz/constants.ts';
import { requestArbitrary } from '../src/harness/fuzz/generate.ts';
import type { Request } from '../src/request/types.ts';
import { CedarEngine } from '../src/engines/cedar.ts';
import { nodeCedar } from '../src/backends/cedar/wasm-node.ts';
import { RegoEngine } from '../src/engines/rego.ts';
import { checkSources, loadPolicySet } from '../src/semantics/index.ts';
import type { PolicySetIR } from '../src/semantics/ir.ts';
import { median, perCallMicros } from './stats.ts';

const SETS = ['observability', 'abac-programs', 'elastic-cloud'];
const REQUESTS = 300;

async function compiler(): Promise<RegoWasmCompiler | undefined> {
  const url = new URL('../src/regowasm/index.ts', import.meta.url);
  if (!existsSync(url)) return undefined;
  return ((await import(url.href)) as { compileRegoToWasm?: RegoWasmCompiler }).compileRegoToWasm;
}

async function regoEngine(ir: PolicySetIR, compile: RegoWasmCompiler): Promise<RegoEngine> {
  const built = await buildRegoBundle(ir, compile);
  if (!built.ok) throw new Error(`Rego bundle: ${built.diagnostics.map((d) => d.message).join('; ')}`);
  const data = JSON.parse(new TextDecoder().decode(built.bundle.files.get('data.json'))) as unknown;
  return new RegoEngine(built.bundle.files.get('policy.wasm')!, data);
}

/** A policy set with `n` roles (index, cluster, FLS/DLS, includes), users and groups. */
export function syntheticSources(n: number): { path: string; text: string }[] {
  const lines = [
    'schema {',
    '  user { department: String  clearance: Long }',
    '  document { department: String  classification: Long }',
    '  context { mfa: Bool }',
    '}',
  ];
  for (let i = 0; i < n; i++) {
    const inc = i > 0 && i % 10 === 0 ? ` includes r${i - 1}` : '';
    lines.push(
      `role r${i}${inc} {`,
      `  cluster monitor`,
      `  index "team${i}-*", "shared-${i % 7}-*" {`,
      `    privileges read, view_index_metadata`,
      `    fields grant "*" except "secret.*"`,
      `    documents where document.department == user.department && document.classification <= user.clearance`,
      `  }`,
      `}`,
      `user "u${i}" roles r${i}`,
      `group "g${i % 50}" roles r${i}`,
    );
  }
  lines.push('deny no_writes_without_mfa {', '  index "shared-*" privileges write', '  unless context.mfa', '}');
  return [{ path: 'synthetic.role', text: lines.join('\n') + '\n' }];
}

export default async function run(): Promise<void> {
  const compile = await compiler();
  if (!compile) {
    console.log('Rego→Wasm compiler (src/regowasm/index.ts) not present: Rego figures skipped.');
  }
  console.log('| policy set | requests | Cedar µs/req | Rego µs/req | Rego/Cedar |');
  console.log('|---|---|---|---|---|');
  for (const set of SETS) {
    const loaded = await loadPolicySet([`policies/${set}`]);
    if (!loaded.ir) {
      console.log(`| ${set} | — | policy set does not compile | | |`);
      continue;
    }
    const ir = loaded.ir;
    const requests: Request[] = fc.sample(requestArbitrary(ir, collectConstants(ir)), { seed: 42, numRuns: REQUESTS });
    const cedar = CedarEngine.fromBundle(compileCedar(ir), nodeCedar);
    const cedarUs = perCallMicros((i) => void cedar.evaluate(requests[i % requests.length]!), REQUESTS, 9);
    let regoCell = 'n/a';
    let ratio = 'n/a';
    if (compile) {
      const rego = await regoEngine(ir, compile);
      const regoUs = perCallMicros((i) => void rego.evaluate(requests[i % requests.length]!), REQUESTS, 9);
      regoCell = regoUs.toFixed(1);
      ratio = `${(regoUs / cedarUs).toFixed(3)} (1/${(cedarUs / regoUs).toFixed(1)})`;
    }
    console.log(`| ${set} | ${requests.length} | ${cedarUs.toFixed(1)} | ${regoCell} | ${ratio} |`);
  }

  const sources = syntheticSources(1000);
  const times = { front: [] as number[], cedar: [] as number[], rego: [] as number[] };
  for (let round = 0; round < 3; round++) {
    let t = performance.now();
    const { ir, diagnostics } = checkSources(sources);
    if (!ir) throw new Error(`synthetic set does not compile: ${diagnostics[0]?.message}`);
    times.front.push(performance.now() - t);
    t = performance.now();
    const cb = compileCedar(ir);
    const problems = validateCedar(cb, nodeCedar);
    if (problems.length) throw new Error(`synthetic Cedar invalid: ${problems[0]!.message}`);
    times.cedar.push(performance.now() - t);
    if (compile) {
      t = performance.now();
      const rb = await buildRegoBundle(ir, compile);
      if (!rb.ok) throw new Error(`synthetic Rego: ${rb.diagnostics[0]!.message}`);
      times.rego.push(performance.now() - t);
    }
  }
  // Per request on the 1,000-role set too (same generated requests on both engines).
  {
    const { ir } = checkSources(sources);
    const requests: Request[] = fc.sample(requestArbitrary(ir!, collectConstants(ir!)), { seed: 42, numRuns: 100 });
    const cedar = CedarEngine.fromBundle(compileCedar(ir!), nodeCedar);
    const cedarUs = perCallMicros((i) => void cedar.evaluate(requests[i % requests.length]!), 100, 5);
    let line = `\n1,000 roles, per request: Cedar ${cedarUs.toFixed(1)} µs`;
    if (compile) {
      const rego = await regoEngine(ir!, compile);
      const regoUs = perCallMicros((i) => void rego.evaluate(requests[i % requests.length]!), 100, 5);
      line += `, Rego ${regoUs.toFixed(1)} µs (Rego/Cedar ${(regoUs / cedarUs).toFixed(3)})`;
    }
    console.log(line);
  }
  const f = (xs: number[]) => (xs.length ? `${median(xs).toFixed(0)} ms` : 'n/a');
  const sum = (a: number[], b: number[]) => (a.length && b.length ? `${(median(a) + median(b)).toFixed(0)} ms` : 'n/a');
  console.log(`\n1,000 roles → bundles (median of 3): front end ${f(times.front)}, Cedar bundle (incl. strict validation) ${f(times.cedar)}, Rego bundle (incl. policy.wasm) ${f(times.rego)}`);
  console.log(`  .role → Rego bundle ${sum(times.front, times.rego)}; .role → Cedar bundle ${sum(times.front, times.cedar)}; target < 2000 ms each`);
}
