/**
 * `rolec test` as a function: fixture paths in, report text and exit code out. The CLI
 * wrapper (src/cli/commands/test.ts) only parses options, supplies the policy-set loader
 * and writes the outputs; tests call this directly.
 *
 * Exit codes: 0 every case passed (and coverage met its threshold); 1 failures,
 * disagreements, engine errors or coverage below threshold; 2 invalid input (fixtures,
 * requests, policy paths, policy set that does not compile).
 */
import { relative, resolve } from 'node:path';
import { formatInputError, type HarnessInputError } from './errors.ts';
import { checkRequests, discoverFixtureFiles, loadFixtureFile, type FixtureFile, type Loaded } from './fixtures.ts';
import { runFixture, summarize, type FileResult, type PolicySetUnderTest } from './run.ts';
import type { HarnessPool } from './pool.ts';
import { coverage, renderCoverage, type CoverageReport } from './coverage.ts';
import { renderTextReport } from './report/table.ts';
import { renderJUnit } from './report/junit.ts';
import { renderJson } from './report/json.ts';
import { styleFor } from './report/style.ts';
import { appendAll } from '../support/arrays.ts';

/** Builds a policy set in memory and loads both engines on it. */
export type PolicySetLoader = (paths: string[]) => Promise<Loaded<PolicySetUnderTest>>;

export interface TestRunOptions {
  fixtures: string[];
  /** Overrides every fixture file's `policies` (resolved against cwd). */
  policies?: string[];
  reporter: 'text' | 'junit' | 'json';
  /** Where the junit/json report goes (stdout when absent). */
  output?: string;
  coverage: boolean;
  coverageThreshold?: number;
  isTTY: boolean;
  cwd: string;
  onProgress?: (message: string) => void;
  /** Worker threads running the fixture files (pool.ts); absent = in this thread. */
  pool?: HarnessPool;
}

export interface TestRunOutcome {
  exitCode: 0 | 1 | 2;
  stdout: string;
  stderr: string;
  /** The junit/json report, when `output` was given (the caller writes it). */
  report?: { file: string; text: string };
}

export async function runTests(opts: TestRunOptions, load: PolicySetLoader): Promise<TestRunOutcome> {
  const invalid = (errors: HarnessInputError[]): TestRunOutcome => ({
    exitCode: 2,
    stdout: '',
    stderr: errors.map(formatInputError).join('\n') + '\n',
  });
  const found = discoverFixtureFiles(opts.fixtures.map((f) => resolve(opts.cwd, f)));
  if (!found.ok) return invalid(found.errors.map((e) => relativize(e, opts.cwd)));

  const fixtures: FixtureFile[] = [];
  const errors: HarnessInputError[] = [];
  for (const file of found.value) {
    const loaded = loadFixtureFile(file);
    if (loaded.ok) fixtures.push(opts.policies ? { ...loaded.value, policies: opts.policies.map((p) => resolve(opts.cwd, p)) } : loaded.value);
    else appendAll(errors, loaded.errors);
  }
  if (errors.length) return invalid(errors.map((e) => relativize(e, opts.cwd)));

  // Build each distinct policy set once.
  const sets = new Map<string, PolicySetUnderTest>();
  for (const f of fixtures) {
    const key = f.policies.join('\n');
    if (sets.has(key)) continue;
    opts.onProgress?.(`building ${f.policies.join(', ')}`);
    const set = await load(f.policies);
    if (!set.ok) appendAll(errors, set.errors);
    else sets.set(key, set.value);
  }
  if (errors.length) return invalid(errors.map((e) => relativize(e, opts.cwd)));
  for (const f of fixtures) appendAll(errors, checkRequests(f, sets.get(f.policies.join('\n'))!.checkRequest));
  if (errors.length) return invalid(errors.map((e) => relativize(e, opts.cwd)));

  // One piece of work per fixture file, results in file order whatever the workers do.
  // A single file gains nothing from a worker (which would build its policy set again).
  const pool = fixtures.length > 1 ? opts.pool : undefined;
  const results: FileResult[] = pool
    ? await Promise.all(
        fixtures.map(async (f) => {
          const a = await pool.run({ kind: 'fixture', file: f.file, policies: f.policies });
          if (!a.ok || !a.file) throw new Error(`worker could not run ${f.file}: ${a.ok ? 'no result' : a.errors.map((e) => e.message).join('; ')}`);
          return a.file;
        }),
      )
    : fixtures.map((f) => {
        opts.onProgress?.(`running ${f.cases.length} cases of ${f.file}`);
        return runFixture(f, sets.get(f.policies.join('\n'))!);
      });
  const summary = summarize(results);
  const coverages: { paths: string[]; report: CoverageReport }[] = opts.coverage ? coverageBySet(results, sets) : [];

  const style = styleFor(opts.isTTY);
  let stdout = renderTextReport(results, summary, style, opts.cwd);
  let covFailed = false;
  for (const c of coverages) {
    stdout += `\ncoverage of ${c.paths.map((p) => relative(opts.cwd, p) || '.').join(', ')}\n${renderCoverage(c.report)}`;
    if (opts.coverageThreshold !== undefined && c.report.percent < opts.coverageThreshold) {
      covFailed = true;
      stdout += style.red(`coverage ${c.report.percent}% is below the threshold of ${opts.coverageThreshold}%`) + '\n';
    }
  }
  let report: TestRunOutcome['report'];
  if (opts.reporter !== 'text') {
    const text =
      opts.reporter === 'junit'
        ? renderJUnit(results, summary, opts.cwd)
        : renderJson(results, summary, opts.coverage ? coverages.map((c) => ({ policies: c.paths, report: c.report })) : undefined, opts.cwd);
    if (opts.output) report = { file: resolve(opts.cwd, opts.output), text };
    else stdout = text; // machine-readable output owns stdout
  }
  const exitCode = summary.failed > 0 || covFailed ? 1 : 0;
  return { exitCode, stdout, stderr: '', ...(report ? { report } : {}) };
}

function coverageBySet(results: FileResult[], sets: Map<string, PolicySetUnderTest>) {
  return [...sets.entries()].map(([key, set]) => {
    const obs = results.filter((r) => r.policies.join('\n') === key).flatMap((r) => r.cases);
    return { paths: set.paths, report: coverage(set.ir, obs) };
  });
}

function relativize(e: HarnessInputError, cwd: string): HarnessInputError {
  const rel = e.file.startsWith(cwd + '/') ? e.file.slice(cwd.length + 1) : e.file;
  return { ...e, file: rel };
}
