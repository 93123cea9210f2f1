/**
 * `rolec fuzz` as a function: for each policy set, generate requests, run both engines,
 * shrink and write out every disagreement; report throughput. Exit 0 when the engines
 * agreed on everything, 1 on any disagreement/engine error (or a generated request the
 * request schema rejected — a generator bug), 2 on invalid input.
 */
import { relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import { formatInputError, type HarnessInputError } from '../errors.ts';
import type { PolicySetLoader } from '../test-run.ts';
import type { Request } from '../../request/types.ts';
import type { EngineAnswer } from '../../engines/decision.ts';
import { disagreements } from '../compare.ts';
import { safeEvaluate } from '../run.ts';
import { performance } from 'node:perf_hooks';
import { fuzz, type FuzzFailure, type FuzzResult } from './run.ts';
import { fuzzChunks, mergeChunks } from './chunks.ts';
import type { HarnessPool } from '../pool.ts';
import type { PolicySetUnderTest } from '../run.ts';
import { writeFailures } from './write.ts';
import { appendAll } from '../../support/arrays.ts';

export interface FuzzRunOptions {
  /** Policy sets, each a list of paths. */
  sets: string[][];
  count: number;
  seed: number;
  outDir: string;
  maxFailures: number;
  cwd: string;
  onProgress?: (message: string) => void;
  /** Worker threads running the chunks (pool.ts); absent = in this thread, with `load`. */
  pool?: HarnessPool;
  /** Requests per chunk (chunks.ts; tests use small ones). */
  chunk?: number;
}

export interface FuzzRunOutcome {
  exitCode: 0 | 1 | 2;
  stdout: string;
  stderr: string;
  results: { paths: string[]; result: FuzzResult; written: string[] }[];
}

export async function runFuzz(opts: FuzzRunOptions, load: PolicySetLoader): Promise<FuzzRunOutcome> {
  const errors: HarnessInputError[] = [];
  const results: FuzzRunOutcome['results'] = [];
  let stdout = '';
  let exitCode: 0 | 1 | 2 = 0;
  for (const paths of opts.sets) {
    const abs = paths.map((p) => resolve(opts.cwd, p));
    const label = paths.map((p) => relative(opts.cwd, resolve(opts.cwd, p)) || '.').join(', ');
    opts.onProgress?.(`building ${label}`);
    const set = await load(abs);
    if (!set.ok) {
      appendAll(errors, set.errors);
      continue;
    }
    const result = await fuzzChunked(set.value, opts, (n) => opts.onProgress?.(`${label}: ${n} requests evaluated`));
    if (!result.ok) {
      appendAll(errors, result.errors);
      continue;
    }
    const merged = result.value;
    for (const f of merged.failures) f.replay = await replay(f, abs, load);
    const written = writeFailures(merged.failures, opts.seed, abs, resolve(opts.cwd, opts.outDir), label);
    results.push({ paths, result: merged, written });
    stdout += describe(label, merged, written, opts.cwd);
    if (merged.failures.length > 0 || merged.invalid.length > 0) exitCode = 1;
  }
  const stderr = errors.map(formatInputError).join('\n') + (errors.length ? '\n' : '');
  if (errors.length) exitCode = 2;
  return { exitCode, stdout, stderr, results };
}

/**
 * The run's chunks (chunks.ts), on the pool's workers (each builds the set once and
 * shrinks its own failures) or one after another in this thread; merged in chunk order.
 */
async function fuzzChunked(
  set: PolicySetUnderTest,
  opts: FuzzRunOptions,
  progress: (evaluated: number) => void,
): Promise<{ ok: true; value: FuzzResult } | { ok: false; errors: HarnessInputError[] }> {
  const t0 = performance.now();
  const chunks = fuzzChunks(opts.count, opts.seed, opts.chunk);
  let done = 0;
  const parts: FuzzResult[] = [];
  // One chunk gains nothing from a worker (which would build the set again).
  if (!opts.pool || chunks.length === 1) {
    for (const c of chunks) {
      const base = done;
      parts.push(fuzz(set, { count: c.count, seed: c.seed, maxFailures: opts.maxFailures, onProgress: (n) => progress(base + n) }));
      done += parts[parts.length - 1]!.evaluated;
    }
  } else {
    const pool = opts.pool;
    const answers = await Promise.all(
      chunks.map(async (c) => {
        const a = await pool.run({ kind: 'fuzz', paths: set.paths, count: c.count, seed: c.seed, maxFailures: opts.maxFailures });
        if (a.ok && a.fuzz) progress((done += a.fuzz.evaluated));
        return a;
      }),
    );
    for (const a of answers) {
      if (!a.ok) return { ok: false, errors: a.errors };
      parts.push(a.fuzz!);
    }
  }
  return { ok: true, value: mergeChunks(opts.seed, parts, opts.maxFailures, performance.now() - t0) };
}

/**
 * Replays a failure on freshly loaded engines: alone, then after the request evaluated
 * just before it. An engine must answer a request the same whatever it evaluated before;
 * a failure that needs its predecessor (or does not come back at all) points at state
 * leaking between evaluations.
 */
async function replay(f: FuzzFailure, paths: string[], load: PolicySetLoader): Promise<NonNullable<FuzzFailure['replay']>> {
  const differs = async (sequence: Request[]) => {
    const fresh = await load(paths);
    if (!fresh.ok) return false;
    let last: [EngineAnswer, EngineAnswer] | undefined;
    for (const req of sequence) last = [safeEvaluate(fresh.value.cedar, req), safeEvaluate(fresh.value.rego, req)];
    const [cedar, rego] = last!;
    return !cedar.ok || !rego.ok || disagreements(cedar, rego).length > 0;
  };
  if (await differs([f.request])) return 'reproduces';
  if (f.previous && (await differs([f.previous, f.request]))) return 'needs-previous';
  return 'history-dependent';
}

function describe(label: string, r: FuzzResult, written: string[], cwd: string): string {
  const rate = r.elapsedMs > 0 ? Math.round((r.evaluated / r.elapsedMs) * 1000) : 0;
  const lines = [
    `${label}: seed ${r.seed}, ${r.evaluated} requests on both engines, ${r.failures.length} disagreement${r.failures.length === 1 ? '' : 's'}, ${r.invalid.length} invalid (${rate} requests/s)`,
  ];
  lines.push(`  rules exercised by the generated requests: ${r.coverage.exercised}/${r.coverage.total} (${r.coverage.percent}%)`);
  for (const u of r.coverage.unexercised) lines.push(`    not exercised: ${u.kind.padEnd(16)} ${u.id}`);
  for (const inv of r.invalid.slice(0, 3)) {
    lines.push(`  generator bug: a generated request fails the request schema: ${inv.issues.join('; ')}`, `    ${JSON.stringify(inv.request)}`);
  }
  r.failures.forEach((f, i) => {
    lines.push(`  disagreement #${i + 1} (shrunk in ${f.shrinks} steps) → ${relative(cwd, written[i] ?? '') || written[i]}`);
    if (f.replay === 'needs-previous') lines.push('    ! on fresh engines this request alone agrees: the disagreement needs the request evaluated before it (state leaks between evaluations); both are in the fixture');
    if (f.replay === 'history-dependent') lines.push('    ! does not reproduce on fresh engines, alone or after its predecessor: an engine\'s answers depend on earlier requests');
    for (const d of f.differences) lines.push(`    - ${d}`);
    lines.push(`    cedar: ${answer(f.cedar)}`, `    rego:  ${answer(f.rego)}`, '    request:');
    appendAll(lines, stringify(f.request, { lineWidth: 0 }).trimEnd().split('\n').map((l) => `      ${l}`));
  });
  return lines.join('\n') + '\n';
}

function answer(a: FuzzResult['failures'][number]['cedar']): string {
  if (!a.ok) return `engine error: ${a.error.message}`;
  return `${a.decision.decision}  reasons [${a.decision.reasons.join(', ')}]  denied_by [${a.decision.deniedBy.join(', ')}]`;
}
