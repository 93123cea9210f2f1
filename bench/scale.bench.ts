/**
 * Scale benchmarks (issue 12), side by side in one run (`npm run bench scale`):
 *  1. build time, peak RSS and output bytes — front end, Cedar bundle (with strict
 *     validation), Rego bundle (with policy.wasm) — for 1k / 10k / 100k roles of the
 *     generator (frontend.bench.ts), the includes chain (1k / 10k / 100k) and the guarded
 *     lattice (n = 8 / 14 / 20) (generators.ts); each build in its own process
 *     (scale-build.ts) so that the peak RSS is its own;
 *  2. per-request µs on both engines at 10 / 100 / 1,000 / 10,000 generated roles, with
 *     the ratio to the 10-role figure (same generated requests per size on both engines);
 *  3. differential throughput on the example policy sets: `rolec fuzz`'s chunks in this
 *     thread (1 job) and on N worker threads, against the sum of the bare engine calls
 *     (cedar-wasm's calls + opa-wasm's evaluate on pre-adapted inputs) on the same
 *     requests; medians of THROUGHPUT_ROUNDS rounds, with the load average.
 *  4. where a 1-job run's time goes (breakdown): each step of a chunk timed apart, beside
 *     the bare engine calls on the same requests.
 * SCALE_MAX (env) caps the sizes, e.g. SCALE_MAX=10000 skips the 100k-role builds;
 * SCALE_ONLY=builds,requests,throughput,breakdown picks parts.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { compileCedar } from '../src/backends/cedar/compile.ts';
import { toRegoInput } from '../src/backends/rego/adapter.ts';
import { discoverPolicySets, checkSources } from '../src/semantics/index.ts';
import { collectConstants } from '../src/harness/fuzz/constants.ts';
import { requestArbitrary } from '../src/harness/fuzz/generate.ts';
import { searchStream, SWEEP_BATCH } from '../src/harness/fuzz/sweep.ts';
import { safeEvaluateAll } from '../src/harness/run.ts';
import { disagreements } from '../src/harness/compare.ts';
import { exercised } from '../src/harness/coverage.ts';
import { fuzzChunks, mergeChunks } from '../src/harness/fuzz/chunks.ts';
import { arbitraryOf, fuzz, type FuzzResult } from '../src/harness/fuzz/run.ts';
import { harnessPool, defaultJobs, WORKER_YOUNG_GENERATION_MB } from '../src/harness/pool.ts';
import { buildPolicySetUnderTest } from '../src/harness/policyset.ts';
import { defaultToolchain } from '../src/harness/toolchain.ts';
import { requestSchema } from '../src/request/schema.ts';
import { requestValidator } from '../src/request/validate.ts';
import type { Request } from '../src/request/types.ts';
import { CedarEngine } from '../src/engines/cedar.ts';
import { nodeCedar } from '../src/backends/cedar/wasm-node.ts';
import { RegoEngine } from '../src/engines/rego.ts';
import { buildRegoBundle } from '../src/backends/rego/bundle.ts';
import { compileRegoToWasm } from '../src/regowasm/index.ts';
import { generate } from './frontend.bench.ts';
import { interleavedMicros, median } from './stats.ts';
import { bareCedarCalls, bareOpa } from './bare-calls.ts';

const MAX = Number(process.env.SCALE_MAX ?? Infinity);

function builds(): void {
  console.log('| input | n | source KB | front end s | Cedar s | Rego s | total s | peak RSS MB | Cedar MB | Rego MB |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const runs: [string, number][] = [
    ['roles', 1000], ['roles', 10000], ['roles', 100000],
    ['chain', 1000], ['chain', 10000], ['chain', 100000],
    ['lattice', 8], ['lattice', 14], ['lattice', 20],
  ];
  const script = fileURLToPath(new URL('./scale-build.ts', import.meta.url));
  for (const [kind, n] of runs) {
    if (kind !== 'lattice' && n > MAX) continue;
    const out = execFileSync(process.execPath, ['--import', 'tsx', script, kind, String(n)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const r = JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>;
    const s = (ms: number) => (ms / 1000).toFixed(1);
    const mb = (b: number) => (b / 1e6).toFixed(2);
    console.log(
      `| ${kind} | ${n} | ${(r.sourceBytes! / 1000).toFixed(0)} | ${s(r.frontMs!)} | ${s(r.cedarMs!)} | ${s(r.regoMs!)} | ${s(r.frontMs! + r.cedarMs! + r.regoMs!)} | ${r.peakRssMb} | ${mb(r.cedarBytes!)} | ${mb(r.regoBytes!)} |`,
    );
  }
}

async function perRequest(): Promise<void> {
  console.log('\n| roles | Cedar policies | Cedar µs/req | ×10-role | Rego µs/req | ×10-role | Cedar first pass µs/req |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  let base: [number, number] | undefined;
  const regos: { n: number; evaluate: () => void }[] = [];
  for (const n of [10, 100, 1000, 10000]) {
    if (n > MAX) continue;
    const { ir } = checkSources(generate(n));
    if (!ir) throw new Error(`generated set of ${n} roles does not check`);
    const bundle = compileCedar(ir);
    const cedar = CedarEngine.fromBundle(bundle, nodeCedar);
    const rb = await buildRegoBundle(ir, compileRegoToWasm);
    if (!rb.ok) throw new Error(`${n} roles: Rego: ${rb.diagnostics[0]?.message}`);
    const rego = RegoEngine.fromBundleFiles(rb.bundle.files);
    const valid = requestValidator(requestSchema(ir));
    const requests = fc.sample(requestArbitrary(ir, collectConstants(ir)), { seed: 42, numRuns: 200 }).filter((r) => valid(r).length === 0);
    const k = requests.length;
    // A first pass over the whole stream, timed apart: Cedar pre-parses each new slice
    // here (the cost of cold traffic); the rounds below then measure the steady state of
    // a warmed engine on every size alike (before, the 10k rows timed requests never seen,
    // i.e. pre-parse misses, while the smaller sizes had been warmed).
    const t = performance.now();
    for (const q of requests) cedar.evaluate(q);
    const cold = ((performance.now() - t) * 1000) / k;
    for (const q of requests) rego.evaluate(q);
    // Running indexes: every batch takes the next requests, so a size's figure covers its
    // whole stream (a batch index restarting at 0 measured only the first 20 at 10k).
    let ci = 0;
    let ri = 0;
    const [c, r] = interleavedMicros([() => void cedar.evaluate(requests[ci++ % k]!), () => void rego.evaluate(requests[ri++ % k]!)], n >= 10000 ? 20 : 50, 5) as [number, number];
    let si = 0;
    regos.push({ n, evaluate: () => void rego.evaluate(requests[si++ % k]!) });
    base ??= [c, r];
    console.log(`| ${n} | ${bundle.policies.length} | ${c.toFixed(0)} | ${(c / base[0]).toFixed(2)} | ${r.toFixed(1)} | ${(r / base[1]).toFixed(2)} | ${cold.toFixed(0)} |`);
  }
  // The Rego sizes side by side: batches of every size interleaved in each round, so that
  // the ratios between sizes are measured under the same load (above, each size is timed
  // in its own stretch, beside Cedar's far longer batches that evict the caches).
  if (regos.length < 2) return;
  const rs = interleavedMicros(regos.map((x) => x.evaluate), 100, 21);
  const at = (n: number) => rs[regos.findIndex((x) => x.n === n)];
  console.log('\n| Rego, sizes side by side | ' + regos.map((x) => `${x.n} roles µs/req`).join(' | ') + ' | ×10-role (largest) | largest / 1,000 |');
  console.log('|---|' + regos.map(() => '---:|').join('') + '---:|---:|');
  const last = rs[rs.length - 1]!;
  const k1 = at(1000);
  console.log(`| median of 21 rounds | ${rs.map((x) => x.toFixed(1)).join(' | ')} | ${(last / rs[0]!).toFixed(2)} | ${k1 === undefined ? '–' : (last / k1).toFixed(2)} |`);
}

/**
 * Rounds of the throughput measurement (env THROUGHPUT_ROUNDS, default 5). The part runs
 * the shipped code (lib/, rebuilt first if src/ changed), as `rolec fuzz` does — from src/
 * it would run under tsx, whose name-keeping wrapper costs every closure made on the hot
 * path a property definition — in a process with the young generation of rolec's workers
 * (src/harness/pool.ts, WORKER_YOUNG_GENERATION_MB; `rolec fuzz --jobs 1` runs a run of
 * several chunks on one such worker). In each round every chunk runs in this thread
 * (1 job) and, right after it, the bare engines on that chunk's requests, on the same
 * thread: "1 job / bare" is the median over all these pairs, each measured within seconds
 * on the same requests (this VM's speed drifts by a third over minutes, and its two cores
 * do not always run at the same speed). Then the whole run on N workers: "N jobs / 1 job"
 * is the median over rounds, against the round's 1-job chunks together. Before the rounds
 * this thread and every worker build the set and pre-parse the chunks' Cedar slices (a
 * warm-up run); the bare figure resolves its slices untimed.
 */
const ROUNDS = Number(process.env.THROUGHPUT_ROUNDS ?? 5);

/** The node flag that gives a process the young generation of rolec's workers (V8: 3 × semi-space). */
export const WORKER_HEAP_FLAG = `--max-semi-space-size=${WORKER_YOUNG_GENERATION_MB / 3}`;

async function throughput(): Promise<void> {
  if (!process.execArgv.includes(WORKER_HEAP_FLAG)) throw new Error(`the throughput part needs ${WORKER_HEAP_FLAG} (run it through run(), which passes it)`);
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], { stdio: 'ignore' });
  const lib = async <T>(path: string): Promise<T> => (await import(new URL(`../lib/${path}`, import.meta.url).href)) as T;
  const L = {
    ...(await lib<{ harnessPool: typeof harnessPool; defaultJobs: typeof defaultJobs }>('harness/pool.js')),
    ...(await lib<{ buildPolicySetUnderTest: typeof buildPolicySetUnderTest }>('harness/policyset.js')),
    ...(await lib<{ defaultToolchain: typeof defaultToolchain }>('harness/toolchain.js')),
    ...(await lib<{ arbitraryOf: typeof arbitraryOf; fuzz: typeof fuzz }>('harness/fuzz/run.js')),
    ...(await lib<{ searchStream: typeof searchStream }>('harness/fuzz/sweep.js')),
    ...(await lib<{ fuzzChunks: typeof fuzzChunks; mergeChunks: typeof mergeChunks }>('harness/fuzz/chunks.js')),
    ...(await lib<{ toRegoInput: typeof toRegoInput }>('backends/rego/adapter.js')),
    ...(await lib<{ nodeCedar: typeof nodeCedar }>('backends/cedar/wasm-node.js')),
  };
  const jobs = Math.max(2, L.defaultJobs());
  const count = 2 * 5000;
  console.log(`\n| policy set | requests | bare engines req/s | 1 job req/s | 1 job / bare (quartiles) | ${jobs} jobs req/s | ${jobs} jobs / 1 job | load |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  const pool = L.harnessPool(jobs);
  try {
    for (const paths of await discoverPolicySets(['policies'])) {
      const built = await L.buildPolicySetUnderTest(paths, L.defaultToolchain);
      if (!built.ok) throw new Error(`${paths.join(', ')}: ${built.errors[0]!.message}`);
      const set = built.value;
      const chunks = L.fuzzChunks(count, 99);
      // Warm-up, untimed: this thread and every worker build the set and pre-parse slices.
      for (const c of chunks) L.fuzz(set, { count: c.count, seed: c.seed });
      await Promise.all(Array.from({ length: jobs }, () => Promise.all(chunks.map((c) => pool.run({ kind: 'fuzz', paths: set.paths, count: c.count, seed: c.seed, maxFailures: 1 })))));
      // The bare engines on the very requests the runs evaluate (each chunk's stream):
      // cedar-wasm's calls (activation + decision, slices resolved and pre-parsed outside
      // the timing) and opa-wasm's evaluate on pre-adapted inputs.
      const arb = L.arbitraryOf(set.ir);
      const streams = chunks.map((c) => L.searchStream(arb, c.seed, c.count));
      const calls = streams.map((requests) => requests.map((r) => bareCedarCalls(set.cedar as CedarEngine, r)));
      const inputs = streams.map((requests) => requests.map(L.toRegoInput));
      const opa = bareOpa(set.rego);
      const rate = (n: number, ms: number) => (n / ms) * 1000;
      const pairs: number[] = [];
      const bare: number[] = [];
      const one: number[] = [];
      const many: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        let oneMs = 0;
        let bareMs = 0;
        const local: FuzzResult[] = chunks.map((c, k) => {
          let t = performance.now();
          const result = L.fuzz(set, { count: c.count, seed: c.seed, maxFailures: 5 });
          const chunkMs = performance.now() - t;
          if (result.evaluated !== c.count) throw new Error('the run did not evaluate the bare requests');
          t = performance.now();
          for (const cs of calls[k]!) for (const call of cs) L.nodeCedar.statefulIsAuthorized(call);
          for (const input of inputs[k]!) opa.evaluate(input, 'rolec/authz/decision');
          const chunkBareMs = performance.now() - t;
          pairs.push(chunkBareMs / chunkMs);
          oneMs += chunkMs;
          bareMs += chunkBareMs;
          return result;
        });
        const t = performance.now();
        const remote = await Promise.all(chunks.map((c) => pool.run({ kind: 'fuzz', paths: set.paths, count: c.count, seed: c.seed, maxFailures: 5 })));
        const nMs = performance.now() - t;
        const merged = L.mergeChunks(99, remote.map((a) => (a.ok ? a.fuzz! : (() => { throw new Error('worker failed'); })())), 5, nMs);
        const single = L.mergeChunks(99, local, 5, oneMs);
        if (merged.evaluated !== single.evaluated || merged.failures.length !== single.failures.length) throw new Error('1 job and N jobs differ');
        bare.push(rate(count, bareMs));
        one.push(rate(single.evaluated, oneMs));
        many.push(rate(merged.evaluated, nMs));
      }
      const sorted = [...pairs].sort((a, b) => a - b);
      const quartile = (q: number) => sorted[Math.floor(q * (sorted.length - 1))]!.toFixed(2);
      const manyToOne = median(many.map((x, i) => x / one[i]!));
      const load = loadavg()[0]!.toFixed(1);
      console.log(`| ${paths.join(', ')} | ${count} | ${median(bare).toFixed(0)} | ${median(one).toFixed(0)} | ${median(pairs).toFixed(2)} (${quartile(0.25)}–${quartile(0.75)}) | ${median(many).toFixed(0)} | ${manyToOne.toFixed(2)} | ${load} |`);
    }
  } finally {
    await pool.destroy();
  }
}

/**
 * Where a 1-job run's time goes: a chunk's steps timed one by one in the sweep's order
 * (batches of SWEEP_BATCH: validate, Cedar, Rego, compare), beside the bare engine calls on
 * the same requests — µs per request, medians of 5 rounds. What separates "1 job" from
 * "bare engines" is the sum of the rows that are not engines, plus each engine's own
 * adapter and bookkeeping (its row minus its bare row).
 */
async function breakdown(): Promise<void> {
  const n = 5000;
  console.log('\n| policy set | µs/req: generation | validation | Cedar adapter + engine | bare cedar-wasm | Rego adapter + engine | bare opa-wasm | compare + coverage | bare engines ÷ all steps |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const paths of await discoverPolicySets(['policies'])) {
    const built = await buildPolicySetUnderTest(paths, defaultToolchain);
    if (!built.ok) throw new Error(`${paths.join(', ')}: ${built.errors[0]!.message}`);
    const set = built.value;
    const cedar = set.cedar as CedarEngine;
    const opa = bareOpa(set.rego);
    const arb = arbitraryOf(set.ir);
    fuzz(set, { count: n, seed: 7 }); // every slice pre-parsed before the rounds
    const rows: Record<string, number[]> = {};
    const add = (k: string, ms: number) => (rows[k] ??= []).push((ms * 1000) / n);
    for (let round = 0; round < 5; round++) {
      let t = performance.now();
      const requests = searchStream(arb, 7, n);
      add('generation', performance.now() - t);
      const spent = { validation: 0, cedar: 0, rego: 0, compare: 0 };
      for (let from = 0; from < n; from += SWEEP_BATCH) {
        const batch = requests.slice(from, from + SWEEP_BATCH);
        t = performance.now();
        for (const q of batch) set.checkRequest(q);
        spent.validation += performance.now() - t;
        t = performance.now();
        const cs = safeEvaluateAll(set.cedar, batch);
        spent.cedar += performance.now() - t;
        t = performance.now();
        const rs = safeEvaluateAll(set.rego, batch);
        spent.rego += performance.now() - t;
        t = performance.now();
        batch.forEach((q, i) => (disagreements(cs[i]!, rs[i]!), exercised(set.ir, { request: q, cedar: cs[i]!, rego: rs[i]! })));
        spent.compare += performance.now() - t;
      }
      for (const [k, ms] of Object.entries(spent)) add(k, ms);
      const calls = requests.map((q) => bareCedarCalls(cedar, q));
      const inputs = requests.map(toRegoInput);
      t = performance.now();
      for (const cs of calls) for (const c of cs) nodeCedar.statefulIsAuthorized(c);
      add('bareCedar', performance.now() - t);
      t = performance.now();
      for (const input of inputs) opa.evaluate(input, 'rolec/authz/decision');
      add('bareRego', performance.now() - t);
    }
    const m = (k: string) => median(rows[k]!);
    const steps = m('generation') + m('validation') + m('cedar') + m('rego') + m('compare');
    const f = (k: string) => m(k).toFixed(1);
    console.log(`| ${paths.join(', ')} | ${f('generation')} | ${f('validation')} | ${f('cedar')} | ${f('bareCedar')} | ${f('rego')} | ${f('bareRego')} | ${f('compare')} | ${((m('bareCedar') + m('bareRego')) / steps).toFixed(2)} |`);
  }
}

export default async function run(): Promise<void> {
  const only = (process.env.SCALE_ONLY ?? 'builds,requests,throughput,breakdown').split(',');
  const needsFlag = only.includes('throughput') && !process.execArgv.includes(WORKER_HEAP_FLAG);
  if (only.length > 1 || needsFlag) {
    // Each part in a process of its own (scale-part.ts says why); throughput's with the
    // young generation of rolec's workers.
    const script = fileURLToPath(new URL('./scale-part.ts', import.meta.url));
    for (const part of only) {
      const flags = part === 'throughput' ? [WORKER_HEAP_FLAG] : [];
      execFileSync(process.execPath, [...flags, '--import', 'tsx', script], { env: { ...process.env, SCALE_ONLY: part }, stdio: 'inherit' });
    }
    return;
  }
  if (only.includes('builds')) builds();
  if (only.includes('requests')) await perRequest();
  if (only.includes('throughput')) await throughput();
  if (only.includes('breakdown')) await breakdown();
}
