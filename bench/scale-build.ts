/**
 * One scale build in its own process (so that peak RSS is this build's alone), for
 * bench/scale.bench.ts: `tsx bench/scale-build.ts KIND N` builds the generated set to
 * both bundles in memory — front end, Cedar (compile + strict validation + files), Rego
 * (sources + policy.wasm + tarball) — and prints one JSON line: milliseconds per stage,
 * peak RSS (MB) and output bytes per target.
 */
import { performance } from 'node:perf_hooks';
import { bundleFiles, compileCedar, validateCedar } from '../src/backends/cedar/compile.ts';
import { nodeCedar } from '../src/backends/cedar/wasm-node.ts';
import { buildRegoBundle } from '../src/backends/rego/bundle.ts';
import { compileRegoToWasm } from '../src/regowasm/index.ts';
import { checkSources } from '../src/semantics/index.ts';
import { generate } from './frontend.bench.ts';
import { guardedLattice, includeChain, type Sources } from './generators.ts';

const [kind, nText] = process.argv.slice(2);
const n = Number(nText);
const sources: Sources = kind === 'roles' ? generate(n) : kind === 'chain' ? includeChain(n) : kind === 'lattice' ? guardedLattice(n) : [];
if (sources.length === 0) throw new Error(`unknown kind ${kind}`);

let t = performance.now();
const lap = () => {
  const ms = performance.now() - t;
  t = performance.now();
  return Math.round(ms);
};
const { ir, diagnostics } = checkSources(sources);
if (!ir) throw new Error(`${kind} ${n} does not check: ${diagnostics[0]?.message}`);
const front = lap();
const cedar = compileCedar(ir);
const problems = validateCedar(cedar, nodeCedar);
if (problems.length > 0) throw new Error(`${kind} ${n}: Cedar invalid: ${problems[0]!.message}`);
const cedarBytes = Object.values(bundleFiles(cedar)).reduce((s, f) => s + Buffer.byteLength(f), 0);
const cedarMs = lap();
const rego = await buildRegoBundle(ir, compileRegoToWasm);
if (!rego.ok) throw new Error(`${kind} ${n}: Rego: ${rego.diagnostics[0]?.message}`);
const regoBytes = [...rego.bundle.files.values()].reduce((s, f) => s + f.length, 0);
const regoMs = lap();
console.log(
  JSON.stringify({
    kind,
    n,
    sourceBytes: sources.reduce((s, f) => s + Buffer.byteLength(f.text), 0),
    frontMs: front,
    cedarMs,
    regoMs,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    cedarBytes,
    regoBytes,
  }),
);
