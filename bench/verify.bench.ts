/**
 * rolec verify / rolec diff (src/verify/): z3-solver init time (fresh processes), then per
 * example set and for generated sets of 100 / 1,000 roles:
 *  - "verify": IR ≡ Cedar on the bundle built in memory (3 runs, median), split into the
 *    build (bundle + engines), the encoding (IR and Cedar terms) and Z3's solving;
 *  - "assert": one assert proved or refuted (`never index "*" privileges write unless role superuser`);
 *  - "no-change proof": diff of the set against a copy with a text-only change (reordered
 *    patterns) — every part must come back unsat, the worst case for a proof;
 *  - "widened grant": diff against a copy with one index grant widened ("x-*" → "x*"),
 *    listing at most 3 changed classes.
 * Z3 runs in this process; times are wall-clock on the shared 2-core machine, so the load
 * average is printed beside them. ROLEC_VERIFY_TRACE=1 shows where the time goes (per
 * resource type and privilege). Set BENCH_VERIFY_SIZES=100,1000 to choose the sizes (default 100).
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSources } from '../src/semantics/index.ts';
import type { PolicySetIR } from '../src/semantics/ir.ts';
import { proveAsserts, semanticDiff } from '../src/verify/queries.ts';
import { buildPolicySet } from '../src/bundle/index.ts';
import { selectTargets } from '../src/bundle/targets.ts';
import { setFromFiles, targetFiles } from '../src/verify/artefacts.ts';
import { proveEquivalence } from '../src/verify/equivalence.ts';
import { TARGET_ENCODERS } from '../src/verify/verify-targets.ts';
import { generate } from './frontend.bench.ts';
import { median } from './stats.ts';

const ASSERT = { path: 'bench-assert.role', text: 'assert "writes" { never index "*" privileges write unless role superuser }\n' };

function irOf(files: { path: string; text: string }[]): PolicySetIR {
  const r = checkSources(files);
  if (!r.ir) throw new Error(`does not check: ${r.diagnostics[0]?.message}`);
  return r.ir;
}

function readSet(dir: string): { path: string; text: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.role'))
    .map((f) => ({ path: f, text: readFileSync(join(dir, f), 'utf8') }));
}

/** One edit in the first file that has `from`. */
function edit(files: { path: string; text: string }[], from: RegExp, to: (m: string) => string): { path: string; text: string }[] {
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

/** IR ≡ every encoded target, 3 times: medians of build, encode and solve. */
async function verifyMs(ir: PolicySetIR): Promise<string> {
  const build: number[] = [];
  const encode: number[] = [];
  const solve: number[] = [];
  let status = '';
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const built = await buildPolicySet(ir, selectTargets(['cedar', 'rego']).targets);
    if (!built.ok) throw new Error('does not build');
    const enc = new TextEncoder();
    const targets = targetFiles(new Map(Object.entries(built.files).map(([k, x]) => [k, typeof x === 'string' ? enc.encode(x) : x])));
    const set = setFromFiles([], ir, targets, 'bench');
    build.push(performance.now() - t0);
    const r = await proveEquivalence({ set, targets, bundle: 'bench' }, { encoders: TARGET_ENCODERS });
    encode.push(r.reduce((a, x) => a + x.encodeMs, 0));
    solve.push(r.reduce((a, x) => a + x.solveMs, 0));
    status = r.map((x) => `${x.target} ${x.status}`).join(', ');
  }
  const s = (xs: number[]) => `${(median(xs) / 1000).toFixed(2)} s`;
  return `verify (${status}) ${(median(encode.map((e, i) => e + solve[i]!)) / 1000).toFixed(2)} s = encode ${s(encode)} + solve ${s(solve)} (build ${s(build)})`;
}

async function measure(label: string, files: { path: string; text: string }[]): Promise<void> {
  console.log(`${label.padEnd(22)} ${await verifyMs(irOf(files))} | load ${loadavg()[0]!.toFixed(1)}`);
  const ir = irOf([...files, ASSERT]);
  const t0 = performance.now();
  const [a] = await proveAsserts(ir);
  const assertMs = performance.now() - t0;
  const reordered = irOf(edit(files, /index "([^"]+)", "([^"]+)"/, (m) => m.replace(/index "([^"]+)", "([^"]+)"/, 'index "$2", "$1"')));
  const same = await semanticDiff(irOf(files), reordered, { maxPerDirection: 3 });
  const widened = irOf(edit(files, /index "([^"*]+)-\*"/, (m) => m.replace('-*"', '*"')));
  const wide = await semanticDiff(irOf(files), widened, { maxPerDirection: 3 });
  console.log(
    `${label.padEnd(22)} assert ${a!.outcome.status} ${(assertMs / 1000).toFixed(1)} s | no-change proof ${same.equivalent ? 'equivalent' : same.unknown ? 'UNKNOWN' : 'CHANGED?'} ${(same.ms / 1000).toFixed(1)} s | widened grant ${wide.changes.length} classes${wide.truncated ? '+' : ''} ${(wide.ms / 1000).toFixed(1)} s | load ${loadavg()[0]!.toFixed(1)}`,
  );
}

export default async function run(): Promise<void> {
  const init = await z3InitMs();
  console.log(`z3-solver init() in a fresh process: median ${median(init).toFixed(0)} ms of ${init.map((x) => x.toFixed(0)).join(', ')} (load ${loadavg()[0]!.toFixed(1)})`);
  for (const set of ['abac-programs', 'elastic-cloud', 'observability']) await measure(set, readSet(join('policies', set)));
  const sizes = (process.env.BENCH_VERIFY_SIZES ?? '100').split(',').map(Number);
  for (const n of sizes) await measure(`${n} generated roles`, generate(n));
}
