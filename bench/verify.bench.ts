/**
 * rolec verify / rolec diff (src/verify/): z3-solver init time (fresh processes and in this
 * process), then per example set and for generated sets of 100 / 1,000 roles
 * (bench/frontend.bench.ts's generator):
 *  - "build": bundle + both engines in memory (what `rolec verify` does before proving);
 *  - "verify": IR ≡ every encoded target (median of 3 runs; 1 for 1,000 roles), split into
 *    encode (IR and target terms), specialize (partial evaluation per resource type and
 *    privilege, abstraction, pattern lemmas), abstract (Z3's batched propositional check),
 *    exact (Z3 with strings, sets, addresses), minimize (witness shrinking);
 *  - "assert": one assert refuted (`never index "*" privileges write unless role superuser`);
 *  - "diff, no change": against a copy with a text-only change (reordered patterns) — every
 *    part must come back unsat, the worst case for a proof;
 *  - "diff, widened grant": against a copy with one index pattern widened ("x-*" → "x*"),
 *    at most 3 classes per direction, each witness replayed on both engines of both versions
 *    (replay = what `rolec diff` adds to the solving).
 * Z3 runs in this process; times are wall-clock on the shared 2-core machine, so the load
 * average is printed beside them. ROLEC_VERIFY_TRACE=1 prints every Z3 call.
 * BENCH_VERIFY_SIZES=100,1000 chooses the generated sizes (default both; empty for none),
 * BENCH_VERIFY_SETS=abac-programs,… the example sets (default all three).
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSources } from '../src/semantics/index.ts';
import type { PolicySetIR } from '../src/semantics/ir.ts';
import { proveAsserts } from '../src/verify/queries.ts';
import { buildPolicySet } from '../src/bundle/index.ts';
import { selectTargets } from '../src/bundle/targets.ts';
import { setFromFiles, targetFiles, type VerifiedSet } from '../src/verify/artefacts.ts';
import { proveEquivalence } from '../src/verify/equivalence.ts';
import { diffPolicySets } from '../src/verify/run-diff.ts';
import { z3Context, type SolveStats } from '../src/verify/prove.ts';
import { addStats, emptyStats } from '../src/verify/solve.ts';
import { TARGET_ENCODERS } from '../src/verify/verify-targets.ts';
import { generate } from './frontend.bench.ts';
import { median } from './stats.ts';

type Sources = { path: string; text: string }[];

const ASSERT = { path: 'bench-assert.role', text: 'assert "writes" { never index "*" privileges write unless role superuser }\n' };

const load = () => `load ${loadavg()[0]!.toFixed(1)}`;
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function irOf(files: Sources): PolicySetIR {
  const r = checkSources(files);
  if (!r.ir) throw new Error(`does not check: ${r.diagnostics[0]?.message}`);
  return r.ir;
}

function readSet(dir: string): Sources {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.role'))
    .map((f) => ({ path: f, text: readFileSync(join(dir, f), 'utf8') }));
}

/** One edit in the first file that has `from`. */
function edit(files: Sources, from: RegExp, to: (m: string) => string): Sources {
  let done = false;
  const out = files.map((f) => {
    if (done || !from.test(f.text)) return f;
    done = true;
    return { ...f, text: f.text.replace(from, to) };
  });
  if (!done) throw new Error(`no ${from} to edit`);
  return out;
}

async function z3InitMs(): Promise<number[]> {
  const script = `const t0=performance.now();const {init}=require('z3-solver');init().then(()=>{console.log(performance.now()-t0);process.exit(0)})`;
  const times: number[] = [];
  for (let i = 0; i < 3; i++) times.push(Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim()));
  return times;
}

/** The bundle built in memory and both engines loaded from it (what `rolec verify` proves). */
async function built(ir: PolicySetIR): Promise<VerifiedSet> {
  const b = await buildPolicySet(ir, selectTargets(['cedar', 'rego']).targets);
  if (!b.ok) throw new Error('does not build');
  const enc = new TextEncoder();
  const targets = targetFiles(new Map(Object.entries(b.files).map(([k, x]) => [k, typeof x === 'string' ? enc.encode(x) : x])));
  return { set: setFromFiles([], ir, targets, 'bench'), targets, bundle: 'bench' };
}

function phases(s: SolveStats): string {
  return `specialize ${sec(s.specializeMs)}, abstract ${sec(s.abstractMs)} (${s.abstractCalls} call${s.abstractCalls === 1 ? '' : 's'}), exact ${sec(s.exactMs)} (${s.exactCalls}), minimize ${sec(s.minimizeMs)}; ${s.parts} parts, ${s.folded} folded`;
}

/** Median of each figure over the runs. */
function medianStats(runs: SolveStats[]): SolveStats {
  const out = emptyStats();
  for (const k of Object.keys(out) as (keyof SolveStats)[]) out[k] = median(runs.map((r) => r[k]));
  return out;
}

async function measure(label: string, files: Sources, runs: number): Promise<void> {
  const ir = irOf(files);
  const build: number[] = [];
  const encode: number[] = [];
  const solve: number[] = [];
  const stats: SolveStats[] = [];
  let status = '';
  let vs: VerifiedSet | undefined;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    vs = await built(ir);
    build.push(performance.now() - t0);
    const r = await proveEquivalence(vs, { encoders: TARGET_ENCODERS });
    encode.push(r.reduce((a, x) => a + x.encodeMs, 0));
    solve.push(r.reduce((a, x) => a + x.solveMs, 0));
    stats.push(r.reduce((a, x) => addStats(a, x.stats), emptyStats()));
    status = r.map((x) => `${x.target} ${x.status}`).join(', ');
  }
  const total = median(encode.map((e, i) => e + solve[i]!));
  console.log(`${label.padEnd(20)} verify (${status}) ${sec(total)} = encode ${sec(median(encode))} + solve ${sec(median(solve))} [${phases(medianStats(stats))}]; build ${sec(median(build))} | ${load()}`);

  const withAssert = irOf([...files, ASSERT]);
  const ta = performance.now();
  const [a] = await proveAsserts(withAssert);
  console.log(`${label.padEnd(20)} assert ${a!.outcome.status} ${sec(performance.now() - ta)}${a!.outcome.stats ? ` [${phases(a!.outcome.stats)}]` : ''} | ${load()}`);

  for (const [kind, changed] of [
    ['diff, no change', edit(files, /index "([^"]+)", "([^"]+)"/, (m) => m.replace(/index "([^"]+)", "([^"]+)"/, 'index "$2", "$1"'))],
    ['diff, widened grant', edit(files, /index "([^"*]+)-\*"/, (m) => m.replace('-*"', '*"'))],
  ] as const) {
    const other = await built(irOf(changed));
    const t0 = performance.now();
    const d = await diffPolicySets(vs!.set, other.set, { maxPerDirection: 3 });
    const all = performance.now() - t0;
    const what = d.equivalent ? 'no semantic change' : `${d.changes.length} classes${d.truncated ? '+' : ''}${d.unknown ? ' UNKNOWN' : ''}${d.exitCode === 4 ? ' VERIFIER BUG' : ''}`;
    console.log(`${label.padEnd(20)} ${kind}: ${what} ${sec(all)} = solve ${sec(d.ms)} [${d.stats ? phases(d.stats) : ''}] + replay ${sec(all - d.ms)} | ${load()}`);
  }
}

export default async function run(): Promise<void> {
  const init = await z3InitMs();
  console.log(`z3-solver init() in a fresh process: median ${median(init).toFixed(0)} ms of ${init.map((x) => x.toFixed(0)).join(', ')} | ${load()}`);
  const { initMs } = await z3Context();
  console.log(`z3-solver init() in this process (once; excluded below): ${initMs.toFixed(0)} ms | ${load()}`);
  const sets = process.env.BENCH_VERIFY_SETS?.split(',').filter(Boolean) ?? ['abac-programs', 'elastic-cloud', 'observability'];
  for (const set of sets) await measure(set, readSet(join('policies', set)), 3);
  const sizes = (process.env.BENCH_VERIFY_SIZES ?? '100,1000').split(',').filter(Boolean).map(Number);
  for (const n of sizes) await measure(`${n} generated roles`, generate(n), n >= 1000 ? 1 : 3);
}
